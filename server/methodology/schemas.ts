import * as v from 'valibot';
import { SlugSchema, WeightingNameSchema } from '../surveys/schema.ts';
import { LOGO_MEDIA_TYPES, MAX_BRAND_COLOURS } from './brand-rules.ts';

export const SurveyParamsSchema = v.object({ slug: SlugSchema });

export const OrganisationParamsSchema = v.object({ organisation: v.pipe(v.string(), v.trim(), v.minLength(1, 'is required'), v.maxLength(200, 'must be at most 200 characters')) });

export const MethodologyQuerySchema = v.object({
  weighting: v.optional(v.union([v.literal(''), WeightingNameSchema], 'must be the name of a weighting scheme, e.g. "gb-parents"')),
});

export const MAX_CODE_OF_CONDUCT_LENGTH = 1000;
export const MAX_TABLES_URL_LENGTH = 500;

/** The web address of the full tables: http or https only, since journalists follow it. */
export const TablesUrlSchema = v.pipe(
  v.string(),
  v.trim(),
  v.maxLength(MAX_TABLES_URL_LENGTH, `must be at most ${MAX_TABLES_URL_LENGTH} characters`),
  v.url('must be a web address starting https:// or http://'),
  v.regex(/^https?:\/\//i, 'must be a web address starting https:// or http://'),
);

export const CodeOfConductSchema = v.pipe(
  v.string(),
  v.trim(),
  v.maxLength(MAX_CODE_OF_CONDUCT_LENGTH, `must be at most ${MAX_CODE_OF_CONDUCT_LENGTH} characters`),
);

/** PUT /api/press/surveys/:slug/disclosure: the answers, all of them (a missing or null one is cleared). */
export const DisclosureBodySchema = v.strictObject({
  answers: v.strictObject({
    tablesUrl: v.optional(v.nullable(v.union([v.literal(''), TablesUrlSchema], 'must be a web address starting https:// or http://'))),
    codeOfConduct: v.optional(v.nullable(CodeOfConductSchema)),
  }),
});
export type DisclosureBodyOutput = v.InferOutput<typeof DisclosureBodySchema>;

/** PUT /api/press/brands/:organisation: colours (empty for the default palette) and the logo
 * (left out: unchanged; null: removed; given: replaced, its bytes checked like an upload). */
export const BrandBodySchema = v.strictObject({
  colours: v.pipe(v.array(v.string('must be a colour as #RRGGBB')), v.maxLength(MAX_BRAND_COLOURS, `at most ${MAX_BRAND_COLOURS} colours`)),
  logo: v.optional(
    v.nullable(
      v.strictObject({
        mediaType: v.picklist(LOGO_MEDIA_TYPES, 'must be image/png or image/svg+xml'),
        base64: v.pipe(v.string(), v.regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64')),
      }),
    ),
  ),
});
export type BrandBodyOutput = v.InferOutput<typeof BrandBodySchema>;

/** A brand request may carry a logo of up to 200 KB (base64 in JSON, or a file in a form). */
export const MAX_BRAND_BODY_BYTES = 400 * 1024;

