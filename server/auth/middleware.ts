import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app.ts';
import type { Role } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { identifyApiToken, identifySession, roleIncludes, SESSION_ABSOLUTE_MS, type Identity } from './identity.ts';
import { secretsEqual } from './tokens.ts';

// Over HTTPS the cookie gets the __Host- prefix, which browsers only accept when Secure, host-only
// and Path=/, so a subdomain or a plain-HTTP page can never plant or overwrite it.
const PLAIN_SESSION_COOKIE = 'attune_session';
const HOST_SESSION_COOKIE = '__Host-attune_session';
const ANONYMOUS_CSRF_COOKIE = 'attune_csrf';

/** True when the request reached us over HTTPS. */
export function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:';
}

function sessionCookieName(c: Context): string {
  return isHttps(c) ? HOST_SESSION_COOKIE : PLAIN_SESSION_COOKIE;
}

/** Sets the session cookie: HttpOnly, SameSite=Lax, and Secure with a __Host- name over HTTPS. */
export function setSessionCookie(c: Context, token: string): void {
  setCookie(c, sessionCookieName(c), token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: isHttps(c),
    path: '/',
    maxAge: Math.floor(SESSION_ABSOLUTE_MS / 1000),
  });
}

/** Removes the session cookie (the session row is deleted separately). */
export function clearSessionCookie(c: Context): void {
  deleteCookie(c, sessionCookieName(c), { path: '/', secure: isHttps(c) });
}

/** The raw session token the browser sent, if any. */
export function sessionTokenOf(c: Context): string | undefined {
  return getCookie(c, sessionCookieName(c));
}

/** Works out who is asking, from a Bearer token or the session cookie, and puts it in `c.var.identity`.
 * A Bearer token that is not valid is refused outright (401) rather than treated as anonymous. */
export function loadIdentity() {
  return createMiddleware<AppEnv>(async (c, next) => {
    let identity: Identity | undefined;
    const authorization = c.req.header('authorization');
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      identity = match ? await identifyApiToken(c.var.db, match[1]!) : undefined;
      if (!identity) throw new AppError('unauthorized', 'The API token is not valid or has been revoked');
    } else {
      const token = sessionTokenOf(c);
      if (token) identity = await identifySession(c.var.db, token);
    }
    c.set('identity', identity ?? null);
    await next();
  });
}

/** True for paths answered with JSON rather than pages. */
export function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/') || path === '/healthz';
}

/** Lets the request through only for a signed-in user whose role includes `role`. Browsers without a
 * session are sent to the sign-in page and back; API clients get 401; the wrong role gets 403. */
export function requireRole(role: Role) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const identity = c.var.identity;
    if (!identity) {
      if (isApiPath(c.req.path)) throw new AppError('unauthorized', 'Sign in or send an API token (Authorization: Bearer ...)');
      const back = new URL(c.req.url);
      return c.redirect(`/login?next=${encodeURIComponent(back.pathname + back.search)}`, 303);
    }
    if (!roleIncludes(identity.user.role, role)) {
      throw new AppError('forbidden', `This needs the ${role} role; you are signed in as ${identity.user.role}`);
    }
    await next();
  });
}

/** The CSRF token a form on this page must carry in its `_csrf` field: the session's own token when
 * signed in, otherwise a random value also set as a cookie (double submit) for sign-in forms. */
export function csrfTokenFor(c: Context<AppEnv>): string {
  const session = c.var.identity?.session;
  if (session) return session.csrfToken;
  let token = getCookie(c, ANONYMOUS_CSRF_COOKIE);
  if (!token || token.length < 20) {
    token = randomBytes(24).toString('base64url');
    setCookie(c, ANONYMOUS_CSRF_COOKIE, token, { httpOnly: true, sameSite: 'Strict', secure: isHttps(c), path: '/' });
  }
  return token;
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Paths anyone may post to without a CSRF token: respondents (no privileges, SameSite cookies) and
 * the public response API. */
function isPublicWrite(path: string): boolean {
  return path.startsWith('/s/') || /^\/api\/surveys\/[^/]+\/responses$/.test(path);
}

/** Refuses state-changing requests that do not carry the page's CSRF token (in the `_csrf` form
 * field or an `X-CSRF-Token` header). API-token requests are exempt: no browser sends them. */
export function verifyCsrf() {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (!UNSAFE_METHODS.has(c.req.method) || isPublicWrite(c.req.path) || c.var.identity?.via === 'token') return next();
    const expected = c.var.identity?.session?.csrfToken ?? getCookie(c, ANONYMOUS_CSRF_COOKIE);
    let provided = c.req.header('x-csrf-token');
    if (provided === undefined) {
      const type = c.req.header('content-type') ?? '';
      if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
        const field = (await c.req.parseBody({ all: false }))['_csrf'];
        provided = typeof field === 'string' ? field : undefined;
      }
    }
    if (!expected || !provided || !secretsEqual(expected, provided)) {
      throw new AppError('forbidden', 'This form has expired or did not come from Attune. Go back, reload the page and try again.');
    }
    await next();
  });
}

/** Lets anyone through when `isPublic` says so for this request, otherwise requires `role`; for
 * resources such as results that a survey may opt in to publishing. */
export function requireRoleUnless(role: Role, isPublic: (c: Context<AppEnv>) => Promise<boolean>) {
  const guard = requireRole(role);
  return createMiddleware<AppEnv>(async (c, next) => ((await isPublic(c)) ? next() : guard(c, next)));
}

/** The signed-in viewer of a workspace page, with the CSRF token its forms carry; only call after
 * requireRole, which guarantees a session. */
export function viewerOf(c: Context<AppEnv>): { id: string; name: string; email: string; role: Role; csrf: string } {
  const identity = c.var.identity;
  if (!identity) throw new AppError('unauthorized', 'Sign in first');
  return { id: identity.user.id, name: identity.user.name, email: identity.user.email, role: identity.user.role, csrf: csrfTokenFor(c) };
}

/** The client's IP address as the Node server saw it, for rate limits and the audit log. */
export function clientIp(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}
