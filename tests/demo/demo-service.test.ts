import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillDemoResponses, removeDemoResponses, type DemoFillOutcome } from '../../server/demo/service.ts';
import { checkSubmission } from '../../server/responses/answer-rules.ts';
import type { Answers } from '../../server/surveys/model.ts';
import { getLatestSurvey } from '../../server/surveys/service.ts';
import { createTestApp, ENGINES, postJson, type TestContext } from '../helpers.ts';

interface StoredRow {
  survey_slug: string;
  status: string;
  source: string;
  is_demo: number;
  language: string;
  answers: Answers;
}

/** The share giving one of `codes`, counted by hand among those who answered (and match `among`),
 * as the whole-number percentage a press release prints. */
function percentOf(
  rows: StoredRow[],
  question: string,
  codes: string[],
  options: { statement?: string; among?: (answers: Answers) => boolean } = {},
): { base: number; percent: number } {
  let base = 0;
  let hits = 0;
  for (const { answers } of rows) {
    if (options.among && !options.among(answers)) continue;
    const value = answers[question];
    const code = options.statement ? (value as Record<string, string> | undefined)?.[options.statement] : (value as string | undefined);
    if (code === undefined) continue;
    base++;
    if (codes.includes(code)) hits++;
  }
  return { base, percent: Math.round((hits / base) * 100) };
}

const SLUGS = ['start-for-life-parents', 'pif-public', 'pif-professionals'];

