import * as v from 'valibot';
import type { FormFields } from '../respond/form.ts';
import { QuestionSchema } from '../surveys/schema.ts';

// The builder's forms. Browsers send flat fields (`text.en`, `option.2.cy`, ...); each reader here
// gathers them into one object and a valibot schema checks it. Only what cannot be kept in a draft
// at all is refused here (words in a number field); everything a draft may hold while unfinished
// (an empty label, a bad id) is saved and reported by checkDefinition beside the item.

const first = (fields: FormFields, name: string) => fields.get(name)?.[0] ?? '';
const all = (fields: FormFields, name: string) => fields.get(name) ?? [];
const has = (fields: FormFields, name: string) => fields.has(name);

/** The indexes N for which a field `prefix.N.suffix` was sent, in order. */
function indexesOf(fields: FormFields, prefix: string): number[] {
  const found = new Set<number>();
  const pattern = new RegExp(`^${prefix}\\.(\\d+)\\.`);
  for (const key of fields.keys()) {
    const match = pattern.exec(key);
    if (match) found.add(Number(match[1]));
  }
  return [...found].sort((a, b) => a - b);
}

// Welsh is undefined when the form had no Welsh input (Welsh was off when the page was drawn).
const LabelFieldsSchema = v.object({ en: v.string(), cy: v.optional(v.string()) });
export type LabelFields = v.InferOutput<typeof LabelFieldsSchema>;
const labelFields = (fields: FormFields, name: string): LabelFields => ({
  en: first(fields, `${name}.en`),
  cy: has(fields, `${name}.cy`) ? first(fields, `${name}.cy`) : undefined,
});

const Index = v.pipe(v.string(), v.trim(), v.regex(/^\d{1,4}$/, 'is not a position'), v.transform(Number));

const NumberField = v.pipe(
  v.string(),
  v.trim(),
  v.check((s) => s === '' || /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s), 'Enter a number, like 10, or leave it empty'),
  v.transform((s) => (s === '' ? undefined : Number(s))),
);
const WholeNumberField = v.pipe(
  v.string(),
  v.trim(),
  v.check((s) => s === '' || /^\d{1,6}$/.test(s), 'Enter a whole number, like 3, or leave it empty'),
  v.transform((s) => (s === '' ? undefined : Number(s))),
);

/** The hidden fields every builder form carries: when the page was drawn. */
export const StampSchema = v.object({ updatedAt: v.pipe(v.string(), v.minLength(1, 'is missing')) });

/** Title, description, languages and methodology of the survey. */
export const DetailsFormSchema = v.object({
  title: LabelFieldsSchema,
  description: LabelFieldsSchema,
  screenOutMessage: LabelFieldsSchema,
  welsh: v.boolean(),
  organisation: v.string(),
  commissioner: v.string(),
  conductedBy: v.string(),
  population: v.string(),
  geography: v.string(),
  method: v.picklist(['online', 'telephone', 'in-person', 'mixed'], 'Choose how the interviews are done'),
  fieldworkStart: v.pipe(v.string(), v.trim(), v.check((s) => s === '' || /^\d{4}-\d{2}-\d{2}$/.test(s), 'Enter the date as YYYY-MM-DD, like 2024-02-23')),
  fieldworkEnd: v.pipe(v.string(), v.trim(), v.check((s) => s === '' || /^\d{4}-\d{2}-\d{2}$/.test(s), 'Enter the date as YYYY-MM-DD, like 2024-03-01')),
  privacyNotice: LabelFieldsSchema,
  contact: v.string(),
});
export type DetailsForm = v.InferOutput<typeof DetailsFormSchema>;

/** Gathers the details form. */
export function readDetailsFields(fields: FormFields) {
  return {
    title: labelFields(fields, 'title'),
    description: labelFields(fields, 'description'),
    screenOutMessage: labelFields(fields, 'screenOutMessage'),
    welsh: has(fields, 'welsh'),
    organisation: first(fields, 'organisation'),
    commissioner: first(fields, 'commissioner'),
    conductedBy: first(fields, 'conductedBy'),
    population: first(fields, 'population'),
    geography: first(fields, 'geography'),
    method: first(fields, 'method') || 'online',
    fieldworkStart: first(fields, 'fieldworkStart'),
    fieldworkEnd: first(fields, 'fieldworkEnd'),
    privacyNotice: labelFields(fields, 'privacyNotice'),
    contact: first(fields, 'contact'),
  };
}

/** A page's own fields, plus where it is. */
export const PageFormSchema = v.object({
  page: Index,
  id: v.optional(v.string()),
  title: LabelFieldsSchema,
  intro: LabelFieldsSchema,
});
export type PageForm = v.InferOutput<typeof PageFormSchema>;

/** Gathers a page form. */
export function readPageFields(fields: FormFields) {
  return {
    page: first(fields, 'page'),
    id: has(fields, 'id') ? first(fields, 'id') : undefined,
    title: labelFields(fields, 'title'),
    intro: labelFields(fields, 'intro'),
  };
}

/** A new page: an optional title. */
export const AddPageFormSchema = v.object({ title: LabelFieldsSchema });

const QUESTION_TYPES = QuestionSchema.options.map((option) => option.entries.type.literal);

/** A new question: its type and wording. */
export const AddQuestionFormSchema = v.object({
  page: Index,
  type: v.picklist(QUESTION_TYPES, 'Choose a type of question'),
  text: LabelFieldsSchema,
});

/** Gathers the add-question form. */
export function readAddQuestionFields(fields: FormFields) {
  return { page: first(fields, 'page'), type: first(fields, 'type'), text: labelFields(fields, 'text') };
}

