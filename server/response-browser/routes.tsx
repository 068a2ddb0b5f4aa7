import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../app.ts';
import { clientIp, requireRole, viewerOf } from '../auth/middleware.ts';
import { AppError } from '../errors.ts';
import { issuesAsFields, validate } from '../http.ts';
import { getLatestSurvey } from '../surveys/service.ts';
import { localise } from '../surveys/model.ts';
import { ResponseDetailPage } from '../../web/views/studio/responses/response-detail-page.tsx';
import { ResponseListPageView } from '../../web/views/studio/responses/response-list-page.tsx';
import { ResponseFilterQuerySchema, ResponseListParamsSchema, ResponseListQuerySchema, ResponseParamsSchema } from './schemas.ts';
import { listSurveyResponses, viewResponse } from './service.ts';
import { getResponseExclusion } from '../cleaning/service.ts';
import type { ResponseFilters } from './queries.ts';

// Individual responses are for researchers and admins only: press users see aggregates, never a
// person's answers. The role is attached to each route (not with `.use('*')`), because these routes
// share their mount prefixes with other sub-apps, including the public POST /api/surveys/:slug/responses.

const doctype = (node: unknown) => `<!doctype html>${String(node)}`;
const PAGE_SIZE = 50;
const DEFAULT_API_LIMIT = 50;

const filtersFrom = (query: { status?: string; version?: number | '' }): ResponseFilters => ({
  ...(query.status ? { status: query.status as ResponseFilters['status'] } : {}),
  ...(typeof query.version === 'number' ? { version: query.version } : {}),
});

/** The list and detail pages under /studio/surveys/:slug/responses. */
export function responseBrowserPageRoutes() {
  return new Hono<AppEnv>()
    .get('/:slug/responses', requireRole('researcher'), async (c) => {
      const params = v.safeParse(ResponseListParamsSchema, c.req.param());
      if (!params.success) throw new AppError('not_found', 'No such survey');
      const slug = params.output.slug;
      const raw = { status: c.req.query('status') ?? '', version: c.req.query('version') ?? '' };
      const parsed = v.safeParse(ResponseFilterQuerySchema, c.req.query());
      // A bad filter is shown back with its error over the unfiltered list, rather than a bare error page.
      const errors = parsed.success
        ? []
        : Object.entries(issuesAsFields(parsed.issues)).map(([field, message]) => ({
            field: (['status', 'version', 'page'].includes(field) ? field : 'status') as 'status' | 'version' | 'page',
            message: `${field === 'page' ? 'Page' : field === 'version' ? 'Version' : 'Status'} ${message}`,
          }));
      const query = parsed.success ? parsed.output : {};
      const list = await listSurveyResponses(c.var.db, slug, { filters: filtersFrom(query), limit: PAGE_SIZE, page: query.page ?? 1 });
      const title = localise((await getLatestSurvey(c.var.db, slug)).definition.title, 'en');
      return c.html(
        doctype(
          <ResponseListPageView
            viewer={viewerOf(c)}
            slug={slug}
            title={title}
            list={list}
            filters={parsed.success ? raw : { status: '', version: '' }}
            errors={errors}
          />,
        ),
        errors.length > 0 ? 422 : 200,
      );
    })
    .get('/:slug/responses/:id', requireRole('researcher'), async (c) => {
      const params = v.safeParse(ResponseParamsSchema, c.req.param());
      if (!params.success) throw new AppError('not_found', 'No such response');
      const { slug, id } = params.output;
      const response = await viewResponse(c.var.db, slug, id, { actor: c.var.identity!, ip: clientIp(c), via: 'page' });
      const exclusion = await getResponseExclusion(c.var.db, slug, id);
      return c.html(doctype(<ResponseDetailPage viewer={viewerOf(c)} response={response} exclusion={exclusion} />));
    });
}

/** `GET /api/surveys/:slug/responses` and `GET /api/surveys/:slug/responses/:id` (researcher and admin). */
export function responseBrowserApiRoutes() {
  return new Hono<AppEnv>()
    .get('/:slug/responses', requireRole('researcher'), validate('param', ResponseListParamsSchema), validate('query', ResponseListQuerySchema), async (c) => {
      const { slug } = c.req.valid('param');
      const query = c.req.valid('query');
      const list = await listSurveyResponses(c.var.db, slug, {
        filters: filtersFrom(query),
        limit: query.limit ?? DEFAULT_API_LIMIT,
        ...(query.cursor !== undefined ? { cursor: query.cursor } : { page: query.page ?? 1 }),
      });
      return c.json({ items: list.items, total: list.total, limit: list.limit, page: list.page, nextCursor: list.nextCursor });
    })
    .get('/:slug/responses/:id', requireRole('researcher'), validate('param', ResponseParamsSchema), async (c) => {
      const { slug, id } = c.req.valid('param');
      return c.json(await viewResponse(c.var.db, slug, id, { actor: c.var.identity!, ip: clientIp(c), via: 'api' }));
    });
}
