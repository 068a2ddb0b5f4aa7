import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyResults, TabulatedQuestion } from '../../server/results/service.ts';
import { buildCrosstabChart } from '../../web/charts/crosstab-chart.ts';
import { createTestApp, definitionFrom, ENGINES, publishResults, signIn, type SignedIn, type TestContext } from '../helpers.ts';
import { CROSSTAB_SURVEY_V1, CROSSTAB_SURVEY_V2, CROSSTAB_V1_ANSWERS, CROSSTAB_V2_ANSWERS } from '../results/crosstab-fixture.ts';
import { submitAll } from '../results/seed.ts';

// The workspace crosstab page over HTTP, on the hand-worked figures of tests/results/crosstab-fixture.ts
// (see tests/results/results-crosstab.test.ts for how each figure is worked out).

const SLUG = 'crosstab-test';
const PAGE = `/studio/surveys/${SLUG}/crosstabs`;

const decode = (text: string) => text.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');

/** The rows of the table with this id, as arrays of cell texts (tags stripped, hidden text kept). */
function tableRows(html: string, tableId: string): string[][] {
  const table = html.match(new RegExp(`<table[^>]*id="${tableId}"[^>]*>([\\s\\S]*?)</table>`))?.[1];
  if (!table) throw new Error(`no table ${tableId}`);
  return [...table.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => decode(cell[1]!.replace(/<[^>]+>/g, '')).replace(/\s+/g, ' ').trim()),
  );
}

