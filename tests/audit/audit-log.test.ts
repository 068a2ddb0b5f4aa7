import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../../server/audit/service.ts';
import { createTestApp, ENGINES, signIn, type TestContext } from '../helpers.ts';

describe.each(ENGINES)('the audit log on %s', (engine) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp(engine, { examples: false });
  });
  afterAll(() => ctx.database.drop());
  const db = () => ctx.database.db;

  it('refuses UPDATE and DELETE at the database level', async () => {
    await recordAudit(db(), { actor: { label: 'system' }, action: 'survey.exported', subject: 'tamper-test' });
    await expect(db().updateTable('audit_log').set({ subject: 'rewritten' }).where('subject', '=', 'tamper-test').execute()).rejects.toThrow(/append-only/);
    await expect(db().deleteFrom('audit_log').where('subject', '=', 'tamper-test').execute()).rejects.toThrow(/append-only/);
    await expect(db().deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    if (engine === 'postgres') await expect(sql`truncate audit_log`.execute(db())).rejects.toThrow(/append-only/);
    const rows = await db().selectFrom('audit_log').select('subject').where('subject', '=', 'tamper-test').execute();
    expect(rows).toEqual([{ subject: 'tamper-test' }]);
  });

  it('shows admins the newest entries first, in UK time, filterable by action and user, a page at a time', async () => {
    const admin = await signIn(ctx, 'admin');
    const researcher = await signIn(ctx, 'researcher');
    // 55 publishes by the researcher, a summer-time one last, then one sign-in by the admin.
    for (let i = 0; i < 55; i++) {
      await db()
        .insertInto('audit_log')
        .values({
          id: randomUUID(),
          occurred_at: new Date(Date.UTC(2026, 5, 1, 8, i)).toISOString(),
          actor_user_id: researcher.user.id,
          actor_label: researcher.user.email,
          action: 'survey.published',
          subject: `survey-${String(i).padStart(2, '0')}`,
          detail: JSON.stringify({ version: i + 1 }),
          ip: '127.0.0.1',
        })
        .execute();
    }
    await recordAudit(db(), { actor: { user: { ...admin.user, name: 'Admin' }, via: 'session' }, action: 'auth.sign_in', subject: admin.user.email });

    const page = await ctx.app.request('/studio/audit?action=survey.published', { headers: admin.headers });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('55 entries, page 1 of 2');
    // 08:54 UTC on 1 June is 09:54 in London (BST).
    expect(html).toContain('1 Jun 2026, 09:54');
    expect(html.indexOf('survey-54')).toBeLessThan(html.indexOf('survey-53'));
    expect(html).not.toContain('survey-04');
    expect(html).toContain('version: 55');
    expect(html).not.toContain('<code>auth.sign_in</code>');
    expect(html).toContain('href="/studio/audit?action=survey.published&amp;page=2"');

    const second = await (await ctx.app.request('/studio/audit?action=survey.published&page=2', { headers: admin.headers })).text();
    expect(second).toContain('survey-04');
    expect(second).toContain('survey-00');
    expect(second).not.toContain('survey-05<');

    const byAdmin = await (await ctx.app.request(`/studio/audit?user=${admin.user.id}`, { headers: admin.headers })).text();
    expect(byAdmin).toContain('<code>auth.sign_in</code>');
    expect(byAdmin).not.toContain('survey-');

    // Nonsense filters are ignored rather than failing.
    expect((await ctx.app.request('/studio/audit?page=zero&user=x&action=DROP%20TABLE', { headers: admin.headers })).status).toBe(200);
  });

  it('is for admins only', async () => {
    const researcher = await signIn(ctx, 'researcher');
    expect((await ctx.app.request('/studio/audit', { headers: researcher.headers })).status).toBe(403);
  });
});
