import { labelValues, type QuestionDoc, type SurveyDoc } from '../../../../server/builder/document.ts';
import type { QuestionFormInput } from '../../../../server/builder/schemas.ts';
import {
  codesOf,
  optionAnchor,
  questionAnchor,
  routingAnchor,
  statementAnchor,
  type PlacedProblem,
} from '../../../../server/builder/service.ts';
import { CsrfField, type Viewer } from '../studio-layout.tsx';
import { ActionButton, Checkbox, DefaultSubmit, ItemProblems, LabelInputs, TextInput } from './controls.tsx';
import { answerLabel, describeCondition } from './routing-words.ts';

/** Names for question types as researchers say them. */
export const TYPE_NAMES: Record<QuestionDoc['type'], string> = {
  'single-choice': 'Single choice (one answer)',
  'multiple-choice': 'Multiple choice (several answers)',
  likert: 'Scale (one statement)',
  'likert-grid': 'Scale grid (several statements)',
  number: 'Number',
  'short-text': 'Short text',
  'long-text': 'Long text',
};

const SCALE_NAMES: Record<string, string> = {
  agree5: 'Agree scale: strongly disagree (1) to strongly agree (5)',
  confidence4: 'Confidence scale: not at all confident (1) to very confident (4)',
};

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));

/** What a question's form shows when drawn from the saved draft. */
export function questionValues(question: QuestionDoc, p: number, q: number): QuestionFormInput {
  return {
    page: String(p),
    question: String(q),
    id: question.id,
    text: labelValues(question.text),
    hint: labelValues(question.hint),
    required: question.required !== false,
    options: (question.options ?? []).map((option) => labelValues(option.label)),
    newOption: { en: '', cy: '' },
    statements: (question.statements ?? []).map((statement) => ({ id: statement.id, ...labelValues(statement.text) })),
    newStatement: { en: '', cy: '' },
    screenOut: question.screenOut ?? [],
    maxSelections: text(question.maxSelections),
    scale: question.scale ?? 'agree5',
    dontKnow: question.dontKnow === true,
    integer: question.integer !== false,
    min: text(question.min),
    max: text(question.max),
    unit: labelValues(question.unit),
    maxLength: text(question.maxLength),
  };
}

export interface QuestionEditorProps {
  viewer: Viewer;
  base: string;
  doc: SurveyDoc;
  p: number;
  q: number;
  question: QuestionDoc;
  updatedAt: string;
  welsh: boolean;
  /** False once the id has been published. */
  idEditable: boolean;
  /** Statement ids that have been published. */
  fixedStatements: Set<string>;
  problems: Map<string, PlacedProblem[]>;
  /** What was typed, when the form is shown again after a refused save. */
  typed?: QuestionFormInput;
  errors?: Record<string, string>;
}

/** One question's editing form: wording, the type's own fields, options or statements, screening,
 * routing, and its move and delete buttons. */
