import type { Child } from 'hono/jsx';
import type { Answers } from '../../../server/surveys/model.ts';
import { localise } from '../../../server/surveys/model.ts';
import type { Language, Page, SurveyDefinition } from '../../../server/surveys/schema.ts';
import { QuestionField } from './fields.tsx';
import { ErrorSummary, RespondentFrame, type PageError } from './frame.tsx';
import { messagesFor } from './messages.ts';

export interface QuestionPageProps {
  definition: SurveyDefinition;
  language: Language;
  path: string;
  page: Page;
  /** The questions of this page that routing asks, in order. */
  questions: Page['questions'];
  /** What to show in the controls: saved answers, or what was just typed when it had problems. */
  values: Answers;
  /** Problems in page order, for the summary. */
  errors: PageError[];
  /** Messages by problem key, for the inline errors. */
  fieldErrors: Map<string, string>;
  progress: { current: number; total: number };
  backHref: string;
  action: string;
  /** Shown above the frame: the builder's preview banner. */
  banner?: Child;
  /** Extra hidden fields for the form (the preview's CSRF token). */
  formExtras?: Child;
}

/** One page of questions with its progress, Back link and error summary. */
export function QuestionPage(props: QuestionPageProps) {
  const { definition, language, page, questions, values, errors, fieldErrors, progress } = props;
  const t = messagesFor(language);
  const pageTitle = page.title ? localise(page.title, language) : undefined;
  const questionIsHeading = pageTitle === undefined && questions.length === 1;
  const heading = pageTitle ?? (questionIsHeading ? undefined : localise(definition.title, language));
  const title = heading ?? localise(questions[0]!.text, language);
  const progressText = t.pageOf(progress.current, progress.total);
  return (
    <RespondentFrame
      definition={definition}
      language={language}
      title={title}
      path={props.path}
      hasErrors={errors.length > 0}
      backHref={props.backHref}
      banner={props.banner}
    >
      <ErrorSummary errors={errors} language={language} />
      <div class="progress">
        <label class="progress__text" for="progress">
          {progressText}
        </label>
        <progress id="progress" class="progress__bar" max={progress.total} value={progress.current}>
          {progressText}
        </progress>
      </div>
      <form method="post" action={props.action} novalidate>
        {props.formExtras}
        {heading !== undefined ? <h1 class="heading-l">{heading}</h1> : null}
        {page.intro
          ? localise(page.intro, language)
              .split(/\n\s*\n/)
              .map((paragraph) => <p class="page-intro">{paragraph.trim()}</p>)
          : null}
        {questions.map((question) => (
          <QuestionField
            question={question}
            language={language}
            value={values[question.id]}
            errors={fieldErrors}
            asHeading={questionIsHeading}
          />
        ))}
        <button class="button" type="submit">
          {t.continue}
        </button>
      </form>
    </RespondentFrame>
  );
}
