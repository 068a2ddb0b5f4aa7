import type { Child } from 'hono/jsx';
import type { Language, SurveyDefinition } from '../../../server/surveys/schema.ts';
import { localise } from '../../../server/surveys/model.ts';
import { Layout } from '../layout.tsx';
import { messagesFor } from './messages.ts';

/** One problem as the error summary lists it: the message and the id of the field to jump to. */
export interface PageError {
  fieldId: string;
  message: string;
}

export interface FrameProps {
  definition: SurveyDefinition;
  language: Language;
  /** This page's own heading; the survey title is added to the document title. */
  title: string;
  /** The current path, used to build the language switch link. */
  path: string;
  hasErrors?: boolean;
  backHref?: string;
  /** Passed to Layout: shown above the frame (the builder's preview banner). */
  banner?: Child;
  children?: Child;
}

/** Serialises a page to a complete HTML document. */
export async function renderDocument(node: { toString(): string | Promise<string> }): Promise<string> {
  return `<!doctype html>${await node.toString()}`;
}

function LanguageSwitch({ definition, language, path }: { definition: SurveyDefinition; language: Language; path: string }) {
  if (!definition.languages.includes('cy')) return null;
  const other: Language = language === 'cy' ? 'en' : 'cy';
  const separator = path.includes('?') ? '&' : '?';
  return (
    <a class="language-switch" href={`${path}${separator}lang=${other}`} lang={other} hreflang={other}>
      {other === 'cy' ? 'Cymraeg' : 'English'}
    </a>
  );
}

/** The frame of every respondent page: survey name, language switch, Back link, error title prefix. */
export function RespondentFrame({ definition, language, title, path, hasErrors, backHref, banner, children }: FrameProps) {
  const t = messagesFor(language);
  const surveyTitle = localise(definition.title, language);
  const header = (
    <>
      <span class="site-header__service">{surveyTitle}</span>
      <LanguageSwitch definition={definition} language={language} path={path} />
    </>
  );
  return (
    <Layout title={`${hasErrors ? t.errorPrefix : ''}${title} – ${surveyTitle}`} lang={language} header={header} banner={banner}>
      {backHref ? (
        <a class="back-link" href={backHref}>
          {t.back}
        </a>
      ) : null}
      {children}
    </Layout>
  );
}

/** The GOV.UK error summary: announced, focused on load, one link per problem to its field. */
export function ErrorSummary({ errors, language }: { errors: PageError[]; language: Language }) {
  if (errors.length === 0) return null;
  const t = messagesFor(language);
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1} autofocus>
      <h2 class="error-summary__title" id="error-summary-title">
        {t.problemTitle}
      </h2>
      <ul class="error-summary__list">
        {errors.map((error) => (
          <li>
            <a href={`#${error.fieldId}`}>{error.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** An inline error message inside a field group, with a hidden prefix so screen readers say "Error". */
export function ErrorMessage({ id, message, language }: { id: string; message: string | undefined; language: Language }) {
  if (!message) return null;
  return (
    <p class="error-message" id={id}>
      <span class="visually-hidden">{messagesFor(language).errorPrefix}</span>
      {message}
    </p>
  );
}
