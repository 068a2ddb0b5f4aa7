import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeFigure, createFigureCache, type Figure, type FigureQuery } from '../../server/press-items/figures.ts';
import { createTestApp, ENGINES, signIn, type SignedIn, type TestContext } from '../helpers.ts';
import { latestSubmittedAt, postRespondents, putScheme, requestAs, RESPONDENTS, SCHEME, SLUG, TWO_BY_TWO_SCHEME, wilson, Z } from './fixture.ts';

// One reportable figure (POST /api/press/figure, computeFigure) against figures worked by hand on the
// 24 respondents of fixture.ts: unweighted and weighted, an option and a net, a subgroup, a grid
// statement, "don't know" taken out, a suppressed base, and every kind of bad query, on both engines.

const N_EFF = 576 / 28.5;

describe.each(ENGINES)('computeFigure (%s)', (engine) => {
  let ctx: TestContext;
  let press: SignedIn;

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    press = await signIn(ctx, 'press');
    await postRespondents(ctx, RESPONDENTS);
    await putScheme(ctx, await signIn(ctx, 'researcher'), TWO_BY_TWO_SCHEME);
  });
  afterAll(async () => {
    await ctx.database.drop();
  });

  const figure = async (query: Omit<FigureQuery, 'survey'> & { survey?: string }): Promise<Figure> => {
    const res = await requestAs(ctx, 'POST', '/api/press/figure', press, { survey: SLUG, ...query });
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as Figure;
  };
  const failure = async (query: unknown) => {
    const res = await requestAs(ctx, 'POST', '/api/press/figure', press, query);
    return { status: res.status, body: (await res.json()) as { error: { code: string; message: string; fields?: Record<string, string> } } };
  };
  const TOP2 = { question: 'q_welcome_support', answer: { kind: 'net' as const, id: 'top2' } };

  it('gives the unweighted net with its base, interval, margin of error, wording, metadata and provenance', async () => {
    const f = await figure(TOP2);
    expect(f.percent).toBeCloseTo((10 / 24) * 100, 9);
    expect(f.count).toBe(10);
    expect(f.base).toEqual({ unweighted: 24, weighted: 24, effective: 24, flag: 'low' });
    const p = 10 / 24;
    expect(f.interval!.lower).toBeCloseTo(wilson(p, 24).lower, 12);
    expect(f.interval!.upper).toBeCloseTo(wilson(p, 24).upper, 12);
    expect(f.marginOfError).toBeCloseTo(Z * Math.sqrt((p * (1 - p)) / 24), 12);
    expect(f.surveyTitle).toBe('Connecting with your baby: a survey of parents');
    expect(f.questionText).toMatch(/support/i);
    expect(f.statementText).toBeNull();
    expect(f.answerLabel).toBe('Agree or strongly agree');
    expect(f.subgroupLabel).toBeNull();
    expect(f.survey).toEqual({
      slug: SLUG,
      organisation: 'Department of Health and Social Care',
      commissioner: 'Department of Health and Social Care',
      conductedBy: 'Censuswide',
      population: 'parents (aged 17+) of under 2 year olds',
      geography: 'England',
      method: 'online',
      fieldwork: { start: '2024-02-23', end: '2024-03-01' },
    });
    expect(f.provenance).toEqual({
      versions: [1],
      weighting: null,
      filters: [],
      excludedResponses: 0,
      responses: 24,
      dataCutOff: await latestSubmittedAt(ctx),
      computedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(f.query).toEqual({ survey: SLUG, ...TOP2 });
  });

  it('weights the net and an option: counts, bases and Kish effective base as worked by hand', async () => {
    const net = await figure({ ...TOP2, weighting: SCHEME });
    expect(net.percent).toBeCloseTo(50, 6);
    expect(net.count).toBeCloseTo(12, 6);
    expect(net.base.unweighted).toBe(24);
    expect(net.base.weighted).toBeCloseTo(24, 6);
    expect(net.base.effective).toBeCloseTo(N_EFF, 6);
    expect(net.interval!.lower).toBeCloseTo(wilson(0.5, N_EFF).lower, 6);
    expect(net.interval!.upper).toBeCloseTo(wilson(0.5, N_EFF).upper, 6);
    expect(net.marginOfError).toBeCloseTo(Z * Math.sqrt(0.25 / N_EFF), 6);
    expect(net.provenance.weighting).toBe(SCHEME);

    const agree = await figure({ question: 'q_welcome_support', answer: { kind: 'option', id: '4' }, weighting: SCHEME });
    expect(agree.answerLabel).toBe('Agree');
    expect(agree.percent).toBeCloseTo((8 / 24) * 100, 6);
    const unweighted = await figure({ question: 'q_welcome_support', answer: { kind: 'option', id: '4' } });
    expect(unweighted.percent).toBeCloseTo(25, 9);
  });

  it('cuts to a subgroup and names it in words', async () => {
    const women = await figure({ ...TOP2, weighting: SCHEME, filters: [{ question: 'q_gender', codes: ['1'] }] });
    expect(women.subgroupLabel).toBe('Woman');
    expect(women.percent).toBeCloseTo((5 / 9) * 100, 6);
    expect(women.base.unweighted).toBe(12);
    expect(women.base.weighted).toBeCloseTo(9, 6);
    expect(women.base.effective).toBeCloseTo(81 / 7.5, 6);
    expect(women.base.flag).toBe('low');
    expect(women.provenance.filters).toEqual([{ question: 'q_gender', codes: ['1'] }]);
    expect(women.provenance.responses).toBe(24);

    const unweightedWomen = await figure({ ...TOP2, filters: [{ question: 'q_gender', codes: ['1'] }] });
    expect(unweightedWomen.percent).toBeCloseTo(50, 9);

    const either = await figure({ ...TOP2, filters: [{ question: 'q_gender', codes: ['1', '2'] }] });
    expect(either.subgroupLabel).toBe('Woman or Man');
    expect(either.percent).toBeCloseTo((10 / 24) * 100, 9);
  });

  it('suppresses the percentage of a base under 10 but keeps the base', async () => {
    const few = await figure({ ...TOP2, filters: [{ question: 'q_gender', codes: ['2'] }, { question: 'q_age_band', codes: ['2'] }] });
    expect(few.subgroupLabel).toBe('Man, 17 to 24');
    expect(few.base).toEqual({ unweighted: 3, weighted: 3, effective: 3, flag: 'suppressed' });
    expect(few.percent).toBeNull();
    expect(few.interval).toBeNull();
    expect(few.marginOfError).toBeNull();
  });

  it('reads a grid statement', async () => {
    const query = { question: 'q_advice_outdated', statement: 's_cry_it_out', answer: { kind: 'net' as const, id: 'top2' } };
    const unweighted = await figure(query);
    expect(unweighted.statementText).toMatch(/cry it out/i);
    expect(unweighted.percent).toBeCloseTo(75, 9);
    expect(unweighted.base.unweighted).toBe(24);
    const weighted = await figure({ ...query, weighting: SCHEME });
    expect(weighted.percent).toBeCloseTo(87.5, 6);
  });

  it('takes "don\'t know" out of the base when asked', async () => {
    const unweighted = await figure({ ...TOP2, dontKnow: 'exclude' });
    expect(unweighted.base.unweighted).toBe(23);
    expect(unweighted.percent).toBeCloseTo((10 / 23) * 100, 9);
    const weighted = await figure({ ...TOP2, dontKnow: 'exclude', weighting: SCHEME });
    expect(weighted.percent).toBeCloseTo((12 / 23) * 100, 6);
  });

  it('refuses unknown surveys, questions, statements, answers, nets and schemes with a clear message', async () => {
    const cases: [unknown, number, RegExp][] = [
      [{ survey: 'no-such-survey', ...TOP2 }, 404, /No survey "no-such-survey"/],
      [{ survey: SLUG, question: 'q_nothing', answer: { kind: 'net', id: 'top2' } }, 404, /has no question "q_nothing"/],
      [{ survey: SLUG, question: 'q_advice_outdated', statement: 's_nothing', answer: { kind: 'net', id: 'top2' } }, 404, /has no statement "s_nothing".*s_any_advice/],
      [{ survey: SLUG, question: 'q_welcome_support', answer: { kind: 'option', id: '7' } }, 404, /has no answer code "7" \(its codes are 1, 2, 3, 4, 5, 9\)/],
      [{ survey: SLUG, question: 'q_welcome_support', answer: { kind: 'net', id: 'top3' } }, 404, /has no net "top3" \(its nets are top2, bottom2\)/],
      [{ survey: SLUG, ...TOP2, weighting: 'no-such-scheme' }, 404, /no weighting scheme "no-such-scheme"/],
      [{ survey: SLUG, question: 'q_gender', statement: 's_x', answer: { kind: 'option', id: '1' } }, 404, /is not a grid/],
      [{ survey: SLUG, question: 'q_advice_outdated', answer: { kind: 'net', id: 'top2' } }, 400, /is a grid; name one of its statements/],
      [{ survey: SLUG, question: 'q_children_under2', answer: { kind: 'option', id: '1' } }, 400, /is a number question/],
      [{ survey: SLUG, ...TOP2, filters: [{ question: 'q_gender', codes: ['8'] }] }, 400, /no answer code "8"/],
      [{ survey: SLUG, ...TOP2, versions: [7] }, 404, /version/i],
    ];
    for (const [query, status, message] of cases) {
      const { status: got, body } = await failure(query);
      expect([got, body.error.message], JSON.stringify(query)).toEqual([status, expect.stringMatching(message)]);
    }
    const invalid = await failure({ survey: SLUG, question: 'Q!', answer: { kind: 'bar', id: '' }, extra: 1 });
    expect(invalid.status).toBe(400);
    expect(Object.keys(invalid.body.error.fields ?? {})).toEqual(expect.arrayContaining(['question', 'answer.kind', 'answer.id']));
  });

  it('shares one load of results between the figures of a batch with the same settings', async () => {
    const cache = createFigureCache();
    const queries: FigureQuery[] = [
      { survey: SLUG, ...TOP2 },
      { survey: SLUG, question: 'q_welcome_support', answer: { kind: 'option', id: '4' } },
      { survey: SLUG, question: 'q_advice_outdated', statement: 's_cry_it_out', answer: { kind: 'net', id: 'top2' } },
      { survey: SLUG, ...TOP2, weighting: SCHEME },
      { survey: SLUG, ...TOP2, weighting: SCHEME, filters: [{ question: 'q_gender', codes: ['1'] }] },
      { survey: SLUG, ...TOP2, weighting: SCHEME, filters: [{ question: 'q_gender', codes: ['1'] }] },
    ];
    const figures = await Promise.all(queries.map((query) => computeFigure(ctx.database.db, query, cache)));
    expect(cache.size).toBe(3);
    expect(figures.map((f) => f.percent)).toEqual([
      expect.closeTo((10 / 24) * 100, 9),
      expect.closeTo(25, 9),
      expect.closeTo(75, 9),
      expect.closeTo(50, 6),
      expect.closeTo((5 / 9) * 100, 6),
      expect.closeTo((5 / 9) * 100, 6),
    ]);
  });

  it('refuses anonymous posts and works for every signed-in role', async () => {
    // An anonymous post has no session, so the CSRF check refuses it before the role check would (401).
    const anonymous = await requestAs(ctx, 'POST', '/api/press/figure', null, { survey: SLUG, ...TOP2 });
    expect(anonymous.status).toBe(403);
    for (const role of ['researcher', 'admin'] as const) {
      const res = await requestAs(ctx, 'POST', '/api/press/figure', await signIn(ctx, role), { survey: SLUG, ...TOP2 });
      expect(res.status).toBe(200);
    }
  });
});