export function QuestionEditor(props: QuestionEditorProps) {
  const { viewer, base, doc, p, q, question, welsh, idEditable, problems, errors = {} } = props;
  const values = props.typed ?? questionValues(question, p, q);
  const anchor = questionAnchor(p, q);
  const op = (name: string) => `${base}/${name}`;
  const id = (suffix: string) => `${anchor}-${suffix}`;
  const isChoice = question.type === 'single-choice' || question.type === 'multiple-choice';
  const isScale = question.type === 'likert' || question.type === 'likert-grid';
  const screens = question.type === 'single-choice' || question.type === 'likert';
  const codes = codesOf(question);
  const heading = question.text?.en || '(no wording yet)';
  return (
    <section class="builder-question" id={anchor} aria-labelledby={id('heading')}>
      <h4 class="builder-question__heading" id={id('heading')}>
        <span class="builder-question__number">Question {q + 1}</span> {heading}
      </h4>
      <p class="builder-meta">
        {TYPE_NAMES[question.type] ?? question.type} · <code>{question.id}</code>
        {question.required === false ? ' · optional' : ''}
      </p>
      <ItemProblems problems={problems.get(anchor)} />
      <form method="post" action={op('question')} class="builder-form" novalidate>
        <DefaultSubmit label="Save question" />
        <CsrfField viewer={viewer} />
        <input type="hidden" name="updatedAt" value={props.updatedAt} />
        <input type="hidden" name="page" value={String(p)} />
        <input type="hidden" name="question" value={String(q)} />
        {idEditable ? (
          <TextInput
            id={id('id')}
            name="id"
            label="Question id"
            hint="Used in data files and routing. It cannot change once the survey is published."
            value={values.id ?? question.id}
            spellcheck={false}
            width="short"
          />
        ) : (
          <p class="builder-meta">
            Question id <code>{question.id}</code> is fixed: it has been published.
          </p>
        )}
        <LabelInputs idBase={id('text')} name="text" label="Question text" values={values.text} welsh={welsh} multiline />
        <LabelInputs idBase={id('hint')} name="hint" label="Hint (optional)" values={values.hint} welsh={welsh} />
        <Checkbox id={id('required')} name="required" label="Respondents must answer this question" checked={values.required} />

        {isChoice ? (
          <fieldset class="fieldset builder-items">
            <legend class="fieldset__legend">Answer options</legend>
            {(question.options ?? []).length === 0 ? <p class="builder-meta">No options yet: add at least two.</p> : null}
            {(question.options ?? []).map((option, o) => (
              <div class="builder-item" id={optionAnchor(p, q, o)}>
                <p class="builder-item__code">
                  Code <code>{option.code}</code>
                </p>
                <ItemProblems problems={problems.get(optionAnchor(p, q, o))} />
                <LabelInputs
                  idBase={`${optionAnchor(p, q, o)}-label`}
                  name={`option.${o}`}
                  label={`Option ${o + 1}`}
                  values={values.options[o] ?? labelValues(option.label)}
                  welsh={welsh}
                />
                <div class="builder-actions">
                  <ActionButton action={op('option-up')} name="item" value={String(o)} label={<>Move up<span class="visually-hidden"> option {o + 1}</span></>} />
                  <ActionButton action={op('option-down')} name="item" value={String(o)} label={<>Move down<span class="visually-hidden"> option {o + 1}</span></>} />
                  <ActionButton action={op('option-delete')} name="item" value={String(o)} warning label={<>Delete<span class="visually-hidden"> option {o + 1}</span></>} />
                </div>
              </div>
            ))}
            <div class="builder-add">
              <LabelInputs idBase={id('new-option')} name="newOption" label="New option" values={values.newOption} welsh={welsh} />
              <ActionButton action={op('option-add')} label="Add option" />
            </div>
          </fieldset>
        ) : null}

        {question.type === 'multiple-choice' ? (
          <TextInput
            id={id('max-selections')}
            name="maxSelections"
            label="Most answers a respondent may choose (optional)"
            value={values.maxSelections}
            error={errors.maxSelections}
            inputmode="numeric"
            width="short"
          />
        ) : null}

        {isScale ? (
          <>
            <div class="builder-field">
              <label class="label" for={id('scale')}>
                Scale
              </label>
              <select class="input select" id={id('scale')} name="scale">
                {Object.entries(SCALE_NAMES).map(([value, name]) => (
                  <option value={value} selected={values.scale === value}>
                    {name}
                  </option>
                ))}
              </select>
            </div>
            <Checkbox id={id('dont-know')} name="dontKnow" label="Offer “Don't know” (code 9)" checked={values.dontKnow} />
          </>
        ) : null}

        {question.type === 'likert-grid' ? (
          <fieldset class="fieldset builder-items">
            <legend class="fieldset__legend">Statements</legend>
            {(question.statements ?? []).length === 0 ? <p class="builder-meta">No statements yet: add at least one.</p> : null}
            {(question.statements ?? []).map((statement, s) => {
              const typed = values.statements[s];
              const fixed = props.fixedStatements.has(statement.id);
              return (
                <div class="builder-item" id={statementAnchor(p, q, s)}>
                  <ItemProblems problems={problems.get(statementAnchor(p, q, s))} />
                  {fixed ? (
                    <p class="builder-item__code">
                      Statement id <code>{statement.id}</code> (published)
                    </p>
                  ) : (
                    <TextInput
                      id={`${statementAnchor(p, q, s)}-id`}
                      name={`statement.${s}.id`}
                      label={`Statement ${s + 1} id`}
                      value={typed?.id ?? statement.id}
                      spellcheck={false}
                      width="short"
                    />
                  )}
                  <LabelInputs
                    idBase={`${statementAnchor(p, q, s)}-text`}
                    name={`statement.${s}`}
                    label={`Statement ${s + 1}`}
                    values={typed ? { en: typed.en, cy: typed.cy } : labelValues(statement.text)}
                    welsh={welsh}
                  />
                  <div class="builder-actions">
                    <ActionButton action={op('statement-up')} name="item" value={String(s)} label={<>Move up<span class="visually-hidden"> statement {s + 1}</span></>} />
                    <ActionButton action={op('statement-down')} name="item" value={String(s)} label={<>Move down<span class="visually-hidden"> statement {s + 1}</span></>} />
                    <ActionButton action={op('statement-delete')} name="item" value={String(s)} warning label={<>Delete<span class="visually-hidden"> statement {s + 1}</span></>} />
                  </div>
                </div>
              );
            })}
            <div class="builder-add">
              <LabelInputs idBase={id('new-statement')} name="newStatement" label="New statement" values={values.newStatement} welsh={welsh} />
              <ActionButton action={op('statement-add')} label="Add statement" />
            </div>
          </fieldset>
        ) : null}

        {question.type === 'number' ? (
          <>
            <Checkbox id={id('integer')} name="integer" label="Whole numbers only" checked={values.integer} />
            <div class="builder-pair">
              <TextInput id={id('min')} name="min" label="Smallest allowed (optional)" value={values.min} error={errors.min} inputmode="decimal" width="short" />
              <TextInput id={id('max')} name="max" label="Largest allowed (optional)" value={values.max} error={errors.max} inputmode="decimal" width="short" />
            </div>
            <LabelInputs idBase={id('unit')} name="unit" label="Unit shown after the box (optional)" values={values.unit} welsh={welsh} />
          </>
        ) : null}

        {question.type === 'short-text' || question.type === 'long-text' ? (
          <TextInput
            id={id('max-length')}
            name="maxLength"
            label="Most characters allowed (optional)"
            value={values.maxLength}
            error={errors.maxLength}
            inputmode="numeric"
            width="short"
          />
        ) : null}

        {screens ? (
          <fieldset class="fieldset builder-screening" aria-describedby={id('screening-hint')}>
            <legend class="fieldset__legend">Screening</legend>
            <p class="hint" id={id('screening-hint')}>
              Tick the answers that end the survey on the screen-out page.
            </p>
            {codes.length === 0 ? <p class="builder-meta">Add options first.</p> : null}
            <div class="builder-checkboxes">
              {codes.map((code) => (
                <Checkbox
                  id={id(`screen-out-${code}`)}
                  name="screenOut"
                  value={code}
                  label={`${answerLabel(question, code)} (${code})`}
                  checked={values.screenOut.includes(code)}
                />
              ))}
            </div>
          </fieldset>
        ) : null}

        <div class="builder-routing" id={routingAnchor(p, q)}>
          <h5 class="builder-routing__title">Routing</h5>
          <ItemProblems problems={problems.get(routingAnchor(p, q))} />
          <p>{question.showIf ? `Asked only if ${describeCondition(question.showIf, doc)}.` : 'Asked of everyone who reaches this page.'}</p>
          {p === 0 ? (
            <p class="builder-meta">Questions on the first page cannot be routed: routing looks at answers to earlier pages.</p>
          ) : (
            <a href={`${base}/routing?page=${p}&question=${q}`}>
              {question.showIf ? 'Change routing' : 'Add routing'}
              <span class="visually-hidden"> for question {q + 1} on page {p + 1}</span>
            </a>
          )}
        </div>

        <div class="builder-actions builder-actions--main">
          <button type="submit" class="button button--small">
            Save question
          </button>
          <ActionButton action={op('question-up')} label={<>Move up<span class="visually-hidden"> question {q + 1}</span></>} />
          <ActionButton action={op('question-down')} label={<>Move down<span class="visually-hidden"> question {q + 1}</span></>} />
          {doc.pages.length > 1 ? (
            <span class="builder-move-to">
              <label class="visually-hidden" for={id('target-page')}>
                Page to move question {q + 1} to
              </label>
              <select class="input select select--inline" id={id('target-page')} name="targetPage">
                {doc.pages.map((page, index) =>
                  index === p ? null : (
                    <option value={String(index)}>
                      Page {index + 1}
                      {page.title?.en ? `: ${page.title.en}` : ''}
                    </option>
                  ),
                )}
              </select>
              <ActionButton action={op('question-to-page')} label={<>Move to page<span class="visually-hidden"> (question {q + 1})</span></>} />
            </span>
          ) : null}
          <a class="builder-delete-link" href={`${base}/delete?page=${p}&question=${q}`}>
            Delete<span class="visually-hidden"> question {q + 1} on page {p + 1}</span>
          </a>
        </div>
      </form>
    </section>
  );
}
