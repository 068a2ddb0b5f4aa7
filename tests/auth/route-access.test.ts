import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../server/api-tokens/service.ts';
import { createUserSession, newUserId, roleIncludes } from '../../server/auth/identity.ts';
import { isApiPath } from '../../server/auth/middleware.ts';
import { createOneTimeLink, identityOf } from '../../server/auth/service.ts';
import type { Role } from '../../server/db/schema.ts';
import { createTestApp, ENGINES, publishResults, signIn, type TestContext } from '../helpers.ts';
import { isPublicWrite, ROUTES, type Fixtures, type RouteRow, type Visitor } from './route-table.ts';
import { ANON_CSRF, fromIp } from './support.ts';

// Every route × every kind of visitor: anonymous, a signed-in press, researcher and admin user, and
// (for /api routes) an API token of each role. A permitted visitor gets the row's status; anyone
// else is sent to sign in (pages), gets 401 (API) or 403 (signed in with too small a role).

const ROLES: Role[] = ['press', 'researcher', 'admin'];

/** The routes the app has registered, as "METHOD /path", without app-wide middleware. */
export function registeredRoutes(app: TestContext['app']): Set<string> {
  return new Set(app.routes.filter((route) => !(route.method === 'ALL' && route.path.endsWith('*'))).map((route) => `${route.method} ${route.path}`));
}

describe('the route table', () => {
  it('lists every route the app registers, and nothing it does not', async () => {
    const ctx = await createTestApp('sqlite', { examples: false });
    try {
      const inApp = registeredRoutes(ctx.app);
      const inTable = new Set(ROUTES.map((route) => `${route.method} ${route.path}`));
      const missing = [...inApp].filter((route) => !inTable.has(route)).sort();
      const stale = [...inTable].filter((route) => !inApp.has(route)).sort();
      expect(missing, 'routes with no row in tests/auth/route-table.ts: add a row saying who may use each').toEqual([]);
      expect(stale, 'rows in tests/auth/route-table.ts for routes the app no longer has').toEqual([]);
    } finally {
      await ctx.database.drop();
    }
  });
});

