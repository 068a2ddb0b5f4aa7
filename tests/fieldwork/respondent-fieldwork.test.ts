import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, ENGINES, postJson, type TestContext } from '../helpers.ts';
import { RespondentClient } from '../respond/respondent-client.ts';
import { fieldworkSurvey, formsFor, hoursFromNow, insertComplete, setSettings } from './fixtures.ts';

const S = '/s/fw-test';

/** Starts (with an optional link query) and answers every page; returns the last response. */
async function answerAll(client: RespondentClient, gender: string, query = '') {
  const start = await client.get(`${S}${query}`);
  expect(start.status).toBe(200);
  const hidden = [...start.html.matchAll(/<input type="hidden" name="(pid|invite)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]);
  let page = await client.post(`${S}/start`, { consent: 'yes', ...Object.fromEntries(hidden) });
  expect(page.status).toBe(303);
  for (const [pageId, fields] of Object.entries(formsFor(gender))) {
    if (page.location !== `${S}/pages/${pageId}`) return page;
    page = await client.post(page.location, fields);
    expect(page.status).toBe(303);
  }
  if (page.location !== `${S}/check`) return page;
  return client.post(`${S}/submit`);
}

const apiBody = (gender: string, extra: Record<string, unknown> = {}) => ({
  submissionId: randomUUID(),
  version: 1,
  answers: { q_parent: '1', q_gender: gender, q_agree: '4', q_grid: { s_one: '5' } },
  ...extra,
});

describe.each(ENGINES)('fieldwork in the respondent flow (%s)', (engine) => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestApp(engine, { definitions: [fieldworkSurvey] });
  });
  afterEach(async () => {
    await ctx.database.drop();
  });
  const db = () => ctx.database.db;

  describe('open and close dates', () => {
    it('shows a bilingual not-open-yet page with the opening date before opens_at, on the start page, start and API', async () => {
      await setSettings(ctx, { opens_at: '2099-03-01T09:00:00.000Z' });
      const client = new RespondentClient(ctx.app);
      const page = await client.get(S);
      expect(page.status).toBe(200);
      expect(page.html).toContain('This survey is not open yet');
      expect(page.html).toContain('1 March 2099 at 09:00');
      expect(page.html).not.toContain('name="consent"');
      const welsh = await client.get(`${S}?lang=cy`);
      expect(welsh.html).toContain('arolwg hwn ar agor eto');
      expect(welsh.html).toContain('Mawrth 2099');
      const start = await client.post(`${S}/start`, { consent: 'yes' });
      expect(start.status).toBe(200);
      expect(start.html).toContain('arolwg hwn ar agor eto');
      expect(await db().selectFrom('respondent_sessions').selectAll().execute()).toHaveLength(0);
      const api = await postJson(ctx.app, '/api/surveys/fw-test/responses', apiBody('1'));
      expect(api.status).toBe(409);
      expect((await api.json()).error.code).toBe('survey_closed');
    });

    it('closes the start page and the API after closes_at', async () => {
      await setSettings(ctx, { closes_at: hoursFromNow(-0.5) });
      const client = new RespondentClient(ctx.app);
      const page = await client.get(S);
      expect(page.html).toContain('This survey is closed');
      expect(page.html).toContain('It closed on');
      const api = await postJson(ctx.app, '/api/surveys/fw-test/responses', apiBody('1'));
      expect(api.status).toBe(409);
      expect((await api.json()).error).toMatchObject({ code: 'survey_closed' });
    });

    it('lets someone part-way through finish within an hour of closing, and not after', async () => {
      const early = new RespondentClient(ctx.app);
      await early.get(S);
      expect((await early.post(`${S}/start`, { consent: 'yes' })).location).toBe(`${S}/pages/p_screen`);
      await early.post(`${S}/pages/p_screen`, formsFor('1').p_screen);
      const late = new RespondentClient(ctx.app);
      await late.post(`${S}/start`, { consent: 'yes' });
      await late.post(`${S}/pages/p_screen`, formsFor('1').p_screen);

      // Both started three hours ago; the survey closed half an hour ago: inside the grace hour.
      await db().updateTable('respondent_sessions').set({ started_at: hoursFromNow(-3) }).execute();
      await setSettings(ctx, { closes_at: hoursFromNow(-0.5) });
      const page = await early.get(`${S}/pages/p_about`);
      expect(page.status).toBe(200);
      expect(page.html).toContain('Gender');
      expect((await early.post(`${S}/pages/p_about`, formsFor('1').p_about)).location).toBe(`${S}/pages/p_view`);
      expect((await early.post(`${S}/pages/p_view`, formsFor('1').p_view)).location).toBe(`${S}/check`);
      expect((await early.post(`${S}/submit`)).location).toBe(`${S}/done`);
      // Someone who starts after the close is not let in, grace or not.
      expect((await new RespondentClient(ctx.app).post(`${S}/start`, { consent: 'yes' })).html).toContain('This survey is closed');

      // Closed two hours ago: the grace hour is over; every page says closed, nothing is recorded.
      await setSettings(ctx, { closes_at: hoursFromNow(-2) });
      for (const path of [`${S}/pages/p_about`, `${S}/check`, S]) {
        const closed = await late.get(path);
        expect(closed.status, path).toBe(200);
        expect(closed.html, path).toContain('This survey is closed');
      }
      const posted = await late.post(`${S}/pages/p_about`, formsFor('2').p_about);
      expect(posted.html).toContain('This survey is closed');
      expect(posted.html).toContain('Answers that were not sent before the survey closed are not used');
      expect(await db().selectFrom('responses').select('id').execute()).toHaveLength(1);
    });

    it('applies the grace hour to API submissions by their startedAt, and still answers retries', async () => {
      const stored = apiBody('1');
      expect((await postJson(ctx.app, '/api/surveys/fw-test/responses', stored)).status).toBe(201);
      await setSettings(ctx, { closes_at: hoursFromNow(-0.5) });
      const inGrace = await postJson(ctx.app, '/api/surveys/fw-test/responses', apiBody('2', { startedAt: hoursFromNow(-1) }));
      expect(inGrace.status).toBe(201);
      const startedAfter = await postJson(ctx.app, '/api/surveys/fw-test/responses', apiBody('2', { startedAt: hoursFromNow(-0.1) }));
      expect(startedAfter.status).toBe(409);
      const retry = await postJson(ctx.app, '/api/surveys/fw-test/responses', stored);
      expect(retry.status).toBe(200);
      await setSettings(ctx, { closes_at: hoursFromNow(-2) });
      const afterGrace = await postJson(ctx.app, '/api/surveys/fw-test/responses', apiBody('2', { startedAt: hoursFromNow(-3) }));
      expect(afterGrace.status).toBe(409);
    });

    it('closes to new respondents when complete non-demo responses reach the target, letting those in progress finish', async () => {
      await setSettings(ctx, { target_sample: 2 });
      const inProgress = new RespondentClient(ctx.app);
      await inProgress.post(`${S}/start`, { consent: 'yes' });
      await insertComplete(db(), '1');
      await insertComplete(db(), '2', true); // demo data never counts
      expect((await new RespondentClient(ctx.app).get(S)).html).toContain('name="consent"');
      await insertComplete(db(), '2');
      const closed = await new RespondentClient(ctx.app).get(S);
      expect(closed.html).toContain('This survey is closed');
      expect(closed.html).toContain('We have received all the answers we need');
      const api = await postJson(ctx.app, '/api/surveys/fw-test/responses', apiBody('1'));
      expect(api.status).toBe(409);
      expect((await api.json()).error.message).toContain('target');
      // Someone already part-way through may still finish (documented overshoot).
      for (const [pageId, fields] of Object.entries(formsFor('3'))) await inProgress.post(`${S}/pages/${pageId}`, fields);
      expect((await inProgress.post(`${S}/submit`)).location).toBe(`${S}/done`);
    });
  });

  describe('quotas', () => {
    const quotas = JSON.stringify([
      {
        id: 'quota_q_gender',
        label: 'Gender',
        question: 'q_gender',
        cells: [
          { label: 'Men', codes: ['1'], target: 1 },
          { label: 'Women', codes: ['2'], target: 1 },
        ],
      },
    ]);

    it('ends a respondent whose answer falls in a full cell on a bilingual quota-full page, counting only real completes', async () => {
      await setSettings(ctx, { quotas });
      await insertComplete(db(), '2', true); // demo: not counted
      await insertComplete(db(), '1');
      const man = new RespondentClient(ctx.app);
      const end = await answerAll(man, '1');
      expect(end.location).toBe(`${S}/quota-full`);
      const page = await man.get(`${S}/quota-full`);
      expect(page.status).toBe(200);
      expect(page.html).toContain('we have enough answers from people like you');
      expect((await man.get(`${S}/quota-full?lang=cy`)).html).toContain('mae gennym ddigon o atebion gan bobl fel chi');
      // Every other page of the finished session leads back to the quota-full page.
      expect((await man.get(`${S}/pages/p_view`)).location).toBe(`${S}/quota-full`);
      const sessions = await db().selectFrom('respondent_sessions').select(['status', 'last_page_id', 'answers']).execute();
      expect(sessions).toEqual([{ status: 'quota_full', last_page_id: 'p_about', answers: JSON.stringify({ q_parent: '1', q_gender: '1' }) }]);

      const woman = new RespondentClient(ctx.app);
      expect((await answerAll(woman, '2')).location).toBe(`${S}/done`);
      const another = new RespondentClient(ctx.app);
      expect((await answerAll(another, '2')).location).toBe(`${S}/quota-full`);
      // Answers outside every cell are not limited.
      expect((await answerAll(new RespondentClient(ctx.app), '3')).location).toBe(`${S}/done`);
    });

    it('works on a grid statement', async () => {
      await setSettings(ctx, {
        quotas: JSON.stringify([{ id: 'q_grid_one', label: 'Grid', question: 'q_grid', statement: 's_one', cells: [{ label: 'Agree', codes: ['4', '5'], target: 0 }] }]),
      });
      expect((await answerAll(new RespondentClient(ctx.app), '1')).location).toBe(`${S}/quota-full`);
    });
  });

  describe('panel ids and redirects', () => {
    const redirects = JSON.stringify({
      complete: 'https://panel.example/return?status=complete&id={pid}',
      screenOut: 'https://panel.example/return?status=screenout&id={pid}',
      quotaFull: 'https://panel.example/{pid}/full',
    });

    it('stores the pid on the session and the response, and redirects a complete to the panel with it substituted', async () => {
      await setSettings(ctx, { redirects });
      const client = new RespondentClient(ctx.app);
      const end = await answerAll(client, '1', '?pid=ab-12.X_9');
      expect(end.status).toBe(303);
      expect(end.location).toBe('https://panel.example/return?status=complete&id=ab-12.X_9');
      const response = await db().selectFrom('responses').select(['panel_id', 'status']).executeTakeFirstOrThrow();
      expect(response).toEqual({ panel_id: 'ab-12.X_9', status: 'complete' });
      expect((await client.get(`${S}/done`)).location).toBe('https://panel.example/return?status=complete&id=ab-12.X_9');
    });

    it('redirects screen-outs and quota-fulls to their own URLs', async () => {
      await setSettings(ctx, {
        redirects,
        quotas: JSON.stringify([{ id: 'g', label: 'Gender', question: 'q_gender', cells: [{ label: 'Men', codes: ['1'], target: 0 }] }]),
      });
      const screened = new RespondentClient(ctx.app);
      await screened.get(`${S}?pid=p1`);
      await screened.post(`${S}/start`, { consent: 'yes', pid: 'p1' });
      const out = await screened.post(`${S}/pages/p_screen`, { q_parent: '2' });
      expect(out.location).toBe('https://panel.example/return?status=screenout&id=p1');
      expect(await db().selectFrom('responses').select(['panel_id', 'status']).execute()).toEqual([{ panel_id: 'p1', status: 'screened_out' }]);

      const full = await answerAll(new RespondentClient(ctx.app), '1', '?pid=p2');
      expect(full.location).toBe('https://panel.example/p2/full');
    });

    it('shows our own end pages without a pid, and refuses an unreadable pid', async () => {
      await setSettings(ctx, { redirects });
      expect((await answerAll(new RespondentClient(ctx.app), '1')).location).toBe(`${S}/done`);
      const bad = await new RespondentClient(ctx.app).get(`${S}?pid=${encodeURIComponent('<script>')}`);
      expect(bad.status).toBe(400);
      expect(bad.html).toContain('This survey link does not work');
      const long = await new RespondentClient(ctx.app).get(`${S}?pid=${'a'.repeat(101)}`);
      expect(long.status).toBe(400);
    });

    it('keeps the pid through a language switch', async () => {
      const page = await new RespondentClient(ctx.app).get(`${S}?pid=p7`);
      expect(page.html).toContain(`href="${S}?pid=p7&amp;lang=cy"`);
    });
  });

  it('records the last page saved on the respondent session', async () => {
    const client = new RespondentClient(ctx.app);
    await client.post(`${S}/start`, { consent: 'yes' });
    await client.post(`${S}/pages/p_screen`, { q_parent: '1' });
    expect((await db().selectFrom('respondent_sessions').select('last_page_id').executeTakeFirstOrThrow()).last_page_id).toBe('p_screen');
    await client.post(`${S}/pages/p_about`, { q_gender: '2' });
    expect((await db().selectFrom('respondent_sessions').select('last_page_id').executeTakeFirstOrThrow()).last_page_id).toBe('p_about');
  });
});
