import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Figure } from '../../server/press-items/figures.ts';
import type { LiveComparison, PressItem } from '../../server/press-items/service.ts';
import { publishSurveyVersion } from '../../server/surveys/service.ts';
import { createTestApp, definitionFrom, ENGINES, signIn, type SignedIn, type TestContext } from '../helpers.ts';
import { latestSubmittedAt, postRespondents, putScheme, requestAs, RESPONDENTS, saveItem, SCHEME, SLUG, TWO_BY_TWO_SCHEME } from './fixture.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Frozen figures: a saved headline keeps the figures it had when saved, exactly, through new
// responses, an exclusion, a changed weighting scheme, a deleted scheme and a new survey version,
// while the live comparison reports each move (hand-worked from fixture.ts), on both engines.

const TOP2 = { survey: SLUG, question: 'q_welcome_support', answer: { kind: 'net' as const, id: 'top2' } };

/** The share of weighted women agreeing after raking 26 respondents (two more men 25-34): with
 * w = a(gender)·b(age) and r = b(25-34)/b(17-24), the margins give 143r² + 26r − 39 = 0 (see below). */
function womenTop2After(): number {
  // Women 6 + 6, men 3 + 11, n = 26; targets women 9.75, men 16.25, each age 13. With x = a_W·b1 and
  // y = a_M·b1: 6x(1 + r) = 9.75, 6x + 3y = 13 and y(3 + 11r) = 16.25, so (3.25 + 13r)(3 + 11r) = 48.75(1 + r).
  const r = (-26 + Math.sqrt(26 * 26 + 4 * 143 * 39)) / (2 * 143);
  return ((4 + 2 * r) / (6 + 6 * r)) * 100;
}

