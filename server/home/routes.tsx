import { Hono } from 'hono';
import type { AppEnv } from '../app.ts';
import { HomePage } from '../../web/views/home-page.tsx';
import { listSurveySummaries } from './service.ts';

/** The front page: what Attune holds and where to answer or read each survey. */
export function homeRoutes() {
  return new Hono<AppEnv>().get('/', async (c) => {
    const surveys = await listSurveySummaries(c.var.db);
    return c.html(`<!doctype html>${String(<HomePage surveys={surveys} />)}`);
  });
}
