import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../server/datasets/service.ts';
import { getDatasetResults, type QuestionFigures, type SurveyResults, type TabulatedQuestion } from '../../server/results/service.ts';
import { createTestApp, definitionFrom, ENGINES, publishResults, signIn, type TestContext } from '../helpers.ts';
import { CROSSTAB_SURVEY_V1, CROSSTAB_SURVEY_V2, CROSSTAB_V1_ANSWERS, CROSSTAB_V2_ANSWERS } from './crosstab-fixture.ts';
import { submitAll } from './seed.ts';

// Banner tables through the API, on figures worked by hand from crosstab-fixture.ts (20 version-1
// respondents: women W1..W10, men M11..M20; 5 version-2 respondents). Intervals, margins of error
// and z-tests are the published formulas (DOMAIN.md), worked independently in Python:
//   Wilson: (p + z²/2n ± z·sqrt(p(1−p)/n + z²/4n²)) / (1 + z²/n);   MoE: z·sqrt(p(1−p)/n);
//   pooled z: (p1 − p2) / sqrt(P(1−P)(1/n1 + 1/n2)), P = (p1n1 + p2n2)/(n1 + n2); z = 1.959963984540054.

const SLUG = 'crosstab-test';
const CLOSE = 9; // decimal places for toBeCloseTo

async function getResults(ctx: TestContext, query = '', headers: Record<string, string> = {}): Promise<SurveyResults> {
  const res = await ctx.app.request(`/api/surveys/${SLUG}/results${query}`, { headers });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as SurveyResults;
}

function question(results: SurveyResults, id: string, version: number | null = null): QuestionFigures {
  const found = results.questions.find((q) => q.id === id && q.version === version);
  if (!found) throw new Error(`no question ${id} (version ${version})`);
  return found;
}

function table(results: SurveyResults, id: string, version: number | null = null): TabulatedQuestion {
  const found = question(results, id, version);
  if (!('options' in found)) throw new Error(`${id} is not a banner table`);
  return found;
}

const option = (t: TabulatedQuestion, code: string) => t.options.find((o) => o.code === code)!;
const net = (t: TabulatedQuestion, id: string) => t.nets.find((n) => n.id === id)!;
/** Each column's value of one row, for compact expectations. */
const percents = (cells: { percent: number | null }[]) => cells.map((c) => c.percent);
const letters = (cells: { higherThan: string[] }[]) => cells.map((c) => c.higherThan.join(''));