/** Everything a question's form holds; every button of the form sends all of it, so moving an
 * option or adding a statement never loses wording typed a moment before. */
export const QuestionFormSchema = v.object({
  page: Index,
  question: Index,
  id: v.optional(v.string()),
  text: LabelFieldsSchema,
  hint: LabelFieldsSchema,
  required: v.boolean(),
  options: v.array(LabelFieldsSchema),
  newOption: LabelFieldsSchema,
  statements: v.array(v.object({ id: v.optional(v.string()), en: v.string(), cy: v.optional(v.string()) })),
  newStatement: LabelFieldsSchema,
  screenOut: v.array(v.string()),
  maxSelections: WholeNumberField,
  scale: v.optional(v.string()),
  dontKnow: v.boolean(),
  integer: v.boolean(),
  min: NumberField,
  max: NumberField,
  unit: LabelFieldsSchema,
  maxLength: WholeNumberField,
  /** Which item a per-item button (move or delete an option or statement) acts on. */
  item: v.optional(Index),
  targetPage: v.optional(Index),
});
export type QuestionForm = v.InferOutput<typeof QuestionFormSchema>;
export type QuestionFormInput = v.InferInput<typeof QuestionFormSchema>;

/** Gathers a question form. */
export function readQuestionFields(fields: FormFields): QuestionFormInput {
  return {
    page: first(fields, 'page'),
    question: first(fields, 'question'),
    id: has(fields, 'id') ? first(fields, 'id') : undefined,
    text: labelFields(fields, 'text'),
    hint: labelFields(fields, 'hint'),
    required: has(fields, 'required'),
    options: indexesOf(fields, 'option').map((i) => labelFields(fields, `option.${i}`)),
    newOption: labelFields(fields, 'newOption'),
    statements: indexesOf(fields, 'statement').map((i) => ({
      id: has(fields, `statement.${i}.id`) ? first(fields, `statement.${i}.id`) : undefined,
      ...labelFields(fields, `statement.${i}`),
    })),
    newStatement: labelFields(fields, 'newStatement'),
    screenOut: all(fields, 'screenOut'),
    maxSelections: first(fields, 'maxSelections'),
    scale: has(fields, 'scale') ? first(fields, 'scale') : undefined,
    dontKnow: has(fields, 'dontKnow'),
    integer: has(fields, 'integer'),
    min: first(fields, 'min'),
    max: first(fields, 'max'),
    unit: labelFields(fields, 'unit'),
    maxLength: first(fields, 'maxLength'),
    item: has(fields, 'item') ? first(fields, 'item') : undefined,
    targetPage: has(fields, 'targetPage') ? first(fields, 'targetPage') : undefined,
  };
}

/** Where a question is, for the routing editor and confirmation pages. */
export const QuestionRefSchema = v.object({ page: Index, question: v.optional(Index) });

const ClauseFormSchema = v.object({
  question: v.string(),
  statement: v.optional(v.string()),
  test: v.picklist(['in', 'answered', 'unanswered']),
  codes: v.array(v.string()),
});

/** The routing editor's state: clauses combined with all or any, optionally negated. */
export const RoutingFormSchema = v.object({
  page: Index,
  question: Index,
  mode: v.picklist(['all', 'any']),
  negate: v.boolean(),
  clauses: v.array(ClauseFormSchema),
  newQuestion: v.string(),
  item: v.optional(Index),
});
export type RoutingForm = v.InferOutput<typeof RoutingFormSchema>;

/** Gathers the routing editor's form. */
export function readRoutingFields(fields: FormFields) {
  return {
    page: first(fields, 'page'),
    question: first(fields, 'question'),
    mode: first(fields, 'mode') === 'any' ? 'any' : 'all',
    negate: has(fields, 'negate'),
    clauses: indexesOf(fields, 'clause').map((i) => {
      const test = first(fields, `clause.${i}.test`);
      return {
        question: first(fields, `clause.${i}.question`),
        statement: has(fields, `clause.${i}.statement`) ? first(fields, `clause.${i}.statement`) : undefined,
        test: test === 'answered' || test === 'unanswered' ? test : 'in',
        codes: all(fields, `clause.${i}.codes`),
      };
    }),
    newQuestion: first(fields, 'newQuestion'),
    item: has(fields, 'item') ? first(fields, 'item') : undefined,
  };
}

/** How a new survey starts. */
export const NewSurveyFormSchema = v.object({
  title: v.pipe(v.string(), v.trim(), v.minLength(1, 'Enter a title for the survey')),
  slug: v.pipe(
    v.string(),
    v.trim(),
    v.toLowerCase(),
    v.check((s) => s === '' || /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(s), 'Use lower-case letters, digits and single hyphens, like "public-attitudes-2025"'),
    v.maxLength(80, 'Use at most 80 characters'),
  ),
  start: v.picklist(['blank', 'template', 'copy'], 'Choose how to start'),
  template: v.string(),
  source: v.string(),
});
export type NewSurveyForm = v.InferOutput<typeof NewSurveyFormSchema>;

/** Gathers the new-survey form. */
export function readNewSurveyFields(fields: FormFields) {
  return {
    title: first(fields, 'title'),
    slug: first(fields, 'slug'),
    start: first(fields, 'start') || 'blank',
    template: first(fields, 'template'),
    source: first(fields, 'source'),
  };
}

/** Field-by-field messages from valibot issues, keyed by the dotted path (`min`, `title`). */
export function fieldErrorsOf(issues: v.BaseIssue<unknown>[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const key = (issue.path ?? []).map((item) => String(item.key)).join('.');
    errors[key] ??= issue.message;
  }
  return errors;
}
