import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../app.ts';
import { clientIp, requireRole, viewerOf } from '../auth/middleware.ts';
import { AppError, type FieldErrors } from '../errors.ts';
import { issuesAsFields, validate } from '../http.ts';
import { getLatestSurvey, listVersions } from '../surveys/service.ts';
import { DataPage, type DataFormValues } from '../../web/views/studio/data/data-page.tsx';
import { describeMetadataColumns } from './columns.ts';
import { CodebookQuerySchema, ExportParamsSchema, ExportQuerySchema } from './schemas.ts';
import { buildCodebook, codebookCsv, describeExportChoices, exportOptionsOf, prepareResponseExport, type ExportOptions, type ResponseExport } from './service.ts';

// The responses export holds individual answers, so it is for researchers and admins only, never
// press. The codebook holds only the questionnaire (ids, wording, codes, labels), which press users
// can already read through GET /api/surveys/:slug, so every signed-in role may download it.
// Roles are attached per route: these paths share their mount prefixes with other sub-apps.

const doctype = (node: unknown) => `<!doctype html>${String(node)}`;

/** Answers with the CSV stream: an attachment that is never cached (it holds personal data). */
function sendExport(c: Context<AppEnv>, file: ResponseExport): Response {
  return c.body(file.body, 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${file.fileName}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'x-export-rows': String(file.rowCount),
  });
}

/** Logs a failure part-way through a stream, when the status has long been sent. */
const logStreamFailure = (c: Context<AppEnv>, slug: string) => (error: unknown) =>
  console.error(`[${c.var.requestId}] export of ${slug} failed part-way; the download was cut off:`, error);

/** `GET /api/surveys/:slug/export.csv` (researcher and admin) and the codebook (any signed-in role). */
export function exportApiRoutes() {
  return new Hono<AppEnv>()
    .get('/:slug/export.csv', requireRole('researcher'), validate('param', ExportParamsSchema), validate('query', ExportQuerySchema), async (c) => {
      const { slug } = c.req.valid('param');
      const options = exportOptionsOf(c.req.valid('query'));
      const file = await prepareResponseExport(c.var.db, slug, options, { actor: c.var.identity!, ip: clientIp(c), via: 'api', onError: logStreamFailure(c, slug) });
      return sendExport(c, file);
    })
    .get('/:slug/codebook.csv', requireRole('press'), validate('param', ExportParamsSchema), validate('query', CodebookQuerySchema), async (c) => {
      const { slug } = c.req.valid('param');
      const codebook = await buildCodebook(c.var.db, slug, exportOptionsOf(c.req.valid('query')));
      return c.body(codebookCsv(codebook), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${slug}-codebook-v${codebook.reportedVersion}.csv"`,
      });
    })
    .get('/:slug/codebook.json', requireRole('press'), validate('param', ExportParamsSchema), validate('query', CodebookQuerySchema), async (c) => {
      const { slug } = c.req.valid('param');
      return c.json(await buildCodebook(c.var.db, slug, exportOptionsOf(c.req.valid('query'))));
    });
}

const FORM_FIELDS = ['labels', 'weighting', 'versions', 'excluded'] as const;
const FIELD_NAMES: Record<(typeof FORM_FIELDS)[number], string> = { labels: 'Answers as', weighting: 'Weights', versions: 'Versions', excluded: 'Excluded responses' };

/** The form's values as sent, to show back unchanged beside an error. */
function formValuesOf(c: Context<AppEnv>): DataFormValues {
  const one = (name: string) => c.req.query(name) ?? '';
  return {
    labels: one('labels'),
    weighting: one('weighting'),
    versions: (c.req.queries('versions') ?? []).flatMap((value) => value.split(',')).map((value) => value.trim()),
    excluded: one('excluded'),
  };
}

/** The "Import and export" page, with the form's values and any errors. */
async function renderDataPage(c: Context<AppEnv>, slug: string, values: DataFormValues | null, errors: FieldErrors, status: 200 | 404 | 422) {
  const [survey, choices] = await Promise.all([getLatestSurvey(c.var.db, slug), describeExportChoices(c.var.db, slug)]);
  return c.html(
    doctype(
      <DataPage
        viewer={viewerOf(c)}
        survey={{ slug, title: survey.definition.title.en }}
        choices={choices}
        values={values}
        errors={errors}
        metadataColumns={describeMetadataColumns()}
      />,
    ),
    status,
  );
}

/** Where an export error belongs on the form: the field it names, else the weighting (the only option
 * whose failure depends on the answers). */
function fieldErrorsOf(error: AppError): FieldErrors {
  const known = Object.entries(error.fields ?? {}).filter(([field]) => (FORM_FIELDS as readonly string[]).includes(field));
  return known.length > 0 ? Object.fromEntries(known) : { weighting: error.message };
}

/** `GET /studio/surveys/:slug/data` and the download its form asks for (researcher and admin). */
export function exportPageRoutes() {
  return new Hono<AppEnv>()
    .get('/:slug/data', requireRole('researcher'), async (c) => {
      const params = v.safeParse(ExportParamsSchema, c.req.param());
      if (!params.success) throw new AppError('not_found', 'No such survey');
      return renderDataPage(c, params.output.slug, null, {}, 200);
    })
    // The form's own target: the same export as the API, but a problem (a version that cannot be
    // found, weights that cannot be met) brings the page back with the choices kept and the error
    // beside the control, instead of a JSON error in a browser tab.
    .get('/:slug/data/export.csv', requireRole('researcher'), async (c) => {
      const params = v.safeParse(ExportParamsSchema, c.req.param());
      if (!params.success) throw new AppError('not_found', 'No such survey');
      const slug = params.output.slug;
      // Only the form's own fields are read (the API refuses unknown ones; a page has no use for them).
      const sent = FORM_FIELDS.flatMap((field) => {
        const list = c.req.queries(field);
        return list ? [[field, list.length === 1 ? list[0] : list]] : [];
      });
      const parsed = v.safeParse(ExportQuerySchema, Object.fromEntries(sent));
      if (!parsed.success) {
        const errors = Object.fromEntries(
          Object.entries(issuesAsFields(parsed.issues)).map(([field, message]) => [field, `${FIELD_NAMES[field as keyof typeof FIELD_NAMES]} ${message}`]),
        );
        return renderDataPage(c, slug, formValuesOf(c), errors, 422);
      }
      const options: ExportOptions = exportOptionsOf(parsed.output);
      // Every version ticked, or none, is an export of every version: leave the choice out, so the
      // file name and the audit entry read as a whole-survey export.
      const published = (await listVersions(c.var.db, slug)).map((row) => row.version);
      if (published.every((version) => options.versions.includes(version))) options.versions = [];
      try {
        const file = await prepareResponseExport(c.var.db, slug, options, { actor: c.var.identity!, ip: clientIp(c), via: 'page', onError: logStreamFailure(c, slug) });
        return sendExport(c, file);
      } catch (error) {
        if (!(error instanceof AppError) || (error.code !== 'not_found' && error.code !== 'weighting_failed')) throw error;
        if (error.code === 'not_found' && !error.fields) throw error; // the survey itself
        return renderDataPage(c, slug, formValuesOf(c), fieldErrorsOf(error), 422);
      }
    });
}
