import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../app.ts';
import { requireRole, viewerOf } from '../auth/middleware.ts';
import { AppError } from '../errors.ts';
import { issuesAsFields } from '../http.ts';
import { formatResultsQuery, ResultsPageQuerySchema, type ResultsRequest } from '../results/schemas.ts';
import { getSurveyResults, type SurveyResults } from '../results/service.ts';
import { SlugSchema } from '../surveys/schema.ts';
import { CrosstabsPage, type CrosstabSelection } from '../../web/views/studio/crosstabs/crosstabs-page.tsx';
import { getCrosstabFormChoices } from './service.ts';

const doctype = (node: unknown) => `<!doctype html>${String(node)}`;

/** Repeated query keys as lists and single ones as strings, the way the API's query validator sees them. */
function queryOf(queries: Record<string, string[]>): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(queries).map(([key, values]) => [key, values.length === 1 ? values[0]! : values]));
}

const list = (value: string | string[] | undefined) => (value === undefined ? [] : [value].flat().flatMap((item) => item.split(',')).filter(Boolean));

/** What the form shows as chosen: the parsed request, or the raw query when it did not parse, so nothing the user picked is lost. */
function selectionOf(query: Record<string, string | string[]>, request: ResultsRequest | null): CrosstabSelection {
  if (request) {
    return {
      breaks: request.breaks,
      weighting: request.weighting ?? '',
      versions: request.versions ?? [],
      dontKnow: request.dontKnow,
      filters: request.filters.flatMap((filter) => filter.codes.map((code) => `${filter.question}:${code}`)),
    };
  }
  const weighting = query.weighting;
  return {
    breaks: list(query.breaks),
    weighting: typeof weighting === 'string' ? weighting : '',
    versions: list(query.versions ?? query.version).map(Number).filter(Number.isInteger),
    dontKnow: query.dontKnow === 'exclude' ? 'exclude' : 'include',
    filters: [query.filter ?? []].flat().flatMap((item) => {
      const [question, codes] = item.split(':');
      return codes ? codes.split('|').map((code) => `${question}:${code}`) : [];
    }),
  };
}

/** Refusals the page answers with the form and a message rather than an error page. */
const SHOWN_ON_PAGE = new Set(['validation_failed', 'weighting_failed', 'not_found']);

/** `GET /studio/surveys/:slug/crosstabs`: banner tables with breaks, weighting, filters and versions,
 * chosen with a GET form (so the address can be bookmarked and shared), for every signed-in role. */
export function crosstabPageRoutes() {
  return new Hono<AppEnv>().get('/:slug/crosstabs', requireRole('press'), async (c) => {
    const slug = v.safeParse(SlugSchema, c.req.param('slug'));
    if (!slug.success) throw new AppError('not_found', 'No such survey');
    const query = queryOf(c.req.queries());
    const parsed = v.safeParse(ResultsPageQuerySchema, query);
    const request = parsed.success ? parsed.output : null;
    // 404 here for an unknown survey: the error page, as there is no form to show.
    const choices = await getCrosstabFormChoices(c.var.db, slug.output, request?.versions ?? []);
    const selection = selectionOf(query, request);
    const viewer = viewerOf(c);

    let results: SurveyResults | null = null;
    let error: { message: string; fields: Record<string, string> } | null = null;
    let status: 200 | 400 | 404 | 422 = 200;
    if (!request) {
      error = { message: 'Some of the choices in the address are not valid', fields: parsed.success ? {} : issuesAsFields(parsed.issues) };
      status = 400;
    } else {
      try {
        results = await getSurveyResults(c.var.db, slug.output, request);
      } catch (caught) {
        if (!(caught instanceof AppError) || !SHOWN_ON_PAGE.has(caught.code)) throw caught;
        error = { message: caught.message, fields: caught.fields ?? {} };
        status = caught.status as 400 | 404 | 422;
      }
    }
    const jsonHref = request ? `/api/surveys/${slug.output}/results${formatResultsQuery(request)}` : null;
    return c.html(doctype(<CrosstabsPage viewer={viewer} choices={choices} selection={selection} results={results} error={error} jsonHref={jsonHref} />), status);
  });
}
