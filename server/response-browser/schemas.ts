import * as v from 'valibot';
import { SlugSchema } from '../surveys/schema.ts';

/** The statuses a stored response can have, as the list filter offers them. */
export const RESPONSE_STATUSES = ['complete', 'screened_out'] as const;

export const ResponseListParamsSchema = v.object({ slug: SlugSchema });
export const ResponseParamsSchema = v.object({ slug: SlugSchema, id: v.pipe(v.string(), v.uuid('must be a response id')) });

const PositiveWhole = (max: number, message: string) =>
  v.pipe(v.string(), v.regex(/^[1-9][0-9]{0,8}$/, message), v.toNumber(), v.maxValue(max, message));

/** The filters of the responses list page (an empty value from the form means "any"). */
export const ResponseFilterQuerySchema = v.object({
  status: v.optional(v.union([v.literal(''), v.picklist(RESPONSE_STATUSES)], `must be one of ${RESPONSE_STATUSES.join(', ')}`)),
  version: v.optional(v.union([v.literal(''), PositiveWhole(999_999_999, 'must be a version number')], 'must be a version number')),
  page: v.optional(PositiveWhole(1_000_000, 'must be a page number from 1')),
});
export type ResponseFilterQuery = v.InferOutput<typeof ResponseFilterQuerySchema>;

/** The query of `GET /api/surveys/:slug/responses`: filters, and either `cursor` or `page` with `limit`. */
export const ResponseListQuerySchema = v.pipe(
  v.strictObject({
    ...ResponseFilterQuerySchema.entries,
    limit: v.optional(PositiveWhole(200, 'must be a whole number from 1 to 200')),
    cursor: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,400}$/, 'must be the nextCursor of an earlier page'))),
  }),
  v.forward(
    v.check((query) => query.cursor === undefined || query.page === undefined, 'send either cursor or page, not both'),
    ['cursor'],
  ),
);
