import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../app.ts';
import { requireRole } from '../auth/middleware.ts';
import { validate } from '../http.ts';
import { SlugSchema } from './schema.ts';
import * as surveys from './service.ts';

const SlugParams = v.object({ slug: SlugSchema });
const VersionParams = v.object({
  slug: SlugSchema,
  version: v.pipe(v.string(), v.regex(/^[1-9][0-9]{0,8}$/, 'must be a version number'), v.toNumber()),
});

/** Read-only JSON API over published survey definitions, for any signed-in role or API token. */
export function surveyApiRoutes() {
  return new Hono<AppEnv>()
    .get('/', requireRole('press'), async (c) => {
      const list = await surveys.listSurveys(c.var.db);
      return c.json({
        surveys: list.map((survey) => ({
          slug: survey.slug,
          latestVersion: survey.version,
          title: survey.definition.title,
          description: survey.definition.description,
          languages: survey.definition.languages,
          organisation: survey.definition.metadata.organisation,
        })),
      });
    })
    .get('/:slug', requireRole('press'), validate('param', SlugParams), async (c) => {
      const { slug } = c.req.valid('param');
      const versions = await surveys.listVersions(c.var.db, slug);
      const latest = await surveys.getLatestSurvey(c.var.db, slug);
      return c.json({ slug, versions, latestVersion: latest.version, definition: latest.definition });
    })
    .get('/:slug/versions/:version', requireRole('press'), validate('param', VersionParams), async (c) => {
      const { slug, version } = c.req.valid('param');
      const survey = await surveys.getSurveyVersion(c.var.db, slug, version);
      return c.json({ slug, version, publishedAt: survey.publishedAt, definition: survey.definition });
    });
}
