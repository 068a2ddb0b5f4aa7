import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillDemoResponses } from '../../server/demo/service.ts';
import type { SurveyResults, TableFigures, TabulatedQuestion } from '../../server/results/service.ts';
import { COUNT_FORMAT, LOW_BASE_FORMAT, PERCENT_FORMAT } from '../../server/data-tables/workbook.ts';
import { createTestApp, definitionFrom, ENGINES, publishResults, signIn, type SignedIn, type TestContext } from '../helpers.ts';
import { CROSSTAB_SURVEY_V1, CROSSTAB_SURVEY_V2, CROSSTAB_V1_ANSWERS, CROSSTAB_V2_ANSWERS } from '../results/crosstab-fixture.ts';
import { submitAll } from '../results/seed.ts';

// The data tables downloads, read back with the library that wrote them (exceljs) and with a CSV
// parser, and checked against the results API's unrounded figures for the same query and against
// figures worked by hand from tests/results/crosstab-fixture.ts (20 version-1 respondents: women
// W1..W10, men M11..M20; 5 version-2 respondents; see tests/results/results-crosstab.test.ts).

const SLUG = 'crosstab-test';
const DP = 6;

/** A survey whose labels look like spreadsheet formulas, to check they stay text. */
const FORMULA_SURVEY = definitionFrom({
  slug: 'formula-labels',
  version: 1,
  title: { en: 'Formula labels' },
  description: { en: 'Labels that look like formulas.' },
  languages: ['en'],
  metadata: { organisation: '=Evil Org', population: 'adults', geography: 'England', privacyNotice: { en: 'Notice.' } },
  pages: [
    {
      id: 'p_one',
      questions: [
        {
          id: 'q_sum',
          type: 'single-choice',
          text: { en: '=1+1 is a formula?' },
          options: [
            { code: '1', label: { en: '=HYPERLINK("http://evil.example","x")' } },
            { code: '2', label: { en: '-1 or fewer' } },
          ],
        },
        { id: 'q_said', type: 'short-text', required: false, text: { en: 'Anything else?' } },
      ],
    },
  ],
});

async function download(ctx: TestContext, path: string, as?: SignedIn): Promise<Response> {
  return ctx.app.request(path, { headers: as?.headers ?? {} });
}

async function workbookOf(res: Response): Promise<ExcelJS.Workbook> {
  expect(res.status, res.status === 200 ? '' : await res.clone().text()).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await res.arrayBuffer());
  return workbook;
}

async function resultsOf(ctx: TestContext, query: string, as: SignedIn): Promise<SurveyResults> {
  const res = await ctx.app.request(`/api/surveys/${SLUG}/results${query}`, { headers: as.headers });
  expect(res.status).toBe(200);
  return (await res.json()) as SurveyResults;
}

const sheetNames = (workbook: ExcelJS.Workbook) => workbook.worksheets.map((sheet) => sheet.name);

/** Text of column A on every row, for finding rows by their label. */
function rowByLabel(sheet: ExcelJS.Worksheet, label: string): ExcelJS.Row {
  let found: ExcelJS.Row | undefined;
  sheet.eachRow((row) => {
    if (!found && row.getCell(1).value === label) found = row;
  });
  if (!found) throw new Error(`no row "${label}" on ${sheet.name}`);
  return found;
}

/** The cells of a row from column B on (one per banner column). */
const bannerValues = (row: ExcelJS.Row, count: number) => Array.from({ length: count }, (_, c) => row.getCell(c + 2).value);
const columnA = (sheet: ExcelJS.Worksheet) => {
  const out: string[] = [];
  sheet.eachRow((row) => out.push(String(row.getCell(1).value ?? '')));
  return out;
};

function table(results: SurveyResults, id: string, version: number | null = null): TabulatedQuestion {
  const found = results.questions.find((q) => q.id === id && q.version === version);
  if (!found || !('options' in found)) throw new Error(`no table ${id}`);
  return found;
}

