import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveDraft } from '../../server/drafts/service.ts';
import { createTestApp, ENGINES, postJson, signIn, type SignedIn, type TestContext } from '../helpers.ts';
import { RespondentClient } from '../respond/respondent-client.ts';
import { completeAnswers, insertResponse, insertSession, monitorSurvey, textOf } from './fixtures.ts';

// The survey overview through HTTP on both engines, with every figure worked out by hand from the
// rows each test puts in.

describe.each(ENGINES)('survey overview and monitoring (%s)', (engine) => {
  let ctx: TestContext;
  let researcher: SignedIn;
  let press: SignedIn;

  beforeAll(async () => {
    ctx = await createTestApp(engine, { definitions: [monitorSurvey('counts'), monitorSurvey('times'), monitorSurvey('quiet'), monitorSurvey('flow')] });
    researcher = await signIn(ctx, 'researcher');
    press = await signIn(ctx, 'press');
  });
  afterAll(async () => {
    await ctx?.database.drop();
  });

  const overview = async (slug: string, as: SignedIn = researcher) => {
    const response = await ctx.app.request(`/studio/surveys/${slug}`, { headers: as.headers });
    expect(response.status).toBe(200);
    const html = await response.text();
    return { html, text: textOf(html) };
  };

  it('counts completes, screen-outs, quota-fulls and partials by last page, with demo responses marked', async () => {
    const submit = (answers: object, startedAt?: string) =>
      postJson(ctx.app, '/api/surveys/counts/responses', { submissionId: randomUUID(), version: 1, answers, ...(startedAt ? { startedAt } : {}) });
    // Three completes and one screen-out through the public API.
    for (const answers of [completeAnswers(true), completeAnswers(false), completeAnswers(true)]) expect((await submit(answers)).status).toBe(201);
    const screened = await submit({ q_age: '1' });
    expect(await screened.json()).toMatchObject({ status: 'screened_out' });
    // Two demo completes and one demo screen-out.
    const now = new Date().toISOString();
    await insertResponse(ctx, { survey_slug: 'counts', submitted_at: now, is_demo: 1, source: 'demo' });
    await insertResponse(ctx, { survey_slug: 'counts', submitted_at: now, is_demo: 1, source: 'demo' });
    await insertResponse(ctx, { survey_slug: 'counts', submitted_at: now, is_demo: 1, source: 'demo', status: 'screened_out', answers: '{"q_age":"1"}' });
    // Partials: one not started, two stopped after the first page, one after the second; plus
    // sessions that ended (not partial) and two turned away by a full quota.
    await insertSession(ctx, 'counts', 'in_progress', null);
    await insertSession(ctx, 'counts', 'in_progress', 'p_screen');
    await insertSession(ctx, 'counts', 'in_progress', 'p_screen');
    await insertSession(ctx, 'counts', 'in_progress', 'p_views');
    await insertSession(ctx, 'counts', 'complete', 'p_more');
    await insertSession(ctx, 'counts', 'quota_full', 'p_screen');
    await insertSession(ctx, 'counts', 'quota_full', 'p_screen');

    const { text } = await overview('counts');
    expect(text).toContain('Completes 5 (of which 2 demo) Sent in full');
    expect(text).toContain('Screened out 2 (of which 1 demo) Ended by a screening answer');
    expect(text).toContain('Quota full 2 Turned away');
    expect(text).toContain('Partial 4 Started and not yet sent');
    // Drop-off in page order, shares of the 4 partials; a page nobody stopped at still shows.
    expect(text).toContain('4 partial responses by the last page saved, in questionnaire order');
    expect(text).toContain('Not started a page yet 1 25% Page 1: About you 2 50% Page 2: Your views 1 25%');
    // Pages 3 and 4 have no title: labelled by their first question; nobody stopped there ("-" for exactly 0).
    expect(text).toContain('Page 2: Your views 1 25% Page 3: How many children do you have? 0 - Page 4: Where do you get advice? 0 - ');
    // The version table counts per version.
    expect(text).toContain('Version 1');
    expect(text).toMatch(/Version 1 published \d+ \w+ \d{4}, \d\d:\d\d 5 \(of which 2 demo\) 2 \(of which 1 demo\)/);
  });

  it('shows the fieldwork window, progress towards the target and quota fill, not counting demo responses', async () => {
    await ctx.database.db
      .insertInto('survey_settings')
      .values({
        survey_slug: 'counts',
        closes_at: '2020-01-01T00:00:00.000Z',
        target_sample: 10,
        quotas: JSON.stringify([
          {
            id: 'age',
            label: 'Age band',
            question: 'q_age',
            cells: [
              { label: 'Younger adults', codes: ['2'], target: 3 },
              { label: 'Older adults', codes: ['3'], target: 4 },
            ],
          },
        ]),
        updated_at: new Date().toISOString(),
      })
      .execute();
    const { text, html } = await overview('counts');
    expect(text).toContain('Fieldwork Closed · closes 1 Jan 2020, 00:00');
    expect(text).toContain('Target sample 3 of 10 complete (30%), not counting demo responses');
    expect(html).toContain('<progress class="overview-progress" max="10" value="3"');
    expect(text).toContain('Draft No draft');
    // Quota fill counts the three real completes (all 18 to 34), not the demo ones.
    expect(text).toContain(
      'Age band (How old are you?) Group Achieved Target Filled Younger adults Full 3 3 100% Older adults 0 4 - ',
    );
  });

  it('times completes (median of odd and even counts) and counts completes per UK day, empty days included', async () => {
    const add = (startedAt: string | null, submittedAt: string, extra: object = {}) =>
      insertResponse(ctx, { survey_slug: 'times', started_at: startedAt, submitted_at: submittedAt, ...extra });
    await add('2026-06-01T09:00:00.000Z', '2026-06-01T09:04:00.000Z'); // 240 s, Mon 1 June
    await add('2026-06-01T22:50:00.000Z', '2026-06-01T23:10:00.000Z'); // 1,200 s; 00:10 BST: Tue 2 June in the UK
    await add(null, '2026-06-04T10:00:00.000Z'); // no start: untimed
    await add('2026-06-04T10:00:00.000Z', '2026-06-04T10:05:00.000Z'); // 300 s
    await add('2026-06-04T10:00:00.000Z', '2026-06-04T10:01:00.000Z', { is_demo: 1, source: 'demo' }); // demo: not timed
    await add('2026-06-04T08:00:00.000Z', '2026-06-04T10:00:00.000Z', { status: 'screened_out' }); // not a complete

    let page = await overview('times');
    // Odd: 240, 300, 1,200 -> 300 s.
    expect(page.text).toContain('Median 5 min from starting to sending, based on 3 complete responses');
    expect(page.text).toContain('1 complete response has no start time');
    expect(page.text).toContain(
      'Completes per day (UK time) Day Completes Demo Mon 1 Jun 2026 1 0 Tue 2 Jun 2026 1 0 Wed 3 Jun 2026 0 0 Thu 4 Jun 2026 2 1',
    );
    const config = JSON.parse(/<script type="application\/json" id="completes-chart-config">([\s\S]*?)<\/script>/.exec(page.html)![1]!);
    expect(config.type).toBe('bar');
    expect(config.data.labels).toEqual(['1 Jun', '2 Jun', '3 Jun', '4 Jun']);
    expect(config.data.datasets.map((d: { data: number[] }) => d.data)).toEqual([
      [1, 1, 0, 2],
      [0, 0, 0, 1],
    ]);
    expect(page.html).toContain('data-chart="completes-chart-config"');
    expect(page.html).toMatch(/class="overview-chart__area" style="height:\d+px"/);
    expect(page.html).toContain('/assets/results-charts.js');

    // Even: 180, 240, 300, 1,200 -> (240 + 300) / 2 = 270 s.
    await add('2026-06-05T23:30:00.000Z', '2026-06-05T23:33:00.000Z'); // 180 s, 00:33 BST on Sat 6 June
    page = await overview('times');
    expect(page.text).toContain('Median 4 min 30 sec from starting to sending, based on 4 complete responses');
    expect(page.text).toContain('Thu 4 Jun 2026 2 1 Fri 5 Jun 2026 0 0 Sat 6 Jun 2026 1 0');
  });

  it('follows respondents through the pages: partials by the last page they saved, and a finished one as a complete', async () => {
    const S = '/s/flow';
    const begin = async () => {
      const client = new RespondentClient(ctx.app);
      expect((await client.post(`${S}/start`, { consent: 'yes' })).status).toBe(303);
      return client;
    };
    const save = async (client: RespondentClient, pageId: string, fields: Record<string, string | string[]>) => {
      const res = await client.post(`${S}/pages/${pageId}`, fields);
      expect(res.status, `${pageId}: ${res.html.slice(0, 200)}`).toBe(303);
    };
    const screen = { q_age: '2' };
    const views = { q_parent: 'n', 'q_grid.s_support': '4', 'q_grid.s_early': '5' };
    await begin(); // started, no page saved
    await save(await begin(), 'p_screen', screen);
    const further = await begin();
    await save(further, 'p_screen', screen);
    await save(further, 'p_views', views);
    // Someone who finishes is a complete, not a partial. Not a parent, so page 3 is skipped.
    const done = await begin();
    await save(done, 'p_screen', screen);
    await save(done, 'p_views', views);
    await save(done, 'p_more', { q_sources: ['web'] });
    expect((await done.post(`${S}/submit`, {})).status).toBe(303);

    const { text } = await overview('flow');
    expect(text).toContain('Completes 1 Sent in full');
    expect(text).toContain('Partial 3 Started and not yet sent');
    expect(text).toContain(
      'Not started a page yet 1 33% Page 1: About you 1 33% Page 2: Your views 1 33% Page 3: How many children do you have? 0 - Page 4: Where do you get advice? 0 -',
    );
  });

  it('says so when there is nothing to show yet', async () => {
    const { text, html } = await overview('quiet');
    expect(text).toContain('Completes 0 Sent in full');
    expect(text).toContain('No complete responses yet.');
    expect(text).toContain('Nobody has left the survey part-way through.');
    expect(text).toContain('No complete response can be timed yet.');
    expect(text).toContain('Fieldwork Open · no opening or closing date set');
    expect(text).toContain('Target sample No target set');
    expect(text).toContain('This survey has no quotas.');
    expect(html).not.toContain('results-charts.js');
  });

  it('shows a survey that only has a draft, linking researchers to the builder', async () => {
    await saveDraft(ctx.database.db, { slug: 'brand-new', baseVersion: null, document: { slug: 'brand-new', title: { en: 'Our new poll' } } }, researcher.user.id);
    const { text, html } = await overview('brand-new');
    expect(text).toContain('Our new poll');
    expect(text).toContain('Not published yet.');
    expect(html).toContain('href="/studio/surveys/brand-new/build"');
    const asPress = await overview('brand-new', press);
    expect(asPress.html).not.toContain('/build"');
    // A published survey's draft is reported in its status.
    await saveDraft(ctx.database.db, { slug: 'quiet', baseVersion: 1, document: {} }, researcher.user.id);
    expect((await overview('quiet')).text).toMatch(/Draft A draft based on version 1 was last saved \d+ \w+ \d{4}, \d\d:\d\d Continue editing/);
  });

  it('lets every signed-in role see it, sends others to sign in, and answers 404 for an unknown survey', async () => {
    const asPress = await overview('counts', press);
    expect(asPress.text).toContain('Completes 5 (of which 2 demo)');
    // Press users see no link to individual responses or to the builder.
    expect(asPress.html).not.toContain('/studio/surveys/counts/responses');
    expect(asPress.html).not.toContain('/studio/surveys/counts/fieldwork');
    const admin = await signIn(ctx, 'admin');
    expect((await ctx.app.request('/studio/surveys/counts', { headers: admin.headers })).status).toBe(200);

    const anonymous = await ctx.app.request('/studio/surveys/counts');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/login?next=%2Fstudio%2Fsurveys%2Fcounts');

    // The overview's /:slug never swallows the builder's own page at /studio/surveys/new.
    const newSurvey = await ctx.app.request('/studio/surveys/new', { headers: researcher.headers });
    expect(newSurvey.status).toBe(200);
    expect(textOf(await newSurvey.text())).not.toContain('Not published yet');

    const missing = await ctx.app.request('/studio/surveys/no-such-survey', { headers: researcher.headers });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('text/html');
  });
});
