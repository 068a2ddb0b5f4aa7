import type { Kysely } from 'kysely';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Database, Role } from '../db/schema.ts';
import * as queries from './queries.ts';
import { hashSecretToken, newSecretToken } from './tokens.ts';

/** Who is making a request. */
export interface Identity {
  user: { id: string; email: string; name: string; role: Role };
  /** How they proved it: a browser session cookie (needs CSRF checks) or an API token (does not). */
  via: 'session' | 'token';
  /** For sessions: the hash that identifies the session and the CSRF token its forms carry. */
  session?: { tokenHash: string; csrfToken: string };
}

// A researcher may leave a tab open over lunch, but not overnight: 2 hours idle, 12 hours at most.
export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
// Writing last_seen_at on every request would turn every page view into a write.
const TOUCH_INTERVAL_MS = 60 * 1000;

const ROLE_RANK: Record<Role, number> = { press: 1, researcher: 2, admin: 3 };

/** True when a role includes another: admin can do what researchers can, researchers what press can. */
export function roleIncludes(role: Role, needed: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[needed];
}

/** Starts a signed-in session for a user: a fresh token (so a session is rotated at every sign-in)
 * and its own CSRF token. Returns the cookie value. */
export async function createUserSession(db: Kysely<Database>, userId: string, now = new Date()): Promise<string> {
  const { token, hash } = newSecretToken();
  await queries.insertUserSession(db, {
    token_hash: hash,
    user_id: userId,
    csrf_token: randomBytes(24).toString('base64url'),
    created_at: now.toISOString(),
    last_seen_at: now.toISOString(),
    expires_at: new Date(now.getTime() + SESSION_ABSOLUTE_MS).toISOString(),
  });
  return token;
}

/** Ends a session (sign-out); unknown tokens are ignored. */
export async function endUserSession(db: Kysely<Database>, token: string): Promise<void> {
  await queries.deleteUserSession(db, hashSecretToken(token));
}

/** The identity behind a session cookie, or undefined when it is unknown, idle too long, past its
 * absolute limit or its user is deactivated (expired sessions are deleted on sight). */
export async function identifySession(db: Kysely<Database>, token: string, now = new Date()): Promise<Identity | undefined> {
  const tokenHash = hashSecretToken(token);
  const row = await queries.findSessionWithUser(db, tokenHash);
  if (!row) return undefined;
  const idleFor = now.getTime() - Date.parse(row.last_seen_at);
  if (row.status !== 'active' || idleFor > SESSION_IDLE_MS || now.getTime() > Date.parse(row.expires_at)) {
    await queries.deleteUserSession(db, tokenHash);
    return undefined;
  }
  if (idleFor > TOUCH_INTERVAL_MS) await queries.touchUserSession(db, tokenHash, now.toISOString());
  return {
    user: { id: row.user_id, email: row.email, name: row.name, role: row.role },
    via: 'session',
    session: { tokenHash, csrfToken: row.csrf_token },
  };
}

/** The identity behind an API token (`Authorization: Bearer ...`): the creating user's role. */
export async function identifyApiToken(db: Kysely<Database>, token: string, now = new Date()): Promise<Identity | undefined> {
  const row = await queries.findApiTokenWithUser(db, hashSecretToken(token));
  if (!row || row.status !== 'active') return undefined;
  if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > TOUCH_INTERVAL_MS) {
    await queries.touchApiToken(db, row.token_id, now.toISOString());
  }
  return { user: { id: row.user_id, email: row.email, name: row.name, role: row.role }, via: 'token' };
}

/** A new user id. */
export function newUserId(): string {
  return randomUUID();
}