/** Every option and net row of a sheet equals the API's unrounded percentages (as proportions) or carries the column's mark. */
function expectPercentagesMatch(sheet: ExcelJS.Worksheet, figures: Pick<TableFigures, 'options' | 'nets' | 'bases'>) {
  const rows = [...figures.options.map((o) => [o.label, o.cells] as const), ...figures.nets.map((n) => [`Net: ${n.label}`, n.cells] as const)];
  expect(rows.length).toBeGreaterThan(0);
  for (const [label, cells] of rows) {
    const row = rowByLabel(sheet, label);
    cells.forEach((cell, c) => {
      const value = row.getCell(c + 2).value;
      const flag = figures.bases[c]!.flag;
      if (flag === 'empty') expect(value, `${label} column ${c}`).toBe('–');
      else if (flag === 'suppressed') expect(value, `${label} column ${c}`).toBe('[s]');
      else {
        expect(typeof value, `${label} column ${c}`).toBe('number');
        expect((value as number) * 100).toBeCloseTo(cell.percent!, DP);
        expect(row.getCell(c + 2).numFmt).toBe(PERCENT_FORMAT);
      }
    });
  }
}

describe.each(ENGINES)('data tables on %s', (engine) => {
  let ctx: TestContext;
  let press: SignedIn;
  beforeAll(async () => {
    const empty = definitionFrom({ ...structuredClone(FORMULA_SURVEY), slug: 'no-answers-yet' });
    ctx = await createTestApp(engine, { definitions: [definitionFrom(CROSSTAB_SURVEY_V1), definitionFrom(CROSSTAB_SURVEY_V2), FORMULA_SURVEY, empty] });
    await submitAll(ctx.app, SLUG, 1, CROSSTAB_V1_ANSWERS);
    await submitAll(ctx.app, SLUG, 2, CROSSTAB_V2_ANSWERS);
    await submitAll(ctx.app, 'formula-labels', 1, [{ q_sum: '1', q_said: '=cmd|calc' }, { q_sum: '2' }]);
    press = await signIn(ctx, 'press');
  }, 60_000);
  afterAll(() => ctx.database.drop());

  it('writes a Contents sheet that describes the survey and links to one sheet per table', async () => {
    const res = await download(ctx, `/api/surveys/${SLUG}/tables.xlsx?version=1&breaks=q_gender,q_age`, press);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="crosstab-test-tables-v1-\d{4}-\d{2}-\d{2}\.xlsx"$/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const workbook = await workbookOf(res);
    expect(sheetNames(workbook)).toEqual(['Contents', 'T1 q_gender', 'T2 q_age', 'T3 q_support', 'T4 q_sources', 'T5 q_children', 'T6 q_reversed']);

    const contents = workbook.getWorksheet('Contents')!;
    expect(contents.getCell('A1').value).toBe('Crosstab test survey');
    const line = (label: string) => String(rowByLabel(contents, label).getCell(2).value);
    expect(line('Organisation')).toBe('Test Charity');
    expect(line('Fieldwork')).toBe('23 February 2024 to 1 March 2024');
    expect(line('Population')).toBe('parents in a test');
    expect(line('Geography')).toBe('England');
    expect(line('Weighting')).toBe('Unweighted: every respondent counts once');
    expect(line('Filters')).toBe('None');
    expect(line('Complete responses')).toMatch(/^20; /);
    expect(line('Columns')).toBe('Total; Are you a woman or a man?; How old are you?');
    expect(line('Significance')).toBe('two-proportion z-test on effective bases, within each break, 95% level');

    // One row per table: a HYPERLINK formula to the top of its sheet, the question id and the wording.
    const head = rowByLabel(contents, 'Table');
    expect([head.getCell(2).value, head.getCell(3).value]).toEqual(['Question', 'Wording']);
    const links: { formula: string; result: string; id: unknown; wording: unknown }[] = [];
    contents.eachRow((row) => {
      const value = row.getCell(1).value as { formula?: string; result?: string } | null;
      if (value && typeof value === 'object' && value.formula) links.push({ formula: value.formula, result: value.result!, id: row.getCell(2).value, wording: row.getCell(3).value });
    });
    expect(links).toHaveLength(6);
    expect(links[2]).toEqual({ formula: `HYPERLINK("#'T3 q_support'!A1","Table 3")`, result: 'Table 3', id: 'q_support', wording: 'I would welcome support.' });
    for (const link of links) {
      const target = /#'([^']+)'!A1/.exec(link.formula)![1]!;
      const sheet = workbook.getWorksheet(target);
      expect(sheet, target).toBeDefined();
      expect(sheet!.getCell('A1').value).toBe(link.result);
    }
  });

  it('lays out each question as a banner table: title, wording, base, span header, labels, letters and base rows', async () => {
    const workbook = await workbookOf(await download(ctx, `/api/surveys/${SLUG}/tables.xlsx?version=1&breaks=q_gender,q_age`, press));
    const sheet = workbook.getWorksheet('T3 q_support')!;
    expect(sheet.getCell('A1').value).toBe('Table 3');
    expect(sheet.getCell('G1').value).toEqual({ formula: `HYPERLINK("#'Contents'!A1","Contents")`, result: 'Contents' });
    expect(sheet.getCell('A2').value).toBe('I would welcome support.');
    expect(sheet.getCell('A3').value).toBe('Base: all respondents asked');
    // Span header: each break's wording merged over its columns (B is Total; C:D gender; E:G age).
    expect(sheet.getCell('C5').value).toBe('Are you a woman or a man?');
    expect(sheet.getCell('D5').isMerged && sheet.getCell('D5').master.address).toBe('C5');
    expect(sheet.getCell('E5').value).toBe('How old are you?');
    expect(sheet.getCell('G5').master.address).toBe('E5');
    expect(bannerValues(sheet.getRow(6), 6)).toEqual(['Total', 'Woman', 'Man', 'Under 35', '35 to 54', '55 or over']);
    expect(bannerValues(sheet.getRow(7), 6)).toEqual([null, 'A', 'B', 'C', 'D', 'E']);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 7 });
    expect(sheet.getColumn(1).width).toBeGreaterThan(30);

    // Total 20, women 10, men 10, under 35 12, 35 to 54 8 (suppressed), 55 or over nobody.
    const unweighted = rowByLabel(sheet, 'Unweighted base');
    expect(unweighted.number).toBe(8);
    expect(bannerValues(unweighted, 6)).toEqual([20, 10, 10, 12, 8, 0]);
    // Under 50 is a low base: the number keeps its value, its format adds the dagger.
    expect([2, 3, 4, 5, 6, 7].map((c) => unweighted.getCell(c).numFmt)).toEqual([LOW_BASE_FORMAT, LOW_BASE_FORMAT, LOW_BASE_FORMAT, LOW_BASE_FORMAT, COUNT_FORMAT, COUNT_FORMAT]);
    expect(LOW_BASE_FORMAT).toBe('#,##0" †"');
    expect(columnA(sheet)).not.toContain('Weighted base');
    expect(sheet.name.length).toBeLessThanOrEqual(31);
  });

  it('stores weighted column percentages as unrounded numbers with a whole-percent format, letters beneath, nets, and marks', async () => {
    const query = '?version=1&breaks=q_gender,q_age';
    const workbook = await workbookOf(await download(ctx, `/api/surveys/${SLUG}/tables.xlsx${query}`, press));
    const results = await resultsOf(ctx, query, press);
    const sheet = workbook.getWorksheet('T3 q_support')!;
    expectPercentagesMatch(sheet, table(results, 'q_support'));
    expectPercentagesMatch(workbook.getWorksheet('T4 q_sources')!, table(results, 'q_sources'));
    expectPercentagesMatch(workbook.getWorksheet('T1 q_gender')!, table(results, 'q_gender'));

    // By hand: strongly agree is W1-W4: 4/20 overall, 4/10 women, 0 men, 4/12 under 35.
    const five = rowByLabel(sheet, 'Strongly agree');
    expect(five.getCell(2).value).toBeCloseTo(0.2, 12);
    expect(five.getCell(3).value).toBeCloseTo(0.4, 12);
    expect(five.getCell(4).value).toBe(0);
    expect(five.getCell(5).value).toBeCloseTo(1 / 3, 12);
    expect(bannerValues(five, 6).slice(4)).toEqual(['[s]', '–']);
    // The format shows "-" for zero and "*" under 0.5% (Excel's conditional sections).
    expect(PERCENT_FORMAT).toBe('[=0]"-";[<0.005]"*";0%');
    // Letters go in the row beneath, in the higher column: women (A) beat men (B) on strongly agree.
    const sig = sheet.getRow(five.number + 1);
    expect(sig.getCell(1).value).toBeNull();
    expect(bannerValues(sig, 6)).toEqual([null, 'B', null, null, null, null]);
    // Nets after the options, bold: top-2 55%, 90%, 20% (A beats B); bottom-2 0/10 vs 5/10 (B beats A).
    const top2 = rowByLabel(sheet, 'Net: Agree or strongly agree');
    expect(top2.font?.bold).toBe(true);
    expect(bannerValues(top2, 3)).toEqual([0.55, 0.9, 0.2].map((p) => expect.closeTo(p, 12)));
    expect(bannerValues(sheet.getRow(top2.number + 1), 3)).toEqual([null, 'B', null]);
    const bottom2 = rowByLabel(sheet, 'Net: Disagree or strongly disagree');
    expect(bannerValues(sheet.getRow(bottom2.number + 1), 3)).toEqual([null, null, 'A']);
    expect(columnA(sheet).indexOf('Net: Agree or strongly agree')).toBeGreaterThan(columnA(sheet).indexOf("Don't know"));

    // Footnotes: what the figures are, the test and level, the marks used, the wording and the base.
    // They follow the blank row after the table (letter rows also have an empty column A).
    const notes = columnA(sheet).slice(columnA(sheet).lastIndexOf('') + 1);
    expect(notes).toEqual([
      'Column percentages, shown as whole numbers. * under 0.5%; - nobody; – no respondents in the column.',
      'Nets are worked out from unrounded figures, so a net can differ from the sum of its rounded answers.',
      'Letters beneath a percentage: significantly higher than the column with that letter (two-proportion z-test on effective bases, within each break, 95% level).',
      '† Low base: fewer than 50 respondents; treat with caution.',
      '[s] Suppressed: fewer than 10 respondents, too few to show.',
      'Question: I would welcome support.',
      'Base: all respondents asked',
    ]);
    expect(columnA(workbook.getWorksheet('T4 q_sources')!)).toContain('Respondents could give more than one answer, so a column can add to more than 100%.');

    // A number question: mean, median, lowest, highest per column (women 1.6 and 1.5; men 2; total 1.8
    // and 2; under 35 is W1-W7 and M11-M15, at most 2 children).
    const children = workbook.getWorksheet('T5 q_children')!;
    expect(bannerValues(rowByLabel(children, 'Mean (average)'), 3)).toEqual([1.8, 1.6, 2]);
    expect(bannerValues(rowByLabel(children, 'Median (middle value)'), 3)).toEqual([2, 1.5, 2]);
    expect(bannerValues(rowByLabel(children, 'Highest answer'), 6)).toEqual([3, 3, 2, 2, '[s]', '–']);
  });

  it('adds the weighted base and weighted percentages, and names the scheme and its efficiency', async () => {
    // Women 30%, men 70% of 20: each woman weighs 0.6, each man 1.4; n_eff = 400/23.2 = 17.24, efficiency 86.2%.
    const query = '?version=1&breaks=q_gender&weighting=gender-30-70';
    const res = await download(ctx, `/api/surveys/${SLUG}/tables.xlsx${query}`, press);
    expect(res.headers.get('content-disposition')).toMatch(/filename="crosstab-test-tables-v1-weighted-gender-30-70-\d{4}-\d{2}-\d{2}\.xlsx"/);
    const workbook = await workbookOf(res);
    const contents = workbook.getWorksheet('Contents')!;
    expect(rowByLabel(contents, 'Weighting').getCell(2).value).toBe(
      'gender-30-70 (Women 30%, men 70%), by Are you a woman or a man?; efficiency 86.2%, effective sample size 17.2',
    );
    const sheet = workbook.getWorksheet('T3 q_support')!;
    expect(bannerValues(rowByLabel(sheet, 'Unweighted base'), 3)).toEqual([20, 10, 10]);
    const weighted = rowByLabel(sheet, 'Weighted base');
    expect(weighted.number).toBe(9);
    expect(bannerValues(weighted, 3)).toEqual([20, 6, 14].map((n) => expect.closeTo(n, 9)));
    // Top-2: (9·0.6 + 2·1.4)/20 = 41%.
    expect(rowByLabel(sheet, 'Net: Agree or strongly agree').getCell(2).value).toBeCloseTo(0.41, 12);
    expectPercentagesMatch(sheet, table(await resultsOf(ctx, query, press), 'q_support'));
    expect(columnA(sheet)).toContain('Column percentages, weighted by "gender-30-70", shown as whole numbers. * under 0.5%; - nobody; – no respondents in the column.');
  });

  it("describes filters and a don't-know exclusion in the base line, and suppresses columns under 10", async () => {
    const query = '?version=1&breaks=q_gender&dontKnow=exclude&filter=q_age:1|2';
    const workbook = await workbookOf(await download(ctx, `/api/surveys/${SLUG}/tables.xlsx${query}`, press));
    const sheet = workbook.getWorksheet('T3 q_support')!;
    expect(sheet.getCell('A3').value).toBe('Base: all respondents asked, filtered to: How old are you? Under 35 or 35 to 54, excluding "don\'t know"');
    expect(String(rowByLabel(workbook.getWorksheet('Contents')!, 'Filters').getCell(2).value)).toBe('How old are you? Under 35 or 35 to 54 (20 responses)');
    // W10 and M20 answered don't know: bases 18, 9, 9, so both gender columns are suppressed.
    expect(bannerValues(rowByLabel(sheet, 'Unweighted base'), 3)).toEqual([18, 9, 9]);
    const top2 = rowByLabel(sheet, 'Net: Agree or strongly agree');
    expect(top2.getCell(2).value).toBeCloseTo(11 / 18, 12);
    expect(bannerValues(top2, 3).slice(1)).toEqual(['[s]', '[s]']);
    expect(bannerValues(sheet.getRow(top2.number + 1), 3)).toEqual([null, null, null]);
    expectPercentagesMatch(sheet, table(await resultsOf(ctx, query, press), 'q_support'));
  });

  it('gives a question whose meaning changed between versions one sheet per version', async () => {
    const workbook = await workbookOf(await download(ctx, `/api/surveys/${SLUG}/tables.xlsx`, press));
    expect(sheetNames(workbook).slice(-2)).toEqual(['T6 q_reversed v1', 'T7 q_reversed v2']);
    const second = workbook.getWorksheet('T7 q_reversed v2')!;
    expect(second.getCell('A2').value).toBe('Do you agree that the advice is clear? (version 2 respondents)');
    expect(second.getCell('A3').value).toBe('Base: all respondents asked (version 2 only)');
    // Five version-2 respondents: too few for percentages; and no breaks, so no letter rows.
    expect(bannerValues(rowByLabel(second, 'Disagree'), 1)).toEqual(['[s]']);
    expect(second.getRow(rowByLabel(second, 'Disagree').number + 1).getCell(1).value).toBe('Agree');
    expect(second.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 7 });
  });

  it('writes the same tables as one CSV with a table number on every row, unrounded percentages and letter rows', async () => {
    const query = '?version=1&breaks=q_gender,q_age&weighting=gender-30-70';
    const res = await download(ctx, `/api/surveys/${SLUG}/tables.csv${query}`, press);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/filename="crosstab-test-tables-v1-weighted-gender-30-70-\d{4}-\d{2}-\d{2}\.csv"/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    // A byte order mark, so that Excel reads UTF-8 (the wording's curly quotes, Welsh).
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(Buffer.from(bytes), { bom: true }) as string[][];
    expect(rows[0]).toEqual([
      'table', 'question_id', 'statement_id', 'version', 'question', 'base', 'row_type', 'row', 'code',
      'Total', 'Are you a woman or a man?: Woman (A)', 'Are you a woman or a man?: Man (B)',
      'How old are you?: Under 35 (C)', 'How old are you?: 35 to 54 (D)', 'How old are you?: 55 or over (E)',
    ]);
    expect(new Set(rows.slice(1).map((row) => row[0]))).toEqual(new Set(['1', '2', '3', '4', '5', '6']));
    const support = rows.filter((row) => row[0] === '3');
    expect(support.map((row) => row[6])).toEqual([
      'unweighted_base', 'base_flag', 'weighted_base',
      ...Array.from({ length: 6 }, () => ['option', 'significance']).flat(),
      'net', 'significance', 'net', 'significance',
    ]);
    expect(support[0]!.slice(1, 6)).toEqual(['q_support', '', '', 'I would welcome support.', 'Base: all respondents asked']);
    expect(support[0]!.slice(9)).toEqual(['20', '10', '10', '12', '8', '0']);
    expect(support[1]!.slice(9)).toEqual(['low', 'low', 'low', 'low', 'suppressed', 'empty']);
    const results = await resultsOf(ctx, query, press);
    const figures = table(results, 'q_support');
    support.filter((row) => row[6] === 'weighted_base')[0]!.slice(9).forEach((cell, c) => expect(Number(cell)).toBeCloseTo(figures.bases[c]!.weighted, DP));
    for (const row of support.filter((r) => r[6] === 'option' || r[6] === 'net')) {
      const cells = row[6] === 'option' ? figures.options.find((o) => o.code === row[8])!.cells : figures.nets.find((n) => n.id === row[8])!.cells;
      row.slice(9).forEach((cell, c) => {
        if (c === 4) expect(cell).toBe('[s]');
        else if (c === 5) expect(cell).toBe('–');
        else expect(Number(cell), `${row[7]} ${c}`).toBeCloseTo(cells[c]!.percent!, DP);
      });
    }
    // Weighted top-2 is 41% (by hand above), letters beneath.
    const top2 = support.findIndex((row) => row[8] === 'top2');
    expect(support[top2]!.slice(7, 10)).toEqual(['Net: Agree or strongly agree', 'top2', '41']);
    expect(support[top2 + 1]!.slice(9, 12)).toEqual(['', 'B', '']);
    // Number rows and the per-statement layout are the same tables as the workbook's.
    expect(rows.filter((row) => row[0] === '5').map((row) => row[6])).toEqual(['unweighted_base', 'base_flag', 'weighted_base', 'mean', 'median', 'min', 'max']);
  });

  it('keeps formula-like labels as text: quoted in the CSV, plain strings in the workbook; open text is listed, not tabulated', async () => {
    const csv = await (await download(ctx, '/api/surveys/formula-labels/tables.csv', press)).text();
    const rows = parse(csv, { bom: true }) as string[][];
    expect(rows.slice(1).map((row) => row[7])).toEqual(['Unweighted base', 'Base flag', `'=HYPERLINK("http://evil.example","x")`, "'-1 or fewer"]);
    expect(rows[3]![4]).toBe("'=1+1 is a formula?");
    // Two respondents: the base is shown, the percentages suppressed.
    expect(rows[1]![9]).toBe('2');
    expect(rows[3]![9]).toBe('[s]');
    expect(csv).not.toContain('cmd|calc');

    const workbook = await workbookOf(await download(ctx, '/api/surveys/formula-labels/tables.xlsx', press));
    expect(sheetNames(workbook)).toEqual(['Contents', 'T1 q_sum']);
    const sheet = workbook.getWorksheet('T1 q_sum')!;
    expect(sheet.getCell('A2').value).toBe('=1+1 is a formula?');
    expect(rowByLabel(sheet, '=HYPERLINK("http://evil.example","x")').getCell(1).type).toBe(ExcelJS.ValueType.String);
    const contents = workbook.getWorksheet('Contents')!;
    expect(rowByLabel(contents, 'Organisation').getCell(2).value).toBe('=Evil Org');
    expect(columnA(contents)).toContain("Not tabulated (answers in respondents' own words): q_said (Anything else?)");
  });

  it('writes tables with empty bases for a survey nobody has answered yet', async () => {
    const workbook = await workbookOf(await download(ctx, '/api/surveys/no-answers-yet/tables.xlsx', press));
    const sheet = workbook.getWorksheet('T1 q_sum')!;
    expect(bannerValues(rowByLabel(sheet, 'Unweighted base'), 1)).toEqual([0]);
    expect(bannerValues(rowByLabel(sheet, '-1 or fewer'), 1)).toEqual(['–']);
    expect(String(rowByLabel(workbook.getWorksheet('Contents')!, 'Complete responses').getCell(2).value)).toMatch(/^0; /);
    const rows = parse(await (await download(ctx, '/api/surveys/no-answers-yet/tables.csv', press)).text(), { bom: true }) as string[][];
    expect(rows.slice(1).map((row) => row[9])).toEqual(['0', 'empty', '–', '–']);
  });

  it('refuses a query the results API refuses, with the same error', async () => {
    for (const ext of ['xlsx', 'csv']) {
      const refuse = async (query: string, status: number, message: RegExp) => {
        const res = await download(ctx, `/api/surveys/${SLUG}/tables.${ext}${query}`, press);
        expect(res.status, query).toBe(status);
        expect((await res.json()).error.message, query).toMatch(message);
      };
      await refuse('?break=q_gender', 400, /request query/);
      await refuse('?breaks=q_sources', 400, /breaks must be single-choice or likert questions/);
      await refuse('?weighting=no-such-scheme', 404, /no weighting scheme "no-such-scheme"/);
      await refuse('?version=1&weighting=impossible-age', 422, /impossible-age/);
      expect((await download(ctx, `/api/surveys/no-such-survey/tables.${ext}`, press)).status).toBe(404);
    }
  });

  it('lets every signed-in role download, and anonymous visitors only once results are published', async () => {
    for (const ext of ['xlsx', 'csv']) {
      const path = `/api/surveys/formula-labels/tables.${ext}`;
      expect((await download(ctx, path)).status).toBe(401);
      for (const role of ['press', 'researcher', 'admin'] as const) expect((await download(ctx, path, await signIn(ctx, role))).status, role).toBe(200);
    }
    await publishResults(ctx, 'formula-labels');
    expect((await download(ctx, '/api/surveys/formula-labels/tables.xlsx')).status).toBe(200);
    expect((await download(ctx, '/api/surveys/formula-labels/tables.csv')).status).toBe(200);
  });
});

