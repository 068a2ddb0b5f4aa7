import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../app.ts';
import { requireRole, viewerOf } from '../auth/middleware.ts';
import { AppError } from '../errors.ts';
import { SlugSchema } from '../surveys/schema.ts';
import { OverviewPage } from '../../web/views/studio/overview/overview-page.tsx';
import { getSurveyOverview } from './service.ts';

const doctype = (node: unknown) => `<!doctype html>${String(node)}`;

// Paths under /studio/surveys/ that are pages of their own rather than a survey's overview: a survey
// can never be called this, and another sub-app answers them whatever order the sub-apps are mounted in.
const RESERVED = new Set(['new']);

/** `GET /studio/surveys/:slug`: a survey's overview and fieldwork monitoring, for every signed-in role. */
export function overviewRoutes() {
  return new Hono<AppEnv>().get('/:slug', async (c, next) => {
    if (RESERVED.has(c.req.param('slug'))) return next();
    // The role check runs inside the handler so that a reserved path can be passed on untouched.
    let allowed = false;
    const refusal = await requireRole('press')(c, async () => {
      allowed = true;
    });
    if (!allowed) return refusal as Response;
    const parsed = v.safeParse(SlugSchema, c.req.param('slug'));
    if (!parsed.success) throw new AppError('not_found', 'No such survey');
    const overview = await getSurveyOverview(c.var.db, parsed.output);
    return c.html(doctype(<OverviewPage overview={overview} viewer={viewerOf(c)} />));
  });
}
