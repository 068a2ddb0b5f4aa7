import { localise, optionsOf, type AnswerValue } from '../../../server/surveys/model.ts';
import type { Language, Page, Question, SurveyDefinition } from '../../../server/surveys/schema.ts';
import { RespondentFrame } from './frame.tsx';
import { messagesFor } from './messages.ts';

export interface CheckPageProps {
  definition: SurveyDefinition;
  language: Language;
  path: string;
  /** The asked pages, each with its asked questions and the answers given. */
  sections: { page: Page; questions: Question[] }[];
  answers: Record<string, AnswerValue>;
  changeHref: (page: Page) => string;
  backHref: string;
  submitAction: string;
}

const labelOf = (question: Question, code: string, language: Language) => {
  const option = optionsOf(question).find((candidate) => candidate.code === code);
  return option ? localise(option.label, language) : code;
};

/** An answer as the respondent gave it, in words. */
function AnswerText({ question, value, language }: { question: Question; value: AnswerValue | undefined; language: Language }) {
  if (value === undefined) return <span class="summary-list__empty">{messagesFor(language).notAnswered}</span>;
  switch (question.type) {
    case 'multiple-choice':
      return (
        <ul class="plain-list">
          {(Array.isArray(value) ? value : [String(value)]).map((code) => (
            <li>{labelOf(question, code, language)}</li>
          ))}
        </ul>
      );
    case 'likert-grid': {
      const record = typeof value === 'object' && !Array.isArray(value) ? value : {};
      return (
        <ul class="plain-list">
          {question.statements.map((statement) => (
            <li>
              {localise(statement.text, language)}:{' '}
              <strong>{record[statement.id] ? labelOf(question, record[statement.id]!, language) : messagesFor(language).notAnswered}</strong>
            </li>
          ))}
        </ul>
      );
    }
    case 'number':
      return <>{question.unit ? `${value} ${localise(question.unit, language)}` : String(value)}</>;
    case 'short-text':
    case 'long-text':
      return <span class="summary-list__text">{String(value)}</span>;
    default:
      return <>{labelOf(question, String(value), language)}</>;
  }
}

/** Check your answers: every asked question with its answer and a Change link, then Send. */
export function CheckPage(props: CheckPageProps) {
  const { definition, language, sections, answers } = props;
  const t = messagesFor(language);
  return (
    <RespondentFrame definition={definition} language={language} title={t.checkTitle} path={props.path} backHref={props.backHref}>
      <h1 class="heading-l">{t.checkTitle}</h1>
      {sections.map(({ page, questions }) => (
        <>
          {page.title ? <h2 class="heading-m">{localise(page.title, language)}</h2> : null}
          <dl class="summary-list">
            {questions.map((question) => (
              <div class="summary-list__row">
                <dt class="summary-list__key">{localise(question.text, language)}</dt>
                <dd class="summary-list__value">
                  <AnswerText question={question} value={answers[question.id]} language={language} />
                </dd>
                <dd class="summary-list__actions">
                  <a href={props.changeHref(page)}>
                    {t.change}
                    <span class="visually-hidden"> {localise(question.text, language)}</span>
                  </a>
                </dd>
              </div>
            ))}
          </dl>
        </>
      ))}
      <h2 class="heading-m">{t.sendHeading}</h2>
      <p>{t.sendText}</p>
      <form method="post" action={props.submitAction} novalidate>
        <button class="button" type="submit">
          {t.send}
        </button>
      </form>
    </RespondentFrame>
  );
}
