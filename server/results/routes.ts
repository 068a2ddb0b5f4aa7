import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../app.ts';
import { requireRoleUnless } from '../auth/middleware.ts';
import { getSurveySettings } from '../fieldwork/service.ts';
import { validate } from '../http.ts';
import { SlugSchema } from '../surveys/schema.ts';
import { getSurveyResults } from './service.ts';

export const ResultsParamsSchema = v.object({ slug: SlugSchema });
/** `?version=N` restricts results to one published version; absent means all versions. */
export const ResultsQuerySchema = v.object({
  version: v.optional(v.pipe(v.string(), v.regex(/^[1-9][0-9]{0,8}$/, 'must be a version number'), v.toNumber())),
});

/** Signed-in users may read any survey's results; anyone may read those of a survey that publishes them. */
export const requireResultsAccess = () =>
  requireRoleUnless('press', async (c) => {
    const slug = c.req.param('slug');
    return slug !== undefined && (await getSurveySettings(c.var.db, slug)).publicResults;
  });

/** `GET /api/surveys/:slug/results`: unrounded results of complete responses. */
export function resultsApiRoutes() {
  return new Hono<AppEnv>().get('/:slug/results', requireResultsAccess(), validate('param', ResultsParamsSchema), validate('query', ResultsQuerySchema), async (c) => {
    const { slug } = c.req.valid('param');
    const { version } = c.req.valid('query');
    return c.json(await getSurveyResults(c.var.db, slug, version === undefined ? {} : { version }));
  });
}
