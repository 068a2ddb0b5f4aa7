import { Hono } from 'hono';
import type { AppEnv } from '../app.ts';
import { requireRoleUnless } from '../auth/middleware.ts';
import { getSurveySettings } from '../fieldwork/service.ts';
import { validate } from '../http.ts';
import { ResultsParamsSchema, ResultsQuerySchema } from './schemas.ts';
import { getSurveyResults } from './service.ts';

/** Signed-in users may read any survey's results; anyone may read those of a survey that publishes them. */
export const requireResultsAccess = () =>
  requireRoleUnless('press', async (c) => {
    const slug = c.req.param('slug');
    return slug !== undefined && (await getSurveySettings(c.var.db, slug)).publicResults;
  });

/** `GET /api/surveys/:slug/results`: unrounded banner tables of complete responses, with optional
 * `weighting`, `breaks`, `filter` (repeatable), `versions` (or the older `version`) and `dontKnow`. */
export function resultsApiRoutes() {
  return new Hono<AppEnv>().get('/:slug/results', requireResultsAccess(), validate('param', ResultsParamsSchema), validate('query', ResultsQuerySchema), async (c) => {
    const { slug } = c.req.valid('param');
    return c.json(await getSurveyResults(c.var.db, slug, c.req.valid('query')));
  });
}
