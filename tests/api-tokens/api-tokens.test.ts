import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecretToken } from '../../server/auth/tokens.ts';
import { createTestApp, ENGINES, postForm, signIn, type TestContext } from '../helpers.ts';

describe.each(ENGINES)('API tokens on %s', (engine) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp(engine);
  });
  afterAll(() => ctx.database.drop());
  const db = () => ctx.database.db;

  it('shows a new token once, stores only its hash, and the token works as Bearer', async () => {
    const researcher = await signIn(ctx, 'researcher');
    const created = await postForm(ctx.app, '/studio/tokens', { name: 'weekly export' }, researcher);
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const html = await created.text();
    const token = /value="(att_[A-Za-z0-9_-]{43})"/.exec(html)?.[1];
    expect(token).toBeDefined();

    const row = await db().selectFrom('api_tokens').selectAll().where('user_id', '=', researcher.user.id).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(hashSecretToken(token!));
    expect(JSON.stringify(row)).not.toContain(token!.slice(4));
    expect(row.prefix).toBe(token!.slice(0, 10));

    // Shown once: the list afterwards has the name and prefix, never the token.
    const list = await (await ctx.app.request('/studio/tokens', { headers: researcher.headers })).text();
    expect(list).toContain('weekly export');
    expect(list).toContain(`${row.prefix}…`);
    expect(list).not.toContain(token!);

    const api = await ctx.app.request('/api/surveys', { headers: { authorization: `Bearer ${token}` } });
    expect(api.status).toBe(200);
    const used = await db().selectFrom('api_tokens').select('last_used_at').where('id', '=', row.id).executeTakeFirstOrThrow();
    expect(used.last_used_at).not.toBeNull();
    expect(await (await ctx.app.request('/studio/tokens', { headers: researcher.headers })).text()).not.toContain('<td>Never</td>');

    const audit = await db().selectFrom('audit_log').select(['action', 'actor_user_id']).where('action', '=', 'token.created').where('actor_user_id', '=', researcher.user.id).execute();
    expect(audit).toHaveLength(1);
  });

  it('refuses a revoked token with 401, and a made-up one', async () => {
    const press = await signIn(ctx, 'press');
    const html = await (await postForm(ctx.app, '/studio/tokens', { name: 'to revoke' }, press)).text();
    const token = /value="(att_[A-Za-z0-9_-]{43})"/.exec(html)![1]!;
    const { id } = await db().selectFrom('api_tokens').select('id').where('token_hash', '=', hashSecretToken(token)).executeTakeFirstOrThrow();
    expect((await ctx.app.request('/api/surveys', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    const revoked = await postForm(ctx.app, `/studio/tokens/${id}/revoke`, {}, press);
    expect(revoked.status).toBe(303);
    const res = await ctx.app.request('/api/surveys', { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('unauthorized');
    expect((await ctx.app.request('/api/surveys', { headers: { authorization: 'Bearer att_made-up' } })).status).toBe(401);
    expect(await db().selectFrom('audit_log').select('id').where('action', '=', 'token.revoked').where('actor_user_id', '=', press.user.id).execute()).toHaveLength(1);
  });

  it('carries the role of its user, and one user cannot revoke another\'s token', async () => {
    const press = await signIn(ctx, 'press');
    const other = await signIn(ctx, 'press');
    const html = await (await postForm(ctx.app, '/studio/tokens', { name: 'press script' }, press)).text();
    const token = /value="(att_[A-Za-z0-9_-]{43})"/.exec(html)![1]!;
    const bearer = { authorization: `Bearer ${token}` };
    // Press may read results but not reach researcher or admin pages.
    expect((await ctx.app.request('/api/surveys/start-for-life-parents/results', { headers: bearer })).status).toBe(200);
    expect((await ctx.app.request('/studio/users', { headers: bearer })).status).toBe(403);
    const { id } = await db().selectFrom('api_tokens').select('id').where('token_hash', '=', hashSecretToken(token)).executeTakeFirstOrThrow();
    expect((await postForm(ctx.app, `/studio/tokens/${id}/revoke`, {}, other)).status).toBe(404);
    expect((await ctx.app.request('/api/surveys', { headers: bearer })).status).toBe(200);
  });

  it('asks for a name', async () => {
    const press = await signIn(ctx, 'press');
    const res = await postForm(ctx.app, '/studio/tokens', { name: '  ' }, press);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Enter a name that says what the token is for');
  });
});
