import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import * as v from 'valibot';
import type { AppEnv } from '../app.ts';
import { pressChartVersion, renderPublishedChartPng } from '../chart-render/render.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { issuesAsFields } from '../http.ts';
import { describeChart, describeHeadline, type PublicChart } from '../../web/views/public-results/press-figures.ts';
import type { Download } from '../../web/views/public-results/sections.tsx';
import { ResultsNotFoundPage, ResultsPage } from '../../web/views/results-page.tsx';
import { getBrand, methodologyNote, type Brand } from '../methodology/service.ts';
import { getPressItem, listPressItems, type PressItem } from '../press-items/service.ts';
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

const ChartImageParamsSchema = v.object({ ...ResultsParamsSchema.entries, id: v.pipe(v.string(), v.uuid('Not a chart id')) });

/** A published chart drawn with its organisation's brand (the colours it was published in may since have changed; its figures never do). */
async function describePublishedChart(db: Kysely<Database>, item: PressItem, brands = new Map<string, Promise<Brand>>()): Promise<PublicChart> {
  const organisation = item.frozen[0]?.survey.organisation ?? '';
  // A survey's charts nearly always share one organisation: the page loads its brand once.
  if (!brands.has(organisation)) brands.set(organisation, organisation ? getBrand(db, organisation) : Promise.resolve({ organisation: '', colours: [], logo: null }));
  return describeChart(item, await brands.get(organisation)!, `/results/${item.surveySlug}/charts/${item.id}/chart.png`);
}

/** `GET /results/:slug`: the public results page: published headlines and charts (frozen figures), the
 * methodology note, the full tables, and a chart and data table of the Total column per question.
 * `GET /results/:slug/charts/:id/chart.png`: a published chart of that survey, drawn on the server. */
export function resultsPageRoutes() {
  return new Hono<AppEnv>()
    .get('/:slug', requireResultsAccess(), async (c) => {
      const { slug } = parsePageInput(ResultsParamsSchema, c.req.param());
      const { versions } = parsePageInput(ResultsPageQuerySchema, c.req.query());
      // "All results" shows every respondent, unweighted: only the choice of versions applies.
      const request = { breaks: [], filters: [], dontKnow: 'include' as const, ...(versions ? { versions } : {}) };
      let results;
      try {
        results = await getSurveyResults(c.var.db, slug, request);
      } catch (error) {
        // Say which survey or version is missing, rather than the generic not-found page.
        if (error instanceof AppError && error.code === 'not_found') return c.html(doctype(<ResultsNotFoundPage message={error.message} />), 404);
        throw error;
      }
      const [items, note] = await Promise.all([listPressItems(c.var.db, { surveySlug: slug, published: true }), methodologyNote(c.var.db, slug)]);
      // Only what a press officer published for this very survey reaches the public, whatever the filter did;
      // in the order they were written, which publishing or withdrawing another item does not shuffle.
      const published = items.filter((item) => item.published && item.surveySlug === slug).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      const brands = new Map<string, Promise<Brand>>();
      const charts = await Promise.all(published.filter((item) => item.kind === 'chart').map((item) => describePublishedChart(c.var.db, item, brands)));
      // The full tables (server/data-tables) answer to the same access rule as this page, so every reader can download them.
      const query = formatResultsQuery(request);
      const downloads: Download[] = [
        { href: `/api/surveys/${slug}/tables.xlsx${query}`, label: 'Full data tables', format: 'Excel workbook, one sheet per question' },
        { href: `/api/surveys/${slug}/tables.csv${query}`, label: 'Full data tables', format: 'CSV' },
        { href: `/api/surveys/${slug}/results${query}`, label: 'These results as JSON', format: 'JSON, for developers' },
      ];
      return c.html(
        doctype(
          <ResultsPage
            results={results}
            headlines={published.filter((item) => item.kind === 'headline').map(describeHeadline)}
            charts={charts}
            methodologyNote={note}
            downloads={downloads}
          />,
        ),
      );
    })
    .get('/:slug/charts/:id/chart.png', requireResultsAccess(), async (c) => {
      const { slug, id } = parsePageInput(ChartImageParamsSchema, c.req.param());
      let item: PressItem;
      try {
        item = await getPressItem(c.var.db, id);
      } catch (error) {
        if (error instanceof AppError && error.code === 'not_found') return c.notFound();
        throw error;
      }
      // A draft, a withdrawn chart or another survey's chart does not exist as far as this page is concerned.
      if (item.kind !== 'chart' || !item.published || item.surveySlug !== slug) return c.notFound();
      const chart = await describePublishedChart(c.var.db, item);
      // The picture changes only when the item is saved again or the brand changes: the configuration names it.
      const etag = `"${pressChartVersion(chart.built)}"`;
      // no-cache: a withdrawn chart must disappear, so the browser asks each time and gets a 304 while it is unchanged.
      const headers = { etag, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' };
      if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
      return c.body(await renderPublishedChartPng(chart.built), 200, { ...headers, 'content-type': 'image/png' });
    });
}
