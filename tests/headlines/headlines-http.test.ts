import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillDemoResponses, removeDemoResponses } from '../../server/demo/service.ts';
import type { ClaimResult } from '../../server/headlines/claims.ts';
import type { Answers } from '../../server/surveys/model.ts';
import { createTestApp, ENGINES, postForm, postJson, signIn, type SignedIn, type TestContext } from '../helpers.ts';

// The headline builder and the claim checker through HTTP, on the example surveys filled by
// `attune demo` (whose published findings come out exactly), on both engines. Expected figures are
// counted here from the stored answers and put through the published formulas, not read back from
// the analysis code.

const Z = 1.959963984540054;

/** A signed-in user's headers for a JSON write: the session cookie and the CSRF token. */
const auth = (user: SignedIn) => ({ ...user.headers, 'x-csrf-token': user.csrf });

/** Wilson (1927) score interval, as percentages to one decimal place. */
function wilson(p: number, n: number): [string, string] {
  const z2 = Z * Z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return [((centre - half) * 100).toFixed(1), ((centre + half) * 100).toFixed(1)];
}

/** The pooled two-proportion z statistic. */
function pooledZ(p1: number, n1: number, p2: number, n2: number): number {
  const pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
  return (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
}

describe.each(ENGINES)('headlines and the claim checker on %s', (engine) => {
  let ctx: TestContext;
  let press: SignedIn;
  let rows: { survey_slug: string; answers: Answers }[];

  /** Share of respondents (of those who answered) giving one of the codes, counted from stored rows. */
  const shareOf = (slug: string, question: string, codes: string[], statement?: string) => {
    let base = 0;
    let hits = 0;
    for (const row of rows) {
      if (row.survey_slug !== slug) continue;
      const value = row.answers[question];
      const code = statement ? (value as Record<string, string> | undefined)?.[statement] : (value as string | undefined);
      if (code === undefined) continue;
      base++;
      if (codes.includes(code)) hits++;
    }
    return { p: hits / base, base };
  };

  const check = async (text: string, surveys: string[], as: SignedIn = press): Promise<ClaimResult[]> => {
    const res = await postJson(ctx.app, '/api/press/claims/check', { text, surveys }, auth(as));
    expect(res.status).toBe(200);
    return ((await res.json()) as { claims: ClaimResult[] }).claims;
  };

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    await fillDemoResponses(ctx.database.db);
    press = await signIn(ctx, 'press');
    rows = (await ctx.database.db.selectFrom('responses').select(['survey_slug', 'answers']).execute()).map((row) => ({
      survey_slug: row.survey_slug,
      answers: JSON.parse(row.answers) as Answers,
    }));
  });
  afterAll(() => ctx.database.drop());

  describe('claim checker API', () => {
    it("'Over half (53%)' of parents on 'cry it out': the figure matches and the phrase is supported", async () => {
      const claims = await check("Over half (53%) of parents believe advice such as 'cry it out' is outdated", ['start-for-life-parents']);
      const { p, base } = shareOf('start-for-life-parents', 'q_advice_outdated', ['4', '5'], 's_cry_it_out');
      expect(base).toBe(2006);
      const [lower, upper] = wilson(p, base);
      expect(Number(lower)).toBeGreaterThan(50);
      expect(claims.map((c) => [c.kind, c.text, c.verdict])).toEqual([
        ['phrase', 'Over half', 'supported'],
        ['percent', '53%', 'supported'],
      ]);
      expect(claims[0]!.reason).toMatch(new RegExp(`^'over half' is supported: 95% interval ${lower}% to ${upper}%`));
      expect(claims[1]!.reason).toBe(
        `53% matches start-for-life-parents q_advice_outdated s_cry_it_out 'Agree or strongly agree' (net) ${(p * 100).toFixed(1)}% (base 2,006)`,
      );
      expect(claims[1]!.matches).toMatchObject([{ question: 'q_advice_outdated', statement: 's_cry_it_out', answer: { kind: 'net', id: 'top2' }, weighting: null }]);
    });

    it('97% of professionals and 75% of the public: each matched in its own survey', async () => {
      const claims = await check("97% of professionals and 75% of the public agreed early relationships are critical to children's development", ['pif-public', 'pif-professionals']);
      expect(claims.map((c) => [c.text, c.verdict])).toEqual([
        ['97%', 'supported'],
        ['75%', 'supported'],
      ]);
      expect(claims[0]!.matches).toMatchObject([{ survey: 'pif-professionals', question: 'q_views', statement: 's_early_relationships_critical', answer: { id: 'top2' } }]);
      expect(claims[1]!.matches).toMatchObject([{ survey: 'pif-public', question: 'q_attitudes', statement: 's_early_relationships_critical', answer: { id: 'top2' } }]);
    });

    it('"More professionals than members of the public agree ..." is supported by the z-test', async () => {
      const [claim] = await check("More professionals than members of the public agree that early relationships are critical to children's development", [
        'pif-public',
        'pif-professionals',
      ]);
      const pro = shareOf('pif-professionals', 'q_views', ['4', '5'], 's_early_relationships_critical');
      const pub = shareOf('pif-public', 'q_attitudes', ['4', '5'], 's_early_relationships_critical');
      const z = pooledZ(pro.p, pro.base, pub.p, pub.base);
      expect(claim).toMatchObject({ kind: 'comparison', verdict: 'supported' });
      expect(claim!.reason).toMatch(new RegExp(`^'more professionals than members of the public' is supported: 97.0% vs 75.0%, z = ${z.toFixed(2)}, p < 0.001`));
    });

    it('"More of the public than professionals" the other way round is not supported', async () => {
      const [claim] = await check("More adults than professionals agree that early relationships are critical to children's development", ['pif-public', 'pif-professionals']);
      expect(claim).toMatchObject({ kind: 'comparison', verdict: 'not_supported' });
      expect(claim!.reason).toMatch(/is not true: 75.0% vs 97.0%/);
    });

    it('a comparison whose groups cannot be told apart is not found', async () => {
      const [claim] = await check('More parents than grandparents felt guilty.', ['start-for-life-parents']);
      expect(claim).toMatchObject({ kind: 'comparison', verdict: 'not_found' });
    });

    it('the Start for Life findings each match their question', async () => {
      const claims = await check(
        "41% of parents did not know a baby's mental health affects their development. 95% felt confident supporting their baby's emotional and social development. " +
          '73% would welcome support in nurturing their connection with their baby. 52% say limiting physical affection is outdated. 31% felt guilty for following parenting advice.',
        ['start-for-life-parents'],
      );
      expect(claims.map((c) => [c.text, c.verdict, c.matches[0]?.question, c.matches[0]?.statement ?? null, c.matches[0]?.answer.id])).toEqual([
        ['41%', 'supported', 'q_aware_mh_before_2', null, '2'],
        ['95%', 'supported', 'q_confidence_emotional', null, 'top2'],
        ['73%', 'supported', 'q_welcome_support', null, 'top2'],
        ['52%', 'supported', 'q_advice_outdated', 's_limit_affection', 'top2'],
        ['31%', 'supported', 'q_felt_guilty', null, '1'],
      ]);
    });

    it('a figure no question has is not found; a phrase not true is not supported', async () => {
      const claims = await check('61% of parents felt guilty. Almost half (31%) of parents felt guilty.', ['start-for-life-parents']);
      expect(claims.map((c) => [c.text, c.verdict])).toEqual([
        ['61%', 'not_found'],
        ['Almost half', 'not_supported'],
        ['31%', 'supported'],
      ]);
      expect(claims[0]!.reason).toBe('no figure in start-for-life-parents rounds to 61%');
      expect(claims[1]!.reason).toMatch(/^'almost half' is not true of 31.0%: it means from 45.0% up to just under 50.0%/);
    });

    it('"Four-fifths" of professionals disagreeing the Government does enough: true of the total but not supported', async () => {
      const [claim] = await check('Four-fifths of professionals disagree that the UK Government is doing enough to protect children from trauma.', ['pif-professionals']);
      const { p, base } = shareOf('pif-professionals', 'q_views', ['1', '2'], 's_govt_doing_enough');
      const [lower, upper] = wilson(p, base);
      expect(claim).toMatchObject({ kind: 'phrase', verdict: 'not_supported', matches: [{ statement: 's_govt_doing_enough', answer: { id: 'bottom2' } }] });
      expect(claim!.reason).toMatch(new RegExp(`^'four-fifths' is true of ${(p * 100).toFixed(1)}% but not supported at 95% confidence: the 95% interval ${lower}% to ${upper}%`));
    });

    it('matches weighted figures and says which weighting', async () => {
      // Raking on one variable hits its targets exactly: weighted, 50% of parents are women.
      const researcher = await signIn(ctx, 'researcher');
      const put = await ctx.app.request('/api/surveys/start-for-life-parents/weightings/gender-half', {
        method: 'PUT',
        headers: { 'content-type': 'application/json', ...researcher.headers, 'x-csrf-token': researcher.csrf },
        body: JSON.stringify({ variables: [{ question: 'q_gender', targets: { '1': 0.5, '2': 0.48, '3': 0.01, '4': 0.01 } }] }),
      });
      expect(put.status).toBe(201);
      const women = shareOf('start-for-life-parents', 'q_gender', ['1']);
      const claims = await check(
        `50% of parents describe their gender as a woman. ${Math.round(women.p * 100)}% of parents describe their gender as a woman.`,
        ['start-for-life-parents'],
      );
      expect(claims.map((c) => [c.verdict, c.matches[0]?.question, c.matches[0]?.answer.id, c.matches[0]?.weighting])).toEqual([
        ['supported', 'q_gender', '1', 'gender-half'],
        ['supported', 'q_gender', '1', null],
      ]);
      expect(claims[0]!.reason).toMatch(/^50% matches start-for-life-parents q_gender 'Woman' \(option\) 50.0% \(base 2,006, weighted by gender-half\)$/);
    });

    it('refuses bad input with field messages, and an unknown survey with 404', async () => {
      const empty = await postJson(ctx.app, '/api/press/claims/check', { text: '', surveys: [] }, auth(press));
      expect(empty.status).toBe(400);
      const body = (await empty.json()) as { error: { fields: Record<string, string> } };
      expect(body.error.fields).toMatchObject({ text: 'paste a sentence to check', surveys: 'choose at least one survey' });
      const unknown = await postJson(ctx.app, '/api/press/claims/check', { text: '53%', surveys: ['no-such-survey'] }, auth(press));
      expect(unknown.status).toBe(404);
    });
  });

  describe('headline draft API', () => {
    const query = { survey: 'pif-public', question: 'q_attitudes', statement: 's_early_relationships_critical', answer: { kind: 'net', id: 'top2' } };

    it('writes the sentence, base line and margin of error from the figure', async () => {
      const res = await postJson(ctx.app, '/api/press/headlines/draft', { query, phrase: 'three-quarters' }, auth(press));
      expect(res.status).toBe(200);
      const draft = (await res.json()) as { sentence: string; baseLine: string; marginOfError: string; phrases: { phrase: string; supported: boolean }[]; figure: { percent: number }; warnings: string[] };
      const { p, base } = shareOf('pif-public', 'q_attitudes', ['4', '5'], 's_early_relationships_critical');
      expect(draft.figure.percent).toBeCloseTo(p * 100, 9);
      expect(draft.sentence).toBe("Three-quarters (75%) of adults aged 18 or over agreed that early relationships are critical to children's development");
      expect(draft.baseLine).toBe('Base: 2,000 adults aged 18 or over in the United Kingdom');
      // 1.96·sqrt(p(1−p)/2000), in points.
      expect(draft.marginOfError).toBe(`Margin of error: ±${(Z * Math.sqrt((p * (1 - p)) / base) * 100).toFixed(1)} points`);
      expect(draft.phrases[0]).toMatchObject({ phrase: 'three-quarters', supported: true });
      expect(draft.warnings).toEqual([]);
    });

    it('a weighted figure names its weighting in the base line', async () => {
      const res = await postJson(ctx.app, '/api/press/headlines/draft', { query: { survey: 'start-for-life-parents', question: 'q_gender', answer: { kind: 'option', id: '1' }, weighting: 'gender-half' } }, auth(press));
      expect(res.status).toBe(200);
      const draft = (await res.json()) as { sentence: string; baseLine: string };
      expect(draft.sentence).toBe('50% of parents (aged 17+) of under 2 year olds said "Woman" when asked "How would you describe your gender?"');
      expect(draft.baseLine).toMatch(/^Base: 2,006 parents \(aged 17\+\) of under 2 year olds in England \(weighted by gender-half; effective base [\d,]+\)$/);
    });

    it('a subgroup of fewer than 50 carries a low-base warning', async () => {
      const res = await postJson(
        ctx.app,
        '/api/press/headlines/draft',
        { query: { survey: 'start-for-life-parents', question: 'q_felt_guilty', answer: { kind: 'option', id: '1' }, filters: [{ question: 'q_children_under2', codes: ['3'] }] } },
        auth(press),
      );
      // q_children_under2 is a number question: no subgroup on it.
      expect(res.status).toBe(400);
      const lowBase = await postJson(
        ctx.app,
        '/api/press/headlines/draft',
        { query: { survey: 'start-for-life-parents', question: 'q_felt_guilty', answer: { kind: 'option', id: '1' }, filters: [{ question: 'q_gender', codes: ['3'] }] } },
        auth(press),
      );
      expect(lowBase.status).toBe(200);
      const draft = (await lowBase.json()) as { warnings: string[]; figure: { base: { unweighted: number } } };
      const inAnotherWay = rows.filter((row) => row.survey_slug === 'start-for-life-parents' && row.answers.q_gender === '3').length;
      expect(draft.figure.base.unweighted).toBe(inAnotherWay);
      expect(draft.warnings.join(' ')).toMatch(inAnotherWay < 10 ? /^Suppressed/ : /^Low base/);
    });

    it('refuses a bad query and an unknown question', async () => {
      expect((await postJson(ctx.app, '/api/press/headlines/draft', { query: { survey: 'pif-public' } }, auth(press))).status).toBe(400);
      expect((await postJson(ctx.app, '/api/press/headlines/draft', { query: { ...query, question: 'q_nope' } }, auth(press))).status).toBe(404);
    });
  });

  describe('pages', () => {
    it('the builder opens one step at a time and drafts once a figure is chosen', async () => {
      const first = await ctx.app.request('/studio/press/headlines/new', { headers: press.headers });
      expect(first.status).toBe(200);
      const firstHtml = await first.text();
      expect(firstHtml).toContain('<select class="input select" id="survey" name="survey"');
      expect(firstHtml).not.toContain('id="question"');
      const second = await (await ctx.app.request('/studio/press/headlines/new?survey=start-for-life-parents', { headers: press.headers })).text();
      expect(second).toContain('id="question"');
      expect(second).toContain('value="q_advice_outdated:s_cry_it_out"');
      const third = await ctx.app.request('/studio/press/headlines/new?survey=start-for-life-parents&question=q_advice_outdated:s_cry_it_out&answer=net:top2&phrase=over-half', {
        headers: press.headers,
      });
      expect(third.status).toBe(200);
      const html = await third.text();
      expect(html).toContain('Over half (53%) of parents (aged 17+) of under 2 year olds agreed that letting the baby &#39;cry it out&#39;');
      expect(html).toContain('Base: 2,006 parents (aged 17+) of under 2 year olds in England');
      expect(html).toContain('Supported');
    });

    it('an unknown question is shown on the form, not as an error page', async () => {
      const res = await ctx.app.request('/studio/press/headlines/new?survey=start-for-life-parents&question=q_nope&answer=net:top2', { headers: press.headers });
      expect(res.status).toBe(404);
      expect(await res.text()).toContain('This headline cannot be drafted yet');
    });

    it('saves a headline, shows it frozen, edits and freezes it again, and notices when the live figure moves', async () => {
      const fields = { survey: 'start-for-life-parents', question: 'q_felt_guilty', answer: 'option:1', weighting: '', subgroup: '', phrase: 'almost-a-third' };
      const before = await ctx.database.db.selectFrom('press_items').select('id').execute();
      const refused = await postForm(ctx.app, '/studio/press/headlines/new', { ...fields, sentence: '  ' }, press);
      expect(refused.status).toBe(422);
      expect(await refused.text()).toContain('write the sentence');
      expect(await ctx.database.db.selectFrom('press_items').select('id').execute()).toHaveLength(before.length);

      const saved = await postForm(ctx.app, '/studio/press/headlines/new', { ...fields, sentence: 'Almost a third (31%) of parents felt guilty' }, press);
      expect(saved.status).toBe(303);
      const location = saved.headers.get('location')!;
      expect(location).toMatch(/^\/studio\/press\/headlines\/[^/?]+\?done=saved$/);
      const page = await (await ctx.app.request(location, { headers: press.headers })).text();
      const { p, base } = shareOf('start-for-life-parents', 'q_felt_guilty', ['1']);
      expect(page).toContain('Almost a third (31%) of parents felt guilty');
      expect(page).toContain('Base: 2,006 parents (aged 17+) of under 2 year olds in England');
      expect(page).toContain(`Margin of error: ±${(Z * Math.sqrt((p * (1 - p)) / base) * 100).toFixed(1)} points`);
      expect(page).toContain('The live figure is the same as the frozen one.');

      const id = location.split('/').pop()!.split('?')[0]!;
      const edited = await postForm(ctx.app, `/studio/press/headlines/${id}`, { sentence: 'Nearly a third (31%) of parents felt guilty' }, press);
      expect(edited.status).toBe(303);
      const item = await ctx.database.db.selectFrom('press_items').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      expect(JSON.parse(item.spec as unknown as string).settings).toEqual({ sentence: 'Nearly a third (31%) of parents felt guilty', phrase: 'almost-a-third' });

      const badEdit = await postForm(ctx.app, `/studio/press/headlines/${id}`, { sentence: '' }, press);
      expect(badEdit.status).toBe(422);

      // The live data moves on: every demo response goes, so the live figure is no longer the frozen one.
      await removeDemoResponses(ctx.database.db);
      const moved = await (await ctx.app.request(`/studio/press/headlines/${id}`, { headers: press.headers })).text();
      expect(moved).toContain('The live figure has moved since this was frozen');
      expect(moved).toContain('Nearly a third (31%) of parents felt guilty');
      await fillDemoResponses(ctx.database.db);
    });

    it('the claim checker page checks pasted text and keeps it on a refusal', async () => {
      const ok = await postForm(ctx.app, '/studio/press/claims', { text: 'Almost a third (31%) of parents felt guilty.', surveys: 'start-for-life-parents' }, press);
      expect(ok.status).toBe(200);
      const html = await ok.text();
      expect(html).toContain('2 claims checked: the data supports every one');
      expect(html).toContain('31% matches start-for-life-parents q_felt_guilty');
      const refused = await postForm(ctx.app, '/studio/press/claims', { text: '53% of parents' }, press);
      expect(refused.status).toBe(422);
      const refusedHtml = await refused.text();
      expect(refusedHtml).toContain('choose at least one survey');
      expect(refusedHtml).toContain('53% of parents</textarea>');
    });

    it('every signed-in role may use them; anonymous visitors are sent to sign in', async () => {
      for (const role of ['researcher', 'admin'] as const) {
        const user = await signIn(ctx, role);
        expect((await ctx.app.request('/studio/press/claims', { headers: user.headers })).status).toBe(200);
        expect((await postJson(ctx.app, '/api/press/claims/check', { text: '31% felt guilty', surveys: ['start-for-life-parents'] }, auth(user))).status).toBe(200);
      }
      const anonymous = await ctx.app.request('/studio/press/headlines/new');
      expect(anonymous.status).toBe(303);
      expect(anonymous.headers.get('location')).toMatch(/^\/login/);
      const anonymousApi = await postJson(ctx.app, '/api/press/claims/check', { text: '31%', surveys: ['start-for-life-parents'] });
      expect([401, 403]).toContain(anonymousApi.status);
    });
  });
});
