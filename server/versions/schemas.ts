import * as v from 'valibot';
import { SlugSchema } from '../surveys/schema.ts';

/** `:slug` in a workspace address. */
export const SurveyParamsSchema = v.object({ slug: SlugSchema });

/** `:slug/versions/:version`: the version is a whole number from 1. */
export const VersionParamsSchema = v.object({
  slug: SlugSchema,
  version: v.pipe(v.string(), v.regex(/^[1-9][0-9]{0,9}$/, 'must be a version number'), v.transform(Number)),
});

/** The publish form: the latest version the reviewer saw and the relabels they confirmed. */
export const PublishFormSchema = v.object({
  latest: v.pipe(
    v.optional(v.string(), ''),
    v.regex(/^[0-9]{0,10}$/, 'must be a version number'),
    v.transform((text) => (text === '' ? null : Number(text))),
  ),
  keep: v.pipe(
    v.optional(v.union([v.string(), v.array(v.string())]), []),
    v.transform((value) => new Set(Array.isArray(value) ? value : [value])),
  ),
});

/** The import form: one uploaded file, and for a new survey an optional slug. */
export const ImportFormSchema = v.object({
  file: v.optional(v.union([v.instance(File), v.string()])),
  slug: v.pipe(v.optional(v.string(), ''), v.trim(), v.maxLength(80, 'must be at most 80 characters')),
});

/** Uploads may be larger than other request bodies: an XLSForm workbook is often a few hundred KB. */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;

