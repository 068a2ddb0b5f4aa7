import * as v from 'valibot';

// The survey definition document: the one schema used by the file loader, the API and the CLI.
// Shape problems are caught here; cross-references (duplicate ids, showIf pointing forward, Welsh
// labels missing) are checked in definition-rules.ts, which reports in the same path format.

export const LANGUAGES = ['en', 'cy'] as const;
export type Language = (typeof LANGUAGES)[number];

const IdSchema = v.pipe(
  v.string(),
  v.regex(/^[a-z][a-z0-9_]{0,62}$/, 'must start with a lower-case letter and use only a-z, 0-9 and _ (at most 63)'),
);
const CodeSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,20}$/, 'must be 1-20 letters, digits, _ or -'));
const NonEmpty = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'));

/** A label in every language the survey offers: English always, Welsh optional. */
export const LabelSchema = v.strictObject({ en: NonEmpty, cy: v.optional(NonEmpty) });
export type Label = v.InferOutput<typeof LabelSchema>;

export const SlugSchema = v.pipe(
  v.string(),
  v.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens, e.g. "start-for-life-parents"'),
  v.maxLength(80, 'must be at most 80 characters'),
);

/** A condition on earlier answers; evaluated by routing.ts as data, never as code. */
export type Condition =
  | { question: string; statement?: string; in: string[] }
  | { question: string; statement?: string; answered: boolean }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export const ConditionSchema: v.GenericSchema<Condition> = v.union([
  v.strictObject({ question: IdSchema, statement: v.optional(IdSchema), in: v.pipe(v.array(CodeSchema), v.minLength(1)) }),
  v.strictObject({ question: IdSchema, statement: v.optional(IdSchema), answered: v.boolean() }),
  v.strictObject({ all: v.pipe(v.array(v.lazy(() => ConditionSchema)), v.minLength(1)) }),
  v.strictObject({ any: v.pipe(v.array(v.lazy(() => ConditionSchema)), v.minLength(1)) }),
  v.strictObject({ not: v.lazy(() => ConditionSchema) }),
]);

const OptionSchema = v.strictObject({ code: CodeSchema, label: LabelSchema });
export type Option = v.InferOutput<typeof OptionSchema>;

/** Fields every question shares. `required` defaults to true, as in most polls. */
const questionBase = {
  id: IdSchema,
  text: LabelSchema,
  hint: v.optional(LabelSchema),
  required: v.optional(v.boolean(), true),
  showIf: v.optional(ConditionSchema),
};

export const SCALE_IDS = ['agree5', 'confidence4'] as const;
export type ScaleId = (typeof SCALE_IDS)[number];
const ScaleIdSchema = v.picklist(SCALE_IDS, `must be one of ${SCALE_IDS.join(', ')}`);

const SingleChoiceSchema = v.strictObject({
  ...questionBase,
  type: v.literal('single-choice'),
  options: v.pipe(v.array(OptionSchema), v.minLength(2, 'needs at least 2 options')),
  /** Answers with these codes end the survey on the screen-out page. */
  screenOut: v.optional(v.pipe(v.array(CodeSchema), v.minLength(1))),
});

const MultipleChoiceSchema = v.strictObject({
  ...questionBase,
  type: v.literal('multiple-choice'),
  options: v.pipe(v.array(OptionSchema), v.minLength(2, 'needs at least 2 options')),
  maxSelections: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
});

const LikertSchema = v.strictObject({
  ...questionBase,
  type: v.literal('likert'),
  scale: ScaleIdSchema,
  dontKnow: v.optional(v.boolean(), false),
  screenOut: v.optional(v.pipe(v.array(CodeSchema), v.minLength(1))),
});

const StatementSchema = v.strictObject({ id: IdSchema, text: LabelSchema });
export type Statement = v.InferOutput<typeof StatementSchema>;

const LikertGridSchema = v.strictObject({
  ...questionBase,
  type: v.literal('likert-grid'),
  scale: ScaleIdSchema,
  dontKnow: v.optional(v.boolean(), false),
  statements: v.pipe(v.array(StatementSchema), v.minLength(1, 'needs at least 1 statement')),
});

const NumberSchema = v.strictObject({
  ...questionBase,
  type: v.literal('number'),
  integer: v.optional(v.boolean(), true),
  min: v.optional(v.number()),
  max: v.optional(v.number()),
  unit: v.optional(LabelSchema),
});

const ShortTextSchema = v.strictObject({
  ...questionBase,
  type: v.literal('short-text'),
  maxLength: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(500)), 200),
});

const LongTextSchema = v.strictObject({
  ...questionBase,
  type: v.literal('long-text'),
  maxLength: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(5000)), 2000),
});

export const QuestionSchema = v.variant('type', [
  SingleChoiceSchema,
  MultipleChoiceSchema,
  LikertSchema,
  LikertGridSchema,
  NumberSchema,
  ShortTextSchema,
  LongTextSchema,
]);
export type Question = v.InferOutput<typeof QuestionSchema>;
export type QuestionType = Question['type'];
export type SingleChoiceQuestion = v.InferOutput<typeof SingleChoiceSchema>;
export type MultipleChoiceQuestion = v.InferOutput<typeof MultipleChoiceSchema>;
export type LikertQuestion = v.InferOutput<typeof LikertSchema>;
export type LikertGridQuestion = v.InferOutput<typeof LikertGridSchema>;
export type NumberQuestion = v.InferOutput<typeof NumberSchema>;

