import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecretToken } from '../../server/auth/tokens.ts';
import { safeNextPath } from '../../server/auth/service.ts';
import { createTestApp, ENGINES, signIn, TEST_PASSWORD, type TestContext } from '../helpers.ts';
import { ANON_CSRF, cookieValue, GOOD_PASSWORD, sessionCookieOf, setCookieHeader, setupToken, submitForm, uniqueEmail } from './support.ts';

describe.each(ENGINES)('first run, sign-in and sessions on %s', (engine) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp(engine, { examples: false });
  });
  afterAll(() => ctx.database.drop());

  const db = () => ctx.database.db;
  const sessionCount = async (userId: string) =>
    Number((await db().selectFrom('user_sessions').select((eb) => eb.fn.countAll().as('n')).where('user_id', '=', userId).executeTakeFirstOrThrow()).n);
  const auditActions = async (subject: string) =>
    (await db().selectFrom('audit_log').select('action').where('subject', '=', subject).orderBy('occurred_at').execute()).map((row) => row.action);

  describe('the setup link', () => {
    it('creates the first admin once, signs them in, and is dead afterwards', async () => {
      const earlier = await setupToken(ctx);
      const token = await setupToken(ctx);
      // A fresh link replaces the unused earlier one.
      expect((await ctx.app.request(`/setup/${earlier}`)).status).toBe(404);
      const page = await ctx.app.request(`/setup/${token}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Create the administrator account');

      const mismatch = await submitForm(ctx.app, `/setup/${token}`, { name: 'Ada Admin', email: 'ada@example.org', password: GOOD_PASSWORD, confirm: 'something else entirely' });
      expect(mismatch.status).toBe(422);
      const mismatchHtml = await mismatch.text();
      expect(mismatchHtml).toContain('The passwords do not match');
      expect(mismatchHtml).toContain('value="Ada Admin"'); // what was typed is kept
      expect(mismatchHtml).not.toContain(GOOD_PASSWORD); // but never a password

      const short = await submitForm(ctx.app, `/setup/${token}`, { name: '', email: 'not an email', password: 'short', confirm: 'short' });
      expect(short.status).toBe(422);
      const shortHtml = await short.text();
      expect(shortHtml).toContain('Enter a name');
      expect(shortHtml).toContain('Enter an email address in the correct format');
      expect(shortHtml).toContain('Use at least 12 characters');

      const created = await submitForm(ctx.app, `/setup/${token}`, { name: 'Ada Admin', email: 'Ada@Example.org ', password: GOOD_PASSWORD, confirm: GOOD_PASSWORD });
      expect(created.status).toBe(303);
      expect(created.headers.get('location')).toBe('/studio');
      const cookie = sessionCookieOf(created);
      const studio = await ctx.app.request('/studio', { headers: { cookie } });
      expect(studio.status).toBe(200);
      expect(await studio.text()).toContain('Ada Admin');

      const user = await db().selectFrom('users').selectAll().where('email', '=', 'ada@example.org').executeTakeFirstOrThrow();
      expect(user.role).toBe('admin');
      expect(user.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(await auditActions('ada@example.org')).toContain('user.created');

      // Single use: neither the page nor a second post works, and no second admin appears.
      expect((await ctx.app.request(`/setup/${token}`)).status).toBe(404);
      const again = await submitForm(ctx.app, `/setup/${token}`, { name: 'Mallory', email: 'mallory@example.org', password: GOOD_PASSWORD, confirm: GOOD_PASSWORD });
      expect(again.status).toBe(404);
      expect(await again.text()).toContain('This link cannot be used');
      expect(await db().selectFrom('users').select('id').where('email', '=', 'mallory@example.org').executeTakeFirst()).toBeUndefined();
    });

    it('gives no link once users exist, and refuses an expired link', async () => {
      // Users exist now (previous test), so no new setup link is handed out.
      const { createSetupLink } = await import('../../server/auth/service.ts');
      expect(await createSetupLink(db())).toBeUndefined();
      // An expired link on an empty database.
      const empty = await createTestApp(engine, { examples: false });
      try {
        const token = await setupToken(empty);
        await empty.database.db
          .updateTable('one_time_links')
          .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
          .where('token_hash', '=', hashSecretToken(token))
          .execute();
        expect((await empty.app.request(`/setup/${token}`)).status).toBe(404);
        const post = await submitForm(empty.app, `/setup/${token}`, { name: 'Late', email: 'late@example.org', password: GOOD_PASSWORD, confirm: GOOD_PASSWORD });
        expect(post.status).toBe(404);
        expect(await empty.database.db.selectFrom('users').select('id').execute()).toEqual([]);
      } finally {
        await empty.database.drop();
      }
    });
  });

  describe('signing in', () => {
    it('signs in with the right password and goes to a safe next page', async () => {
      const user = await signIn(ctx, 'researcher');
      const res = await submitForm(ctx.app, '/login', { email: user.user.email.toUpperCase(), password: TEST_PASSWORD, next: '/studio/tokens?x=1' });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/studio/tokens?x=1');
      expect((await ctx.app.request('/studio/tokens', { headers: { cookie: sessionCookieOf(res) } })).status).toBe(200);
      expect(await auditActions(user.user.email)).toContain('auth.sign_in');
    });

    it('never redirects off the site after signing in', async () => {
      const user = await signIn(ctx, 'press');
      for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)', '/%2F%2Fevil.example', '']) {
        const res = await submitForm(ctx.app, '/login', { email: user.user.email, password: TEST_PASSWORD, next });
        expect(res.status, next).toBe(303);
        const location = res.headers.get('location')!;
        expect(location.startsWith('/') && !location.startsWith('//') && !location.startsWith('/\\'), `${next} -> ${location}`).toBe(true);
        expect(new URL(location, 'http://localhost').host).toBe('localhost');
      }
      expect(safeNextPath('/studio/surveys/x?tab=1#top')).toBe('/studio/surveys/x?tab=1#top');
      expect(safeNextPath('//evil.example')).toBe('/studio');
      expect(safeNextPath('/\\evil.example')).toBe('/studio');
      expect(safeNextPath('https://evil.example')).toBe('/studio');
    });

    it('gives one generic message for a wrong password, an unknown email and a deactivated account', async () => {
      const active = await signIn(ctx, 'researcher');
      const deactivated = await signIn(ctx, 'press');
      await db().updateTable('users').set({ status: 'deactivated' }).where('id', '=', deactivated.user.id).execute();
      const attempts = [
        { email: active.user.email, password: 'not the password at all' },
        { email: uniqueEmail('nobody'), password: TEST_PASSWORD },
        { email: deactivated.user.email, password: TEST_PASSWORD },
      ];
      const bodies: string[] = [];
      for (const attempt of attempts) {
        const res = await submitForm(ctx.app, '/login', { ...attempt, next: '' }, { ip: '127.0.0.9' });
        expect(res.status).toBe(401);
        expect(cookieValue(res, 'attune_session')).toBeUndefined();
        const html = await res.text();
        expect(html).toContain('The email address or password is not right');
        bodies.push(html.replace(/value="[^"]*"/g, ''));
      }
      // Apart from the typed values the three pages are identical: nothing tells the cases apart.
      expect(new Set(bodies).size).toBe(1);
      const reasons = await db().selectFrom('audit_log').select('detail').where('action', '=', 'auth.sign_in_failed').where('ip', '=', '127.0.0.9').execute();
      expect(reasons.map((row) => JSON.parse(row.detail).reason).sort()).toEqual(['deactivated', 'unknown email', 'wrong password']);
    });

    it('asks for missing fields', async () => {
      const res = await submitForm(ctx.app, '/login', { email: '', password: '', next: '' });
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain('Enter your email address');
      expect(html).toContain('Enter your password');
    });

    it('limits failures per username: the right password is refused with 429 after 5 failures', async () => {
      const user = await signIn(ctx, 'researcher');
      for (let i = 0; i < 5; i++) {
        expect((await submitForm(ctx.app, '/login', { email: user.user.email, password: `wrong ${i}`, next: '' }, { ip: `127.0.1.${i}` })).status).toBe(401);
      }
      const limited = await submitForm(ctx.app, '/login', { email: user.user.email, password: TEST_PASSWORD, next: '' }, { ip: '127.0.1.99' });
      expect(limited.status).toBe(429);
      const html = await limited.text();
      expect(html).toContain('Too many attempts to sign in');
      expect(html).not.toMatch(/username|address|IP/);
      expect(cookieValue(limited, 'attune_session')).toBeUndefined();

      // After the window the right password works again, and success clears the count.
      await db()
        .updateTable('login_failures')
        .set({ occurred_at: new Date(Date.now() - 16 * 60 * 1000).toISOString() })
        .where('key', '=', `user:${user.user.email}`)
        .execute();
      expect((await submitForm(ctx.app, '/login', { email: user.user.email, password: TEST_PASSWORD, next: '' }, { ip: '127.0.1.100' })).status).toBe(303);
      const left = await db().selectFrom('login_failures').select('key').where('key', '=', `user:${user.user.email}`).execute();
      expect(left).toEqual([]);
    });

    it('limits failures per IP across many usernames, and prunes old rows', async () => {
      await db().insertInto('login_failures').values({ key: 'ip:old', occurred_at: new Date(Date.now() - 60 * 60 * 1000).toISOString() }).execute();
      const ip = '127.0.2.1';
      for (let i = 0; i < 20; i++) {
        expect((await submitForm(ctx.app, '/login', { email: uniqueEmail(`spray${i}`), password: 'guess', next: '' }, { ip })).status).toBe(401);
      }
      const user = await signIn(ctx, 'admin');
      expect((await submitForm(ctx.app, '/login', { email: user.user.email, password: TEST_PASSWORD, next: '' }, { ip })).status).toBe(429);
      // Another client is not affected.
      expect((await submitForm(ctx.app, '/login', { email: user.user.email, password: TEST_PASSWORD, next: '' }, { ip: '127.0.2.2' })).status).toBe(303);
      expect(await db().selectFrom('login_failures').select('key').where('key', '=', 'ip:old').execute()).toEqual([]);
    });
  });

  describe('the session cookie', () => {
    it('is HttpOnly and SameSite=Lax over HTTP', async () => {
      const user = await signIn(ctx, 'press');
      const res = await submitForm(ctx.app, '/login', { email: user.user.email, password: TEST_PASSWORD, next: '' });
      const header = setCookieHeader(res, 'attune_session')!;
      expect(header).toMatch(/HttpOnly/i);
      expect(header).toMatch(/SameSite=Lax/i);
      expect(header).toMatch(/Path=\//);
      expect(header).not.toMatch(/Secure/i);
    });

    it('has the __Host- name and Secure over HTTPS, and works there', async () => {
      const user = await signIn(ctx, 'press');
      const body = new URLSearchParams({ _csrf: ANON_CSRF, email: user.user.email, password: TEST_PASSWORD, next: '' });
      const res = await ctx.app.request('https://localhost/login', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `attune_csrf=${ANON_CSRF}` },
        body,
      });
      expect(res.status).toBe(303);
      expect(setCookieHeader(res, 'attune_session')).toBeUndefined();
      const header = setCookieHeader(res, '__Host-attune_session')!;
      expect(header).toMatch(/; Secure/i);
      expect(header).toMatch(/HttpOnly/i);
      expect(header).toMatch(/SameSite=Lax/i);
      expect(header).toMatch(/Path=\//);
      expect(header).not.toMatch(/Domain=/i);
      const token = cookieValue(res, '__Host-attune_session')!;
      expect((await ctx.app.request('https://localhost/studio', { headers: { cookie: `__Host-attune_session=${token}` } })).status).toBe(200);
      // The plain name is not accepted over HTTPS.
      expect((await ctx.app.request('https://localhost/studio', { headers: { cookie: `attune_session=${token}` } })).status).toBe(303);
    });
  });

  describe('session lifetime', () => {
    it('ends a session idle for more than 2 hours', async () => {
      const user = await signIn(ctx, 'researcher');
      expect((await ctx.app.request('/studio', { headers: user.headers })).status).toBe(200);
      const threeHoursAgo = new Date(Date.now() - 3 * 60 * 60 * 1000).toISOString();
      await db().updateTable('user_sessions').set({ last_seen_at: threeHoursAgo, created_at: threeHoursAgo }).where('user_id', '=', user.user.id).execute();
      const res = await ctx.app.request('/studio', { headers: user.headers });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/login?next=%2Fstudio');
      expect(await sessionCount(user.user.id)).toBe(0);
    });

    it('ends a session past its absolute limit however active it is', async () => {
      const user = await signIn(ctx, 'researcher');
      await db()
        .updateTable('user_sessions')
        .set({ last_seen_at: new Date().toISOString(), expires_at: new Date(Date.now() - 1000).toISOString() })
        .where('user_id', '=', user.user.id)
        .execute();
      expect((await ctx.app.request('/studio', { headers: user.headers })).status).toBe(303);
      expect(await sessionCount(user.user.id)).toBe(0);
    });

    it('rotates at sign-in: the session the browser had no longer works', async () => {
      const user = await signIn(ctx, 'researcher');
      const res = await submitForm(ctx.app, '/login', { email: user.user.email, password: TEST_PASSWORD, next: '' }, { cookie: `${user.headers.cookie}; attune_csrf=${ANON_CSRF}`, csrf: user.csrf });
      expect(res.status).toBe(303);
      const fresh = sessionCookieOf(res);
      expect(fresh).not.toBe(user.headers.cookie);
      expect((await ctx.app.request('/studio', { headers: user.headers })).status).toBe(303);
      expect((await ctx.app.request('/studio', { headers: { cookie: fresh } })).status).toBe(200);
      expect(await sessionCount(user.user.id)).toBe(1);
    });

    it('signs out: deletes the session row and the cookie', async () => {
      const user = await signIn(ctx, 'press');
      const res = await submitForm(ctx.app, '/logout', {}, { cookie: user.headers.cookie, csrf: user.csrf });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/login?signed-out=1');
      expect(setCookieHeader(res, 'attune_session')).toMatch(/attune_session=;.*Max-Age=0/);
      expect(await sessionCount(user.user.id)).toBe(0);
      expect((await ctx.app.request('/studio', { headers: user.headers })).status).toBe(303);
      expect(await auditActions(user.user.email)).toContain('auth.sign_out');
    });

    it('refuses sign-out without the CSRF token', async () => {
      const user = await signIn(ctx, 'press');
      expect((await submitForm(ctx.app, '/logout', {}, { cookie: user.headers.cookie, csrf: null })).status).toBe(403);
      expect(await sessionCount(user.user.id)).toBe(1);
    });
  });
});
