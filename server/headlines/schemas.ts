import * as v from 'valibot';
import type { FigureQuery } from '../press-items/figures.ts';
import { FigureQuerySchema } from '../press-items/schemas.ts';
import { SlugSchema, WeightingNameSchema } from '../surveys/schema.ts';

// Requests of the headline builder and the claim checker, as JSON (the API) and as HTML forms.

const PhraseSchema = v.pipe(v.string('must be text'), v.trim(), v.maxLength(60, 'must be at most 60 characters'));
const SentenceSchema = v.pipe(v.string('must be text'), v.trim(), v.minLength(1, 'write the sentence'), v.maxLength(500, 'must be at most 500 characters'));

/** POST /api/press/headlines/draft. */
export const DraftBodySchema = v.strictObject({
  query: FigureQuerySchema,
  phrase: v.optional(PhraseSchema),
});

/** The longest text the claim checker reads at once: a press release's worth. */
export const MAX_CLAIM_TEXT = 10_000;

const ClaimTextSchema = v.pipe(
  v.string('must be text'),
  v.trim(),
  v.minLength(1, 'paste a sentence to check'),
  v.maxLength(MAX_CLAIM_TEXT, `must be at most ${MAX_CLAIM_TEXT.toLocaleString('en-GB')} characters`),
);
const SurveyListSchema = v.pipe(
  v.array(SlugSchema, 'must be a list of survey slugs'),
  v.minLength(1, 'choose at least one survey'),
  v.maxLength(5, 'choose at most 5 surveys'),
);

/** POST /api/press/claims/check. */
export const ClaimCheckBodySchema = v.strictObject({ text: ClaimTextSchema, surveys: SurveyListSchema });

const asList = v.pipe(
  v.optional(v.union([v.string(), v.array(v.string())]), []),
  v.transform((value) => [value].flat().filter((item) => item !== '')),
);

/** The claim checker's form: `surveys` may repeat (checkboxes). */
export const ClaimFormSchema = v.object({ text: ClaimTextSchema, surveys: v.pipe(asList, SurveyListSchema) });

const QUESTION_CHOICE = /^([a-z][a-z0-9_]{0,62})(?::([a-z][a-z0-9_]{0,62}))?$/;
const ANSWER_CHOICE = /^(option|net):([A-Za-z0-9_-]{1,40})$/;
const CODE = /^[A-Za-z0-9_-]{1,20}$/;

/** The headline builder's choices, from its GET form or its save form: every field optional, so a
 * half-filled form still shows what was chosen. */
export const HeadlineChoiceSchema = v.object({
  survey: v.optional(v.union([v.literal(''), SlugSchema], 'must be a survey')),
  question: v.optional(v.union([v.literal(''), v.pipe(v.string(), v.regex(QUESTION_CHOICE, 'must be a question'))], 'must be a question')),
  answer: v.optional(v.union([v.literal(''), v.pipe(v.string(), v.regex(ANSWER_CHOICE, 'must be an answer'))], 'must be an answer')),
  weighting: v.optional(v.union([v.literal(''), WeightingNameSchema], 'must be a weighting scheme')),
  subgroup: v.optional(v.union([v.literal(''), v.pipe(v.string(), v.regex(/^[a-z][a-z0-9_]{0,62}$/, 'must be a question'))], 'must be a question')),
  codes: v.pipe(
    asList,
    v.check((list) => list.every((code) => CODE.test(code)), 'must be answer codes'),
  ),
  phrase: v.optional(PhraseSchema),
});

export type HeadlineChoice = v.InferOutput<typeof HeadlineChoiceSchema>;

/** The save form: the choices plus the (edited) sentence. */
export const HeadlineSaveSchema = v.object({ ...HeadlineChoiceSchema.entries, sentence: SentenceSchema });

/** The edit form of a saved headline. */
export const HeadlineEditSchema = v.object({ sentence: SentenceSchema, phrase: v.optional(PhraseSchema) });

/** A figure query from complete form choices; null while the survey, question or answer is missing. */
export function queryFromChoice(choice: HeadlineChoice): FigureQuery | null {
  if (!choice.survey || !choice.question || !choice.answer) return null;
  const [, question, statement] = QUESTION_CHOICE.exec(choice.question)!;
  const [, kind, id] = ANSWER_CHOICE.exec(choice.answer)!;
  return {
    survey: choice.survey,
    question: question!,
    ...(statement ? { statement } : {}),
    answer: { kind: kind as 'option' | 'net', id: id! },
    weighting: choice.weighting ? choice.weighting : null,
    ...(choice.subgroup && choice.codes.length > 0 ? { filters: [{ question: choice.subgroup, codes: choice.codes }] } : {}),
  };
}
