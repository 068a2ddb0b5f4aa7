import type { Child } from 'hono/jsx';
import { describeProblem, type Problem } from '../../../server/responses/answer-rules.ts';
import { localise, optionsOf, type AnswerValue } from '../../../server/surveys/model.ts';
import { DONT_KNOW } from '../../../server/surveys/scales.ts';
import type { Language, LikertGridQuestion, Option, Question } from '../../../server/surveys/schema.ts';
import { ErrorMessage, type PageError } from './frame.tsx';
import { messagesFor } from './messages.ts';

// One form control group per question, GOV.UK style: a fieldset and legend for radios and
// checkboxes, a label for inputs, hint and error tied to the control with aria-describedby.

/** The id of the input a problem's error-summary link should move focus to. */
export function fieldIdFor(question: Question, key: string): string {
  if (question.type === 'likert-grid') {
    const statementId = key.includes('.') ? key.split('.')[1]! : question.statements[0]!.id;
    return `${question.id}-${statementId}`;
  }
  return question.id;
}

/** A page's problems in a respondent's words, twice over: as the error summary lists them and by
 * answer key for each field to show beside itself. Problems of questions not on the page are left out. */
export function pageErrorsOf(
  questions: readonly Question[],
  problems: ReadonlyMap<string, Problem>,
  language: Language,
): { errors: PageError[]; fieldErrors: Map<string, string> } {
  const errors: PageError[] = [];
  const fieldErrors = new Map<string, string>();
  for (const [key, problem] of problems) {
    const question = questions.find((q) => q.id === key.split('.')[0]);
    if (!question) continue;
    const message = describeForRespondent(question, key, problem, language);
    errors.push({ fieldId: fieldIdFor(question, key), message });
    fieldErrors.set(key, message);
  }
  return { errors, fieldErrors };
}

/** A problem in words a respondent understands: "required" is worded for the kind of question, and
 * a grid's missing answer names its statement so each line of the error summary is distinct. */
export function describeForRespondent(question: Question, key: string, problem: Problem, language: Language): string {
  const t = messagesFor(language);
  if (problem.kind === 'required_statement' && question.type === 'likert-grid') {
    const statement = question.statements.find((candidate) => `${question.id}.${candidate.id}` === key);
    if (statement) return t.requiredStatement(localise(statement.text, language));
  }
  if (problem.kind !== 'required') return describeProblem(problem, language);
  switch (question.type) {
    case 'multiple-choice':
      return t.requiredMultiple;
    case 'number':
      return t.requiredNumber;
    case 'short-text':
    case 'long-text':
      return t.requiredText;
    default:
      return t.requiredChoice;
  }
}

const describedBy = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(' ') || undefined;

export interface FieldProps {
  question: Question;
  language: Language;
  value: AnswerValue | undefined;
  /** Error messages by problem key (`id` or `id.statement`). */
  errors: Map<string, string>;
  /** True when this question is the page's only question and has no page title: its text is the h1. */
  asHeading: boolean;
}

function QuestionText({ question, language, asHeading }: { question: Question; language: Language; asHeading: boolean }) {
  const text = localise(question.text, language);
  const optional = question.required ? null : <span class="optional"> {messagesFor(language).optional}</span>;
  return asHeading ? (
    <h1 class="question-heading">
      {text}
      {optional}
    </h1>
  ) : (
    <>
      {text}
      {optional}
    </>
  );
}

function Hint({ id, text }: { id: string; text: string | undefined }) {
  return text ? (
    <div class="hint" id={id}>
      {text}
    </div>
  ) : null;
}

function hintOf(question: Question, language: Language): string | undefined {
  const t = messagesFor(language);
  const own = question.hint ? localise(question.hint, language) : undefined;
  let extra: string | undefined;
  if (question.type === 'multiple-choice') extra = question.maxSelections ? t.selectUpTo(question.maxSelections) : t.selectAll;
  if (question.type === 'long-text') extra = t.maxCharacters(question.maxLength);
  return [own, extra].filter(Boolean).join('. ') || undefined;
}

function Choices(props: {
  type: 'radio' | 'checkbox';
  name: string;
  idBase: string;
  options: Option[];
  checked: (code: string) => boolean;
  language: Language;
  inline?: boolean;
}) {
  const { type, name, idBase, options, checked, language, inline } = props;
  const group = type === 'radio' ? 'radios' : 'checkboxes';
  return (
    <div class={`${group}${inline ? ` ${group}--inline` : ''}`}>
      {options.map((option, index) => {
        const id = index === 0 ? idBase : `${idBase}-${option.code}`;
        const divider: Child =
          option.code === DONT_KNOW.code && option === options[options.length - 1] && options.length > 2 && !inline ? (
            <div class="choice-divider">{messagesFor(language).or}</div>
          ) : null;
        return (
          <>
            {divider}
            <div class="choice">
              <input class="choice__input" id={id} name={name} type={type} value={option.code} checked={checked(option.code)} />
              <label class="choice__label" for={id}>
                {localise(option.label, language)}
              </label>
            </div>
          </>
        );
      })}
    </div>
  );
}

