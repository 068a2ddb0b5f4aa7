import * as v from 'valibot';
import { SlugSchema } from '../surveys/schema.ts';

// The options of the responses export and the codebook, as query strings. The export form on the
// "Import and export" page sends the same names, so the form and a script ask the same way.

export const EXPORT_VALUES = ['codes', 'labels'] as const;
export const EXCLUDED_CHOICES = ['exclude', 'include'] as const;

export const ExportParamsSchema = v.object({ slug: SlugSchema });

const VERSION = /^[1-9][0-9]{0,8}$/;

/** `versions=1,2`, or repeated (`versions=1&versions=2`, what a form's checkboxes send); empty = every version. */
const VersionsSchema = v.pipe(
  v.union([v.string(), v.array(v.string())], 'must be version numbers separated by commas, e.g. 1,2'),
  v.transform((value) => [value].flat().flatMap((part) => part.split(',')).map((part) => part.trim()).filter((part) => part !== '')),
  v.check((parts) => parts.every((part) => VERSION.test(part)), 'must be version numbers separated by commas, e.g. 1,2'),
  v.transform((parts) => [...new Set(parts.map(Number))].sort((a, b) => a - b)),
);

/** A weighting scheme's name; empty means no weights (the form's "No weighting" choice). */
const WeightingSchema = v.pipe(
  v.string('must be the name of one weighting scheme'),
  v.trim(),
  v.maxLength(100, 'must be at most 100 characters'),
  v.transform((name) => (name === '' ? null : name)),
);

/** The query of `GET /api/surveys/:slug/export.csv` (and of the page form that downloads it). */
export const ExportQuerySchema = v.strictObject({
  labels: v.optional(v.picklist(EXPORT_VALUES, 'must be codes or labels'), 'codes'),
  weighting: v.optional(WeightingSchema, ''),
  versions: v.optional(VersionsSchema, ''),
  excluded: v.optional(v.picklist(EXCLUDED_CHOICES, 'must be include or exclude'), 'exclude'),
});
export type ExportQueryInput = v.InferInput<typeof ExportQuerySchema>;
export type ExportQuery = v.InferOutput<typeof ExportQuerySchema>;

/** The codebook takes the export's options so that it describes exactly the columns of that export
 * (`labels` changes no column, but is accepted so one form can ask for both). */
export const CodebookQuerySchema = ExportQuerySchema;