describe('data tables of an example survey with demo data (grid statements)', () => {
  let ctx: TestContext;
  let press: SignedIn;
  beforeAll(async () => {
    ctx = await createTestApp('sqlite');
    await fillDemoResponses(ctx.database.db, { perSurvey: 120 });
    press = await signIn(ctx, 'press');
  }, 60_000);
  afterAll(() => ctx.database.drop());

  it('gives each grid statement its own table with a valid, unique sheet name, matching the API', async () => {
    const query = '?breaks=q_gender,q_parent_under5';
    const workbook = await workbookOf(await download(ctx, `/api/surveys/pif-public/tables.xlsx${query}`, press));
    const names = sheetNames(workbook);
    expect(names).toEqual([
      'Contents',
      'T1 q_gender',
      'T2 q_age_band',
      'T3 q_region',
      'T4 q_parent_under5',
      'T5 q_support_received',
      'T6 q_heard_infant_mh',
      'T7 q_attitudes s_early_relation',
      'T8 q_attitudes s_babies_trauma',
      'T9 q_attitudes s_health_service',
    ]);
    for (const name of names) expect(name.length).toBeLessThanOrEqual(31);
    const res = await ctx.app.request(`/api/surveys/pif-public/results${query}`, { headers: press.headers });
    const results = (await res.json()) as SurveyResults;
    const grid = results.questions.find((q) => q.id === 'q_attitudes')!;
    if (grid.type !== 'likert-grid') throw new Error('not a grid');
    grid.statements.forEach((statement, k) => {
      const sheet = workbook.getWorksheet(names[7 + k]!)!;
      expect(sheet.getCell('A2').value).toBe(`${grid.text}: ${statement.text}`);
      expectPercentagesMatch(sheet, statement);
    });
    const contents = workbook.getWorksheet('Contents')!;
    expect(String(rowByLabel(contents, 'Complete responses').getCell(2).value)).toBe('120, of which 120 are demo (synthetic) responses; responses excluded in cleaning are left out');
    expect(columnA(contents)).toContain("Not tabulated (answers in respondents' own words): q_anything_else (Is there anything else you would like to tell us about support for babies and their families?)");
  });
});