function Grid({ question, language, value, errors }: FieldProps & { question: LikertGridQuestion }) {
  const record = value !== undefined && typeof value === 'object' && !Array.isArray(value) ? value : {};
  const whole = errors.get(question.id);
  const hintId = `${question.id}-hint`;
  const hint = hintOf(question, language);
  return (
    <div class={`form-group${whole || question.statements.some((s) => errors.has(`${question.id}.${s.id}`)) ? ' form-group--error' : ''}`}>
      <fieldset class="fieldset" aria-describedby={describedBy(hint && hintId, whole && `${question.id}-error`)}>
        <legend class="fieldset__legend">
          <QuestionText question={question} language={language} asHeading={false} />
        </legend>
        <Hint id={hintId} text={hint} />
        <ErrorMessage id={`${question.id}-error`} message={whole} language={language} />
        {question.statements.map((statement) => {
          const key = `${question.id}.${statement.id}`;
          const idBase = `${question.id}-${statement.id}`;
          const message = errors.get(key);
          return (
            <fieldset class="fieldset grid-row" aria-describedby={message ? `${idBase}-error` : undefined}>
              <legend class="grid-row__legend">{localise(statement.text, language)}</legend>
              <ErrorMessage id={`${idBase}-error`} message={message} language={language} />
              <Choices
                type="radio"
                name={key}
                idBase={idBase}
                options={optionsOf(question)}
                checked={(code) => record[statement.id] === code}
                language={language}
                inline
              />
            </fieldset>
          );
        })}
      </fieldset>
    </div>
  );
}

/** The form controls for one question. */
export function QuestionField(props: FieldProps) {
  const { question, language, value, errors, asHeading } = props;
  if (question.type === 'likert-grid') return <Grid {...props} question={question} />;
  const error = errors.get(question.id);
  const errorId = `${question.id}-error`;
  const hintId = `${question.id}-hint`;
  const hint = hintOf(question, language);
  const describe = describedBy(hint && hintId, error && errorId);
  const groupClass = `form-group${error ? ' form-group--error' : ''}`;

  if (question.type === 'single-choice' || question.type === 'likert' || question.type === 'multiple-choice') {
    const chosen = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
    return (
      <div class={groupClass}>
        <fieldset class="fieldset" aria-describedby={describe}>
          <legend class={`fieldset__legend${asHeading ? ' fieldset__legend--heading' : ''}`}>
            <QuestionText question={question} language={language} asHeading={asHeading} />
          </legend>
          <Hint id={hintId} text={hint} />
          <ErrorMessage id={errorId} message={error} language={language} />
          <Choices
            type={question.type === 'multiple-choice' ? 'checkbox' : 'radio'}
            name={question.id}
            idBase={question.id}
            options={optionsOf(question)}
            checked={(code) => chosen.includes(code)}
            language={language}
          />
        </fieldset>
      </div>
    );
  }

  const label = (
    <label class={`label${asHeading ? ' label--heading' : ''}`} for={question.id}>
      <QuestionText question={question} language={language} asHeading={false} />
    </label>
  );
  const text = value === undefined ? '' : String(value);
  let control: Child;
  if (question.type === 'number') {
    const unit = question.unit ? localise(question.unit, language) : undefined;
    control = (
      <div class="input-wrapper">
        <input
          class={`input input--number${error ? ' input--error' : ''}`}
          id={question.id}
          name={question.id}
          type="text"
          inputmode={question.integer ? 'numeric' : 'decimal'}
          spellcheck={false}
          autocomplete="off"
          value={text}
          aria-describedby={describedBy(describe, unit && `${question.id}-unit`)}
        />
        {unit ? (
          <span class="input-suffix" id={`${question.id}-unit`}>
            {unit}
          </span>
        ) : null}
      </div>
    );
  } else if (question.type === 'short-text') {
    control = (
      <input
        class={`input${error ? ' input--error' : ''}`}
        id={question.id}
        name={question.id}
        type="text"
        value={text}
        aria-describedby={describe}
      />
    );
  } else {
    control = (
      <textarea class={`textarea${error ? ' input--error' : ''}`} id={question.id} name={question.id} rows={6} aria-describedby={describe}>
        {text}
      </textarea>
    );
  }
  return (
    <div class={groupClass}>
      {asHeading ? <h1 class="question-heading">{label}</h1> : label}
      <Hint id={hintId} text={hint} />
      <ErrorMessage id={errorId} message={error} language={language} />
      {control}
    </div>
  );
}
