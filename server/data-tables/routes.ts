import { Hono } from 'hono';
import type { AppEnv } from '../app.ts';
import { validate } from '../http.ts';
import { requireResultsAccess } from '../results/routes.ts';
import { ResultsParamsSchema, ResultsQuerySchema } from '../results/schemas.ts';
import { dataTablesCsv, dataTablesFileName, getDataTables } from './service.ts';
import { buildDataTablesWorkbook } from './workbook.ts';

// The data tables hold the same aggregates as GET /api/surveys/:slug/results, read with the same
// query schema, so they have the same access: every signed-in role (press, researcher, admin), and
// anyone for a survey that publishes its results. They are downloads of workspace figures, not
// publications, so like the results API they are not audited (publication exports of press items
// are, through the methodology gate). Both are answered with no-store: they move with every response.

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** `GET /api/surveys/:slug/tables.xlsx` and `.csv`: the results as banner data tables, with the results API's query. */
export function dataTableRoutes() {
  return new Hono<AppEnv>()
    .get('/:slug/tables.xlsx', requireResultsAccess(), validate('param', ResultsParamsSchema), validate('query', ResultsQuerySchema), async (c) => {
      const { slug } = c.req.valid('param');
      const request = c.req.valid('query');
      const now = new Date();
      const data = await getDataTables(c.var.db, slug, request);
      const bytes = await buildDataTablesWorkbook(data, now);
      return c.body(new Uint8Array(bytes), 200, {
        'content-type': XLSX_TYPE,
        'content-disposition': `attachment; filename="${dataTablesFileName(data.results, request, 'xlsx', now)}"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
    })
    .get('/:slug/tables.csv', requireResultsAccess(), validate('param', ResultsParamsSchema), validate('query', ResultsQuerySchema), async (c) => {
      const { slug } = c.req.valid('param');
      const request = c.req.valid('query');
      const data = await getDataTables(c.var.db, slug, request);
      return c.body(dataTablesCsv(data), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${dataTablesFileName(data.results, request, 'csv', new Date())}"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
    });
}