describe.each(ENGINES)('frozen figures (%s)', (engine) => {
  let ctx: TestContext;
  let press: SignedIn;
  let researcher: SignedIn;
  let saved: PressItem;

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    press = await signIn(ctx, 'press');
    researcher = await signIn(ctx, 'researcher');
    await postRespondents(ctx, RESPONDENTS);
    await putScheme(ctx, researcher, TWO_BY_TWO_SCHEME);
  });
  afterAll(async () => {
    await ctx.database.drop();
  });

  const read = async (): Promise<{ item: PressItem; live: LiveComparison }> => {
    const res = await requestAs(ctx, 'GET', `/api/press/items/${saved.id}?compare=1`, press);
    expect(res.status).toBe(200);
    return (await res.json()) as { item: PressItem; live: LiveComparison };
  };
  const live = (comparison: LiveComparison, i: number): Figure => comparison.figures[i]!.live!;

  it('saves a headline with its figures frozen and their provenance', async () => {
    saved = await saveItem(ctx, press, {
      surveySlug: SLUG,
      kind: 'headline',
      title: '  Parents would welcome support  ',
      spec: {
        queries: [TOP2, { ...TOP2, weighting: SCHEME, filters: [{ question: 'q_gender', codes: ['1'] }] }],
        settings: { sentence: '42% of parents would welcome support' },
      },
    });
    expect(saved.title).toBe('Parents would welcome support');
    expect(saved.published).toBe(false);
    expect(saved.spec.settings).toEqual({ sentence: '42% of parents would welcome support' });
    expect(saved.frozen).toHaveLength(2);
    expect(saved.frozen[0]!.percent).toBeCloseTo((10 / 24) * 100, 9);
    expect(saved.frozen[1]!.percent).toBeCloseTo((5 / 9) * 100, 6);
    expect(saved.frozen[1]!.subgroupLabel).toBe('Woman');
    expect(saved.frozen[1]!.provenance).toMatchObject({ versions: [1], weighting: SCHEME, filters: [{ question: 'q_gender', codes: ['1'] }], excludedResponses: 0, responses: 24 });
    expect(saved.frozen[0]!.provenance.dataCutOff).toBe(await latestSubmittedAt(ctx));
    expect(saved.frozenAt).toMatch(/^\d{4}-\d\d-\d\dT/);

    const { item, live: comparison } = await read();
    expect(item).toEqual(saved);
    expect(comparison.moved).toBe(false);
    expect(comparison.figures.map((f) => [f.percentChange, f.baseChange, f.error])).toEqual([
      [0, 0, null],
      [expect.closeTo(0, 9), 0, null],
    ]);
    const audit = await ctx.database.db.selectFrom('audit_log').select(['subject', 'detail', 'actor_label']).where('action', '=', 'press.item_saved').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.subject).toBe(saved.id);
    expect(audit[0]!.actor_label).toBe(press.user.email);
    expect(JSON.parse(audit[0]!.detail).figures[0]).toMatchObject({ question: 'q_welcome_support', answer: 'top2', base: 24 });
  });

  it('keeps its figures through new responses while the live figures move', async () => {
    const before = saved.frozen[0]!.provenance.dataCutOff!;
    await postRespondents(ctx, [
      { gender: '2', age: '3', welcome: '5', cry: '5' },
      { gender: '2', age: '3', welcome: '5', cry: '5' },
    ]);
    const { item, live: comparison } = await read();
    expect(item).toEqual(saved);
    expect(comparison.moved).toBe(true);
    expect(live(comparison, 0).percent).toBeCloseTo((12 / 26) * 100, 9);
    expect(comparison.figures[0]!.percentChange).toBeCloseTo((12 / 26) * 100 - (10 / 24) * 100, 9);
    expect(comparison.figures[0]!.baseChange).toBe(2);
    expect(live(comparison, 0).provenance.dataCutOff! > before).toBe(true);
    // Women's own answers did not change, but re-raking with two more men changes their weights.
    expect(live(comparison, 1).percent).toBeCloseTo(womenTop2After(), 5);
    expect(comparison.figures[1]!.baseChange).toBe(0);
  });

  it('keeps its figures through an exclusion, which the live provenance counts', async () => {
    const newest = await ctx.database.db.selectFrom('responses').select('id').where('survey_slug', '=', SLUG).orderBy('submitted_at', 'desc').orderBy('id', 'desc').executeTakeFirstOrThrow();
    const res = await requestAs(ctx, 'POST', `/api/surveys/${SLUG}/exclusions`, researcher, { responseIds: [newest.id], reason: 'Test duplicate' });
    expect(res.status, await res.clone().text()).toBe(200);
    const { item, live: comparison } = await read();
    expect(item).toEqual(saved);
    expect(live(comparison, 0).percent).toBeCloseTo((11 / 25) * 100, 9);
    expect(live(comparison, 0).provenance.excludedResponses).toBe(1);
    expect(live(comparison, 0).provenance.responses).toBe(25);
    expect(live(comparison, 0).provenance.dataCutOff).toBe(await latestSubmittedAt(ctx));
    expect(comparison.figures[0]!.baseChange).toBe(1);
  });

  it('keeps its figures through a changed weighting scheme', async () => {
    // Targets equal to the sample's own shares (women 12 of 25, ages 9 and 16 of 25) weight everyone 1,
    // so the weighted women's figure becomes the unweighted one: 6 of 12.
    await putScheme(ctx, researcher, {
      variables: [
        { question: 'q_gender', targets: { '1': 0.48, '2': 0.52 } },
        { question: 'q_age_band', targets: { '2': 0.36, '3': 0.64 } },
      ],
    });
    const { item, live: comparison } = await read();
    expect(item).toEqual(saved);
    expect(live(comparison, 1).percent).toBeCloseTo(50, 6);
    expect(comparison.figures[1]!.percentChange).toBeCloseTo(50 - (5 / 9) * 100, 6);
    expect(comparison.moved).toBe(true);
  });

  it('reports a figure that can no longer be computed, and survives a new survey version', async () => {
    const del = await requestAs(ctx, 'DELETE', `/api/surveys/${SLUG}/weightings/${SCHEME}`, researcher);
    expect(del.status).toBe(204);
    const file = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'surveys', `${SLUG}.v1.json`), 'utf8')) as Record<string, unknown>;
    await publishSurveyVersion(ctx.database.db, definitionFrom({ ...file, version: 2 }));

    const { item, live: comparison } = await read();
    expect(item).toEqual(saved);
    expect(comparison.moved).toBe(true);
    expect(comparison.figures[0]!.error).toBeNull();
    expect(live(comparison, 0).provenance.versions).toEqual([1, 2]);
    expect(live(comparison, 0).percent).toBeCloseTo((11 / 25) * 100, 9);
    expect(comparison.figures[1]!.live).toBeNull();
    expect(comparison.figures[1]!.error).toMatch(/has no weighting scheme "two-by-two"/);
  });

  it('counts a change of 0.05 points or more as a move, and less as none', async () => {
    const { compareWithLive } = await import('../../server/press-items/service.ts');
    const { computeFigure } = await import('../../server/press-items/figures.ts');
    const now = await computeFigure(ctx.database.db, TOP2);
    const frozenAt = (shift: number): PressItem => ({ ...saved, frozen: [{ ...now, percent: now.percent! - shift }] });
    const small = await compareWithLive(ctx.database.db, frozenAt(0.049));
    expect([small.moved, small.figures[0]!.percentChange]).toEqual([false, expect.closeTo(0.049, 9)]);
    const edge = await compareWithLive(ctx.database.db, frozenAt(0.05));
    expect(edge.moved).toBe(true);
    const down = await compareWithLive(ctx.database.db, frozenAt(-0.06));
    expect([down.moved, down.figures[0]!.percentChange]).toEqual([true, expect.closeTo(-0.06, 9)]);
    const suppressed = await compareWithLive(ctx.database.db, { ...saved, frozen: [{ ...now, percent: null }] });
    expect(suppressed.moved).toBe(true);
  });

  it('freezes again when the item is updated, and reports no move right after', async () => {
    const { updatePressItem } = await import('../../server/press-items/service.ts');
    const updated = await updatePressItem(ctx.database.db, saved.id, { title: 'Parents would welcome support (update)', spec: { queries: [TOP2], settings: {} } }, { label: 'system' });
    expect(updated.frozen).toHaveLength(1);
    expect(updated.frozen[0]!.percent).toBeCloseTo((11 / 25) * 100, 9);
    expect(updated.createdAt).toBe(saved.createdAt);
    expect(updated.frozenAt > saved.frozenAt).toBe(true);
    saved = updated;
    const { item, live: comparison } = await read();
    expect(item).toEqual(updated);
    expect(comparison.moved).toBe(false);
  });
});
