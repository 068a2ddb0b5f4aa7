import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, definitionFrom, ENGINES, postForm, postJson, signIn, type SignedIn, type TestContext } from '../helpers.ts';
import { CLEANING_SURVEY, PLANTED, plantResponses } from './cleaning-fixture.ts';

// Flags, exclusions and restorations through the JSON API and the page's forms, on both engines,
// against the seven planted responses whose flags are worked out by hand in cleaning-fixture.ts.

const SLUG = 'cleaning-test';
const OTHER = 'cleaning-other';

describe.each(ENGINES)('cleaning on %s', (engine) => {
  let ctx: TestContext;
  let researcher: SignedIn;
  let ids: string[];
  let otherIds: string[];
  const r = (n: number) => ids[n - 1]!;

  beforeAll(async () => {
    ctx = await createTestApp(engine, { definitions: [definitionFrom(CLEANING_SURVEY), definitionFrom({ ...CLEANING_SURVEY, slug: OTHER })] });
    researcher = await signIn(ctx, 'researcher');
    ids = await plantResponses(ctx.database.db, SLUG, PLANTED);
    otherIds = await plantResponses(ctx.database.db, OTHER, PLANTED.slice(0, 1));
  });
  afterAll(() => ctx.database.drop());

  const api = (path: string, body: unknown) => postJson(ctx.app, `/api/surveys/${SLUG}${path}`, body, { ...researcher.headers, 'x-csrf-token': researcher.csrf });
  const getJson = async (path: string) => {
    const res = await ctx.app.request(path, { headers: researcher.headers });
    expect(res.status).toBe(200);
    return (await res.json()) as Record<string, unknown>;
  };
  const cleaning = () => getJson(`/api/surveys/${SLUG}/cleaning`) as Promise<{
    medianSeconds: number | null;
    completeResponses: number;
    includedResponses: number;
    excludedCount: number;
    timedResponses: number;
    straightLineGrids: string[];
    flags: { flag: string; count: number; responseIds: string[]; excludedCount: number; excludedByFlag: number }[];
    flagged: { id: string; flags: string[]; seconds: number | null; firstWithPanelId: { id: string } | null; exclusion: { reason: string } | null }[];
    excluded: { responseId: string; reason: string; flag: string | null; excludedBy: string | null }[];
  }>;
  const resultsCount = async () => (await getJson(`/api/surveys/${SLUG}/results`)).responses;
  const auditOf = (action: string) =>
    ctx.database.db.selectFrom('audit_log').select(['subject', 'detail', 'actor_user_id']).where('action', '=', action).orderBy('occurred_at').execute();
  const exclusionCount = async () => (await ctx.database.db.selectFrom('response_exclusions').select('response_id').execute()).length;

  it('reports the hand-worked flags, the median and which duplicate came first', async () => {
    const summary = await cleaning();
    expect(summary.medianSeconds).toBe(330);
    expect(summary.completeResponses).toBe(7);
    expect(summary.includedResponses).toBe(7);
    expect(summary.timedResponses).toBe(6);
    // Only the five-statement grid is judged; the four-statement one can never flag.
    expect(summary.straightLineGrids).toEqual(['q_five']);
    expect(summary.flags.map((f) => [f.flag, f.count, f.responseIds])).toEqual([
      ['speeder', 2, [r(3), r(7)]],
      ['straight_liner', 2, [r(4), r(5)]],
      ['duplicate_panel_id', 2, [r(2), r(4)]],
    ]);
    expect(summary.flagged.map((f) => [f.id, f.flags, f.seconds, f.firstWithPanelId?.id ?? null])).toEqual([
      [r(2), ['duplicate_panel_id'], 300, r(2)],
      [r(3), ['speeder'], 90, null],
      [r(4), ['straight_liner', 'duplicate_panel_id'], 420, r(2)],
      [r(5), ['straight_liner'], null, null],
      [r(7), ['speeder'], 60, null],
    ]);
    expect(summary.excluded).toEqual([]);
    expect(await resultsCount()).toBe(7);
  });

  it('refuses bad bodies with 422 and a message per field, changing nothing', async () => {
    const cases: [unknown, string][] = [
      [{ flag: 'speeder' }, 'reason'],
      [{ flag: 'speeder', reason: '   ' }, 'reason'],
      [{ flag: 'speeder', reason: 42 }, 'reason'],
      [{ flag: 'speeder', reason: 'x'.repeat(501) }, 'reason'],
      [{ reason: 'Too fast' }, 'responseIds'],
      [{ flag: 'speeder', responseIds: [r(3)], reason: 'Too fast' }, 'responseIds'],
      [{ responseIds: [], reason: 'Too fast' }, 'responseIds'],
      [{ responseIds: 'not a list', reason: 'Too fast' }, 'responseIds'],
      [{ flag: 'slowcoach', reason: 'Too slow' }, 'flag'],
      [{ flag: 'speeder', reason: 'Too fast', note: 'extra' }, 'note'],
    ];
    for (const path of ['/exclusions', '/exclusions/restore']) {
      for (const [body, field] of cases) {
        const res = await api(path, body);
        expect(res.status, JSON.stringify(body)).toBe(422);
        const error = ((await res.json()) as { error: { code: string; fields: Record<string, string> } }).error;
        expect(error.code).toBe('invalid_request');
        expect(Object.keys(error.fields), JSON.stringify(body)).toContain(field);
      }
    }
    expect(await exclusionCount()).toBe(0);
  });

  it('answers 404 for ids that are not complete responses of the survey, excluding none of the list', async () => {
    for (const responseIds of [[otherIds[0]!], [r(1), 'no-such-response']]) {
      const res = await api('/exclusions', { responseIds, reason: 'Looks wrong' });
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
    const unknownSurvey = await postJson(ctx.app, '/api/surveys/no-such-survey/exclusions', { flag: 'speeder', reason: 'Too fast' }, { ...researcher.headers, 'x-csrf-token': researcher.csrf });
    expect(unknownSurvey.status).toBe(404);
    expect(await exclusionCount()).toBe(0);
  });

  it('excludes by flag with one audit entry, and results leave the excluded out', async () => {
    const res = await api('/exclusions', { flag: 'speeder', reason: '  Under a third of the median time  ' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ action: 'excluded', count: 2, responseIds: [r(3), r(7)], unchanged: [] });
    expect(await resultsCount()).toBe(5);
    const audit = await auditOf('responses.excluded');
    expect(audit).toHaveLength(1);
    expect(audit[0]!.subject).toBe(`${SLUG}/responses`);
    expect(audit[0]!.actor_user_id).toBe(researcher.user.id);
    expect(JSON.parse(audit[0]!.detail)).toEqual({ slug: SLUG, flag: 'speeder', reason: 'Under a third of the median time', count: 2, responseIds: [r(3), r(7)] });

    // Again: nobody is left to exclude, so nothing changes and nothing is logged.
    const again = await api('/exclusions', { flag: 'speeder', reason: 'Once more' });
    expect(await again.json()).toEqual({ action: 'excluded', count: 0, responseIds: [], unchanged: [] });
    expect(await auditOf('responses.excluded')).toHaveLength(1);
  });

  it('excludes named responses one audit entry each, skipping any already excluded', async () => {
    const res = await api('/exclusions', { responseIds: [r(4), r(3), r(4)], reason: 'Same panellist as an earlier response' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ action: 'excluded', count: 1, responseIds: [r(4)], unchanged: [r(3)] });
    const audit = await auditOf('responses.excluded');
    expect(audit).toHaveLength(2);
    expect(audit[1]!.subject).toBe(`${SLUG}/responses/${r(4)}`);
    expect(JSON.parse(audit[1]!.detail)).toMatchObject({ slug: SLUG, responseId: r(4), reason: 'Same panellist as an earlier response' });
    expect(audit[1]!.detail).toContain('CLN-0004');
    expect(await resultsCount()).toBe(4);

    const summary = await cleaning();
    expect(summary.includedResponses).toBe(4);
    expect(summary.excludedCount).toBe(3);
    expect(summary.excluded.map((e) => [e.responseId, e.reason, e.flag, e.excludedBy])).toEqual([
      [r(3), 'Under a third of the median time', 'speeder', 'Test researcher'],
      [r(4), 'Same panellist as an earlier response', null, 'Test researcher'],
      [r(7), 'Under a third of the median time', 'speeder', 'Test researcher'],
    ]);
    // Flags are computed over every response, excluded ones included, so excluding speeders moves nothing.
    expect(summary.medianSeconds).toBe(330);
    expect(summary.flags.map((f) => [f.flag, f.count, f.excludedCount, f.excludedByFlag])).toEqual([
      ['speeder', 2, 2, 2],
      ['straight_liner', 2, 1, 0],
      ['duplicate_panel_id', 2, 1, 0],
    ]);
    expect(summary.flagged.find((f) => f.id === r(4))!.exclusion).toMatchObject({ reason: 'Same panellist as an earlier response' });
  });

  it('restores by flag only what that flag excluded, with a reason and one audit entry', async () => {
    const refused = await api('/exclusions/restore', { flag: 'speeder', reason: '' });
    expect(refused.status).toBe(422);
    const res = await api('/exclusions/restore', { flag: 'speeder', reason: 'Timings were wrong in this wave' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ action: 'restored', count: 2, responseIds: [r(3), r(7)], unchanged: [] });
    const audit = await auditOf('responses.restored');
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.detail)).toEqual({ slug: SLUG, flag: 'speeder', reason: 'Timings were wrong in this wave', count: 2, responseIds: [r(3), r(7)] });
    expect(await resultsCount()).toBe(6);
    // r4 was excluded by hand, not by a flag: still excluded.
    expect((await cleaning()).excluded.map((e) => e.responseId)).toEqual([r(4)]);
  });

  it('restores named responses, leaving ones that were not excluded alone', async () => {
    const res = await api('/exclusions/restore', { responseIds: [r(4), r(1)], reason: 'Checked: a different person' });
    expect(await res.json()).toEqual({ action: 'restored', count: 1, responseIds: [r(4)], unchanged: [r(1)] });
    const audit = await auditOf('responses.restored');
    expect(audit).toHaveLength(2);
    expect(audit[1]!.subject).toBe(`${SLUG}/responses/${r(4)}`);
    expect(await resultsCount()).toBe(7);
    expect(await exclusionCount()).toBe(0);
  });

  it('the page excludes through its forms (PRG) and keeps the choice when the reason is missing', async () => {
    const page = `/studio/surveys/${SLUG}/cleaning`;
    const html = await (await ctx.app.request(page, { headers: researcher.headers })).text();
    expect(html).toContain('Exclude all 2 speeders');
    expect(html).toContain(`href="/studio/surveys/${SLUG}/responses/${r(3)}"`);
    expect(html).toMatch(/Median completion time<\/dt><dd class="overview-figure__value">5 min 30 sec</);

    const missing = await postForm(ctx.app, `${page}/exclude`, { form: 'rows-straight_liner', responseIds: [r(5)], reason: ' ' }, researcher);
    expect(missing.status).toBe(422);
    const shown = await missing.text();
    expect(shown).toContain('<title>Error: Cleaning');
    expect(shown).toContain('href="#rows-straight_liner-reason">Give a reason for excluding these responses</a>');
    expect(shown).toMatch(new RegExp(`id="rows-straight_liner-r-1" name="responseIds" type="checkbox" value="${r(5)}" checked`));
    expect(shown).not.toMatch(new RegExp(`id="rows-straight_liner-r-0" name="responseIds" type="checkbox" value="${r(4)}" checked`));

    const none = await postForm(ctx.app, `${page}/exclude`, { form: 'rows-speeder', reason: 'Too fast' }, researcher);
    expect(none.status).toBe(422);
    const noneHtml = await none.text();
    expect(noneHtml).toContain('Select the responses to exclude');
    expect(noneHtml).toContain('value="Too fast"');
    expect(await exclusionCount()).toBe(0);

    const chosen = await postForm(ctx.app, `${page}/exclude`, { form: 'rows-straight_liner', responseIds: [r(5)], reason: 'Don’t know to everything' }, researcher);
    expect(chosen.status).toBe(303);
    expect(chosen.headers.get('location')).toBe(`${page}?done=excluded&count=1#flag-straight_liner`);
    const all = await postForm(ctx.app, `${page}/exclude`, { form: 'all-speeder', flag: 'speeder', reason: 'Too fast' }, researcher);
    expect(all.headers.get('location')).toBe(`${page}?done=excluded&count=2#flag-speeder`);
    const after = await (await ctx.app.request(`${page}?done=excluded&count=2`, { headers: researcher.headers })).text();
    expect(after).toContain('2 responses excluded.');
    expect(after).toContain('Excluded responses: 3');
    expect(after).toContain('Restore 2 responses excluded as speeders');
    expect(await resultsCount()).toBe(4);

    const restored = await postForm(ctx.app, `${page}/restore`, { form: 'excluded', responseIds: [r(5), r(3)], reason: 'Reviewed' }, researcher);
    expect(restored.headers.get('location')).toBe(`${page}?done=restored&count=2#excluded`);
    expect(await resultsCount()).toBe(6);
    // A form that cannot do what was posted (restoring with the "exclude all" form) is refused.
    const mismatched = await postForm(ctx.app, `${page}/restore`, { form: 'all-speeder', reason: 'x' }, researcher);
    expect(mismatched.status).toBe(400);

    // A response's own page says whether it counts: r7 is still excluded as a speeder, r1 never was.
    const excludedPage = await (await ctx.app.request(`/studio/surveys/${SLUG}/responses/${r(7)}`, { headers: researcher.headers })).text();
    expect(excludedPage).toContain('<strong>Excluded from results</strong>');
    expect(excludedPage).toContain('by Test researcher: Too fast.');
    const countedPage = await (await ctx.app.request(`/studio/surveys/${SLUG}/responses/${r(1)}`, { headers: researcher.headers })).text();
    expect(countedPage).toContain('CLN-0001');
    expect(countedPage).not.toContain('Excluded from results');
  });

  it('is for researchers: press users are refused the page and the API', async () => {
    const press = await signIn(ctx, 'press');
    expect((await ctx.app.request(`/studio/surveys/${SLUG}/cleaning`, { headers: press.headers })).status).toBe(403);
    const res = await postJson(ctx.app, `/api/surveys/${SLUG}/exclusions`, { flag: 'speeder', reason: 'x' }, { ...press.headers, 'x-csrf-token': press.csrf });
    expect(res.status).toBe(403);
  });
});