const PageSchema = v.strictObject({
  id: IdSchema,
  title: v.optional(LabelSchema),
  /** Text shown under the page heading before its questions (paragraphs separated by a blank line). */
  intro: v.optional(LabelSchema),
  questions: v.pipe(v.array(QuestionSchema), v.minLength(1, 'a page needs at least 1 question')),
});
export type Page = v.InferOutput<typeof PageSchema>;

const IsoDate = v.pipe(v.string(), v.isoDate('must be a date as YYYY-MM-DD'));

const MetadataSchema = v.strictObject({
  /** The organisation running the survey and named to respondents. */
  organisation: NonEmpty,
  /** Who paid for it, when that differs (BPC disclosure: "the client commissioning the survey"). */
  commissioner: v.optional(NonEmpty),
  /** Who collected the data, e.g. a polling company. */
  conductedBy: v.optional(NonEmpty),
  population: NonEmpty,
  geography: NonEmpty,
  method: v.optional(v.picklist(['online', 'telephone', 'in-person', 'mixed']), 'online'),
  fieldwork: v.optional(v.strictObject({ start: IsoDate, end: v.optional(IsoDate) })),
  privacyNotice: LabelSchema,
  contact: v.optional(NonEmpty),
});

/** A weighting scheme's name: lower-case words joined by hyphens, e.g. "gb-parents"; it appears in URLs. */
export const WeightingNameSchema = v.pipe(
  v.string(),
  v.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case letters and digits in words joined by hyphens, e.g. "gb-parents"'),
  v.maxLength(60, 'must be at most 60 characters'),
);

// Targets may be typed as percentages and divided by 100, so a sum within 1e-6 of 1 is accepted;
// raking rescales the small remainder away.
const TARGET_SUM_TOLERANCE = 1e-6;

const WeightingTargetsSchema = v.pipe(
  v.record(
    CodeSchema,
    v.pipe(v.number('must be a number'), v.finite('must be a finite number'), v.minValue(0, 'must be 0 or more'), v.maxValue(1, 'must be at most 1')),
  ),
  v.check((targets) => Object.keys(targets).length > 0, 'needs a target for at least one code'),
  v.check((targets) => {
    const values = Object.values(targets);
    return values.length === 0 || Math.abs(values.reduce((sum, t) => sum + t, 0) - 1) <= TARGET_SUM_TOLERANCE;
  }, (issue) => `must sum to 1 (100%), not ${formatSum(issue.input as Record<string, number>)}`),
);

function formatSum(targets: Record<string, number>): string {
  const sum = Object.values(targets).reduce((total, t) => total + t, 0);
  return `${Number(sum.toFixed(9))} (${Number((sum * 100).toFixed(7))}%)`;
}

/** One weighting variable: a single-choice question and the population proportion of its codes. */
export const WeightingVariableSchema = v.strictObject({ question: IdSchema, targets: WeightingTargetsSchema });

/** Optional bounds on the weights (which have mean 1): 0 < min <= 1 <= max. */
export const WeightingTrimSchema = v.pipe(
  v.strictObject({
    min: v.optional(v.pipe(v.number('must be a number'), v.finite('must be a finite number'), v.gtValue(0, 'must be more than 0'), v.maxValue(1, 'must be at most 1 (weights have mean 1)'))),
    max: v.optional(v.pipe(v.number('must be a number'), v.finite('must be a finite number'), v.minValue(1, 'must be at least 1 (weights have mean 1)'))),
  }),
  v.check((trim) => trim.min !== undefined || trim.max !== undefined, 'give a minimum, a maximum or both (or leave trim out)'),
);

/** A named weighting scheme: the one schema for the survey file's `weighting` list, the API and the workspace form. */
export const WeightingSchemeSchema = v.strictObject({
  name: WeightingNameSchema,
  description: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(500, 'must be at most 500 characters'))),
  variables: v.pipe(
    v.array(WeightingVariableSchema),
    v.minLength(1, 'needs at least 1 variable'),
    v.maxLength(20, 'may have at most 20 variables'),
  ),
  trim: v.optional(WeightingTrimSchema),
});
export type WeightingSchemeInput = v.InferInput<typeof WeightingSchemeSchema>;
export type WeightingSchemeOutput = v.InferOutput<typeof WeightingSchemeSchema>;

export const SurveyDefinitionSchema = v.strictObject({
  slug: SlugSchema,
  version: v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(1, 'must be 1 or more')),
  title: LabelSchema,
  description: LabelSchema,
  languages: v.pipe(
    v.array(v.picklist(LANGUAGES, 'must be "en" or "cy"')),
    v.check((langs) => langs.includes('en'), 'must include "en"'),
  ),
  metadata: MetadataSchema,
  /** Shown on the screen-out page; a neutral default is used when absent. */
  screenOutMessage: v.optional(LabelSchema),
  pages: v.pipe(v.array(PageSchema), v.minLength(1, 'a survey needs at least 1 page')),
  /** Weighting schemes defined with the questionnaire (read-only in the workspace). */
  weighting: v.optional(v.array(WeightingSchemeSchema)),
});

export type SurveyDefinitionInput = v.InferInput<typeof SurveyDefinitionSchema>;
export type SurveyDefinition = v.InferOutput<typeof SurveyDefinitionSchema>;
export type SurveyMetadata = SurveyDefinition['metadata'];
