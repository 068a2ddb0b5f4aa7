import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { logger } from 'hono/logger';
import { requestId } from 'hono/request-id';
import type { Kysely } from 'kysely';
import type { Config } from './config.ts';
import type { Database } from './db/schema.ts';
import { AppError, errorBody, jsonError, type ErrorCode } from './errors.ts';
import { limitRequestBodies, type BodyAllowance } from './http.ts';
import { assetRoutes } from './assets/routes.ts';
import { apiTokenRoutes } from './api-tokens/routes.tsx';
import { auditRoutes } from './audit/routes.tsx';
import { authRoutes } from './auth/routes.tsx';
import type { Identity } from './auth/identity.ts';
import { isApiPath, loadIdentity, verifyCsrf } from './auth/middleware.ts';
import { builderRoutes } from './builder/routes.tsx';
import { crosstabPageRoutes } from './crosstabs/routes.tsx';
import { exportApiRoutes, exportPageRoutes } from './exports/routes.tsx';
import { cleaningApiRoutes, cleaningPageRoutes } from './cleaning/routes.tsx';
import { claimPageRoutes, headlineApiRoutes, headlinePageRoutes } from './headlines/routes.tsx';
import { homeRoutes } from './home/routes.tsx';
import { responseImportRoutes } from './imports/routes.tsx';
import { MAX_RESPONSE_IMPORT_BYTES } from './imports/schemas.ts';
import { userRoutes } from './users/routes.tsx';
import { respondRoutes } from './respond/routes.tsx';
import { fieldworkRoutes } from './fieldwork/routes.tsx';
import { overviewRoutes } from './monitoring/routes.tsx';
import { responseBrowserApiRoutes, responseBrowserPageRoutes } from './response-browser/routes.tsx';
import { responseApiRoutes } from './responses/routes.ts';
import { createSubmissionWriter, type SubmissionWriter } from './responses/submission-writer.ts';
import { resultsPageRoutes } from './results/page-routes.tsx';
import { resultsApiRoutes } from './results/routes.ts';
import { dataTableRoutes } from './data-tables/routes.ts';
import { surveyApiRoutes } from './surveys/routes.ts';
import { versionRoutes } from './versions/routes.tsx';
import { weightingPageRoutes } from './weighting/page-routes.tsx';
import { weightingApiRoutes } from './weighting/routes.ts';
import { MAX_UPLOAD_BYTES } from './versions/schemas.ts';
import { methodologyApiRoutes, methodologyPageRoutes } from './methodology/routes.tsx';
import { pressHomeRoutes, pressItemApiRoutes } from './press-items/routes.tsx';
import { chartEmbedRoutes, pressChartAssetRoutes, pressChartRoutes } from './press-charts/routes.tsx';
import { MAX_BRAND_BODY_BYTES } from './methodology/schemas.ts';
import { renderErrorPage } from '../web/views/error-page.tsx';

export interface AppDeps {
  db: Kysely<Database>;
  config: Pick<Config, 'logRequests'>;
}

/** What every handler can reach through `c.var`. */
export type AppEnv = {
  Variables: {
    db: Kysely<Database>;
    writer: SubmissionWriter;
    requestId: string;
    /** Who is asking: null for anonymous respondents and visitors. */
    identity: Identity | null;
  };
};

const MAX_BODY_BYTES = 64 * 1024;

/** The requests that carry uploads, and so get more than MAX_BODY_BYTES. */
const UPLOAD_ALLOWANCES: BodyAllowance[] = [
  // Delivered response data (CSV of up to 100,000 respondents and more) gets the largest allowance.
  { method: 'POST', path: /^\/studio\/surveys\/[^/]+\/data\/import$/, maxBytes: MAX_RESPONSE_IMPORT_BYTES },
  // Survey files (JSON, XLSForm), for a new survey or a new version.
  { method: 'POST', path: /^\/studio\/import$/, maxBytes: MAX_UPLOAD_BYTES },
  { method: 'POST', path: /^\/studio\/surveys\/[^/]+\/versions\/import$/, maxBytes: MAX_UPLOAD_BYTES },
  // A chart brand's logo (up to 200 KB, base64 in JSON), from the page or the API.
  { method: 'POST', path: /^\/studio\/press\/brands\/[^/]+$/, maxBytes: MAX_BRAND_BODY_BYTES },
  { method: 'PUT', path: /^\/api\/press\/brands\/[^/]+$/, maxBytes: MAX_BRAND_BODY_BYTES },
];

