import type { Context } from 'hono';
import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../app.ts';
import { clientIp, requireRole, viewerOf } from '../auth/middleware.ts';
import { AppError } from '../errors.ts';
import { issuesAsFields } from '../http.ts';
import { ImportPage } from '../../web/views/studio/versions/import-page.tsx';
import { PublishPage } from '../../web/views/studio/versions/publish-page.tsx';
import { VersionPage } from '../../web/views/studio/versions/version-page.tsx';
import { VersionsPage } from '../../web/views/studio/versions/versions-page.tsx';
import { ImportFormSchema, PublishFormSchema, SurveyParamsSchema, VersionParamsSchema } from './schemas.ts';
import {
  exportVersion,
  getVersionDetail,
  getVersionsOverview,
  importDraftFile,
  ImportRefusal,
  publishDraft,
  reviewDraft,
  type Actor,
} from './service.ts';

const doctype = (node: unknown) => `<!doctype html>${String(node)}`;

/** Parses route or form input, answering a person with the HTML error page when it is not valid. */
function parseInput<Schema extends v.GenericSchema>(schema: Schema, input: unknown): v.InferOutput<Schema> {
  const result = v.safeParse(schema, input);
  if (!result.success) throw new AppError('validation_failed', 'The address or form is not valid', issuesAsFields(result.issues));
  return result.output;
}

function actorOf(c: Context<AppEnv>): Actor {
  const identity = c.var.identity;
  return { actor: identity, ip: clientIp(c), userId: identity?.user.id ?? null };
}

/** The uploaded file of an import form as a name and bytes, or a refusal saying none was chosen. */
async function uploadedFile(c: Context<AppEnv>) {
  const form = parseInput(ImportFormSchema, await c.req.parseBody());
  const file = form.file;
  if (!(file instanceof File) || (file.name === '' && file.size === 0)) {
    throw new ImportRefusal('file', 'Choose a file to import: a survey definition (.json) or an XLSForm (.xlsx).');
  }
  return { form, fileName: file.name || 'upload', bytes: new Uint8Array(await file.arrayBuffer()) };
}

/** The version workflow (researchers and admins): versions with export, publishing a draft with its
 * differences, and importing JSON or XLSForm files as drafts. Mounted at /studio; every route checks
 * the role itself, so nothing here touches other sub-apps under /studio. */
export function versionRoutes() {
  const app = new Hono<AppEnv>();
  const researcher = requireRole('researcher');

  app.get('/surveys/:slug/versions', researcher, async (c) => {
    const { slug } = parseInput(SurveyParamsSchema, c.req.param());
    const overview = await getVersionsOverview(c.var.db, slug);
    return c.html(doctype(<VersionsPage viewer={viewerOf(c)} overview={overview} imported={c.req.query('imported') === '1'} />));
  });

  app.post('/surveys/:slug/versions/import', researcher, async (c) => {
    const { slug } = parseInput(SurveyParamsSchema, c.req.param());
    try {
      const { fileName, bytes } = await uploadedFile(c);
      await importDraftFile(c.var.db, { fileName, bytes, into: slug }, actorOf(c));
      return c.redirect(`/studio/surveys/${slug}/versions?imported=1`, 303);
    } catch (error) {
      if (!(error instanceof ImportRefusal)) throw error;
      const overview = await getVersionsOverview(c.var.db, slug);
      return c.html(doctype(<VersionsPage viewer={viewerOf(c)} overview={overview} importError={{ field: 'file', message: error.message }} />), 422);
    }
  });

  app.get('/surveys/:slug/versions/publish', researcher, async (c) => {
    const { slug } = parseInput(SurveyParamsSchema, c.req.param());
    const review = await reviewDraft(c.var.db, slug);
    return c.html(doctype(<PublishPage viewer={viewerOf(c)} review={review} confirmed={new Set()} />));
  });

  app.post('/surveys/:slug/versions/publish', researcher, async (c) => {
    const { slug } = parseInput(SurveyParamsSchema, c.req.param());
    const form = parseInput(PublishFormSchema, await c.req.parseBody({ all: true }));
    const result = await publishDraft(c.var.db, slug, { expectedLatest: form.latest, confirmed: form.keep }, actorOf(c));
    if (result.outcome === 'published') return c.redirect(`/studio/surveys/${slug}/versions/${result.version}?published=1`, 303);
    const status = result.reason === 'stale' ? 409 : 422;
    return c.html(doctype(<PublishPage viewer={viewerOf(c)} review={result.review} refusal={result} confirmed={form.keep} />), status);
  });

  app.get('/surveys/:slug/versions/:version', researcher, async (c) => {
    const { slug, version } = parseInput(VersionParamsSchema, c.req.param());
    const detail = await getVersionDetail(c.var.db, slug, version);
    return c.html(
      doctype(
        <VersionPage
          viewer={viewerOf(c)}
          published={detail.published}
          latestVersion={detail.latestVersion}
          diff={detail.diff}
          justPublished={c.req.query('published') === '1'}
        />,
      ),
    );
  });

  app.get('/surveys/:slug/versions/:version/export', researcher, async (c) => {
    const { slug, version } = parseInput(VersionParamsSchema, c.req.param());
    const file = await exportVersion(c.var.db, slug, version, actorOf(c));
    return c.body(file.body, 200, {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="${file.fileName}"`,
      'cache-control': 'no-store',
    });
  });

  app.get('/import', researcher, (c) => c.html(doctype(<ImportPage viewer={viewerOf(c)} slug="" />)));

  app.post('/import', researcher, async (c) => {
    let typedSlug = '';
    try {
      const { form, fileName, bytes } = await uploadedFile(c).catch(async (error: unknown) => {
        // Keep what was typed in the slug field even when no file came with it.
        typedSlug = parseInput(ImportFormSchema, await c.req.parseBody()).slug;
        throw error;
      });
      typedSlug = form.slug;
      const outcome = await importDraftFile(c.var.db, { fileName, bytes, ...(form.slug ? { slug: form.slug } : {}) }, actorOf(c));
      return c.redirect(`/studio/surveys/${outcome.slug}/versions?imported=1`, 303);
    } catch (error) {
      if (!(error instanceof ImportRefusal)) throw error;
      const refusal = { field: error.field, message: error.message, ...(error.existingSlug ? { existingSlug: error.existingSlug } : {}) };
      return c.html(doctype(<ImportPage viewer={viewerOf(c)} slug={typedSlug} error={refusal} />), 422);
    }
  });

  return app;
}
