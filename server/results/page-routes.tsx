import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../app.ts';
import { AppError } from '../errors.ts';
import { issuesAsFields } from '../http.ts';
import { ResultsNotFoundPage, ResultsPage } from '../../web/views/results-page.tsx';
import { requireResultsAccess } from './routes.ts';
import { formatResultsQuery, ResultsPageQuerySchema, ResultsParamsSchema } from './schemas.ts';
import { getSurveyResults } from './service.ts';

const doctype = (node: unknown) => `<!doctype html>${String(node)}`;

/** Parses page input with the API's schemas, but as an AppError, so `app.onError` answers a person with an HTML page. */
export function parsePageInput<Schema extends v.GenericSchema>(schema: Schema, input: unknown): v.InferOutput<Schema> {
  const result = v.safeParse(schema, input);
  if (!result.success) throw new AppError('validation_failed', 'The address is not valid', issuesAsFields(result.issues));
  return result.output;
}

/** `GET /results/:slug`: the public results page (charts and data tables of the Total column). */
export function resultsPageRoutes() {
  return new Hono<AppEnv>().get('/:slug', requireResultsAccess(), async (c) => {
    const { slug } = parsePageInput(ResultsParamsSchema, c.req.param());
    const query = parsePageInput(ResultsPageQuerySchema, c.req.query());
    // The public page shows every respondent, unweighted: only the choice of versions applies.
    const request = { breaks: [], filters: [], dontKnow: 'include' as const, ...(query.versions ? { versions: query.versions } : {}) };
    try {
      const results = await getSurveyResults(c.var.db, slug, request);
      return c.html(doctype(<ResultsPage results={results} jsonHref={`/api/surveys/${slug}/results${formatResultsQuery(request)}`} />));
    } catch (error) {
      // Say which survey or version is missing, rather than the generic not-found page.
      if (error instanceof AppError && error.code === 'not_found') return c.html(doctype(<ResultsNotFoundPage message={error.message} />), 404);
      throw error;
    }
  });
}
