import * as v from 'valibot';
import { WeightingNameSchema } from '../surveys/schema.ts';

// The chart studio's form (GET for the preview, POST to save) and the export query. Every field is
// optional so that a half-filled form still shows what was chosen; service.ts turns a complete form into
// figure queries and chart settings, naming what is missing field by field.

/** How many groups (one figure each) and Likert rows the form offers. */
export const MAX_GROUPS = 4;
export const MAX_ROWS = 6;

const QUESTION = '[a-z][a-z0-9_]{0,62}(?::[a-z][a-z0-9_]{0,62})?';
const SLUG = '[a-z0-9][a-z0-9-]{0,62}';
/** "survey|question" or "survey|question:statement". */
export const QUESTION_PICK = new RegExp(`^(${SLUG})\\|(${QUESTION})$`);
/** "survey|question[:statement]|option:code" or "...|net:id". */
export const FIGURE_PICK = new RegExp(`^(${SLUG})\\|(${QUESTION})\\|(option|net):([A-Za-z0-9_-]{1,40})$`);
/** "question:code", a subgroup. */
export const SUBGROUP_PICK = /^([a-z][a-z0-9_]{0,62}):([A-Za-z0-9_-]{1,20})$/;

const optionalPick = (pattern: RegExp, message: string) => v.optional(v.union([v.literal(''), v.pipe(v.string(), v.regex(pattern, message))], message), '');
const Text = (max: number) => v.optional(v.pipe(v.string('must be text'), v.trim(), v.maxLength(max, `must be at most ${max} characters`)), '');

const numbered = <T,>(prefix: string, count: number, schema: T) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`${prefix}${i + 1}`, schema])) as Record<string, T>;

export const ChartFormSchema = v.object({
  type: v.optional(v.picklist(['options', 'groups', 'likert', 'grouped'], 'choose a kind of chart'), 'options'),
  weighting: v.optional(v.union([v.literal(''), WeightingNameSchema], 'must be a weighting scheme'), ''),
  question: optionalPick(QUESTION_PICK, 'must be a question'),
  subgroup: optionalPick(SUBGROUP_PICK, 'must be a subgroup'),
  break: v.optional(v.union([v.literal(''), v.pipe(v.string(), v.regex(/^[a-z][a-z0-9_]{0,62}$/, 'must be a question'))], 'must be a question'), ''),
  ...numbered('figure', MAX_GROUPS, optionalPick(FIGURE_PICK, 'must be a figure')),
  ...numbered('group', MAX_GROUPS, Text(80)),
  ...numbered('groupSubgroup', MAX_GROUPS, optionalPick(SUBGROUP_PICK, 'must be a subgroup')),
  ...numbered('row', MAX_ROWS, optionalPick(QUESTION_PICK, 'must be a question')),
  ...numbered('rowLabel', MAX_ROWS, Text(120)),
  title: Text(200),
  subtitle: Text(300),
  notes: Text(1000),
  source: Text(500),
  base: Text(500),
  altText: Text(2000),
});

/** The form as parsed: every field a string ('' when not chosen). */
export type ChartForm = { type: 'options' | 'groups' | 'likert' | 'grouped' } & Record<string, string>;

/** The query of the image exports: the PNG scale and an override reason for an incomplete disclosure. */
export const ExportQuerySchema = v.object({
  scale: v.optional(v.picklist(['1', '2', '3'], 'must be 1, 2 or 3'), '1'),
  override: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(500, 'must be at most 500 characters')), ''),
});

export const ChartParamsSchema = v.object({ id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/)) });
