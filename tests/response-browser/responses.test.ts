import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishSurveyVersion } from '../../server/surveys/service.ts';
import { createTestApp, ENGINES, postJson, signIn, type SignedIn, type TestContext } from '../helpers.ts';
import { completeAnswers, insertResponse, monitorSurvey, textOf } from '../monitoring/fixtures.ts';

// Individual responses through HTTP on both engines: who may see them, the list with its filters and
// pagination (pages and API), and one response in words with its audit entry.

describe.each(ENGINES)('individual responses (%s)', (engine) => {
  let ctx: TestContext;
  let researcher: SignedIn;
  let press: SignedIn;
  let admin: SignedIn;
  /** Ids by name, in the order they were inserted (oldest first). */
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ctx = await createTestApp(engine, { definitions: [monitorSurvey('people'), monitorSurvey('other')] });
    await publishSurveyVersion(ctx.database.db, monitorSurvey('people', 2, 'Parents get enough help from services'));
    researcher = await signIn(ctx, 'researcher');
    press = await signIn(ctx, 'press');
    admin = await signIn(ctx, 'admin');
    const at = (day: number) => `2026-03-0${day}T12:00:00.000Z`;
    ids.parent = await insertResponse(ctx, { survey_slug: 'people', submitted_at: at(1), started_at: '2026-03-01T11:50:00.000Z', panel_id: 'PX-001', reference: 'AAAA-0001' });
    ids.nonParent = await insertResponse(ctx, {
      survey_slug: 'people',
      submitted_at: at(2),
      answers: JSON.stringify({ ...completeAnswers(false), q_comment: 'More health visitors, please' }),
      reference: 'AAAA-0002',
    });
    ids.screened = await insertResponse(ctx, { survey_slug: 'people', submitted_at: at(3), status: 'screened_out', answers: '{"q_age":"1"}', reference: 'AAAA-0003' });
    ids.demo = await insertResponse(ctx, { survey_slug: 'people', submitted_at: at(4), is_demo: 1, source: 'demo', reference: 'AAAA-0004' });
    ids.v2 = await insertResponse(ctx, { survey_slug: 'people', survey_version: 2, submitted_at: at(5), source: 'web', reference: 'AAAA-0005' });
    ids.elsewhere = await insertResponse(ctx, { survey_slug: 'other', submitted_at: at(5), reference: 'BBBB-0001' });
  });
  afterAll(async () => {
    await ctx?.database.drop();
  });

  const get = (path: string, as?: SignedIn) => ctx.app.request(path, { headers: as?.headers ?? {} });

  describe('who may see them', () => {
    const paths = () => [
      '/studio/surveys/people/responses',
      `/studio/surveys/people/responses/${ids.parent}`,
      '/api/surveys/people/responses',
      `/api/surveys/people/responses/${ids.parent}`,
    ];

    it('refuses press users with 403 on every page and API route', async () => {
      for (const path of paths()) expect((await get(path, press)).status, path).toBe(403);
      // No audit entry for a refused look.
      const entries = await ctx.database.db.selectFrom('audit_log').select('id').where('actor_user_id', '=', press.user.id).execute();
      expect(entries).toEqual([]);
    });

    it('sends anonymous browsers to sign in and answers anonymous API clients 401', async () => {
      const [list, detail, apiList, apiDetail] = await Promise.all(paths().map((path) => get(path)));
      expect(list!.status).toBe(303);
      expect(list!.headers.get('location')).toBe('/login?next=%2Fstudio%2Fsurveys%2Fpeople%2Fresponses');
      expect(detail!.status).toBe(303);
      expect(apiList!.status).toBe(401);
      expect(apiDetail!.status).toBe(401);
      expect(await apiDetail!.json()).toMatchObject({ error: { code: 'unauthorized' } });
    });

    it('lets researchers and admins in', async () => {
      for (const as of [researcher, admin]) for (const path of paths()) expect((await get(path, as)).status, path).toBe(200);
    });

    it('keeps submitting responses public', async () => {
      const sent = await postJson(ctx.app, '/api/surveys/other/responses', { submissionId: randomUUID(), version: 1, answers: completeAnswers() });
      expect(sent.status).toBe(201);
    });
  });

  describe('the list page', () => {
    it('lists every response newest first with version, status, UK time, source, demo flag and panel id', async () => {
      const response = await get('/studio/surveys/people/responses', researcher);
      expect(response.status).toBe(200);
      const text = textOf(await response.text());
      expect(text).toContain('Responses 1 to 5 of 5, newest first');
      expect(text).toContain(
        'AAAA-0005 2 Complete 5 Mar 2026, 12:00 Web form None ' +
          'AAAA-0004 Demo 1 Complete 4 Mar 2026, 12:00 Demo generator None ' +
          'AAAA-0003 1 Screened out 3 Mar 2026, 12:00 API None ' +
          'AAAA-0002 1 Complete 2 Mar 2026, 12:00 API None ' +
          'AAAA-0001 1 Complete 1 Mar 2026, 12:00 API PX-001',
      );
      expect(text).not.toContain('BBBB-0001');
    });

    it('shows times in UK summer time', async () => {
      await insertResponse(ctx, { survey_slug: 'other', submitted_at: '2026-07-01T23:30:00.000Z', reference: 'BBBB-0002' });
      const text = textOf(await (await get('/studio/surveys/other/responses', researcher)).text());
      expect(text).toContain('BBBB-0002 1 Complete 2 Jul 2026, 00:30');
    });

    it('filters by status and by version', async () => {
      const screened = textOf(await (await get('/studio/surveys/people/responses?status=screened_out&version=', researcher)).text());
      expect(screened).toContain('Responses 1 to 1 of 1');
      expect(screened).toContain('AAAA-0003');
      const v2 = textOf(await (await get('/studio/surveys/people/responses?version=2', researcher)).text());
      expect(v2).toContain('Responses 1 to 1 of 1');
      expect(v2).toContain('AAAA-0005');
      const none = textOf(await (await get('/studio/surveys/people/responses?status=screened_out&version=2', researcher)).text());
      expect(none).toContain('No responses match these filters.');
    });

    it('shows a bad filter back with an error summary (422) over the whole list', async () => {
      const response = await get('/studio/surveys/people/responses?status=lost', researcher);
      expect(response.status).toBe(422);
      const html = await response.text();
      expect(html).toContain('class="error-summary"');
      expect(textOf(html)).toContain('Status must be one of complete, screened_out');
      expect(html).toContain('href="#filter-status"');
      expect(textOf(html)).toContain('Responses 1 to 5 of 5');
    });

    it('answers 404 for a survey that does not exist', async () => {
      expect((await get('/studio/surveys/no-such-survey/responses', researcher)).status).toBe(404);
    });
  });

  describe('the API list', () => {
    type Listing = { items: { id: string; reference: string; isDemo: boolean; version: number }[]; total: number; page: number | null; nextCursor: string | null };

    it('walks every response by cursor, newest first, without repeats', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const response = await get(`/api/surveys/people/responses?limit=2${cursor ? `&cursor=${cursor}` : ''}`, researcher);
        expect(response.status).toBe(200);
        const body = (await response.json()) as Listing;
        expect(body.total).toBe(5);
        seen.push(...body.items.map((item) => item.reference));
        cursor = body.nextCursor;
        pages += 1;
      } while (cursor && pages < 10);
      expect(pages).toBe(3);
      expect(seen).toEqual(['AAAA-0005', 'AAAA-0004', 'AAAA-0003', 'AAAA-0002', 'AAAA-0001']);
    });

    it('pages by number with filters and marks demo responses', async () => {
      const body = (await (await get('/api/surveys/people/responses?limit=2&page=2', researcher)).json()) as Listing;
      expect(body.page).toBe(2);
      expect(body.items.map((item) => [item.reference, item.isDemo])).toEqual([
        ['AAAA-0003', false],
        ['AAAA-0002', false],
      ]);
      const last = (await (await get('/api/surveys/people/responses?limit=2&page=3', researcher)).json()) as Listing;
      expect(last.items.map((item) => item.reference)).toEqual(['AAAA-0001']);
      expect(last.nextCursor).toBeNull();
      const completeV1 = (await (await get('/api/surveys/people/responses?status=complete&version=1', researcher)).json()) as Listing;
      expect(completeV1.items.map((item) => item.reference)).toEqual(['AAAA-0004', 'AAAA-0002', 'AAAA-0001']);
    });

    it('refuses bad queries with the shared error shape', async () => {
      const both = await get('/api/surveys/people/responses?page=1&cursor=abc', researcher);
      expect(both.status).toBe(400);
      expect(await both.json()).toMatchObject({ error: { code: 'validation_failed', fields: { cursor: 'send either cursor or page, not both' } } });
      const badCursor = await get('/api/surveys/people/responses?cursor=bm90LWpzb24', researcher);
      expect(badCursor.status).toBe(400);
      expect(await badCursor.json()).toMatchObject({ error: { fields: { cursor: expect.any(String) } } });
      expect((await get('/api/surveys/people/responses?limit=500', researcher)).status).toBe(400);
      expect((await get('/api/surveys/people/responses?colour=red', researcher)).status).toBe(400);
      expect((await get('/api/surveys/no-such-survey/responses', researcher)).status).toBe(404);
    });

    it('accepts an API token of a researcher', async () => {
      const { newSecretToken } = await import('../../server/auth/tokens.ts');
      const { token, hash } = newSecretToken();
      await ctx.database.db
        .insertInto('api_tokens')
        .values({ id: randomUUID(), user_id: researcher.user.id, name: 'script', token_hash: hash, prefix: token.slice(0, 8), created_at: new Date().toISOString(), last_used_at: null, revoked_at: null })
        .execute();
      const response = await ctx.app.request('/api/surveys/people/responses?limit=1', { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(200);
      expect(((await response.json()) as Listing).items).toHaveLength(1);
    });
  });

  describe('one response', () => {
    it('shows every answer with its wording and labels in questionnaire order, and "not asked" where routing skipped it', async () => {
      const response = await get(`/studio/surveys/people/responses/${ids.nonParent}`, researcher);
      expect(response.status).toBe(200);
      const text = textOf(await response.text());
      expect(text).toContain('AAAA-0002');
      expect(text).toContain(
        'Page 1: About you Q1. How old are you? 18 to 34 ' +
          'Page 2: Your views Q2. Are you a parent? No ' +
          'Q3. How far do you agree? Answers to each statement Statement Answer Parents get enough support Agree The early years matter most Strongly agree ' +
          'Page 3 Q4. How many children do you have? Not asked ' +
          'Page 4 Q5. Where do you get advice? Television Friends and family Q6. Anything else? More health visitors, please',
      );
      // Codes are not shown as answers.
      expect(text).not.toMatch(/Are you a parent\? n /);
    });

    it('shows a number with its unit, an optional question left blank, and the panel id', async () => {
      const text = textOf(await (await get(`/studio/surveys/people/responses/${ids.parent}`, researcher)).text());
      expect(text).toContain('How many children do you have? 2 children');
      expect(text).toContain('Q6. Anything else? Skipped (left blank)');
      expect(text).toContain('Panel id PX-001');
      expect(text).toContain('Started 1 Mar 2026, 11:50');
    });

    it('marks questions after a screen-out as not asked, and uses the wording of the response\'s own version', async () => {
      const screened = textOf(await (await get(`/studio/surveys/people/responses/${ids.screened}`, researcher)).text());
      expect(screened).toContain('Status Screened out');
      expect(screened).toContain('How old are you? Under 18 Page 2: Your views Q2. Are you a parent? Not asked (screened out earlier)');
      const v2 = textOf(await (await get(`/studio/surveys/people/responses/${ids.v2}`, researcher)).text());
      expect(v2).toContain('Version 2');
      expect(v2).toContain('Parents get enough help from services Agree');
      const demo = textOf(await (await get(`/studio/surveys/people/responses/${ids.demo}`, researcher)).text());
      expect(demo).toContain('This is a demo response');
    });

    it('writes a responses.viewed audit entry for each look, from the page and the API', async () => {
      const before = await ctx.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'responses.viewed').where('actor_user_id', '=', admin.user.id).execute();
      await get(`/studio/surveys/people/responses/${ids.parent}`, admin);
      await get(`/api/surveys/people/responses/${ids.parent}`, admin);
      await get('/studio/surveys/people/responses', admin); // the list is not a look at one response
      const after = await ctx.database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'responses.viewed')
        .where('actor_user_id', '=', admin.user.id)
        .orderBy('occurred_at')
        .execute();
      const added = after.slice(before.length);
      expect(added).toHaveLength(2);
      expect(added.map((entry) => [entry.subject, entry.actor_label, JSON.parse(entry.detail)])).toEqual([
        [`people/responses/${ids.parent}`, admin.user.email, { slug: 'people', responseId: ids.parent, reference: 'AAAA-0001', via: 'page' }],
        [`people/responses/${ids.parent}`, admin.user.email, { slug: 'people', responseId: ids.parent, reference: 'AAAA-0001', via: 'api' }],
      ]);
    });

    it('answers the API with labels beside the stored codes', async () => {
      const body = await (await get(`/api/surveys/people/responses/${ids.parent}`, researcher)).json();
      expect(body).toMatchObject({ id: ids.parent, reference: 'AAAA-0001', version: 1, status: 'complete', panelId: 'PX-001', isDemo: false });
      const questions = body.pages.flatMap((page: { questions: unknown[] }) => page.questions);
      expect(questions.find((q: { id: string }) => q.id === 'q_sources')).toEqual({
        id: 'q_sources',
        type: 'multiple-choice',
        text: 'Where do you get advice?',
        value: ['tv', 'friends'],
        display: { state: 'answered', labels: ['Television', 'Friends and family'] },
      });
    });

    it('answers 404 for a response of another survey or an id that is not one', async () => {
      expect((await get(`/studio/surveys/people/responses/${ids.elsewhere}`, researcher)).status).toBe(404);
      expect((await get('/studio/surveys/people/responses/not-an-id', researcher)).status).toBe(404);
      expect((await get(`/api/surveys/people/responses/${randomUUID()}`, researcher)).status).toBe(404);
    });
  });
});
