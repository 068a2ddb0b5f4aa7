import * as v from 'valibot';
import { SlugSchema } from '../surveys/schema.ts';
import { CLEANING_FLAGS, MAX_REASON_LENGTH } from './service.ts';

export const CleaningParamsSchema = v.object({ slug: SlugSchema });

/** The most responses one request may name (a survey of 100,000 is excluded by flag, not by list). */
export const MAX_NAMED_RESPONSES = 5000;

const ResponseIdSchema = v.pipe(v.string('must be a response id'), v.minLength(1, 'must be a response id'), v.maxLength(100, 'must be a response id'));

export const ReasonSchema = v.pipe(
  v.string('must be text'),
  v.trim(),
  v.minLength(1, 'Give a reason'),
  v.maxLength(MAX_REASON_LENGTH, `Keep the reason to ${MAX_REASON_LENGTH} characters or fewer`),
);

export const CleaningFlagSchema = v.picklist(CLEANING_FLAGS, `must be one of ${CLEANING_FLAGS.join(', ')}`);

/** The body of `POST /api/surveys/:slug/exclusions` and `.../exclusions/restore`: either named
 * responses or a flag, and always a reason. */
export const ExclusionBodySchema = v.pipe(
  v.strictObject({
    responseIds: v.optional(
      v.pipe(
        v.array(ResponseIdSchema, 'must be a list of response ids'),
        v.minLength(1, 'name at least one response'),
        v.maxLength(MAX_NAMED_RESPONSES, `name at most ${MAX_NAMED_RESPONSES} responses; exclude by flag for more`),
      ),
    ),
    flag: v.optional(CleaningFlagSchema),
    reason: ReasonSchema,
  }),
  v.forward(
    v.check((body) => (body.responseIds === undefined) !== (body.flag === undefined), 'send either responseIds or flag, not both'),
    ['responseIds'],
  ),
);
export type ExclusionBodyInput = v.InferInput<typeof ExclusionBodySchema>;
export type ExclusionBodyOutput = v.InferOutput<typeof ExclusionBodySchema>;

/** The forms of the cleaning page, each named so an error is shown beside the form it came from. */
export const CLEANING_FORMS = [
  ...CLEANING_FLAGS.map((flag) => `all-${flag}` as const),
  ...CLEANING_FLAGS.map((flag) => `restore-${flag}` as const),
  ...CLEANING_FLAGS.map((flag) => `rows-${flag}` as const),
  'excluded',
] as const;
export type CleaningForm = (typeof CLEANING_FORMS)[number];