function codeForStatus(status: number): ErrorCode {
  if (status === 404) return 'not_found';
  if (status === 413) return 'payload_too_large';
  if (status === 415) return 'unsupported_media_type';
  if (status === 409) return 'conflict';
  return status >= 500 ? 'internal_error' : 'bad_request';
}

/** Builds the whole application on the given database; nothing here reads the environment. */
export function createApp(deps: AppDeps) {
  const writer = createSubmissionWriter(deps.db);
  const app = new Hono<AppEnv>();

  app.use(requestId());
  if (deps.config.logRequests) app.use(logger());
  app.use(async (c, next) => {
    c.set('db', deps.db);
    c.set('writer', writer);
    await next();
  });
  app.use(limitRequestBodies(MAX_BODY_BYTES, UPLOAD_ALLOWANCES));
  app.use(loadIdentity());
  app.use(verifyCsrf());

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.route('/', homeRoutes());
  app.route('/', authRoutes());
  app.route('/studio/users', userRoutes());
  app.route('/studio/tokens', apiTokenRoutes());
  app.route('/studio/audit', auditRoutes());
  app.route('/assets', assetRoutes());
  app.route('/api/surveys', surveyApiRoutes());
  app.route('/api/surveys', responseApiRoutes());
  app.route('/api/surveys', resultsApiRoutes());
  app.route('/api/surveys', dataTableRoutes());
  app.route('/results', resultsPageRoutes());
  app.route('/s', respondRoutes());
  app.route('/studio/surveys', overviewRoutes());
  app.route('/studio/surveys', fieldworkRoutes());
  app.route('/studio/surveys', builderRoutes());
  app.route('/studio', versionRoutes());
  app.route('/studio/surveys', responseBrowserPageRoutes());
  app.route('/api/surveys', responseBrowserApiRoutes());
  app.route('/api/surveys', weightingApiRoutes());
  app.route('/studio/surveys', weightingPageRoutes());
  app.route('/studio/surveys', cleaningPageRoutes());
  app.route('/api/surveys', cleaningApiRoutes());
  app.route('/api/surveys', exportApiRoutes());
  app.route('/studio/surveys', exportPageRoutes());
  app.route('/studio/surveys', responseImportRoutes());
  app.route('/studio/surveys', crosstabPageRoutes());
  app.route('/api/press', methodologyApiRoutes());
  app.route('/studio/press', methodologyPageRoutes());
  app.route('/api/press', pressItemApiRoutes());
  app.route('/studio/press', pressHomeRoutes());
  app.route('/studio/press/headlines', headlinePageRoutes());
  app.route('/studio/press/claims', claimPageRoutes());
  app.route('/studio/press/charts', pressChartRoutes());
  app.route('/embed/charts', chartEmbedRoutes());
  app.route('/press-charts/assets', pressChartAssetRoutes());
  app.route('/api/press', headlineApiRoutes());

  // People reach anything outside /api and /healthz in a browser: they get an HTML page, never JSON.
  const wantsHtml = (path: string) => !isApiPath(path);
  const htmlLanguage = (c: { req: { query(name: string): string | undefined } }) => (c.req.query('lang') === 'cy' ? 'cy' : 'en');
  app.notFound((c) =>
    wantsHtml(c.req.path)
      ? c.html(renderErrorPage({ status: 404, language: htmlLanguage(c) }), 404)
      : c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}`), 404),
  );
  app.onError((error, c) => {
    if (wantsHtml(c.req.path)) {
      const status = error instanceof AppError || error instanceof HTTPException ? error.status : 500;
      if (status >= 500) console.error(`[${c.var.requestId}] ${c.req.method} ${c.req.path}:`, error);
      return c.html(renderErrorPage({ status, language: htmlLanguage(c), requestId: c.var.requestId }), status);
    }
    if (error instanceof AppError) return jsonError(c, error);
    if (error instanceof HTTPException) {
      const status = error.status;
      return c.json(errorBody(codeForStatus(status), error.message || 'Bad request'), status);
    }
    // Never leak a stack trace: log it with the request id, answer a generic 500.
    console.error(`[${c.var.requestId}] ${c.req.method} ${c.req.path}:`, error);
    return c.json(errorBody('internal_error', `Something went wrong on our side (request ${c.var.requestId})`), 500);
  });
  return app;
}

export type App = ReturnType<typeof createApp>;
