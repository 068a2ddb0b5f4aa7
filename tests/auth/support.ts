import { randomBytes } from 'node:crypto';
import type { App } from '../../server/app.ts';
import { createSetupLink } from '../../server/auth/service.ts';
import type { TestContext } from '../helpers.ts';

// Helpers for the account tests: posting forms as an anonymous browser (double-submit CSRF cookie),
// reading the session cookie a response sets, and a setup link to start from.

/** A fixed anonymous CSRF token a test browser "already has" as a cookie. */
export const ANON_CSRF = 'anonymous-csrf-token-for-tests-0123456789';

/** The env the Node adapter would pass: lets a test choose the client IP the rate limits see. */
export const fromIp = (ip: string) => ({ incoming: { socket: { remoteAddress: ip } } });

/** Posts a form as a browser: with the given cookies, and `_csrf` unless `csrf` is null. */
export function submitForm(
  app: App,
  path: string,
  fields: Record<string, string>,
  options: { cookie?: string; csrf?: string | null; ip?: string } = {},
) {
  const body = new URLSearchParams();
  const csrf = options.csrf === undefined ? ANON_CSRF : options.csrf;
  if (csrf !== null) body.append('_csrf', csrf);
  for (const [key, value] of Object.entries(fields)) body.append(key, value);
  const cookie = options.cookie ?? `attune_csrf=${ANON_CSRF}`;
  return app.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, body }, fromIp(options.ip ?? '127.0.0.1'));
}

/** The value a response's Set-Cookie gives a cookie, or undefined. */
export function cookieValue(res: Response, name: string): string | undefined {
  for (const header of res.headers.getSetCookie()) {
    const [pair] = header.split(';');
    const index = pair!.indexOf('=');
    if (pair!.slice(0, index).trim() === name) return pair!.slice(index + 1);
  }
  return undefined;
}

/** The whole Set-Cookie header for a cookie name. */
export function setCookieHeader(res: Response, name: string): string | undefined {
  return res.headers.getSetCookie().find((header) => header.startsWith(`${name}=`));
}

/** The session cookie a sign-in response set, as a Cookie header for later requests. */
export function sessionCookieOf(res: Response): string {
  const token = cookieValue(res, 'attune_session');
  if (!token) throw new Error(`No session cookie in ${res.status} response: ${res.headers.getSetCookie().join(' | ')}`);
  return `attune_session=${token}`;
}

/** The CSRF token a signed-in page carries in its forms. */
export async function csrfOfPage(app: App, path: string, cookie: string): Promise<string> {
  const html = await (await app.request(path, { headers: { cookie } })).text();
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error(`No CSRF field on ${path}`);
  return match[1]!;
}

/** A fresh setup link token (the database must have no users). */
export async function setupToken(ctx: TestContext): Promise<string> {
  const token = await createSetupLink(ctx.database.db);
  if (!token) throw new Error('Users exist: no setup link');
  return token;
}

/** A unique email address for a test user. */
export const uniqueEmail = (label = 'user') => `${label}-${randomBytes(4).toString('hex')}@example.org`;

export const GOOD_PASSWORD = 'a long and memorable passphrase';
