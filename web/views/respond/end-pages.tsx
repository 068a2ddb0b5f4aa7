import { localise } from '../../../server/surveys/model.ts';
import type { Language, SurveyDefinition } from '../../../server/surveys/schema.ts';
import { RespondentFrame } from './frame.tsx';
import { Contact } from './start-page.tsx';
import { messagesFor } from './messages.ts';

interface EndPageProps {
  definition: SurveyDefinition;
  language: Language;
  path: string;
}

/** The confirmation page with the short reference a respondent can quote. */
export function DonePage({ definition, language, path, reference }: EndPageProps & { reference: string }) {
  const t = messagesFor(language);
  return (
    <RespondentFrame definition={definition} language={language} title={t.doneTitle} path={path}>
      <div class="panel">
        <h1 class="panel__title">{t.doneTitle}</h1>
        <div class="panel__body">
          {t.referenceLabel}
          <br />
          <strong class="reference">{reference}</strong>
        </div>
      </div>
      <p>{t.doneThanks}</p>
      <p>{t.doneReference}</p>
      {definition.metadata.contact ? (
        <p>
          {t.contact}
          <Contact contact={definition.metadata.contact} />
        </p>
      ) : null}
      <p>{t.doneClose}</p>
    </RespondentFrame>
  );
}

/** The page that ends the survey for someone it is not for, without asking anything more. */
export function ScreenedOutPage({ definition, language, path }: EndPageProps) {
  const t = messagesFor(language);
  const message = definition.screenOutMessage ? localise(definition.screenOutMessage, language) : t.screenedOutDefault;
  return (
    <RespondentFrame definition={definition} language={language} title={t.screenedOutTitle} path={path}>
      <h1 class="heading-l">{t.screenedOutTitle}</h1>
      <p>{message}</p>
    </RespondentFrame>
  );
}
