import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyResults, TabulatedQuestion, TableFigures } from '../../server/results/service.ts';
import { createTestApp, ENGINES, signIn, type SignedIn, type TestContext } from '../helpers.ts';

// Issue 4's "done when", through HTTP as a researcher does it: import the delivered CSV of 2,006
// parents on the upload page, set gender, age and region targets through the API, then read the
// weighted crosstab by gender from the results API, the crosstab page and the CSV export. Every figure
// must agree with R's survey package and the published formulas (tests/fixtures/parents-2006/
// reference.json, written by reference.R) to 6 decimal places.

const SLUG = 'start-for-life-parents';
const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'parents-2006');
const csvBytes = readFileSync(join(FIXTURE, 'parents-2006.csv'));
const scheme = JSON.parse(readFileSync(join(FIXTURE, 'scheme.json'), 'utf8')) as { name: string; description: string; variables: unknown[] };

interface ReferenceCell {
  count: number;
  percent: number | null;
  lower: number | null;
  upper: number | null;
  moe: number | null;
  higherThan: string[];
}
interface ReferenceTable {
  table: string;
  columns: { key: string; unweighted: number; weighted: number; effective: number }[];
  rows: { kind: 'option' | 'net'; id: string; cells: ReferenceCell[] }[];
}
const reference = JSON.parse(readFileSync(join(FIXTURE, 'reference.json'), 'utf8')) as {
  summary: { effectiveSampleSize: number; designEffect: number; efficiency: number; min: number; max: number };
  weights: Record<string, number>;
  tables: ReferenceTable[];
};

/** The API's table for a reference key such as `q_welcome_support` or `q_advice_outdated.s_cry_it_out`. */
function apiTable(results: SurveyResults, key: string): TableFigures {
  const [questionId, statementId] = key.split('.');
  const question = results.questions.find((q) => q.id === questionId)!;
  if (statementId === undefined) return question as TabulatedQuestion;
  if (question.type !== 'likert-grid') throw new Error(`${questionId} is not a grid`);
  return question.statements.find((s) => s.id === statementId)!;
}

/** A whole percentage as the page prints it (DOMAIN.md: `*` under 0.5%, `-` for zero). */
const printed = (percent: number) => (percent === 0 ? '-' : percent < 0.5 ? '*' : `${Math.round(percent)}%`);

