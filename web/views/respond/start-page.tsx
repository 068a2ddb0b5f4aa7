import { localise } from '../../../server/surveys/model.ts';
import type { Language, SurveyDefinition } from '../../../server/surveys/schema.ts';
import { ErrorMessage, ErrorSummary, RespondentFrame } from './frame.tsx';
import { messagesFor } from './messages.ts';

export interface StartPageProps {
  definition: SurveyDefinition;
  language: Language;
  path: string;
  /** Set when this browser already has answers in progress: where to carry on. */
  continueHref?: string;
  /** Set when this browser has already sent a response: its confirmation page. */
  doneHref?: string;
  startAction: string;
  consentMissing?: boolean;
  /** Hidden fields the start form carries over from the link (a panel id, an invitation). */
  startFields?: Record<string, string>;
}

/** A survey's contact; one that looks like an email address becomes a mailto link. */
export function Contact({ contact }: { contact: string }) {
  return /^[^\s@]+@[^\s@]+$/.test(contact) ? <a href={`mailto:${contact}`}>{contact}</a> : <>{contact}</>;
}

/** The start page: what the survey is for, who runs it, the privacy notice and consent. */
export function StartPage(props: StartPageProps) {
  const { definition, language, continueHref, doneHref, consentMissing } = props;
  const t = messagesFor(language);
  const title = localise(definition.title, language);
  const errors = consentMissing ? [{ fieldId: 'consent', message: t.consentMissing }] : [];
  return (
    <RespondentFrame definition={definition} language={language} title={title} path={props.path} hasErrors={consentMissing}>
      <ErrorSummary errors={errors} language={language} />
      <h1 class="heading-xl">{title}</h1>
      <p class="caption">{t.surveyBy(definition.metadata.organisation)}</p>
      <p class="lead">{localise(definition.description, language)}</p>
      <h2 class="heading-m">{t.privacyHeading}</h2>
      <p>{localise(definition.metadata.privacyNotice, language)}</p>
      {definition.metadata.contact ? (
        <p>
          {t.contact}
          <Contact contact={definition.metadata.contact} />
        </p>
      ) : null}
      {continueHref ? (
        <div class="inset">
          <h2 class="heading-m">{t.continueHeading}</h2>
          <p>{t.continueText}</p>
          <a class="button" href={continueHref}>
            {t.continueLink}
          </a>
        </div>
      ) : (
        <>
          {doneHref ? (
            <p class="inset">
              {t.alreadySent} <a href={doneHref}>{t.viewReference}</a>
            </p>
          ) : null}
          <form method="post" action={props.startAction} novalidate>
            {Object.entries(props.startFields ?? {}).map(([name, value]) => (
              <input type="hidden" name={name} value={value} />
            ))}
            <div class={`form-group${consentMissing ? ' form-group--error' : ''}`}>
              <fieldset class="fieldset" aria-describedby={consentMissing ? 'consent-error' : undefined}>
                <legend class="fieldset__legend">{t.consentLegend}</legend>
                <ErrorMessage id="consent-error" message={consentMissing ? t.consentMissing : undefined} language={language} />
                <div class="checkboxes">
                  <div class="choice">
                    <input class="choice__input" id="consent" name="consent" type="checkbox" value="yes" />
                    <label class="choice__label" for="consent">
                      {t.consentLabel}
                    </label>
                  </div>
                </div>
              </fieldset>
            </div>
            <button class="button button--start" type="submit">
              {t.startNow}
            </button>
          </form>
        </>
      )}
    </RespondentFrame>
  );
}