describe.each(ENGINES)('route access on %s', (engine) => {
  let ctx: TestContext;
  const users = new Map<Role, string>();
  const tokens = new Map<Role, string>();
  let fixtures: Fixtures;

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    await publishResults(ctx, 'pif-public');
    const db = ctx.database.db;
    for (const role of ROLES) {
      const signedIn = await signIn(ctx, role);
      users.set(role, signedIn.user.id);
      const { token } = await createApiToken(db, identityOf({ ...signedIn.user, name: `Test ${role}` }), 'matrix', 'test');
      tokens.set(role, token);
    }
    const freshUserId = async () => {
      const id = newUserId();
      const now = new Date().toISOString();
      await db
        .insertInto('users')
        .values({ id, email: `${id}@example.org`, name: 'Someone', role: 'press', password_hash: null, status: 'active', created_at: now, updated_at: now })
        .execute();
      return id;
    };
    fixtures = {
      freshUserId,
      tokenIdOf: async (visitor) => {
        const owner = visitor.userId ?? (await freshUserId());
        const row = await db.selectFrom('users').select(['id', 'email', 'name', 'role']).where('id', '=', owner).executeTakeFirstOrThrow();
        const { summary } = await createApiToken(db, identityOf(row), 'to revoke', 'test');
        return summary.id;
      },
      inviteToken: async () =>
        (await createOneTimeLink(db, { purpose: 'invite', email: `invitee-${newUserId()}@example.org`, role: 'press', createdBy: null })).token,
    };
  });
  afterAll(() => ctx.database.drop());

  /** Sends a row's example request as a visitor, with a fresh session for signed-in visitors (so a
   * sign-out or sign-in in one request cannot affect the next) and a valid CSRF token. */
  async function send(route: RouteRow, visitor: Visitor): Promise<Response> {
    const path = route.example ? await route.example(fixtures, visitor) : route.path;
    const headers: Record<string, string> = {};
    let csrf = ANON_CSRF;
    if (visitor.kind === 'session') {
      const token = await createUserSession(ctx.database.db, visitor.userId!);
      const session = await ctx.database.db
        .selectFrom('user_sessions')
        .select('csrf_token')
        .where('user_id', '=', visitor.userId!)
        .orderBy('created_at', 'desc')
        .executeTakeFirstOrThrow();
      // The newest session is this one: every other session of the user was made before it.
      const rows = await ctx.database.db.selectFrom('user_sessions').select(['csrf_token', 'token_hash']).where('user_id', '=', visitor.userId!).execute();
      const { hashSecretToken } = await import('../../server/auth/tokens.ts');
      csrf = rows.find((candidate) => candidate.token_hash === hashSecretToken(token))?.csrf_token ?? session.csrf_token;
      headers.cookie = `attune_session=${token}`;
    } else if (visitor.kind === 'token') {
      headers.authorization = `Bearer ${tokens.get(visitor.role!)}`;
    } else {
      headers.cookie = `attune_csrf=${ANON_CSRF}`;
    }
    let body: BodyInit | undefined;
    if (route.form) {
      const fields = new URLSearchParams(await route.form(fixtures, visitor));
      if (visitor.kind !== 'token') fields.set('_csrf', csrf);
      body = fields;
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (route.json) {
      body = JSON.stringify(route.json());
      headers['content-type'] = 'application/json';
      if (visitor.kind !== 'token') headers['x-csrf-token'] = csrf;
    } else if (route.method !== 'GET' && visitor.kind !== 'token') {
      headers['x-csrf-token'] = csrf;
    }
    return ctx.app.request(path, { method: route.method, headers, body }, fromIp('127.0.3.1'));
  }

  /** What a visitor should get from a route. */
  function expected(route: RouteRow, visitor: Visitor): { status: number; login?: boolean } {
    if (route.access === 'public') return { status: visitor.kind === 'session' && route.okSignedIn !== undefined ? route.okSignedIn : route.ok };
    if (visitor.kind === 'anonymous') return isApiPath(route.path) ? { status: 401 } : { status: 303, login: true };
    return roleIncludes(visitor.role!, route.access) ? { status: route.ok } : { status: 403 };
  }

  const visitorsFor = (route: RouteRow): Visitor[] => [
    { kind: 'anonymous', role: null, userId: null },
    ...ROLES.map((role): Visitor => ({ kind: 'session', role, userId: users.get(role)! })),
    ...(isApiPath(route.path) ? ROLES.map((role): Visitor => ({ kind: 'token', role, userId: users.get(role)! })) : []),
  ];

  for (const route of ROUTES) {
    it(`${route.method} ${route.path}${route.note ? ` (${route.note})` : ''}: ${route.access}`, async () => {
      for (const visitor of visitorsFor(route)) {
        const res = await send(route, visitor);
        const want = expected(route, visitor);
        const who = `${visitor.kind}${visitor.role ? ` ${visitor.role}` : ''}`;
        expect(res.status, `${who}: ${(await res.clone().text()).slice(0, 300)}`).toBe(want.status);
        if (want.login) expect(res.headers.get('location'), who).toMatch(/^\/login\?next=%2F/);
        if (route.access !== 'public' && !want.login && want.status === 303) {
          expect(res.headers.get('location') ?? '', `${who} was let through, not sent to sign in`).not.toMatch(/^\/login/);
        }
      }
    });
  }

  it('refuses every state-changing form without its CSRF token, or with another session\'s', async () => {
    const admin: Visitor = { kind: 'session', role: 'admin', userId: users.get('admin')! };
    const other = await signIn(ctx, 'admin');
    const unsafe = ROUTES.filter((route) => route.method !== 'GET' && !isPublicWrite(route.example ? 'x' : route.path) && !isPublicWrite(route.path.replace(':slug', 'x')));
    expect(unsafe.length).toBeGreaterThan(8);
    for (const route of unsafe) {
      for (const variant of ['missing', 'other session'] as const) {
        const path = route.example ? await route.example(fixtures, admin) : route.path;
        const token = await createUserSession(ctx.database.db, admin.userId!);
        const fields = new URLSearchParams(route.form ? await route.form(fixtures, admin) : {});
        if (variant === 'other session') fields.set('_csrf', other.csrf);
        const res = await ctx.app.request(path, {
          method: route.method,
          headers: { cookie: `attune_session=${token}`, 'content-type': 'application/x-www-form-urlencoded' },
          body: fields,
        });
        // An admin may use every route, so a 403 here can only be the CSRF check.
        expect(res.status, `${route.method} ${route.path} with the CSRF token ${variant}`).toBe(403);
      }
      // Anonymous forms (sign-in, setup, invitation) use a double-submit cookie: a field that does
      // not match the browser's own cookie is refused too.
      const path = route.example ? await route.example(fixtures, { kind: 'anonymous', role: null, userId: null }) : route.path;
      const fields = new URLSearchParams(route.form ? await route.form(fixtures, { kind: 'anonymous', role: null, userId: null }) : {});
      fields.set('_csrf', 'a-token-from-some-other-browser-000000');
      const res = await ctx.app.request(path, { method: route.method, headers: { cookie: `attune_csrf=${ANON_CSRF}`, 'content-type': 'application/x-www-form-urlencoded' }, body: fields });
      expect(res.status, `${route.method} ${route.path} anonymous with a mismatched CSRF token`).toBe(403);
    }
  });
});
