import { Hono } from 'hono';
import type { AppEnv } from '../app.ts';
import { requireRole, viewerOf } from '../auth/middleware.ts';
import { HomePage } from '../../web/views/home-page.tsx';
import { DashboardPage } from '../../web/views/studio/dashboard-page.tsx';
import { listPublicResults, listWorkspaceSurveys } from './service.ts';

/** The front page `/` (public; signed-in users go straight to their workspace) and the workspace
 * dashboard `/studio`. */
export function homeRoutes() {
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      if (c.var.identity) return c.redirect('/studio', 303);
      const surveys = await listPublicResults(c.var.db);
      return c.html(`<!doctype html>${String(<HomePage surveys={surveys} />)}`);
    })
    .get('/studio', requireRole('press'), async (c) => {
      const surveys = await listWorkspaceSurveys(c.var.db);
      return c.html(`<!doctype html>${String(<DashboardPage viewer={viewerOf(c)} surveys={surveys} />)}`);
    });
}
