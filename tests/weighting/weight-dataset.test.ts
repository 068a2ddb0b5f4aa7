import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildColumns } from '../../server/analysis/index.ts';
import { loadDataset } from '../../server/datasets/service.ts';
import { AppError } from '../../server/errors.ts';
import { publishSurveyVersion } from '../../server/surveys/service.ts';
import { listWeightingSchemes, saveWeightingScheme, weightDataset, type WeightingSchemeDefinition } from '../../server/weighting/service.ts';
import { createTestApp, definitionFrom, ENGINES, EXAMPLE_SURVEYS_DIR, type TestContext } from '../helpers.ts';
import { postResponses, SLUG, times, TWO_BY_TWO, TWO_BY_TWO_SCHEME, TWO_BY_TWO_WEIGHTS, type Profile } from './fixtures.ts';

// weightDataset over real stored responses, against weights worked out by hand.

const system = { actor: { label: 'system' as const }, ip: null };

/** A fresh database with these responses and these saved schemes. */
async function setUp(engine: (typeof ENGINES)[number], profiles: Profile[], schemes: WeightingSchemeDefinition[]) {
  const ctx = await createTestApp(engine);
  const ids = await postResponses(ctx, profiles);
  for (const scheme of schemes) await saveWeightingScheme(ctx.database.db, SLUG, scheme, system);
  return { ctx, ids };
}

/** The weights of a scheme keyed by submission id. */
async function weightsBySubmission(ctx: TestContext, name: string) {
  const dataset = await loadDataset(ctx.database.db, SLUG);
  const result = await weightDataset(ctx.database.db, dataset, name);
  const byId = new Map(dataset.rows.map((row, i) => [row.submissionId, result.weights[i]!]));
  return { result, byId, dataset };
}

