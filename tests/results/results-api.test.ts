import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSubmissionWriter } from '../../server/responses/submission-writer.ts';
import { recordSubmission } from '../../server/responses/service.ts';
import type { Answers } from '../../server/surveys/model.ts';
import type { QuestionFigures, SurveyResults, TabulatedQuestion } from '../../server/results/service.ts';
import { createTestApp, definitionFrom, ENGINES, publishResults, signIn, type TestContext } from '../helpers.ts';
import { RESULTS_SURVEY_V1, RESULTS_SURVEY_V2 } from './results-fixture.ts';
import { submitAll, V1_ANSWERS } from './seed.ts';

const SLUG = 'results-test';

/** The answers without the routed child's-age question (for respondents routed past it). */
function withoutAge(answers: Answers): Answers {
  const { q_age_child: _unused, ...rest } = answers;
  return rest;
}

async function getResults(ctx: TestContext, query = ''): Promise<SurveyResults> {
  const res = await ctx.app.request(`/api/surveys/${SLUG}/results${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as SurveyResults;
}

function question(results: SurveyResults, id: string): QuestionFigures {
  const found = results.questions.find((q) => q.id === id);
  if (!found) throw new Error(`no question ${id}`);
  return found;
}

/** A choice or scale question's banner table (here, the Total column only). */
function table(results: SurveyResults, id: string): TabulatedQuestion {
  const found = question(results, id);
  if (!('options' in found)) throw new Error(`${id} has no options`);
  return found;
}

/** The Total column of each option: [code, label, count, percent]. */
const totals = (t: TabulatedQuestion) => t.options.map((o) => [o.code, o.label, o.cells[0]!.count, o.cells[0]!.percent]);

describe.each(ENGINES)('results API on %s', (engine) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp(engine, { definitions: [definitionFrom(RESULTS_SURVEY_V1)] });
    await publishResults(ctx, SLUG);
    await submitAll(ctx.app, SLUG, 1, V1_ANSWERS);
  });
  afterAll(() => ctx.database.drop());

  it('describes the survey and counts complete responses only (the screened-out one is left out)', async () => {
    const results = await getResults(ctx);
    expect(results.survey).toEqual({
      slug: SLUG,
      title: 'Results test survey',
      organisation: 'Test Charity',
      commissioner: null,
      conductedBy: null,
      population: 'parents in a test',
      geography: 'England',
      method: 'online',
      fieldwork: { start: '2024-02-23', end: '2024-03-01' },
    });
    expect(results).toMatchObject({ versions: [1], reportedVersion: 1, responses: 4, demoResponses: 0, weighted: false, weighting: null, breaks: [], filters: [] });
    // Without breaks the only column is Total.
    expect(results.columns).toEqual([{ key: 'total', breakId: null, code: null, label: 'Total', letter: null }]);
    const eligible = table(results, 'q_eligible');
    // Four respondents: counts are reported, percentages suppressed (a base under 10).
    expect(eligible.bases).toEqual([{ unweighted: 4, weighted: 4, effective: 4, flag: 'suppressed', marginOfError: 1.959963984540054 * Math.sqrt(0.25 / 4) }]);
    expect(totals(eligible)).toEqual([
      ['1', 'Yes', 4, null],
      ['2', 'No', 0, null],
    ]);
    expect(eligible.options[0]!.cells[0]).toMatchObject({ interval: null, marginOfError: null, higherThan: [] });
  });

  it('reports a likert item with don\'t know in the base and nets', async () => {
    // Disagree, agree, strongly agree, don't know: 1 each of 4.
    const support = table(await getResults(ctx), 'q_support');
    expect(support.type).toBe('likert');
    expect(support.text).toBe('I would welcome support.');
    expect(support.version).toBeNull();
    expect(support.bases[0]).toMatchObject({ unweighted: 4, weighted: 4 });
    expect(totals(support)).toEqual([
      ['1', 'Strongly disagree', 0, null],
      ['2', 'Disagree', 1, null],
      ['3', 'Neither agree nor disagree', 0, null],
      ['4', 'Agree', 1, null],
      ['5', 'Strongly agree', 1, null],
      ['9', "Don't know", 1, null],
    ]);
    expect(support.options.map((o) => o.dontKnow)).toEqual([false, false, false, false, false, true]);
    expect(support.nets.map((n) => [n.id, n.label, n.codes, n.cells[0]!.count])).toEqual([
      ['top2', 'Agree or strongly agree', ['4', '5'], 2],
      ['bottom2', 'Disagree or strongly disagree', ['1', '2'], 1],
    ]);
  });

  it('bases a routed question on those asked only', async () => {
    const age = table(await getResults(ctx), 'q_age_child');
    expect(age.bases[0]).toMatchObject({ unweighted: 2, weighted: 2 });
    expect(age.skipped).toEqual([{ unweighted: 0, weighted: 0 }]);
    expect(age.options.map((o) => o.cells[0]!.count)).toEqual([1, 1]);
  });

  it('bases multiple choice on those who answered and reports skips', async () => {
    const sources = table(await getResults(ctx), 'q_sources');
    expect(sources.bases[0]!.unweighted).toBe(3);
    expect(sources.skipped[0]!.unweighted).toBe(1);
    expect(sources.options.map((o) => o.cells[0]!.count)).toEqual([1, 2, 1]);
    expect(sources.nets).toEqual([]);
  });

  it('reports each grid statement with its own distribution and nets', async () => {
    const advice = question(await getResults(ctx), 'q_advice');
    if (advice.type !== 'likert-grid') throw new Error('not a grid');
    expect(advice.bases[0]!.unweighted).toBe(4);
    expect(advice.statements.map((s) => [s.id, s.text, s.bases[0]!.unweighted, s.nets.map((n) => n.cells[0]!.count)])).toEqual([
      ['s_cry', "Letting the baby 'cry it out'", 4, [3, 1]],
      ['s_affection', 'Limiting physical affection', 4, [0, 2]],
    ]);
    expect(advice.statements[1]!.options.map((o) => o.cells[0]!.count)).toEqual([1, 1, 1, 0, 0, 1]);
  });

  it('summarises a number question and counts text answers without publishing them', async () => {
    const results = await getResults(ctx);
    const children = question(results, 'q_children');
    if (children.type !== 'number') throw new Error('not a number question');
    expect(children.bases[0]!.unweighted).toBe(3);
    expect(children.skipped[0]!.unweighted).toBe(1);
    expect(children.numeric[0]!.mean).toBeCloseTo(7 / 3, 10);
    expect(children.numeric[0]).toMatchObject({ median: 2, min: 1, max: 4 });
    const comments = question(results, 'q_comments');
    expect(comments.bases[0]!.unweighted).toBe(1);
    expect(comments.skipped[0]!.unweighted).toBe(3);
    expect(JSON.stringify(results)).not.toContain('A private comment');
  });

  it('404s an unknown survey and version, 400s a bad version, in the shared error shape', async () => {
    // Anonymous visitors cannot tell an unknown survey from a private one; signed-in users get a 404.
    expect((await ctx.app.request('/api/surveys/no-such-survey/results')).status).toBe(401);
    const press = await signIn(ctx, 'press');
    const missing = await ctx.app.request('/api/surveys/no-such-survey/results', { headers: press.headers });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: 'not_found', message: 'No survey "no-such-survey"' } });
    const noVersion = await ctx.app.request(`/api/surveys/${SLUG}/results?version=7`);
    expect(noVersion.status).toBe(404);
    const bad = await ctx.app.request(`/api/surveys/${SLUG}/results?version=first`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('validation_failed');
  });
});

describe.each(ENGINES)('results API across versions on %s', (engine) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp(engine, { definitions: [definitionFrom(RESULTS_SURVEY_V1), definitionFrom(RESULTS_SURVEY_V2)] });
    await publishResults(ctx, SLUG);
    await submitAll(ctx.app, SLUG, 1, V1_ANSWERS);
    await submitAll(ctx.app, SLUG, 2, [
      { ...withoutAge(V1_ANSWERS[0]!), q_parent: '3', q_new: '1' },
      { ...V1_ANSWERS[1]!, q_new: '2' },
    ]);
    // A demo response, stored the way `attune demo` stores them.
    await recordSubmission(
      { db: ctx.database.db, writer: createSubmissionWriter(ctx.database.db) },
      SLUG,
      { submissionId: randomUUID(), version: 2, answers: { ...V1_ANSWERS[4]!, q_new: '2' } },
      { source: 'demo', isDemo: true },
    );
  });
  afterAll(() => ctx.database.drop());

  it('reports all versions with the latest wording, matching options by code', async () => {
    const results = await getResults(ctx);
    expect(results).toMatchObject({ versions: [1, 2], reportedVersion: 2, responses: 7, demoResponses: 1 });
    const parent = table(results, 'q_parent');
    expect(parent.text).toBe('Are you a parent or carer?');
    // Relabelling "Yes" as "Yes, a parent" keeps the code's meaning, so both versions are one table.
    expect(parent.version).toBeNull();
    // v1: yes, yes, no, no; v2: carer, yes; demo (v2): no.
    expect(totals(parent).map(([code, label, count]) => [code, label, count])).toEqual([
      ['1', 'Yes, a parent', 3],
      ['2', 'No', 3],
      ['3', 'A carer', 1],
    ]);
    // q_new was never asked of version 1 respondents: its base is the three version 2 responses.
    const fresh = table(results, 'q_new');
    expect(fresh.bases[0]!.unweighted).toBe(3);
    expect(fresh.options.map((o) => o.cells[0]!.count)).toEqual([1, 2]);
    // Routing is judged by each response's own version: the carer was not asked the child's age.
    expect(question(results, 'q_age_child').bases[0]!.unweighted).toBe(3);
    expect(results.questions.every((q) => q.version === null)).toBe(true);
  });

  it('restricts to one version with ?version=N and that version\'s wording', async () => {
    const v1 = await getResults(ctx, '?version=1');
    expect(v1).toMatchObject({ versions: [1], reportedVersion: 1, responses: 4, demoResponses: 0 });
    expect(table(v1, 'q_parent').options.map((o) => o.label)).toEqual(['Yes', 'No']);
    expect(v1.questions.some((q) => q.id === 'q_new')).toBe(false);
    const v2 = await getResults(ctx, '?version=2');
    expect(v2).toMatchObject({ versions: [2], responses: 3, demoResponses: 1 });
  });
});

describe.each(ENGINES)('who may read results on %s', (engine) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp(engine, { definitions: [definitionFrom(RESULTS_SURVEY_V1)] });
  });
  afterAll(() => ctx.database.drop());

  it("keeps a survey's results private until it opts in to publishing them", async () => {
    const api = await ctx.app.request(`/api/surveys/${SLUG}/results`);
    expect(api.status).toBe(401);
    const page = await ctx.app.request(`/results/${SLUG}`);
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe(`/login?next=${encodeURIComponent(`/results/${SLUG}`)}`);
    for (const role of ['press', 'researcher', 'admin'] as const) {
      const viewer = await signIn(ctx, role);
      expect((await ctx.app.request(`/api/surveys/${SLUG}/results`, { headers: viewer.headers })).status).toBe(200);
      expect((await ctx.app.request(`/results/${SLUG}`, { headers: viewer.headers })).status).toBe(200);
    }
    await publishResults(ctx, SLUG);
    expect((await ctx.app.request(`/api/surveys/${SLUG}/results`)).status).toBe(200);
    expect((await ctx.app.request(`/results/${SLUG}`)).status).toBe(200);
  });
});
