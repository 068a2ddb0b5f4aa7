import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../app.ts';
import { clientIp, requireRole, viewerOf } from '../auth/middleware.ts';
import { AppError } from '../errors.ts';
import { ImportResponsesPage, type ImportField } from '../../web/views/studio/data/import-page.tsx';
import { ImportFormSchema, ImportParamsSchema, VersionNumberSchema } from './schemas.ts';
import { getImportTarget, importResponses } from './service.ts';

const doctype = (node: unknown) => `<!doctype html>${String(node)}`;

function slugOf(param: Record<string, string>): string {
  const parsed = v.safeParse(ImportParamsSchema, param);
  if (!parsed.success) throw new AppError('not_found', 'No such survey');
  return parsed.output.slug;
}

/** The upload page for delivered response data (researchers and admins), mounted at /studio/surveys.
 * The role is attached to each route because the mount prefix is shared with other sub-apps. */
export function responseImportRoutes() {
  const app = new Hono<AppEnv>();
  const researcher = requireRole('researcher');

  app.get('/:slug/data/import', researcher, async (c) => {
    const target = await getImportTarget(c.var.db, slugOf(c.req.param()));
    return c.html(doctype(<ImportResponsesPage viewer={viewerOf(c)} target={target} version="" errors={{}} />));
  });

  app.post('/:slug/data/import', researcher, async (c) => {
    const target = await getImportTarget(c.var.db, slugOf(c.req.param()));
    // A form that is not even the right shape (a file where the version goes) is treated as empty.
    const parsed = v.safeParse(ImportFormSchema, await c.req.parseBody());
    const form = parsed.success ? parsed.output : { version: '', file: undefined };
    const errors: Partial<Record<ImportField, string>> = {};
    const version = v.safeParse(VersionNumberSchema, form.version);
    if (!version.success || !target.versions.some((row) => row.version === version.output)) {
      errors.version = target.versions.length === 0 ? 'This survey has no published version to import into' : 'Choose one of the published versions';
    }
    const file = form.file;
    if (!(file instanceof File) || (file.name === '' && file.size === 0)) errors.file = 'Choose the CSV file to import';
    else if (file.size === 0) errors.file = `${file.name} is empty`;
    if (Object.keys(errors).length > 0 || !version.success || !(file instanceof File)) {
      return c.html(doctype(<ImportResponsesPage viewer={viewerOf(c)} target={target} version={form.version} errors={errors} />), 422);
    }

    const identity = c.var.identity!;
    const report = await importResponses(
      c.var.db,
      { slug: target.slug, version: version.output, fileName: file.name || 'upload.csv', source: file.stream() as unknown as AsyncIterable<Uint8Array> },
      { actor: identity, ip: clientIp(c) },
    );
    return c.html(
      doctype(<ImportResponsesPage viewer={viewerOf(c)} target={target} version={String(version.output)} errors={{}} report={report} />),
      report.outcome === 'imported' ? 200 : 422,
    );
  });

  return app;
}
