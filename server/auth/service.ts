import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/service.ts';
import type { Database, Role, UserRow } from '../db/schema.ts';
import { AppError, type FieldErrors } from '../errors.ts';
import { createUserSession, endUserSession, newUserId, type Identity } from './identity.ts';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
import * as queries from './queries.ts';
import { hashSecretToken, newSecretToken } from './tokens.ts';

// Signing in and out, and the one-time links that bring people in: the first-run setup link and
// invitations to colleagues. Every change is written to the audit log in the same transaction.

export const SETUP_LINK_MS = 24 * 60 * 60 * 1000;
export const INVITE_LINK_MS = 7 * 24 * 60 * 60 * 1000;

// Sliding 15-minute windows. Per username stops guessing one account's password; per IP stops one
// client spraying many accounts. Neither says which one tripped, so neither confirms an account.
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_IP = 20;
export const MAX_FAILURES_PER_USER = 5;

/** The identity a user acts with once signed in. */
export function identityOf(user: Pick<UserRow, 'id' | 'email' | 'name' | 'role'>): Identity {
  return { user: { id: user.id, email: user.email, name: user.name, role: user.role }, via: 'session' };
}

/** Creates a one-time link (setup or invite) and returns its secret, which is stored only hashed. */
export async function createOneTimeLink(
  db: Kysely<Database>,
  link: { purpose: 'setup' | 'invite'; email: string | null; role: Role | null; createdBy: string | null },
  now = new Date(),
): Promise<{ token: string; expiresAt: string }> {
  const { token, hash } = newSecretToken();
  const expiresAt = new Date(now.getTime() + (link.purpose === 'setup' ? SETUP_LINK_MS : INVITE_LINK_MS)).toISOString();
  await queries.insertOneTimeLink(db, {
    token_hash: hash,
    purpose: link.purpose,
    email: link.email,
    role: link.role,
    created_by: link.createdBy,
    created_at: now.toISOString(),
    expires_at: expiresAt,
    used_at: null,
  });
  return { token, expiresAt };
}

/** A fresh first-run setup link, or undefined when users already exist. Earlier unused setup links
 * stop working, so only the link printed last can be used. */
export async function createSetupLink(db: Kysely<Database>, now = new Date()): Promise<string | undefined> {
  return db.transaction().execute(async (trx) => {
    if ((await queries.countUsers(trx)) > 0) return undefined;
    await queries.deleteUnusedLinks(trx, 'setup');
    return (await createOneTimeLink(trx, { purpose: 'setup', email: null, role: null, createdBy: null }, now)).token;
  });
}

/** The one-time link behind a token when it can still be used for its purpose; a setup link also
 * dies as soon as any user exists. */
export async function findUsableLink(db: Kysely<Database>, purpose: 'setup' | 'invite', token: string, now = new Date()) {
  const link = await queries.findOneTimeLink(db, hashSecretToken(token));
  if (!link || link.purpose !== purpose || link.used_at !== null || Date.parse(link.expires_at) <= now.getTime()) return undefined;
  if (purpose === 'setup' && (await queries.countUsers(db)) > 0) return undefined;
  return link;
}

const LINK_GONE = 'This link has expired or has already been used';

/** Problems with a new password and its confirmation, by field. */
export function newPasswordProblems(password: string, confirm: string, email: string): FieldErrors {
  const problem = password === '' ? 'Enter a password' : passwordProblem(password, email);
  if (problem) return { password: problem };
  if (confirm !== password) return { confirm: 'The passwords do not match' };
  return {};
}

/** Uses a setup link: creates the first admin. Throws not_found when the link is dead (including
 * when someone else finished setup first). */
export async function completeSetup(
  db: Kysely<Database>,
  token: string,
  form: { name: string; email: string; password: string },
  ip: string,
  now = new Date(),
): Promise<Identity> {
  const passwordHash = await hashPassword(form.password);
  return db.transaction().execute(async (trx) => {
    const link = await findUsableLink(trx, 'setup', token, now);
    if (!link || !(await queries.markOneTimeLinkUsed(trx, link.token_hash, now.toISOString()))) throw new AppError('not_found', LINK_GONE);
    const at = now.toISOString();
    const user = { id: newUserId(), email: form.email, name: form.name, role: 'admin' as const };
    await queries.insertUser(trx, { ...user, password_hash: passwordHash, status: 'active', created_at: at, updated_at: at });
    const identity = identityOf(user);
    await recordAudit(trx, { actor: identity, action: 'user.created', subject: user.email, detail: { role: 'admin', via: 'setup link' }, ip });
    await recordAudit(trx, { actor: identity, action: 'auth.sign_in', subject: user.email, detail: { via: 'setup link' }, ip });
    return identity;
  });
}

/** Uses an invitation: creates the invited account, or sets the password of an account created
 * without one (by `attune users create`). Throws not_found for a dead link, conflict when the email
 * already has an account with a password. */
