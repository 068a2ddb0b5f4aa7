import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getQuotaFill } from '../../server/fieldwork/quotas.ts';
import { createTestApp, ENGINES, postForm, postJson, signIn, type SignedIn, type TestContext } from '../helpers.ts';
import { RespondentClient } from '../respond/respondent-client.ts';
import { fieldworkSurvey, formsFor, insertComplete, setSettings } from './fixtures.ts';

const F = '/studio/surveys/fw-test/fieldwork';
const S = '/s/fw-test';

const settingsFields = (overrides: Record<string, string> = {}) => ({
  opens_at: '',
  closes_at: '',
  target_sample: '',
  redirect_complete: '',
  redirect_screen_out: '',
  redirect_quota_full: '',
  ...overrides,
});

describe.each(ENGINES)('the fieldwork page (%s)', (engine) => {
  let ctx: TestContext;
  let researcher: SignedIn;
  beforeEach(async () => {
    ctx = await createTestApp(engine, { definitions: [fieldworkSurvey] });
    researcher = await signIn(ctx, 'researcher');
  });
  afterEach(async () => {
    await ctx.database.drop();
  });
  const db = () => ctx.database.db;
  const get = (path: string, as: SignedIn | undefined = researcher) => ctx.app.request(path, { headers: as?.headers ?? {} });

  it('sends anonymous visitors to sign in and refuses press users on every fieldwork route', async () => {
    const anonymous = await ctx.app.request(F);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe(`/login?next=${encodeURIComponent(F)}`);
    const press = await signIn(ctx, 'press');
    for (const path of [F, `${F}/quotas/new?question=q_gender`, `${F}/invitations.csv`]) {
      expect((await get(path, press)).status, path).toBe(403);
    }
    for (const path of [F, `${F}/quotas`, `${F}/invitations`, `${F}/quotas/x/delete`]) {
      expect((await postForm(ctx.app, path, {}, press)).status, path).toBe(403);
      expect((await postForm(ctx.app, path, {})).status, path).toBe(403); // no CSRF token, no session
    }
    expect((await get(F)).status).toBe(200);
    expect((await get('/studio/surveys/no-such-survey/fieldwork')).status).toBe(404);
  });

  it('saves settings entered in UK time as UTC, and audits what changed', async () => {
    const res = await postForm(
      ctx.app,
      F,
      settingsFields({
        opens_at: '2026-07-01T09:00',
        closes_at: '2026-12-01T17:30',
        target_sample: '2000',
        public_results: 'yes',
        redirect_complete: 'https://panel.example/c?id={pid}',
      }),
      researcher,
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${F}?saved=settings`);
    const row = await db().selectFrom('survey_settings').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      opens_at: '2026-07-01T08:00:00.000Z', // BST
      closes_at: '2026-12-01T17:30:00.000Z', // GMT
      target_sample: 2000,
      public_results: 1,
      invitation_only: 0,
    });
    expect(JSON.parse(row.redirects)).toEqual({ complete: 'https://panel.example/c?id={pid}' });
    const audit = await db().selectFrom('audit_log').selectAll().where('action', '=', 'survey.settings_changed').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.subject).toBe('fw-test');
    expect(Object.keys(JSON.parse(audit[0]!.detail).changes).sort()).toEqual(['closesAt', 'opensAt', 'publicResults', 'redirects.complete', 'targetSample']);
    // The page shows the saved values back in UK time, and results are now public.
    const page = await (await get(`${F}?saved=settings`)).text();
    expect(page).toContain('value="2026-07-01T09:00"');
    expect(page).toContain('Fieldwork settings saved.');
    expect((await ctx.app.request('/results/fw-test')).status).toBe(200);
  });

  it('re-renders the form with every problem and what was typed', async () => {
    const typed = settingsFields({
      opens_at: '2026-05-02T10:00',
      closes_at: '2026-05-01T10:00',
      target_sample: 'lots',
      redirect_complete: 'javascript:alert(1)',
      redirect_screen_out: 'not a url',
      invitation_only: 'yes',
    });
    const res = await postForm(ctx.app, F, typed, researcher);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('There is a problem');
    expect(html).toContain('Enter the target sample as a whole number');
    expect(html).toContain('Enter a full web address starting with https:// or http://');
    expect(html).toContain('value="lots"');
    expect(html).toContain('value="javascript:alert(1)"');
    expect(html).toMatch(/id="invitation_only"[^>]*checked/);
    const dates = await postForm(ctx.app, F, settingsFields({ opens_at: '2026-05-02T10:00', closes_at: '2026-05-01T10:00' }), researcher);
    expect(dates.status).toBe(422);
    expect(await dates.text()).toContain('The closing time must be after the opening time');
    const unreal = await postForm(ctx.app, F, settingsFields({ opens_at: '2026-02-30T10:00' }), researcher);
    expect(await unreal.text()).toContain('Enter a real opening date and time');
    expect(await db().selectFrom('survey_settings').selectAll().execute()).toHaveLength(0);
  });

  it('adds a quota from percentages of the target sample, stored as counts, and shows its fill', async () => {
    await setSettings(ctx, { target_sample: 1000 });
    const editor = await get(`${F}/quotas/new?question=q_gender`);
    expect(editor.status).toBe(200);
    const html = await editor.text();
    expect(html).toContain('name="cell_2_label"');
    expect(html).toContain('value="Man"');
    const res = await postForm(
      ctx.app,
      `${F}/quotas`,
      {
        question: 'q_gender',
        label: 'Gender',
        mode: 'percent',
        cell_0_label: 'Men',
        cell_0_codes: '1',
        cell_0_target: '50',
        cell_1_label: 'Women and others',
        cell_1_codes: ['2', '3'],
        cell_1_target: '50',
        cell_2_label: '',
        cell_2_target: '',
      },
      researcher,
    );
    expect(res.status).toBe(303);
    await insertComplete(db(), '3');
    await insertComplete(db(), '1', true);
    const fill = await getQuotaFill(db(), 'fw-test');
    expect(fill).toEqual([
      {
        id: 'quota_q_gender',
        label: 'Gender',
        question: 'q_gender',
        cells: [
          { label: 'Men', codes: ['1'], target: 500, achieved: 0 },
          { label: 'Women and others', codes: ['2', '3'], target: 500, achieved: 1 },
        ],
      },
    ]);
    const page = await (await get(F)).text();
    expect(page).toContain('Women and others');
    expect(page).toContain('Woman, Another way');
    expect(await db().selectFrom('audit_log').select('action').where('action', '=', 'survey.settings_changed').execute()).toHaveLength(1);

    // Change it: counts this time; then remove it.
    const change = await postForm(
      ctx.app,
      `${F}/quotas/quota_q_gender`,
      { question: 'q_gender', label: 'Gender', mode: 'count', cell_0_label: 'Men', cell_0_codes: '1', cell_0_target: '7' },
      researcher,
    );
    expect(change.status).toBe(303);
    expect((await getQuotaFill(db(), 'fw-test'))[0]!.cells).toEqual([{ label: 'Men', codes: ['1'], target: 7, achieved: 0 }]);
    expect((await postForm(ctx.app, `${F}/quotas/quota_q_gender/delete`, {}, researcher)).status).toBe(303);
    expect(await getQuotaFill(db(), 'fw-test')).toEqual([]);
  });

  it('refuses overlapping rows, missing targets and percentages without a target sample, keeping what was typed', async () => {
    const res = await postForm(
      ctx.app,
      `${F}/quotas`,
      {
        question: 'q_gender',
        label: 'Gender',
        mode: 'percent',
        cell_0_label: 'Men',
        cell_0_codes: '1',
        cell_0_target: '50',
        cell_1_label: 'Also men',
        cell_1_codes: '1',
        cell_1_target: '',
      },
      researcher,
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Set a target sample in the fieldwork settings before entering percentages');
    expect(html).toContain('“Man” is already in row 1');
    expect(html).toContain('Enter a percentage between 0 and 100 for row 2');
    expect(html).toContain('value="Also men"');
    const noQuestion = await get(`${F}/quotas/new?question=q_agree_nothing`);
    expect(noQuestion.status).toBe(422);
    expect(await noQuestion.text()).toContain('Choose the question the quota counts');
    expect(await getQuotaFill(db(), 'fw-test')).toEqual([]);
  });

  describe('invitation links', () => {
    async function createLinks(fields: Record<string, string>) {
      const res = await postForm(ctx.app, `${F}/invitations`, fields, researcher);
      expect(res.status).toBe(303);
      const csv = await (await get(`${F}/invitations.csv`)).text();
      return csv
        .trim()
        .split('\r\n')
        .slice(1)
        .map((line) => new URL(/"(http[^"]+)"/.exec(line)![1]!));
    }

    it('creates labelled links, lists them, offers them as CSV and audits it', async () => {
      const links = await createLinks({ count: '', labels: 'Ward 1\n=cmd()\n\nWard 3' });
      expect(links).toHaveLength(3);
      expect(links[0]!.pathname).toBe(S);
      expect(links[0]!.searchParams.get('invite')).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
      const csv = await (await get(`${F}/invitations.csv`)).text();
      expect(csv).toContain(`"'=cmd()"`); // a formula is neutralised
      const page = await (await get(`${F}?created=3`)).text();
      expect(page).toContain('3 invitation links created.');
      expect(page).toContain('Ward 3');
      const audit = await db().selectFrom('audit_log').select(['action', 'detail']).where('action', '=', 'invitations.created').execute();
      expect(audit.map((a) => JSON.parse(a.detail))).toEqual([{ count: 3, labelled: 3 }]);
      const mismatch = await postForm(ctx.app, `${F}/invitations`, { count: '5', labels: 'one\ntwo' }, researcher);
      expect(mismatch.status).toBe(422);
      const text = await mismatch.text();
      expect(text).toContain('You entered 2 labels but asked for 5 links');
      expect(text).toContain('one\ntwo');
      expect((await postForm(ctx.app, `${F}/invitations`, { count: '0', labels: '' }, researcher)).status).toBe(422);
    });

    it('is single use, resumable in another browser, and refuses tampered links', async () => {
      const [link] = await createLinks({ count: '1', labels: '' });
      const path = `${link!.pathname}${link!.search}`;
      const first = new RespondentClient(ctx.app);
      const start = await first.get(path);
      expect(start.status).toBe(200);
      const invite = link!.searchParams.get('invite')!;
      expect((await first.post(`${S}/start`, { consent: 'yes', invite })).location).toBe(`${S}/pages/p_screen`);
      await first.post(`${S}/pages/p_screen`, { q_parent: '1' });
      await first.post(`${S}/pages/p_about`, { q_gender: '2' });

      // Another browser opening the same link carries on with the same answers.
      const second = new RespondentClient(ctx.app);
      const resumed = await second.get(path);
      expect(resumed.status).toBe(303);
      expect(resumed.location).toBe(`${S}/pages/p_view`);
      expect((await second.get(`${S}/pages/p_about`)).html).toMatch(/value="2"[^>]*checked/);
      expect(await db().selectFrom('respondent_sessions').select('invitation_id').execute()).toHaveLength(1);
      await second.post(`${S}/pages/p_view`, formsFor('2').p_view);
      expect((await second.post(`${S}/submit`)).location).toBe(`${S}/done`);

      const invitation = await db().selectFrom('invitations').selectAll().executeTakeFirstOrThrow();
      const response = await db().selectFrom('responses').select(['id', 'invitation_id']).executeTakeFirstOrThrow();
      expect(invitation.used_at).not.toBeNull();
      expect(invitation.response_id).toBe(response.id);
      expect(response.invitation_id).toBe(invitation.id);

      const again = await new RespondentClient(ctx.app).get(path);
      expect(again.status).toBe(410);
      expect(again.html).toContain('This invitation link has already been used');
      const startAgain = await new RespondentClient(ctx.app).post(`${S}/start`, { consent: 'yes', invite });
      expect(startAgain.status).toBe(410);

      const [id, signature] = invite.split('.') as [string, string];
      const flipped = `${id}.${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
      const tampered = await new RespondentClient(ctx.app).get(`${S}?invite=${flipped}`);
      expect(tampered.status).toBe(400);
      expect(tampered.html).toContain('This invitation link does not work');
      const unknown = await new RespondentClient(ctx.app).get(`${S}?invite=${'x'.repeat(22)}.${signature}`);
      expect(unknown.status).toBe(400);
    });

    it('makes an invitation-only survey refuse starts, and anonymous API posts, without a valid unused invitation', async () => {
      const [link] = await createLinks({ count: '1', labels: '' });
      await setSettings(ctx, { invitation_only: 1 });
      const refused = await new RespondentClient(ctx.app).get(S);
      expect(refused.status).toBe(403);
      expect(refused.html).toContain('This survey is by invitation only');
      expect((await new RespondentClient(ctx.app).post(`${S}/start`, { consent: 'yes' })).status).toBe(403);
      const api = await postJson(ctx.app, '/api/surveys/fw-test/responses', {
        submissionId: randomUUID(),
        version: 1,
        answers: { q_parent: '2' },
      });
      expect(api.status).toBe(403);
      const invited = new RespondentClient(ctx.app);
      const page = await invited.get(`${link!.pathname}${link!.search}`);
      expect(page.status).toBe(200);
      expect(page.html).toContain('name="consent"');
      const started = await invited.post(`${S}/start`, { consent: 'yes', invite: link!.searchParams.get('invite')! });
      expect(started.location).toBe(`${S}/pages/p_screen`);
      // Screening out also uses the link up.
      await invited.post(`${S}/pages/p_screen`, { q_parent: '2' });
      expect((await new RespondentClient(ctx.app).get(`${link!.pathname}${link!.search}`)).status).toBe(410);
    });
  });
});