describe.each(ENGINES)('attune demo data on %s', (engine) => {
  let ctx: TestContext;
  let first: DemoFillOutcome[];
  let rows: StoredRow[];
  const rowsOf = (slug: string) => rows.filter((row) => row.survey_slug === slug);

  const loadRows = async (): Promise<StoredRow[]> =>
    (await ctx.database.db.selectFrom('responses').select(['survey_slug', 'status', 'source', 'is_demo', 'language', 'answers']).execute()).map(
      (row) => ({ ...row, is_demo: Number(row.is_demo), answers: JSON.parse(row.answers) as Answers }),
    );

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    const started = performance.now();
    first = await fillDemoResponses(ctx.database.db);
    console.info(`[${engine}] demo fill of ${first.reduce((n, o) => n + o.added, 0)} responses took ${Math.round(performance.now() - started)} ms`);
    rows = await loadRows();
  });
  afterAll(() => ctx.database.drop());

  it('fills each example survey with its default sample size', () => {
    expect(first).toEqual([
      { slug: 'start-for-life-parents', added: 2006, existing: 0 },
      { slug: 'pif-public', added: 2000, existing: 0 },
      { slug: 'pif-professionals', added: 1000, existing: 0 },
    ]);
    expect(rows).toHaveLength(5006);
  });

  it('flags every stored row as demo data from the demo source, all complete', () => {
    for (const row of rows) expect(row).toMatchObject({ is_demo: 1, source: 'demo', status: 'complete' });
  });

  it('stores only responses that pass the answer rules of the published version', async () => {
    for (const slug of SLUGS) {
      const { definition } = await getLatestSurvey(ctx.database.db, slug);
      for (const row of rowsOf(slug)) {
        const verdict = checkSubmission(definition, row.answers);
        expect([...verdict.problems]).toEqual([]);
        expect(verdict.status).toBe('complete');
      }
    }
  });

  it('reproduces the six Start for Life findings on 2,006 parents', () => {
    const sfl = rowsOf('start-for-life-parents');
    const check = (question: string, codes: string[], statement?: string) => percentOf(sfl, question, codes, { statement });
    expect(check('q_aware_mh_before_2', ['2'])).toEqual({ base: 2006, percent: 41 });
    expect(check('q_confidence_emotional', ['3', '4'])).toEqual({ base: 2006, percent: 95 });
    expect(check('q_welcome_support', ['4', '5'])).toEqual({ base: 2006, percent: 73 });
    expect(check('q_advice_outdated', ['4', '5'], 's_any_advice')).toEqual({ base: 2006, percent: 53 });
    expect(check('q_advice_outdated', ['4', '5'], 's_cry_it_out')).toEqual({ base: 2006, percent: 53 });
    expect(check('q_advice_outdated', ['4', '5'], 's_limit_affection')).toEqual({ base: 2006, percent: 52 });
    expect(check('q_felt_guilty', ['1'])).toEqual({ base: 2006, percent: 31 });
  });

  it('reproduces the Parent-Infant Foundation public findings (75%, 84%)', () => {
    const pub = rowsOf('pif-public');
    expect(percentOf(pub, 'q_attitudes', ['4', '5'], { statement: 's_early_relationships_critical' })).toEqual({ base: 2000, percent: 75 });
    expect(percentOf(pub, 'q_attitudes', ['4', '5'], { statement: 's_health_services_support' })).toEqual({ base: 2000, percent: 84 });
  });

  it('reproduces the professionals findings (97% agree; four-fifths of teachers and early years workers disagree)', () => {
    const pro = rowsOf('pif-professionals');
    expect(percentOf(pro, 'q_views', ['4', '5'], { statement: 's_early_relationships_critical' })).toEqual({ base: 1000, percent: 97 });
    const teachersAndEarlyYears = percentOf(pro, 'q_views', ['1', '2'], {
      statement: 's_govt_doing_enough',
      among: (answers) => answers.q_role === '1' || answers.q_role === '2',
    });
    expect(teachersAndEarlyYears.percent).toBe(80);
    expect(teachersAndEarlyYears.base).toBeGreaterThan(500);
  });

  it('answers routed questions only when asked, and leaves free text blank', () => {
    for (const { answers } of rowsOf('start-for-life-parents')) expect(answers.q_guilt_detail).toBeUndefined();
    const pub = rowsOf('pif-public');
    for (const { answers } of pub) {
      expect(answers.q_support_received !== undefined).toBe(answers.q_parent_under5 === '1');
      expect(answers.q_anything_else).toBeUndefined();
    }
    expect(pub.some((row) => row.answers.q_support_received !== undefined)).toBe(true);
    const pro = rowsOf('pif-professionals');
    for (const { answers } of pro) {
      expect(answers.q_trauma_challenges !== undefined).toBe(answers.q_worked_with_trauma === '1');
      if (answers.q_trauma_challenges !== undefined) expect((answers.q_trauma_challenges as string[]).length).toBeGreaterThan(0);
    }
  });

  it('answers some of the bilingual survey in Welsh, only from Wales, and the others in English', () => {
    const welsh = rows.filter((row) => row.language === 'cy');
    expect(welsh.length).toBeGreaterThan(0);
    for (const row of welsh) expect(row).toMatchObject({ survey_slug: 'pif-public', answers: { q_region: '10' } });
    for (const row of rows.filter((r) => r.survey_slug !== 'pif-public')) expect(row.language).toBe('en');
  });

  it('does not double the data when run again', async () => {
    const again = await fillDemoResponses(ctx.database.db);
    expect(again).toEqual(SLUGS.map((slug, i) => ({ slug, added: 0, existing: [2006, 2000, 1000][i], skipped: 'already-has-demo' })));
    expect(await loadRows()).toHaveLength(5006);
  });

  it('removes exactly the demo rows and leaves a real response untouched', async () => {
    const answers = {
      q_age_band: '3',
      q_parent_under2: '1',
      q_region: '7',
      q_gender: '2',
      q_children_under2: 1,
      q_aware_mh_before_2: '1',
      q_confidence_emotional: '3',
      q_welcome_support: '4',
      q_advice_outdated: { s_any_advice: '4', s_cry_it_out: '5', s_limit_affection: '3' },
      q_felt_guilty: '2',
    };
    const res = await postJson(ctx.app, '/api/surveys/start-for-life-parents/responses', { submissionId: randomUUID(), version: 1, answers });
    expect(res.status).toBe(201);
    const { id } = await res.json();

    expect(await removeDemoResponses(ctx.database.db)).toBe(5006);
    const left = await ctx.database.db.selectFrom('responses').selectAll().execute();
    expect(left).toHaveLength(1);
    expect(left[0]).toMatchObject({ id, source: 'api', survey_slug: 'start-for-life-parents' });
    expect(Number(left[0]!.is_demo)).toBe(0);
    expect(JSON.parse(left[0]!.answers)).toEqual(answers);
    expect(await removeDemoResponses(ctx.database.db)).toBe(0);
  });

  it('fills again after removal, with a chosen number per survey', async () => {
    const outcomes = await fillDemoResponses(ctx.database.db, { perSurvey: 30 });
    expect(outcomes.map((o) => o.added)).toEqual([30, 30, 30]);
    expect(await removeDemoResponses(ctx.database.db)).toBe(90);
  });
});
