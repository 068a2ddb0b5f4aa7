import * as v from 'valibot';
import { SlugSchema } from '../surveys/schema.ts';

/** `:slug` of the upload page. */
export const ImportParamsSchema = v.object({ slug: SlugSchema });

/** The upload form: the published version the file answers, and the file. Both are checked by the
 * route with messages beside their fields, so here they are only read. */
export const ImportFormSchema = v.object({
  version: v.optional(v.string(), ''),
  file: v.optional(v.union([v.instance(File), v.string()])),
});
export type ImportFormOutput = v.InferOutput<typeof ImportFormSchema>;

/** A version number as typed on the command line or chosen in the form. */
export const VersionNumberSchema = v.pipe(v.string(), v.trim(), v.regex(/^[1-9][0-9]{0,9}$/, 'must be a version number, like 1'), v.transform(Number));

/** Delivered data files are large: 100,000 respondents of a long questionnaire run to tens of MB. */
export const MAX_RESPONSE_IMPORT_BYTES = 100 * 1024 * 1024;
