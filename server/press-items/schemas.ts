import * as v from 'valibot';
import { SlugSchema, WeightingNameSchema } from '../surveys/schema.ts';

// Requests of the press items API: a figure query, the list's filters and publishing.
// A figure query names questions and codes exactly as the results API does, so a query a script
// builds from /api/surveys/:slug/results works here unchanged.

const QUESTION_ID = /^[a-z][a-z0-9_]{0,62}$/;
const CODE = /^[A-Za-z0-9_-]{1,20}$/;
/** Net ids are defined by scales ('top2', 'bottom2') and survey files; the same shape as an id. */
const ANSWER_ID = /^[A-Za-z0-9_-]{1,40}$/;

const QuestionIdSchema = v.pipe(v.string('must be a question id'), v.regex(QUESTION_ID, 'must be a question id, e.g. q_gender'));

/** One subgroup condition: the answer to a question is one of the codes. */
const FilterSchema = v.strictObject({
  question: QuestionIdSchema,
  codes: v.pipe(
    v.array(v.pipe(v.string('must be answer codes'), v.regex(CODE, 'must be answer codes, e.g. "1"')), 'must be a list of answer codes'),
    v.minLength(1, 'name at least one answer code'),
    v.maxLength(50, 'may name at most 50 codes'),
  ),
});

/** A FigureQuery as JSON. */
export const FigureQuerySchema = v.strictObject({
  survey: SlugSchema,
  question: QuestionIdSchema,
  statement: v.optional(v.pipe(v.string('must be a statement id'), v.regex(QUESTION_ID, 'must be a statement id, e.g. s_cry_it_out'))),
  answer: v.strictObject({
    kind: v.picklist(['option', 'net'], 'must be option or net'),
    id: v.pipe(v.string('must be an answer code or net id'), v.regex(ANSWER_ID, 'must be an answer code or a net id, e.g. "4" or "top2"')),
  }),
  weighting: v.optional(v.nullable(WeightingNameSchema)),
  filters: v.optional(v.pipe(v.array(FilterSchema, 'must be a list of { question, codes }'), v.maxLength(20, 'may have at most 20 filters'))),
  versions: v.optional(
    v.pipe(
      v.array(v.pipe(v.number('must be version numbers'), v.integer('must be whole numbers'), v.minValue(1, 'must be 1 or more')), 'must be a list of version numbers'),
      v.maxLength(100, 'may name at most 100 versions'),
    ),
  ),
  dontKnow: v.optional(v.picklist(['include', 'exclude'], 'must be include or exclude')),
});

export type FigureQueryInput = v.InferInput<typeof FigureQuerySchema>;

const BooleanTextSchema = v.pipe(
  v.picklist(['true', 'false', '1', '0'], 'must be true or false'),
  v.transform((value) => value === 'true' || value === '1'),
);

/** GET /api/press/items filters. */
export const PressItemListQuerySchema = v.strictObject({
  survey: v.optional(SlugSchema),
  kind: v.optional(v.picklist(['headline', 'chart'], 'must be headline or chart')),
  published: v.optional(BooleanTextSchema),
});

/** GET /api/press/items/:id: `compare=1` adds the live comparison. */
export const PressItemQuerySchema = v.strictObject({
  compare: v.optional(BooleanTextSchema),
});

/** An item id in an address: ids are UUIDs, but anything else is simply not found. */
export const PressItemParamsSchema = v.object({ id: v.pipe(v.string(), v.minLength(1), v.maxLength(100)) });

/** POST /api/press/items/:id/publish. */
export const PublishBodySchema = v.strictObject({
  published: v.boolean('must be true or false'),
  /** Why to publish although the survey's disclosure checklist is incomplete (recorded in the audit log). */
  overrideReason: v.optional(v.pipe(v.string(), v.maxLength(500, 'must be 500 characters or fewer'))),
});

/** The publish form of the press studio home: `published` is "true" or "false". */
export const PublishFormSchema = v.object({
  published: BooleanTextSchema,
  overrideReason: v.optional(v.pipe(v.string(), v.maxLength(500, 'must be 500 characters or fewer'))),
});