/** A table's caption text. */
function caption(html: string, tableId: string): string {
  const text = html.match(new RegExp(`<caption id="${tableId}-caption">([\\s\\S]*?)</caption>`))?.[1];
  if (!text) throw new Error(`no caption for ${tableId}`);
  return decode(text.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim();
}

describe.each(ENGINES)('crosstab page on %s', (engine) => {
  let ctx: TestContext;
  let press: SignedIn;
  const get = async (query: string, status = 200) => {
    const res = await ctx.app.request(`${PAGE}${query}`, { headers: press.headers });
    const html = await res.text();
    expect(res.status, html.slice(0, 2000)).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    return html;
  };

  beforeAll(async () => {
    ctx = await createTestApp(engine, { definitions: [definitionFrom(CROSSTAB_SURVEY_V1), definitionFrom(CROSSTAB_SURVEY_V2)] });
    await submitAll(ctx.app, SLUG, 1, CROSSTAB_V1_ANSWERS);
    await submitAll(ctx.app, SLUG, 2, CROSSTAB_V2_ANSWERS);
    press = await signIn(ctx, 'press');
  }, 60_000);
  afterAll(() => ctx.database.drop());

  it('is for signed-in users only, press included, even when results are published', async () => {
    await publishResults(ctx, SLUG);
    const anonymous = await ctx.app.request(PAGE);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe(`/login?next=${encodeURIComponent(PAGE)}`);
    for (const role of ['press', 'researcher', 'admin'] as const) {
      const viewer = await signIn(ctx, role);
      expect((await ctx.app.request(PAGE, { headers: viewer.headers })).status, role).toBe(200);
    }
    const unknown = await ctx.app.request('/studio/surveys/no-such-survey/crosstabs', { headers: press.headers });
    expect(unknown.status).toBe(404);
  });

  it('offers a GET form: breaks, weighting (unweighted by default), versions, don\'t know and filters', async () => {
    const html = await get('');
    expect(html).toContain(`<form method="get" action="${PAGE}" class="xt-form" id="crosstab-form">`);
    // Breaks: single-choice and likert questions only.
    const breaks = [...html.matchAll(/name="breaks" type="checkbox" value="([a-z_]+)"/g)].map((m) => m[1]);
    expect(breaks).toEqual(['q_gender', 'q_age', 'q_support', 'q_reversed']);
    expect(html).toContain('<option value="" selected="">Unweighted</option>');
    expect(html).toContain('<option value="gender-30-70">gender-30-70 (Women 30%, men 70%)</option>');
    expect(html).toContain('<option value="impossible-age">impossible-age</option>');
    expect([...html.matchAll(/name="versions" type="checkbox" value="(\d+)"/g)].map((m) => m[1])).toEqual(['1', '2']);
    expect(html).toMatch(/name="dontKnow" type="radio" value="include" checked=""/);
    // Filters: every answer of every choice, scale and multiple-choice question.
    expect(html).toContain('name="filter" type="checkbox" value="q_sources:online"');
    expect(html).toContain('name="filter" type="checkbox" value="q_support:9"');
    expect(html).not.toContain('value="q_children:');
  });

  it('shows a banner table: span header, lettered columns, bases, whole percentages with letters, nets and margins of error', async () => {
    const html = await get('?versions=1&breaks=q_gender');
    // The form remembers the choice.
    expect(html).toMatch(/id="break-q_gender" name="breaks" type="checkbox" value="q_gender" checked=""/);
    expect(caption(html, 'xt-q_support')).toBe('Q3. I would welcome support. Base: all respondents asked');
    const marked = (percent: string, letter: string) => `${percent}, significantly higher than column ${letter}`;
    expect(tableRows(html, 'xt-q_support')).toEqual([
      ['', 'Total', 'Are you a woman or a man?'],
      ['Woman (A)', 'Man (B)'],
      ['Unweighted base', '20†', '10†', '10†'],
      ['Strongly disagree', '10%', '-', '20%'],
      ['Disagree', '15%', '-', '30%'],
      ['Neither agree nor disagree', '10%', '-', '20%'],
      ['Agree', '35%', '50%', '20%'],
      ['Strongly agree', '20%', marked('40%', 'B'), '-'],
      ["Don't know", '10%', '10%', '10%'],
      ['Net Agree or strongly agree', '55%', marked('90%', 'B'), '20%'],
      ['Net Disagree or strongly disagree', '25%', '-', marked('50%', 'A')],
      // 1.96·sqrt(0.25/20) = 21.9%; on 10, 31.0%.
      ['Margin of error ±', '±21.9%', '±31.0%', '±31.0%'],
    ]);
    expect(html).toContain('<th scope="colgroup" colspan="2" class="xt-span">Are you a woman or a man?</th>');
    expect(html).toContain('<th scope="col" class="xt-num xt-column">Woman <span class="xt-letter">(A)</span></th>');
    // Footnotes name the test and the level and explain the marks this table uses.
    const notes = html.match(/<ul class="xt-notes" id="xt-q_support-notes">([\s\S]*?)<\/ul>/)![1]!;
    expect(notes).toContain('two-proportion z-test on effective bases, 95% level');
    expect(notes).toContain('† Low base: fewer than 50 respondents');
    expect(notes).not.toContain('[s]');
    expect(html).toContain('aria-describedby="xt-q_support-notes"');
    // A number question by column: mean of 1.8, 1.6 and 2.
    expect(tableRows(html, 'xt-q_children')[3]).toEqual(['Mean (average)', '1.8', '1.6', '2']);
  });

  it('links to the same figures as JSON, and embeds each chart built from them', async () => {
    const html = await get('?versions=1&breaks=q_gender&weighting=gender-30-70');
    const href = decode(html.match(/<a href="([^"]+)">The same figures as JSON<\/a>/)![1]!);
    expect(href).toBe(`/api/surveys/${SLUG}/results?versions=1&weighting=gender-30-70&breaks=q_gender`);
    const api = await ctx.app.request(href, { headers: press.headers });
    expect(api.status).toBe(200);
    const results = (await api.json()) as SurveyResults;
    const support = results.questions.find((q) => q.id === 'q_support') as TabulatedQuestion;
    // Weighted top-2: 41% in the table, 0.41 unrounded in the JSON.
    expect(support.nets[0]!.cells[0]!.percent).toBeCloseTo(41, 9);
    expect(tableRows(html, 'xt-q_support').find((row) => row[0] === 'Net Agree or strongly agree')).toEqual(['Net Agree or strongly agree', '41%', '90%, significantly higher than column B', '20%']);
    const config = buildCrosstabChart('likert', support, results.columns)!;
    const embedded = html.match(/<script type="application\/json" id="xt-q_support-chart-config">([\s\S]*?)<\/script>/)![1]!;
    expect(JSON.parse(embedded)).toEqual(config);
    expect(html).toContain('<figure class="xt-chart" data-chart="xt-q_support-chart-config">');
    expect(html).toMatch(/<div class="xt-chart__area" style="height:\d+px"><canvas id="xt-q_support-chart" role="img"/);
    expect(html).toContain('<script src="/assets/chart.umd.js?v=');
    expect(html).toContain('<script src="/assets/results-charts.js?v=');
    expect(html).toMatch(/<link rel="stylesheet" href="\/assets\/crosstabs\.css\?v=[0-9a-f]+"/);
  });

  it('shows weighted and effective bases and the weighting summary', async () => {
    const html = await get('?versions=1&breaks=q_gender&weighting=gender-30-70');
    const rows = tableRows(html, 'xt-q_support');
    expect(rows[2]).toEqual(['Unweighted base', '20†', '10†', '10†']);
    expect(rows[3]).toEqual(['Weighted base', '20', '6', '14']);
    // n_eff = 400/23.2 = 17.24 for Total; 10 within each gender.
    expect(rows[4]).toEqual(['Effective base', '17', '10', '10']);
    expect(rows.at(-1)).toEqual(['Margin of error ±', '±23.6%', '±31.0%', '±31.0%']);
    expect(html).toContain('<dt>Efficiency</dt><dd>86.2%</dd>');
    expect(html).toContain('<dt>Effective sample size</dt><dd>17.2</dd>');
    expect(html).toContain('<dt>Design effect</dt><dd>1.16</dd>');
    expect(html).toContain('<dt>Weights</dt><dd>0.6 to 1.4</dd>');
    expect(html).toContain('<option value="gender-30-70" selected="">');
    expect(html).toContain('Column percentages, weighted.');
  });

  it('names filters and don\'t-know exclusion in the base, and marks suppressed columns', async () => {
    const filtered = await get('?versions=1&filter=q_gender:1&filter=q_age:1|2');
    expect(caption(filtered, 'xt-q_support')).toBe(
      'Q3. I would welcome support. Base: all respondents asked, filtered to: Are you a woman or a man? Woman; How old are you? Under 35 or 35 to 54',
    );
    expect(filtered).toContain('; 10 after filters.');
    expect(filtered).toMatch(/value="q_gender:1" checked=""/);
    expect(filtered).toContain('<details class="xt-filters" id="filters" open="">');
    // Don't know out: the gender columns fall to 9, under 10, so they are suppressed.
    const excluded = await get('?versions=1&breaks=q_gender&dontKnow=exclude');
    expect(caption(excluded, 'xt-q_support')).toBe(`Q3. I would welcome support. Base: all respondents asked, excluding "don't know"`);
    const rows = tableRows(excluded, 'xt-q_support');
    expect(rows[2]).toEqual(['Unweighted base', '18†', '9', '9']);
    expect(rows.find((row) => row[0] === 'Net Agree or strongly agree')).toEqual(['Net Agree or strongly agree', '61%', '[s]', '[s]']);
    expect(rows.some((row) => row[0] === "Don't know")).toBe(false);
    expect(excluded).toContain('[s] Suppressed: fewer than 10 respondents');
  });

  it('reports a question whose meaning changed once per version, under one number', async () => {
    const html = await get('');
    expect(tableRows(html, 'xt-q_reversed-v1')[1]).toEqual(['Unweighted base', '20†']);
    expect(tableRows(html, 'xt-q_reversed-v2')[1]).toEqual(['Unweighted base', '5']);
    expect(tableRows(html, 'xt-q_reversed-v2')[2]).toEqual(['Disagree', '[s]']);
    expect(caption(html, 'xt-q_reversed-v2')).toContain('Base: all respondents asked (version 2 only)');
    expect(html.match(/<h2 class="xt-question__heading" id="xt-q_reversed-v\d-heading">Q6\. /g)).toHaveLength(2);
    expect(html).toContain('<span class="xt-version"> Version 2 respondents</span>');
  });

  it('keeps the form and explains the problem when a choice cannot be tabulated', async () => {
    const badBreak = await get('?breaks=q_gender,q_reversed', 400);
    expect(badBreak).toContain('These tables cannot be shown');
    expect(badBreak).toContain('changed meaning between versions 1, 2');
    expect(badBreak).toMatch(/id="break-q_gender" name="breaks" type="checkbox" value="q_gender" checked=""/);
    expect(badBreak).not.toContain('<table');
    const failed = await get('?versions=1&weighting=impossible-age', 422);
    expect(decode(failed)).toContain('Weighting "impossible-age" cannot be applied');
    expect(failed).toContain('<option value="impossible-age" selected="">');
    const unknown = await get('?weighting=no-such-scheme', 404);
    expect(decode(unknown)).toContain('no weighting scheme "no-such-scheme"');
    const malformed = await get('?filter=q_gender&breaks=q_age', 400);
    expect(malformed).toContain('href="#filters"');
    expect(malformed).toMatch(/value="q_age" checked=""/);
    const missingVersion = await get('?versions=7', 404);
    expect(missingVersion).toContain('has no published version 7');
  });
});

describe.each(ENGINES)('crosstab page without responses on %s', (engine) => {
  it('renders the form and says there is nothing yet, without charts or NaN', async () => {
    const ctx = await createTestApp(engine, { definitions: [definitionFrom(CROSSTAB_SURVEY_V1)] });
    try {
      const press = await signIn(ctx, 'press');
      const res = await ctx.app.request(`${PAGE}?breaks=q_gender`, { headers: press.headers });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('There are no complete responses yet.');
      expect(tableRows(html, 'xt-q_support')[2]).toEqual(['Unweighted base', '0', '0', '0']);
      expect(html).not.toContain('<canvas');
      expect(html).not.toContain('chart.umd.js');
      expect(html).not.toMatch(/NaN|Infinity/);
    } finally {
      await ctx.database.drop();
    }
  });
});