describe.each(ENGINES)('the 2,006-parent poll from import to crosstab on %s', (engine) => {
  let ctx: TestContext;
  let researcher: SignedIn;
  beforeAll(async () => {
    ctx = await createTestApp(engine);
    researcher = await signIn(ctx, 'researcher');
  });
  afterAll(async () => {
    await ctx.database.drop();
  });
  const get = (path: string) => ctx.app.request(path, { headers: researcher.headers });

  it('imports the delivered file on the upload page', async () => {
    const form = new FormData();
    form.append('_csrf', researcher.csrf);
    form.append('version', '1');
    form.append('file', new File([new Uint8Array(csvBytes)], 'censuswide-parents-2006.csv', { type: 'text/csv' }));
    const res = await ctx.app.request(`/studio/surveys/${SLUG}/data/import`, { method: 'POST', headers: researcher.headers, body: form });
    expect(res.status).toBe(200);
    const stored = await ctx.database.db.selectFrom('responses').select((eb) => eb.fn.countAll<number>().as('n')).where('source', '=', 'import').executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(2006);
  });

  it('sets gender, age and region targets and rakes to the same weights as R', async () => {
    const res = await ctx.app.request(`/api/surveys/${SLUG}/weightings/${scheme.name}`, {
      method: 'PUT',
      headers: { ...researcher.headers, 'x-csrf-token': researcher.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ description: scheme.description, variables: scheme.variables }),
    });
    expect(res.status).toBeLessThan(300);
    const download = await get(`/api/surveys/${SLUG}/weights?weighting=${scheme.name}&format=json`);
    expect(download.status).toBe(200);
    const body = (await download.json()) as { weights: { submissionId: string; weight: number }[] };
    expect(body.weights).toHaveLength(2006);
    for (const { submissionId, weight } of body.weights) {
      expect(weight).toBeCloseTo(reference.weights[submissionId.replace(`import:${SLUG}:`, '')]!, 6);
    }
  });

  it('gives the same weighted crosstab by gender through the results API', async () => {
    const res = await get(`/api/surveys/${SLUG}/results?weighting=${scheme.name}&breaks=q_gender`);
    expect(res.status).toBe(200);
    const results = (await res.json()) as SurveyResults;
    expect(results.weighting!.summary.effectiveSampleSize).toBeCloseTo(reference.summary.effectiveSampleSize, 6);
    expect(results.weighting!.summary.designEffect).toBeCloseTo(reference.summary.designEffect!, 6);
    expect(results.weighting!.summary.efficiency).toBeCloseTo(reference.summary.efficiency!, 6);
    expect(results.columns.map((c) => c.key)).toEqual(['total', 'q_gender:1', 'q_gender:2', 'q_gender:3', 'q_gender:4']);
    let cells = 0;
    for (const expected of reference.tables) {
      const table = apiTable(results, expected.table);
      expected.columns.forEach((column, k) => {
        expect(table.bases[k]!.unweighted).toBe(column.unweighted);
        expect(table.bases[k]!.weighted).toBeCloseTo(column.weighted, 6);
        expect(table.bases[k]!.effective).toBeCloseTo(column.effective, 6);
      });
      for (const row of expected.rows) {
        const figures = row.kind === 'option' ? table.options.find((o) => o.code === row.id)! : table.nets.find((n) => n.id === row.id)!;
        row.cells.forEach((cell, k) => {
          const got = figures.cells[k]!;
          const where = `${expected.table} ${row.id} ${expected.columns[k]!.key}`;
          expect(got.higherThan, where).toEqual(cell.higherThan);
          if (cell.percent === null) return expect(got.percent, where).toBeNull();
          expect(got.count, where).toBeCloseTo(cell.count, 6);
          expect(got.percent, where).toBeCloseTo(cell.percent, 6);
          expect(got.interval!.lower, where).toBeCloseTo(cell.lower!, 6);
          expect(got.interval!.upper, where).toBeCloseTo(cell.upper!, 6);
          expect(got.marginOfError, where).toBeCloseTo(cell.moe!, 6);
          cells++;
        });
      }
    }
    expect(cells).toBe(reference.tables.reduce((sum, t) => sum + t.rows.length * 3, 0));
  });

  it('prints the same figures and letters on the crosstab page, with the unrounded ones in its charts', async () => {
    const res = await get(`/studio/surveys/${SLUG}/crosstabs?weighting=${scheme.name}&breaks=q_gender`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const text = (fragment: string) => fragment.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();
    const welcome = reference.tables.find((t) => t.table === 'q_welcome_support')!;
    // The banner table's rows in page order; the "agree" net carries the women's letter B.
    const rows = [...html.matchAll(/<tr[^>]*>\s*<th scope="row"[^>]*>([\s\S]*?)<\/th>([\s\S]*?)<\/tr>/g)].map((m) => ({
      label: text(m[1]!),
      cells: [...m[2]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => text(c[1]!.replace(/<span class="visually-hidden">[\s\S]*?<\/span>/g, ''))),
    }));
    const top2 = welcome.rows.find((r) => r.id === 'top2')!;
    const expectedCells = top2.cells.map((cell) => (cell.percent === null ? '–' : `${printed(cell.percent)}${cell.higherThan.join('')}`));
    expect(rows.some((row) => row.label === 'Net Agree or strongly agree' && JSON.stringify(row.cells) === JSON.stringify(expectedCells))).toBe(true);
    // Every chart's bars are the API's unrounded percentages: check the welcome-support chart's.
    const configs = [...html.matchAll(/<script type="application\/json" id="([^"]+)-chart-config">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[2]!) as { data: { datasets: { label: string; data: number[] }[] } });
    const agree = welcome.rows.find((r) => r.id === '4')!;
    const charted = configs.flatMap((config) => config.data.datasets).find((dataset) => dataset.label === 'Agree' && Math.abs(dataset.data[0]! - agree.cells[0]!.percent!) < 1e-6);
    expect(charted, 'a chart with the Total "Agree" share of q_welcome_support').toBeDefined();
    expect(charted!.data[1]).toBeCloseTo(agree.cells[1]!.percent!, 6);
    expect(charted!.data[2]).toBeCloseTo(agree.cells[2]!.percent!, 6);
  });

  it('exports the responses with the same weights, from which the same weighted percentages follow', async () => {
    const res = await get(`/api/surveys/${SLUG}/export.csv?weighting=${scheme.name}`);
    expect(res.status).toBe(200);
    const rows = parse((await res.text()).replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(2006);
    for (const row of rows) expect(Number(row.weight)).toBeCloseTo(reference.weights[row.submission_id!.replace(`import:${SLUG}:`, '')]!, 6);
    // A spreadsheet user summing the weight column by gender gets the reference figures.
    for (const table of reference.tables.filter((t) => t.table === 'q_welcome_support' || t.table === 'q_advice_outdated.s_cry_it_out')) {
      const agreeCodes = ['4', '5'];
      const top2 = table.rows.find((r) => r.id === 'top2')!;
      ['1', '2'].forEach((gender, g) => {
        const inColumn = rows.filter((row) => row.q_gender === gender && row[table.table] !== '');
        const base = inColumn.reduce((sum, row) => sum + Number(row.weight), 0);
        const agreeing = inColumn.filter((row) => agreeCodes.includes(row[table.table]!)).reduce((sum, row) => sum + Number(row.weight), 0);
        expect(base).toBeCloseTo(table.columns[g + 1]!.weighted, 6);
        expect((100 * agreeing) / base).toBeCloseTo(top2.cells[g + 1]!.percent!, 6);
      });
    }
    // The delivered free text that a spreadsheet would run as a formula comes out inert.
    expect(rows.some((row) => row.q_guilt_detail === `'=HYPERLINK("http://example.org","click")`)).toBe(true);
    expect(rows.every((row) => !/^[=+\-@\t\r]/.test(row.q_guilt_detail ?? ''))).toBe(true);
  });
});
