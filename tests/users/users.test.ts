import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../server/api-tokens/service.ts';
import { identityOf } from '../../server/auth/service.ts';
import { hashSecretToken } from '../../server/auth/tokens.ts';
import { createTestApp, ENGINES, postForm, signIn, type SignedIn, type TestContext } from '../helpers.ts';
import { GOOD_PASSWORD, sessionCookieOf, submitForm, uniqueEmail } from '../auth/support.ts';

describe.each(ENGINES)('managing users on %s', (engine) => {
  let ctx: TestContext;
  let admin: SignedIn;
  beforeAll(async () => {
    ctx = await createTestApp(engine, { examples: false });
    admin = await signIn(ctx, 'admin');
  });
  afterAll(() => ctx.database.drop());
  const db = () => ctx.database.db;
  const userRow = (id: string) => db().selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const audit = (action: string, subject: string) => db().selectFrom('audit_log').selectAll().where('action', '=', action).where('subject', '=', subject).execute();

  /** Invites an address through the page and returns the link shown. */
  async function invite(email: string, role: string): Promise<string> {
    const res = await postForm(ctx.app, '/studio/users/invite', { email, role }, admin);
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const match = /value="(http:\/\/localhost\/invite\/[A-Za-z0-9_-]{43})"/.exec(await res.text());
    expect(match).not.toBeNull();
    return new URL(match![1]!).pathname;
  }

  it('invites a colleague who accepts, is signed in, and appears in the list', async () => {
    const email = uniqueEmail('colleague');
    const path = await invite(email, 'press');
    // Only a hash of the link is stored.
    const token = path.split('/').pop()!;
    expect(await db().selectFrom('one_time_links').select('purpose').where('token_hash', '=', hashSecretToken(token)).executeTakeFirst()).toEqual({ purpose: 'invite' });
    const waiting = await (await ctx.app.request('/studio/users', { headers: admin.headers })).text();
    expect(waiting).toContain('Invitations waiting');
    expect(waiting).toContain(email);

    const page = await ctx.app.request(path);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(email);
    const bad = await submitForm(ctx.app, path, { name: '', password: GOOD_PASSWORD, confirm: GOOD_PASSWORD });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Enter a name');

    const accepted = await submitForm(ctx.app, path, { name: 'Cora Colleague', password: GOOD_PASSWORD, confirm: GOOD_PASSWORD });
    expect(accepted.status).toBe(303);
    const studio = await ctx.app.request('/studio', { headers: { cookie: sessionCookieOf(accepted) } });
    expect(studio.status).toBe(200);
    expect(await studio.text()).toContain('Cora Colleague');
    const user = await db().selectFrom('users').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
    expect(user.role).toBe('press');
    expect(user.status).toBe('active');

    // The link works once.
    expect((await ctx.app.request(path)).status).toBe(404);
    expect((await submitForm(ctx.app, path, { name: 'Again', password: GOOD_PASSWORD, confirm: GOOD_PASSWORD })).status).toBe(404);
    expect(await audit('user.invited', email)).toHaveLength(1);
    expect(await audit('user.created', email)).toHaveLength(1);
    expect((await audit('user.invited', email))[0]!.actor_user_id).toBe(admin.user.id);
  });

  it('refuses an expired invitation, and a second invitation replaces the first', async () => {
    const email = uniqueEmail('late');
    const first = await invite(email, 'researcher');
    const second = await invite(email, 'researcher');
    expect((await ctx.app.request(first)).status).toBe(404);
    await db()
      .updateTable('one_time_links')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('token_hash', '=', hashSecretToken(second.split('/').pop()!))
      .execute();
    expect((await submitForm(ctx.app, second, { name: 'Late', password: GOOD_PASSWORD, confirm: GOOD_PASSWORD })).status).toBe(404);
    expect(await db().selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()).toBeUndefined();
  });

  it('refuses to invite an address that already has an account, keeping what was typed', async () => {
    const existing = await signIn(ctx, 'press');
    const res = await postForm(ctx.app, '/studio/users/invite', { email: existing.user.email, role: 'admin' }, admin);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(`${existing.user.email} already has an account`);
    expect(html).toContain('<option value="admin" selected="">');
    const invalid = await postForm(ctx.app, '/studio/users/invite', { email: 'nope', role: 'owner' }, admin);
    expect(invalid.status).toBe(422);
    const invalidHtml = await invalid.text();
    expect(invalidHtml).toContain('Enter an email address in the correct format');
    expect(invalidHtml).toContain('Choose a role');
  });

  it('deactivation ends sessions and stops API tokens; reactivation lets them back', async () => {
    const press = await signIn(ctx, 'press');
    const { token } = await createApiToken(db(), identityOf({ ...press.user, name: 'P' }), 'script', 'test');
    expect((await ctx.app.request('/api/surveys', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);

    const res = await postForm(ctx.app, `/studio/users/${press.user.id}/deactivate`, {}, admin);
    expect(res.status).toBe(303);
    const list = await (await ctx.app.request(res.headers.get('location')!, { headers: admin.headers })).text();
    expect(list).toContain('has been deactivated');
    expect((await userRow(press.user.id)).status).toBe('deactivated');
    expect(await db().selectFrom('user_sessions').select('token_hash').where('user_id', '=', press.user.id).execute()).toEqual([]);
    expect((await ctx.app.request('/studio', { headers: press.headers })).status).toBe(303);
    expect((await ctx.app.request('/api/surveys', { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    expect(await audit('user.deactivated', press.user.email)).toHaveLength(1);

    expect((await postForm(ctx.app, `/studio/users/${press.user.id}/reactivate`, {}, admin)).status).toBe(303);
    expect((await ctx.app.request('/api/surveys', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect(await audit('user.reactivated', press.user.email)).toHaveLength(1);
  });

  it('changes a role, which applies at once', async () => {
    const user = await signIn(ctx, 'press');
    expect((await ctx.app.request('/studio/users', { headers: user.headers })).status).toBe(403);
    expect((await postForm(ctx.app, `/studio/users/${user.user.id}/role`, { role: 'admin' }, admin)).status).toBe(303);
    expect((await ctx.app.request('/studio/users', { headers: user.headers })).status).toBe(200);
    const [entry] = await audit('user.role_changed', user.user.email);
    expect(JSON.parse(entry!.detail)).toEqual({ from: 'press', to: 'admin' });
  });

  it('refuses self-lockout and losing the last active admin', async () => {
    const solo = await createTestApp(engine, { examples: false });
    try {
      const only = await signIn(solo, 'admin');
      const self = await postForm(solo.app, `/studio/users/${only.user.id}/deactivate`, {}, only);
      expect(self.status).toBe(409);
      expect(await self.text()).toContain('You cannot deactivate your own account');
      const demote = await postForm(solo.app, `/studio/users/${only.user.id}/role`, { role: 'press' }, only);
      expect(demote.status).toBe(409);
      const stillAdmin = await solo.database.db.selectFrom('users').select(['role', 'status']).where('id', '=', only.user.id).executeTakeFirstOrThrow();
      expect(stillAdmin).toEqual({ role: 'admin', status: 'active' });

      // The last active admin cannot be demoted by anyone (here: a second admin who is then deactivated).
      const second = await signIn(solo, 'admin');
      const { changeUserRole, deactivateUser } = await import('../../server/users/service.ts');
      await deactivateUser(solo.database.db, identityOf({ ...second.user, name: 'B' }), only.user.id, 'test');
      await expect(changeUserRole(solo.database.db, identityOf({ ...only.user, name: 'A' }), second.user.id, 'press', 'test')).rejects.toThrow(/last active admin/);
      await expect(deactivateUser(solo.database.db, identityOf({ ...only.user, name: 'A' }), second.user.id, 'test')).rejects.toThrow(/last active admin/);
    } finally {
      await solo.database.drop();
    }
  });

  it('answers 404 for a user that does not exist', async () => {
    expect((await postForm(ctx.app, '/studio/users/not-a-uuid/deactivate', {}, admin)).status).toBe(404);
    expect((await postForm(ctx.app, '/studio/users/00000000-0000-4000-8000-000000000000/deactivate', {}, admin)).status).toBe(404);
  });
});
