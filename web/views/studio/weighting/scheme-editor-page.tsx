import type { FieldErrors } from '../../../../server/errors.ts';
import { targetFieldId, useFieldId, type SchemeFormFields, type WeightingQuestionChoice } from '../../../../server/weighting/form.ts';
import { ErrorMessage, ErrorSummary } from '../../respond/frame.tsx';
import { CsrfField, StudioLayout, type Viewer } from '../studio-layout.tsx';
import { SurveyNav } from '../survey-nav.tsx';

// The form to create or change a weighting scheme, without any script: every single-choice question
// is listed with a box to weight on it and a target percentage per answer. Answers left blank have no
// target, so their respondents keep their weight for that question (e.g. "Prefer not to say").

export interface SchemeEditorPageProps {
  viewer: Viewer;
  survey: { slug: string; title: string };
  questions: WeightingQuestionChoice[];
  form: SchemeFormFields;
  errors: FieldErrors;
  action: string;
  /** The scheme's name when changing one (the name is then fixed). */
  editing?: string | undefined;
}

/** The fields in page order, so the error summary lists problems in the order they appear. */
function fieldOrder(questions: WeightingQuestionChoice[]): string[] {
  return [
    'name',
    'description',
    'use',
    ...questions.flatMap((q) => [useFieldId(q.id), ...q.options.map((o) => targetFieldId(q.id, o.code))]),
    'trim-min',
    'trim-max',
  ];
}

/** Where the error summary's link for a field goes (a group's error goes to its first control). */
function anchorOf(field: string, questions: WeightingQuestionChoice[]): string {
  if (field === 'use') return questions[0] ? useFieldId(questions[0].id) : 'name';
  return field;
}

function Field(props: { id: string; name: string; label: string; hint?: string; value: string; error?: string | undefined; width?: string; inputmode?: 'decimal' }) {
  const describedBy = [props.hint ? `${props.id}-hint` : '', props.error ? `${props.id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`form-group${props.error ? ' form-group--error' : ''}`}>
      <label class="label" for={props.id}>
        {props.label}
      </label>
      {props.hint ? (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      <ErrorMessage id={`${props.id}-error`} message={props.error} language="en" />
      <input
        class={`input${props.width ? ` ${props.width}` : ''}${props.error ? ' input--error' : ''}`}
        id={props.id}
        name={props.name}
        type="text"
        inputmode={props.inputmode}
        value={props.value}
        aria-describedby={describedBy || undefined}
        aria-invalid={props.error ? 'true' : undefined}
      />
    </div>
  );
}

function QuestionFieldset({ question, form, errors }: { question: WeightingQuestionChoice; form: SchemeFormFields; errors: FieldErrors }) {
  const useId = useFieldId(question.id);
  const questionError = errors[useId];
  const anyError = questionError || question.options.some((o) => errors[targetFieldId(question.id, o.code)]);
  return (
    <fieldset class={`fieldset fieldwork-cell${anyError ? ' fieldwork-cell--error' : ''}`} aria-describedby={questionError ? `${useId}-error` : undefined}>
      <legend class="fieldset__legend fieldwork-legend">
        {question.text} <span class="fieldwork-muted">({question.id})</span>
      </legend>
      <ErrorMessage id={`${useId}-error`} message={questionError} language="en" />
      <div class="checkboxes">
        <div class="choice choice--small">
          <input class="choice__input" id={useId} name="use" type="checkbox" value={question.id} checked={form.used.includes(question.id)} />
          <label class="choice__label" for={useId}>
            Weight on this question
          </label>
        </div>
      </div>
      <div class="fieldwork-cell__grid">
        {question.options.map((option) => {
          const id = targetFieldId(question.id, option.code);
          return (
            <Field
              id={id}
              name={id}
              label={`${option.label} (code ${option.code}), target %`}
              value={form.targets[id] ?? ''}
              error={errors[id]}
              width="input--width-5"
              inputmode="decimal"
            />
          );
        })}
      </div>
    </fieldset>
  );
}

/** The page to create or change one weighting scheme. */
export function SchemeEditorPage(props: SchemeEditorPageProps) {
  const { viewer, survey, questions, form, errors } = props;
  const order = fieldOrder(questions);
  const summary = Object.entries(errors)
    .sort(([a], [b]) => (order.indexOf(a) === -1 ? order.length : order.indexOf(a)) - (order.indexOf(b) === -1 ? order.length : order.indexOf(b)))
    .map(([field, message]) => ({ fieldId: anchorOf(field, questions), message }));
  const heading = props.editing ? `Change weighting scheme: ${props.editing}` : 'Create a weighting scheme';
  return (
    <StudioLayout title={`${summary.length > 0 ? 'Error: ' : ''}${heading} – ${survey.title}`} viewer={viewer} section="surveys">
      <p class="caption">Survey · {survey.slug}</p>
      <SurveyNav slug={survey.slug} current="weighting" role={viewer.role} />
      <a class="back-link" href={`/studio/surveys/${survey.slug}/weighting`}>
        Back to weighting
      </a>
      <ErrorSummary errors={summary} language="en" />
      <h1 class="heading-l">{heading}</h1>
      <form method="post" action={props.action} novalidate>
        <CsrfField viewer={viewer} />
        {props.editing ? (
          <dl class="summary-list">
            <div class="summary-list__row">
              <dt class="summary-list__key">Name</dt>
              <dd class="summary-list__value">{props.editing}</dd>
            </div>
          </dl>
        ) : (
          <Field
            id="name"
            name="name"
            label="Name"
            hint='Lower-case letters and digits in words joined by hyphens, e.g. "england-parents". It names the scheme in the API and in exports.'
            value={form.name}
            error={errors.name}
          />
        )}
        <Field id="description" name="description" label="Description (optional)" hint="E.g. where the targets come from." value={form.description} error={errors.description} />
        <h2 class="heading-m">Targets</h2>
        <p class="hint">
          Tick each question to weight on and enter the population percentage of each answer; the targets of a question must add up to 100%.
          Leave an answer blank to give it no target: its respondents then keep their weight for that question.
        </p>
        <ErrorMessage id="use-error" message={errors.use} language="en" />
        {questions.length === 0 ? <p>This survey has no single-choice questions to weight on.</p> : null}
        {questions.map((question) => (
          <QuestionFieldset question={question} form={form} errors={errors} />
        ))}
        <fieldset class="fieldset">
          <legend class="fieldset__legend fieldwork-legend">Trimming (optional)</legend>
          <p class="hint">
            Weights average 1. Bounds keep extreme weights in check: weights outside them are capped, then the sample is raked again. The smallest
            bound must be between 0 and 1, the largest at least 1.
          </p>
          <div class="fieldwork-dates">
            <Field id="trim-min" name="trim_min" label="Smallest weight" value={form.trimMin} error={errors['trim-min']} width="input--width-5" inputmode="decimal" />
            <Field id="trim-max" name="trim_max" label="Largest weight" value={form.trimMax} error={errors['trim-max']} width="input--width-5" inputmode="decimal" />
          </div>
        </fieldset>
        <button type="submit" class="button">
          Save weighting scheme
        </button>
      </form>
    </StudioLayout>
  );
}
