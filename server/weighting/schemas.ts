import * as v from 'valibot';
import { SlugSchema, WeightingNameSchema } from '../surveys/schema.ts';

// The one scheme schema lives with the survey definition (server/surveys/schema.ts), because a survey
// file may carry schemes; the API and the workspace form check their input against that same schema
// through checkWeightingSchemeDocument. Only the request shapes around it are here.

export { WeightingSchemeSchema } from '../surveys/schema.ts';

export const WeightingParamsSchema = v.object({ slug: SlugSchema });
/** A scheme's address; the name is checked by the route, since an impossible name is simply not found. */
export const SchemeParamsSchema = v.object({ slug: SlugSchema, name: v.string() });

/** `?weighting=NAME[&format=csv|json]` on the per-respondent weights download. */
export const WeightsQuerySchema = v.object({
  weighting: v.pipe(v.string('is required: name the weighting scheme'), v.minLength(1, 'is required: name the weighting scheme')),
  format: v.optional(v.picklist(['json', 'csv'], 'must be json or csv'), 'json'),
});

/** Whether a path segment can name a scheme at all (anything else cannot exist: 404). */
export function isWeightingName(name: string): boolean {
  return v.is(WeightingNameSchema, name);
}