describe.each(ENGINES)('results API banner tables on %s', (engine) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp(engine, { definitions: [definitionFrom(CROSSTAB_SURVEY_V1), definitionFrom(CROSSTAB_SURVEY_V2)] });
    await publishResults(ctx, SLUG);
    await submitAll(ctx.app, SLUG, 1, CROSSTAB_V1_ANSWERS);
    await submitAll(ctx.app, SLUG, 2, CROSSTAB_V2_ANSWERS);
  }, 60_000);
  afterAll(() => ctx.database.drop());

  it('lists the columns with letters, bases, flags and each column\'s margin of error', async () => {
    const results = await getResults(ctx, '?version=1&breaks=q_gender,q_age');
    expect(results).toMatchObject({ versions: [1], reportedVersion: 1, responses: 20, filteredResponses: 20, weighted: false, weighting: null, dontKnow: 'include' });
    expect(results.breaks).toEqual([
      { id: 'q_gender', text: 'Are you a woman or a man?', type: 'single-choice' },
      { id: 'q_age', text: 'How old are you?', type: 'single-choice' },
    ]);
    expect(results.columns.map((c) => [c.key, c.label, c.letter])).toEqual([
      ['total', 'Total', null],
      ['q_gender:1', 'Woman', 'A'],
      ['q_gender:2', 'Man', 'B'],
      ['q_age:1', 'Under 35', 'C'],
      ['q_age:2', '35 to 54', 'D'],
      ['q_age:3', '55 or over', 'E'],
    ]);
    expect(results.significance.level).toBe(0.95);
    const support = table(results, 'q_support');
    // Total 20; women 10, men 10; under 35: 12 (W1-W7, M11-M15); 35 to 54: 8; 55 or over: nobody.
    expect(support.bases.map((b) => [b.unweighted, b.weighted, b.effective, b.flag])).toEqual([
      [20, 20, 20, 'low'],
      [10, 10, 10, 'low'],
      [10, 10, 10, 'low'],
      [12, 12, 12, 'low'],
      [8, 8, 8, 'suppressed'],
      [0, 0, 0, 'empty'],
    ]);
    // 1.96·sqrt(0.25/n): n = 20, 10, 10, 12, 8; none for an empty column.
    const moe = support.bases.map((b) => b.marginOfError);
    expect(moe[0]).toBeCloseTo(0.21913063514414538, CLOSE);
    expect(moe[1]).toBeCloseTo(0.3098975161522808, CLOSE);
    expect(moe[3]).toBeCloseTo(0.2828964335190429, CLOSE);
    expect(moe[4]).toBeCloseTo(0.3464759560874195, CLOSE);
    expect(moe[5]).toBeNull();
  });

  it('gives each option and net its count, percentage, Wilson interval and margin of error, and the letters of the columns it beats', async () => {
    const support = table(await getResults(ctx, '?version=1&breaks=q_gender,q_age'), 'q_support');
    // Strongly agree: W1-W4 (4 of 10 women), no men; under 35: W1-W4 (4 of 12).
    const five = option(support, '5');
    expect(five.cells.map((c) => c.count)).toEqual([4, 4, 0, 4, 0, 0]);
    expect(five.cells[0]!.percent).toBeCloseTo(20, CLOSE);
    expect(five.cells[3]!.percent).toBeCloseTo(100 / 3, CLOSE);
    // 35 to 54 has 8 respondents: suppressed (no percentage, interval or test); 55 or over is empty.
    expect(five.cells.slice(4).map((c) => [c.percent, c.interval, c.marginOfError])).toEqual([
      [null, null, null],
      [null, null, null],
    ]);
    // 4/10 vs 0/10: z = 2.236, p = 0.0253 < 0.05, so Woman (A) beats Man (B).
    expect(letters(five.cells)).toEqual(['', 'B', '', '', '', '']);
    // Agree 5/10 vs 2/10: z = 1.406, p = 0.160: no letter. Disagree 0 vs 3/10: p = 0.060: none.
    expect(letters(option(support, '4').cells)).toEqual(['', '', '', '', '', '']);
    expect(letters(option(support, '2').cells)).toEqual(['', '', '', '', '', '']);
    expect(option(support, '9')).toMatchObject({ label: "Don't know", dontKnow: true });

    // Top-2: W 9/10, M 2/10, Total 11/20. z = 3.146 (p = 0.0017): A beats B.
    const top2 = net(support, 'top2');
    expect(top2.codes).toEqual(['4', '5']);
    expect(top2.cells[0]!.percent).toBeCloseTo(55, CLOSE);
    expect(top2.cells[1]!.percent).toBeCloseTo(90, CLOSE);
    expect(top2.cells[2]!.percent).toBeCloseTo(20, CLOSE);
    expect(letters(top2.cells)).toEqual(['', 'B', '', '', '', '']);
    const total = top2.cells[0]!;
    expect(total.interval!.lower).toBeCloseTo(0.34208534245034233, CLOSE);
    expect(total.interval!.upper).toBeCloseTo(0.7418021417443759, CLOSE);
    expect(total.marginOfError).toBeCloseTo(0.21803222905361905, CLOSE);
    // Bottom-2: W 0/10, M 5/10 (z = −2.582, p = 0.0098): B beats A.
    expect(letters(net(support, 'bottom2').cells)).toEqual(['', '', 'A', '', '', '']);
  });

  it('tabulates multiple choice over those who answered, with letters per option', async () => {
    const sources = table(await getResults(ctx, '?version=1&breaks=q_gender'), 'q_sources');
    expect(sources.bases.map((b) => b.unweighted)).toEqual([20, 10, 10]);
    // NHS: W 10/10 vs M 3/10 (p = 0.0010): A. Family: W 6/10 vs M 10/10 (p = 0.025): B. Online 2/10 vs 0 (p = 0.136): none.
    expect(option(sources, 'nhs').cells.map((c) => [c.count, c.percent, c.higherThan])).toEqual([
      [13, 65, []],
      [10, 100, ['B']],
      [3, 30, []],
    ]);
    expect(letters(option(sources, 'family').cells)).toEqual(['', '', 'A']);
    expect(letters(option(sources, 'online').cells)).toEqual(['', '', '']);
    expect(sources.nets).toEqual([]);
  });

  it('summarises a number question per column', async () => {
    const children = question(await getResults(ctx, '?version=1&breaks=q_gender'), 'q_children');
    if (children.type !== 'number') throw new Error('not a number question');
    // Women 1,1,1,1,1,2,2,2,2,3 (mean 1.6, median 1.5); men all 2; total mean 36/20, median 2.
    expect(children.bases.map((b) => b.unweighted)).toEqual([20, 10, 10]);
    expect(children.numeric.map((n) => n.mean)).toEqual([1.8, 1.6, 2]);
    expect(children.numeric.map((n) => n.median)).toEqual([2, 1.5, 2]);
    expect(children.numeric.map((n) => [n.min, n.max])).toEqual([[1, 3], [1, 3], [2, 2]]);
  });

  it('filters rows by answer codes: one question, several codes, several questions, multiple choice', async () => {
    const women = await getResults(ctx, '?version=1&filter=q_gender:1');
    expect(women.filteredResponses).toBe(10);
    expect(women.filters).toEqual([{ question: 'q_gender', text: 'Are you a woman or a man?', codes: [{ code: '1', label: 'Woman' }] }]);
    expect(table(women, 'q_support').bases[0]!.unweighted).toBe(10);
    expect(net(table(women, 'q_support'), 'top2').cells[0]!.percent).toBe(90);
    // Repeats of one question add codes (what a form's ticked boxes send): 1 or 2 is everybody.
    expect((await getResults(ctx, '?version=1&filter=q_gender:1&filter=q_gender:2')).filteredResponses).toBe(20);
    expect((await getResults(ctx, '?version=1&filter=q_age:1|2')).filteredResponses).toBe(20);
    // Two questions: men under 35 are M11-M15.
    const youngMen = await getResults(ctx, '?version=1&filter=q_gender:2&filter=q_age:1');
    expect(youngMen.filteredResponses).toBe(5);
    expect(option(table(youngMen, 'q_support'), '2').cells[0]!.count).toBe(3);
    // Multiple choice keeps whoever ticked any of the codes: online is W9, W10; online or family is 18.
    expect((await getResults(ctx, '?version=1&filter=q_sources:online')).filteredResponses).toBe(2);
    expect((await getResults(ctx, '?version=1&filter=q_sources:online|family')).filteredResponses).toBe(18);
  });

  it("takes don't know out of the base with dontKnow=exclude", async () => {
    const support = table(await getResults(ctx, '?version=1&breaks=q_gender&dontKnow=exclude'), 'q_support');
    // W10 and M20 answered don't know: bases 18, 9, 9, which takes both gender columns under 10, so
    // their percentages are suppressed and they take part in no test (included, they had letters).
    expect(support.bases.map((b) => [b.unweighted, b.flag])).toEqual([
      [18, 'low'],
      [9, 'suppressed'],
      [9, 'suppressed'],
    ]);
    expect(support.dontKnowExcluded.map((b) => b.unweighted)).toEqual([2, 1, 1]);
    expect(support.options.map((o) => o.code)).toEqual(['1', '2', '3', '4', '5']);
    const top2 = net(support, 'top2');
    expect(top2.cells[0]!.percent).toBeCloseTo(1100 / 18, CLOSE);
    expect(top2.cells.map((c) => c.count)).toEqual([11, 9, 2]);
    expect(percents(top2.cells.slice(1))).toEqual([null, null]);
    expect(letters(top2.cells)).toEqual(['', '', '']);
    // By age, under 35 had no "don't know": its base stays 12 and its top-2 7/12.
    const byAge = table(await getResults(ctx, '?version=1&breaks=q_age&dontKnow=exclude'), 'q_support');
    expect(byAge.bases.map((b) => b.unweighted)).toEqual([18, 12, 6, 0]);
    expect(net(byAge, 'top2').cells[1]!.percent).toBeCloseTo(700 / 12, CLOSE);
    const included = table(await getResults(ctx, '?version=1&breaks=q_gender'), 'q_support');
    expect(included.dontKnowExcluded.map((b) => b.unweighted)).toEqual([0, 0, 0]);
  });

  it('gives the same figures from one loaded dataset, cut several ways, as the API gives per request', async () => {
    const dataset = await loadDataset(ctx.database.db, SLUG, { versions: [1] });
    const cuts: [string, Parameters<typeof getDatasetResults>[2]][] = [
      ['?version=1&breaks=q_gender', { breaks: ['q_gender'] }],
      ['?version=1&breaks=q_gender&weighting=gender-30-70', { breaks: ['q_gender'], weighting: 'gender-30-70' }],
      ['?version=1&filter=q_gender:2&dontKnow=exclude', { filters: [{ question: 'q_gender', codes: ['2'] }], dontKnow: 'exclude' }],
    ];
    for (const [query, request] of cuts) {
      const fromDataset = JSON.parse(JSON.stringify(await getDatasetResults(ctx.database.db, dataset, request))) as SurveyResults;
      expect(fromDataset, query).toEqual(await getResults(ctx, query));
    }
  });

  it('weights with a named scheme: weighted and effective bases, weighted percentages and the Kish summary', async () => {
    // Women 30%, men 70% of 20: each woman weighs 0.6, each man 1.4.
    const results = await getResults(ctx, '?version=1&breaks=q_gender&weighting=gender-30-70');
    expect(results.weighted).toBe(true);
    const weighting = results.weighting!;
    expect(weighting).toMatchObject({ name: 'gender-30-70', description: 'Women 30%, men 70%', source: 'survey-file', converged: true, trim: null });
    expect(weighting.variables).toEqual([{ question: 'q_gender', text: 'Are you a woman or a man?' }]);
    // n_eff = 20² / (10·0.36 + 10·1.96) = 400/23.2; efficiency n_eff/n; deff n/n_eff = 1.16.
    expect(weighting.summary.effectiveSampleSize).toBeCloseTo(400 / 23.2, CLOSE);
    expect(weighting.summary.efficiency).toBeCloseTo(400 / 23.2 / 20, CLOSE);
    expect(weighting.summary.designEffect).toBeCloseTo(1.16, CLOSE);
    expect(weighting.summary.min).toBeCloseTo(0.6, CLOSE);
    expect(weighting.summary.max).toBeCloseTo(1.4, CLOSE);

    const support = table(results, 'q_support');
    const [total, women, men] = support.bases;
    expect([total!.unweighted, women!.unweighted, men!.unweighted]).toEqual([20, 10, 10]);
    expect(total!.weighted).toBeCloseTo(20, CLOSE);
    expect(women!.weighted).toBeCloseTo(6, CLOSE);
    expect(men!.weighted).toBeCloseTo(14, CLOSE);
    expect(total!.effective).toBeCloseTo(400 / 23.2, CLOSE);
    // Equal weights within a column leave its effective base at its size.
    expect(women!.effective).toBeCloseTo(10, CLOSE);
    expect(total!.marginOfError).toBeCloseTo(1.959963984540054 * Math.sqrt(0.25 / (400 / 23.2)), CLOSE);
    // Top-2: (9·0.6 + 2·1.4)/20 = 41%; interval and MoE on n_eff = 17.2414.
    const top2 = net(support, 'top2').cells;
    expect(top2[0]!.count).toBeCloseTo(8.2, CLOSE);
    expect(top2[0]!.percent).toBeCloseTo(41, CLOSE);
    expect(top2[0]!.interval!.lower).toBeCloseTo(0.21581618448056744, CLOSE);
    expect(top2[0]!.interval!.upper).toBeCloseTo(0.6369812303374567, CLOSE);
    expect(top2[0]!.marginOfError).toBeCloseTo(0.23215605860304986, CLOSE);
    expect(top2[1]!.percent).toBeCloseTo(90, CLOSE);
    expect(top2[2]!.percent).toBeCloseTo(20, CLOSE);
    expect(letters(top2)).toEqual(['', 'B', '']);
    // A number question's weighted mean: (16·0.6 + 20·1.4)/20 = 1.88.
    const children = question(results, 'q_children');
    if (children.type !== 'number') throw new Error('not a number question');
    expect(children.numeric[0]!.mean).toBeCloseTo(1.88, CLOSE);
  });

  it('weights before filtering: a filtered column keeps the weights of the whole sample', async () => {
    const results = await getResults(ctx, '?version=1&weighting=gender-30-70&filter=q_gender:2');
    const base = table(results, 'q_support').bases[0]!;
    expect(base.unweighted).toBe(10);
    expect(base.weighted).toBeCloseTo(14, CLOSE);
  });

  it('reports comparable questions across versions together, and a question whose codes changed meaning once per version', async () => {
    for (const query of ['', '?versions=1,2', '?versions=2&versions=1']) {
      const results = await getResults(ctx, query);
      expect(results).toMatchObject({ versions: [1, 2], reportedVersion: 2, responses: 25 });
      // Support is the same question in both: 25 respondents; top-2 11 + 3 of 25.
      const support = table(results, 'q_support');
      expect(support.version).toBeNull();
      expect(support.bases[0]!.unweighted).toBe(25);
      expect(net(support, 'top2').cells[0]!.percent).toBeCloseTo(56, CLOSE);
      // q_reversed: code 1 meant "Agree" in version 1 and "Disagree" in version 2.
      expect(results.questions.filter((q) => q.id === 'q_reversed').map((q) => q.version)).toEqual([1, 2]);
      const v1 = table(results, 'q_reversed', 1);
      expect(v1.bases[0]!.unweighted).toBe(20);
      expect(v1.options.map((o) => [o.code, o.label, o.cells[0]!.count])).toEqual([
        ['1', 'Agree', 10],
        ['2', 'Disagree', 10],
      ]);
      const v2 = table(results, 'q_reversed', 2);
      expect(v2.bases[0]).toMatchObject({ unweighted: 5, flag: 'suppressed' });
      expect(v2.options.map((o) => [o.code, o.label, o.cells[0]!.count, o.cells[0]!.percent])).toEqual([
        ['1', 'Disagree', 2, null],
        ['2', 'Agree', 3, null],
      ]);
      // Per-version tables keep the report's order: q_reversed's two entries come last, as it is last.
      expect(results.questions.map((q) => q.id)).toEqual(['q_gender', 'q_age', 'q_support', 'q_sources', 'q_children', 'q_reversed', 'q_reversed']);
    }
    // Per-version tables carry the same break columns, over that version's respondents.
    const broken = await getResults(ctx, '?breaks=q_gender');
    expect(table(broken, 'q_reversed', 2).bases.map((b) => b.unweighted)).toEqual([5, 3, 2]);
    expect(table(broken, 'q_gender').bases.map((b) => b.unweighted)).toEqual([25, 13, 12]);
    // One version: nothing to compare, so nothing is split; the older version= form still works.
    const second = await getResults(ctx, '?versions=2');
    expect(second).toMatchObject({ versions: [2], reportedVersion: 2, responses: 5 });
    expect(table(second, 'q_reversed').version).toBeNull();
    expect((await getResults(ctx, '?version=1')).responses).toBe(20);
  });

  it('shows a question reported per version as one numbered question per version on the public page', async () => {
    const res = await ctx.app.request(`/results/${SLUG}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<section class="results-question" aria-labelledby="heading-q_reversed-v1" id="q_reversed-v1">');
    expect(html).toContain('<section class="results-question" aria-labelledby="heading-q_reversed-v2" id="q_reversed-v2">');
    expect(html.match(/<span class="results-question__number">Q6<\/span> Do you agree that the advice is clear\?/g)).toHaveLength(2);
    expect(html).toContain('(version 2 respondents)');
    // Version 2 has five respondents: too few for percentages.
    expect(html).toContain('Fewer than 10 people answered this question');
    expect(html).toContain('id="table-q_reversed-v1"');
  });

  it('refuses breaks and filters that do not fit, with a clear message', async () => {
    const press = await signIn(ctx, 'press');
    const refuse = async (query: string, status: number, code: string, message: RegExp) => {
      const res = await ctx.app.request(`/api/surveys/${SLUG}/results${query}`, { headers: press.headers });
      const body = await res.json();
      expect(res.status, query).toBe(status);
      expect(body.error.code, query).toBe(code);
      expect(body.error.message, query).toMatch(message);
      return body;
    };
    await refuse('?breaks=q_sources', 400, 'validation_failed', /"q_sources" is a multiple-choice question; breaks must be single-choice or likert questions/);
    await refuse('?breaks=q_children', 400, 'validation_failed', /number question/);
    await refuse('?breaks=q_nothing', 400, 'validation_failed', /No question "q_nothing"/);
    await refuse('?breaks=q_reversed', 400, 'validation_failed', /changed meaning between versions 1, 2/);
    await refuse('?breaks=Q-BAD', 400, 'validation_failed', /request query/);
    await refuse('?breaks=q_gender,q_gender', 400, 'validation_failed', /request query/);
    await refuse('?filter=q_gender:7', 400, 'validation_failed', /Question "q_gender" has no answer code "7" \(its codes are 1, 2\)/);
    await refuse('?filter=q_nothing:1', 400, 'validation_failed', /No question "q_nothing"/);
    await refuse('?filter=q_children:1', 400, 'validation_failed', /filters must be on single-choice, likert or multiple-choice questions/);
    await refuse('?filter=q_reversed:1', 400, 'validation_failed', /changed meaning/);
    const malformed = await refuse('?filter=q_gender', 400, 'validation_failed', /request query/);
    expect(malformed.error.fields.filter).toMatch(/QUESTION:CODE/);
    await refuse('?dontKnow=maybe', 400, 'validation_failed', /request query/);
    await refuse('?version=1&versions=1', 400, 'validation_failed', /request query/);
    // A misspelt key is refused rather than ignored (it would silently drop the breaks).
    const misspelt = await refuse('?break=q_gender', 400, 'validation_failed', /request query/);
    expect(misspelt.error.fields).toEqual({ break: 'unknown key' });
    await refuse('?versions=3', 404, 'not_found', /version 3/);
    await refuse('?weighting=no-such-scheme', 404, 'not_found', /no weighting scheme "no-such-scheme"/);
    // Nobody is 55 or over, so raking cannot give that group its 20%: 422 with the reason.
    await refuse('?version=1&weighting=impossible-age', 422, 'weighting_failed', /impossible-age/);
  });
});

describe.each(ENGINES)('who may read banner tables on %s', (engine) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp(engine, { definitions: [definitionFrom(CROSSTAB_SURVEY_V1)] });
    await submitAll(ctx.app, SLUG, 1, CROSSTAB_V1_ANSWERS.slice(0, 12));
  }, 60_000);
  afterAll(() => ctx.database.drop());

  it('lets every signed-in role read them, and anonymous visitors only once results are published', async () => {
    const query = `/api/surveys/${SLUG}/results?breaks=q_gender&weighting=gender-30-70&filter=q_age:1`;
    expect((await ctx.app.request(query)).status).toBe(401);
    for (const role of ['press', 'researcher', 'admin'] as const) {
      const viewer = await signIn(ctx, role);
      const res = await ctx.app.request(query, { headers: viewer.headers });
      expect(res.status, role).toBe(200);
      expect(((await res.json()) as SurveyResults).filteredResponses).toBe(9);
    }
    await publishResults(ctx, SLUG);
    expect((await ctx.app.request(query)).status).toBe(200);
  });
});