async function failureOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe.each(ENGINES)('weightDataset (%s)', (engine) => {
  describe('hand-worked cases', () => {
    let ctx: TestContext;
    const ids: Record<string, string[]> = {};
    beforeAll(async () => {
      // The cases in this block are different schemes over the same eight 2 x 2 respondents.
      const setup = await setUp(engine, TWO_BY_TWO, [
        { name: 'two-by-two', ...TWO_BY_TWO_SCHEME },
        { name: 'gender-only', variables: [{ question: 'q_gender', targets: { '1': 0.25, '2': 0.75 } }] },
        { name: 'north-east', variables: [{ question: 'q_region', targets: { '1': 0.1, '7': 0.9 } }] },
        { name: 'trimmed-gender', variables: [{ question: 'q_gender', targets: { '1': 0.25, '2': 0.75 } }], trim: { max: 1.25 } },
        { name: 'two-by-two-trimmed', ...TWO_BY_TWO_SCHEME, trim: { max: 1.8 } },
      ]);
      ctx = setup.ctx;
      ids.all = setup.ids;
    });
    afterAll(async () => {
      await ctx.database.drop();
    });

    it('rakes a 2 x 2 sample on two variables to the weights worked by hand, with their Kish summary', async () => {
      const { result, byId } = await weightsBySubmission(ctx, 'two-by-two');
      ids.all!.forEach((id, i) => expect(byId.get(id), `respondent ${i}`).toBeCloseTo(TWO_BY_TWO_WEIGHTS[i]!, 10));
      expect(result.raking.converged).toBe(true);
      expect(result.scheme.source).toBe('workspace');
      // sum w = 8, sum w^2 = 1+1+0.25+0.25+4+1+1+1 = 9.5: n_eff = 64/9.5, deff = 9.5/8, efficiency = 64/76.
      expect(result.summary.n).toBe(8);
      expect(result.summary.sum).toBeCloseTo(8, 10);
      expect(result.summary.effectiveSampleSize).toBeCloseTo(64 / 9.5, 9);
      expect(result.summary.designEffect).toBeCloseTo(1.1875, 9);
      expect(result.summary.efficiency).toBeCloseTo(0.8421052631578947, 9);
      expect(result.summary.min).toBeCloseTo(0.5, 10);
      expect(result.summary.max).toBeCloseTo(2, 10);
      expect(result.withoutValue).toEqual([
        { question: 'q_gender', count: 0 },
        { question: 'q_age_band', count: 0 },
      ]);
      // Sample shares 4/8 women, 3/8 aged 17-24; weighted shares are the targets.
      const [gender, age] = result.variables;
      expect(gender!.categories.map((c) => [c.code, c.unweightedCount, c.sampleShare, c.target])).toEqual([
        ['1', 4, 0.5, 0.375],
        ['2', 4, 0.5, 0.625],
      ]);
      expect(gender!.categories[0]!.weightedShare).toBeCloseTo(0.375, 10);
      expect(age!.categories.map((c) => [c.code, c.unweightedCount, c.sampleShare])).toEqual([
        ['2', 3, 0.375],
        ['3', 5, 0.625],
      ]);
      expect(age!.categories[1]!.weightedShare).toBeCloseTo(0.5, 10);
    });

    it('trims to a cap and re-rakes: the cap holds and both margins are still met', async () => {
      // With the lone man aged 17-24 at t instead of 2, the margins (women 3, 17-24 4, of 8) leave one
      // solution per t: women 17-24 (4 - t)/2, women 25-34 (t - 1)/2, men 25-34 (5 - t)/3. The untrimmed
      // t = 2 breaks the cap of 1.8, so re-raking must land on that line with t <= 1.8.
      const { result, byId } = await weightsBySubmission(ctx, 'two-by-two-trimmed');
      expect(result.raking.converged).toBe(true);
      const t = byId.get(ids.all![4]!)!;
      expect(t).toBeLessThanOrEqual(1.8 + 1e-12);
      expect(t).toBeGreaterThan(1);
      const expected = [(4 - t) / 2, (4 - t) / 2, (t - 1) / 2, (t - 1) / 2, t, (5 - t) / 3, (5 - t) / 3, (5 - t) / 3];
      ids.all!.forEach((id, i) => expect(byId.get(id), `respondent ${i}`).toBeCloseTo(expected[i]!, 8));
      expect(result.summary.max).toBeLessThanOrEqual(1.8 + 1e-12);
      for (const variable of result.variables) for (const category of variable.categories) expect(category.weightedShare).toBeCloseTo(category.target, 8);
    });

    it('gives weights that are the same, bit for bit, every time', async () => {
      const first = await weightsBySubmission(ctx, 'two-by-two');
      const second = await weightsBySubmission(ctx, 'two-by-two');
      expect([...second.result.weights]).toEqual([...first.result.weights]);
    });

    it('weights a single variable by target / sample share, exact after one pass', async () => {
      // Women 4 of 8 (50%) to 25%: 0.25/0.5 = 0.5; men 4 of 8 to 75%: 0.75/0.5 = 1.5.
      const { result, byId, dataset } = await weightsBySubmission(ctx, 'gender-only');
      for (const [i, id] of ids.all!.entries()) expect(byId.get(id)).toBeCloseTo(TWO_BY_TWO[i]!.gender === '1' ? 0.5 : 1.5, 12);
      expect(result.raking.iterations).toBe(2);
      // sum w^2 = 4*0.25 + 4*2.25 = 10: n_eff = 64/10.
      expect(result.summary.effectiveSampleSize).toBeCloseTo(6.4, 10);
      expect(dataset.rows).toHaveLength(8);
    });

    it('fails with the question and the answer when a target category has no respondents', async () => {
      const dataset = await loadDataset(ctx.database.db, SLUG);
      const error = await failureOf(weightDataset(ctx.database.db, dataset, 'north-east'));
      expect(error.code).toBe('weighting_failed');
      expect(error.status).toBe(422);
      expect(error.message).toBe('Weighting "north-east" cannot be applied: target category "North East (code 1)" of q_region has no respondents');
    });

    it('fails, saying so, when trimming bounds cannot hold together with the targets', async () => {
      // One variable fixes the weights at 0.5 and 1.5, so a cap of 1.25 can never hold with the margin.
      const dataset = await loadDataset(ctx.database.db, SLUG);
      const error = await failureOf(weightDataset(ctx.database.db, dataset, 'trimmed-gender'));
      expect(error.code).toBe('weighting_failed');
      expect(error.message).toMatch(/^Weighting "trimmed-gender" cannot be applied: trimming to \[0, 1.25\] did not converge in 100 iterations/);
    });

    it('answers not_found for a scheme the survey does not have', async () => {
      const dataset = await loadDataset(ctx.database.db, SLUG);
      const error = await failureOf(weightDataset(ctx.database.db, dataset, 'nope'));
      expect(error.code).toBe('not_found');
      expect(error.message).toBe('Survey "start-for-life-parents" has no weighting scheme "nope"');
    });

    it('weights only the rows it is given (the caller leaves excluded responses out)', async () => {
      const dataset = await loadDataset(ctx.database.db, SLUG);
      // Leave out one woman and weigh on gender only: women 3 of 7 to 25%, men 4 of 7 to 75%.
      const keep = dataset.rows.map((row) => row.submissionId !== ids.all![0]);
      const subset = {
        ...dataset,
        rows: dataset.rows.filter((_, i) => keep[i]),
        records: dataset.records.filter((_, i) => keep[i]),
      };
      subset.columns = buildColumns(subset.reporting, subset.records);
      const result = await weightDataset(ctx.database.db, subset, 'gender-only');
      expect(result.weights).toHaveLength(7);
      subset.rows.forEach((row, i) => {
        const woman = TWO_BY_TWO[ids.all!.indexOf(row.submissionId)]!.gender === '1';
        expect(result.weights[i]).toBeCloseTo(woman ? (0.25 * 7) / 3 : (0.75 * 7) / 4, 12);
      });
    });
  });

  it('leaves respondents whose answer has no target at their weight, and counts them', async () => {
    // Women 3, men 1, "prefer not to say" 1 (no target). Fitted among the 4 with a value:
    // women 0.5*4/3 = 2/3, men 0.5*4/1 = 2; the fifth keeps 1; the total stays 5.
    const { ctx, ids } = await setUp(engine, [...times(3, { gender: '1' }), { gender: '2' }, { gender: '4' }], [
      { name: 'halves', variables: [{ question: 'q_gender', targets: { '1': 0.5, '2': 0.5 } }] },
    ]);
    try {
      const { result, byId } = await weightsBySubmission(ctx, 'halves');
      expect([0, 1, 2].map((i) => byId.get(ids[i]!))).toEqual([expect.closeTo(2 / 3, 12), expect.closeTo(2 / 3, 12), expect.closeTo(2 / 3, 12)]);
      expect(byId.get(ids[3]!)).toBeCloseTo(2, 12);
      expect(byId.get(ids[4]!)).toBeCloseTo(1, 12);
      expect(result.withoutValue).toEqual([{ question: 'q_gender', count: 1 }]);
      expect(result.variables[0]!.categories.map((c) => c.sampleShare)).toEqual([0.75, 0.25]);
    } finally {
      await ctx.database.drop();
    }
  });

  it('weights a single variable with three categories: 0.2/0.5, 0.3/0.3, 0.5/0.2', async () => {
    // London 5, South East 3, South West 2 of 10, to 20%, 30%, 50%: 0.4, 1, 2.5.
    // sum w^2 = 5*0.16 + 3*1 + 2*6.25 = 16.3: n_eff = 100/16.3, deff = 1.63.
    const { ctx, ids } = await setUp(
      engine,
      [...times(5, { gender: '1', region: '7' }), ...times(3, { gender: '1', region: '8' }), ...times(2, { gender: '1', region: '9' })],
      [{ name: 'regions', variables: [{ question: 'q_region', targets: { '7': 0.2, '8': 0.3, '9': 0.5 } }] }],
    );
    try {
      const { result, byId } = await weightsBySubmission(ctx, 'regions');
      const expected = [0.4, 0.4, 0.4, 0.4, 0.4, 1, 1, 1, 2.5, 2.5];
      ids.forEach((id, i) => expect(byId.get(id)).toBeCloseTo(expected[i]!, 12));
      expect(result.summary.effectiveSampleSize).toBeCloseTo(100 / 16.3, 10);
      expect(result.summary.designEffect).toBeCloseTo(1.63, 10);
    } finally {
      await ctx.database.drop();
    }
  });

  it('fails, naming the question, when a saved scheme weights on a question the reported version no longer has', async () => {
    const { ctx } = await setUp(engine, [{ gender: '1' }, { gender: '2' }], [{ name: 'ages', variables: [{ question: 'q_age_band', targets: { '2': 0.5, '3': 0.5 } }] }]);
    try {
      const v1 = JSON.parse(readFileSync(join(EXAMPLE_SURVEYS_DIR, 'start-for-life-parents.v1.json'), 'utf8')) as { pages: { questions: { id: string }[] }[] };
      const pages = v1.pages.map((page) => ({ ...page, questions: page.questions.filter((q) => q.id !== 'q_age_band') }));
      await publishSurveyVersion(ctx.database.db, definitionFrom({ ...v1, version: 2, pages }));
      const dataset = await loadDataset(ctx.database.db, SLUG);
      const error = await failureOf(weightDataset(ctx.database.db, dataset, 'ages'));
      expect(error.code).toBe('weighting_failed');
      expect(error.message).toBe('Weighting "ages" cannot be applied: "q_age_band" is not a question in version 2: weighting needs a single-choice question');
    } finally {
      await ctx.database.drop();
    }
  });

  it('fails when there are no responses to weight', async () => {
    const { ctx } = await setUp(engine, [], [{ name: 'halves', variables: [{ question: 'q_gender', targets: { '1': 0.5, '2': 0.5 } }] }]);
    try {
      const dataset = await loadDataset(ctx.database.db, SLUG);
      const error = await failureOf(weightDataset(ctx.database.db, dataset, 'halves'));
      expect(error.code).toBe('weighting_failed');
      expect(error.message).toBe('Weighting "halves" cannot be applied: there are no responses to weight');
    } finally {
      await ctx.database.drop();
    }
  });

  it('lists the schemes of the latest survey file first (read-only), then saved ones; a file name cannot be saved', async () => {
    const { ctx } = await setUp(engine, [{ gender: '1' }, { gender: '2' }], [
      { name: 'zeta', variables: [{ question: 'q_gender', targets: { '1': 0.5, '2': 0.5 } }] },
      { name: 'alpha', description: 'saved', variables: [{ question: 'q_gender', targets: { '1': 0.4, '2': 0.6 } }] },
    ]);
    try {
      const v1 = JSON.parse(readFileSync(join(EXAMPLE_SURVEYS_DIR, 'start-for-life-parents.v1.json'), 'utf8')) as Record<string, unknown>;
      const fileScheme = { name: 'from-file', variables: [{ question: 'q_gender', targets: { '1': 0.5, '2': 0.5 } }] };
      await publishSurveyVersion(ctx.database.db, definitionFrom({ ...v1, version: 2, weighting: [fileScheme] }));
      const schemes = await listWeightingSchemes(ctx.database.db, SLUG);
      expect(schemes.map((s) => [s.name, s.source])).toEqual([
        ['from-file', 'survey-file'],
        ['alpha', 'workspace'],
        ['zeta', 'workspace'],
      ]);
      expect(schemes[1]).toEqual({ name: 'alpha', description: 'saved', variables: [{ question: 'q_gender', targets: { '1': 0.4, '2': 0.6 } }], source: 'workspace' });
      const error = await failureOf(saveWeightingScheme(ctx.database.db, SLUG, fileScheme, system));
      expect(error.code).toBe('conflict');
      // The file's scheme weights responses of every version (v1 answered gender the same way).
      const dataset = await loadDataset(ctx.database.db, SLUG);
      const result = await weightDataset(ctx.database.db, dataset, 'from-file');
      expect(result.scheme.source).toBe('survey-file');
      expect([...result.weights]).toEqual([1, 1]);
    } finally {
      await ctx.database.drop();
    }
  });
});