export async function acceptInvitation(
  db: Kysely<Database>,
  token: string,
  form: { name: string; password: string },
  ip: string,
  now = new Date(),
): Promise<Identity> {
  const passwordHash = await hashPassword(form.password);
  return db.transaction().execute(async (trx) => {
    const link = await findUsableLink(trx, 'invite', token, now);
    if (!link || !link.email || !link.role || !(await queries.markOneTimeLinkUsed(trx, link.token_hash, now.toISOString())))
      throw new AppError('not_found', LINK_GONE);
    const at = now.toISOString();
    const existing = await queries.findUserByEmail(trx, link.email);
    if (existing && (existing.password_hash !== null || existing.status !== 'active'))
      throw new AppError('conflict', `${link.email} already has an account: sign in instead, or ask an admin`);
    let user: Pick<UserRow, 'id' | 'email' | 'name' | 'role'>;
    if (existing) {
      await queries.updateUserCredentials(trx, existing.id, { name: form.name, password_hash: passwordHash, updated_at: at });
      user = { ...existing, name: form.name };
    } else {
      user = { id: newUserId(), email: link.email, name: form.name, role: link.role };
      await queries.insertUser(trx, { ...user, password_hash: passwordHash, status: 'active', created_at: at, updated_at: at });
    }
    const identity = identityOf(user);
    await recordAudit(trx, {
      actor: identity,
      action: existing ? 'user.password_set' : 'user.created',
      subject: user.email,
      detail: { role: user.role, via: 'invitation' },
      ip,
    });
    await recordAudit(trx, { actor: identity, action: 'auth.sign_in', subject: user.email, detail: { via: 'invitation' }, ip });
    return identity;
  });
}

let dummyHash: Promise<string> | undefined;
/** A hash to check passwords against for unknown emails, so a wrong email costs as long as a wrong password. */
const hashForUnknownUser = () => (dummyHash ??= hashPassword(randomBytes(18).toString('base64url')));

export type SignInOutcome = { outcome: 'signed_in'; identity: Identity } | { outcome: 'refused' } | { outcome: 'rate_limited' };

/** Checks an email and password under the rate limits. A refusal never says why (unknown email,
 * wrong password, deactivated account): the audit log does. */
export async function signInWithPassword(
  db: Kysely<Database>,
  input: { email: string; password: string; ip: string },
  now = new Date(),
): Promise<SignInOutcome> {
  const email = input.email.trim().toLowerCase();
  const ipKey = `ip:${input.ip}`;
  const userKey = `user:${email}`;
  const since = new Date(now.getTime() - LOGIN_WINDOW_MS).toISOString();
  const [byIp, byUser] = await Promise.all([queries.countLoginFailures(db, ipKey, since), queries.countLoginFailures(db, userKey, since)]);
  if (byIp >= MAX_FAILURES_PER_IP || byUser >= MAX_FAILURES_PER_USER) return { outcome: 'rate_limited' };

  const user = await queries.findUserByEmail(db, email);
  const matches = await verifyPassword(user?.password_hash ?? (await hashForUnknownUser()), input.password);
  const reason = !user ? 'unknown email' : !user.password_hash ? 'no password set' : !matches ? 'wrong password' : user.status !== 'active' ? 'deactivated' : undefined;
  if (reason || !user) {
    await db.transaction().execute(async (trx) => {
      await queries.pruneLoginFailures(trx, since);
      await queries.insertLoginFailures(trx, [ipKey, userKey], now.toISOString());
      await recordAudit(trx, { actor: null, action: 'auth.sign_in_failed', subject: email, detail: { reason }, ip: input.ip });
    });
    return { outcome: 'refused' };
  }
  const identity = identityOf(user);
  await db.transaction().execute(async (trx) => {
    await queries.deleteLoginFailures(trx, userKey);
    await recordAudit(trx, { actor: identity, action: 'auth.sign_in', subject: email, ip: input.ip });
  });
  return { outcome: 'signed_in', identity };
}

/** Starts a new session for a user, ending the one this browser had (rotation at every sign-in, so
 * a session token planted before sign-in is worthless after it). Returns the new cookie value. */
export async function startSession(db: Kysely<Database>, userId: string, previousToken: string | undefined): Promise<string> {
  if (previousToken) await endUserSession(db, previousToken);
  return createUserSession(db, userId);
}

/** Ends a session at sign-out and records it. */
export async function signOut(db: Kysely<Database>, identity: Identity | null, token: string, ip: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await endUserSession(trx, token);
    if (identity) await recordAudit(trx, { actor: identity, action: 'auth.sign_out', subject: identity.user.email, ip });
  });
}

/** Where to go after signing in: a path on this site only. Absolute URLs, protocol-relative `//host`
 * and backslash tricks (`/\host`, which browsers read as `//host`) fall back to the workspace. */
export function safeNextPath(next: string | undefined, fallback = '/studio'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(next)) return fallback;
  const base = 'http://attune.invalid';
  try {
    const url = new URL(next, base);
    if (url.origin !== base) return fallback;
    const path = `${url.pathname}${url.search}${url.hash}`;
    return path.startsWith('//') || path.startsWith('/login') ? fallback : path;
  } catch {
    return fallback;
  }
}
