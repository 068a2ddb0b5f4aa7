import type { Kysely } from 'kysely';
import type { Database, OneTimeLinksTable, UsersTable } from '../db/schema.ts';
import type { Insertable } from 'kysely';

export function findUserById(db: Kysely<Database>, id: string) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findUserByEmail(db: Kysely<Database>, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertUser(db: Kysely<Database>, row: Insertable<UsersTable>) {
  await db.insertInto('users').values(row).execute();
}

export async function insertUserSession(
  db: Kysely<Database>,
  row: { token_hash: string; user_id: string; csrf_token: string; created_at: string; last_seen_at: string; expires_at: string },
) {
  await db.insertInto('user_sessions').values(row).execute();
}

/** A session with its user, for authenticating a request. */
export function findSessionWithUser(db: Kysely<Database>, tokenHash: string) {
  return db
    .selectFrom('user_sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.token_hash',
      's.csrf_token',
      's.last_seen_at',
      's.expires_at',
      'u.id as user_id',
      'u.email',
      'u.name',
      'u.role',
      'u.status',
    ])
    .where('s.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function touchUserSession(db: Kysely<Database>, tokenHash: string, at: string) {
  await db.updateTable('user_sessions').set({ last_seen_at: at }).where('token_hash', '=', tokenHash).execute();
}

export async function deleteUserSession(db: Kysely<Database>, tokenHash: string) {
  await db.deleteFrom('user_sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteSessionsOfUser(db: Kysely<Database>, userId: string) {
  await db.deleteFrom('user_sessions').where('user_id', '=', userId).execute();
}

/** An API token that has not been revoked, with its user. */
export function findApiTokenWithUser(db: Kysely<Database>, tokenHash: string) {
  return db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.id as token_id', 't.last_used_at', 'u.id as user_id', 'u.email', 'u.name', 'u.role', 'u.status'])
    .where('t.token_hash', '=', tokenHash)
    .where('t.revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function touchApiToken(db: Kysely<Database>, tokenId: string, at: string) {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', tokenId).execute();
}

/** Records one unusable setup or invitation link. */
export async function insertOneTimeLink(db: Kysely<Database>, row: Insertable<OneTimeLinksTable>) {
  await db.insertInto('one_time_links').values(row).execute();
}

/** A one-time link by its hash, used or not. */
export function findOneTimeLink(db: Kysely<Database>, tokenHash: string) {
  return db.selectFrom('one_time_links').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Marks a link used, only if nobody used it first; true when this call did. */
export async function markOneTimeLinkUsed(db: Kysely<Database>, tokenHash: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('one_time_links')
    .set({ used_at: at })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Deletes the unused links of a purpose (and, for invitations, of one email address). */
export async function deleteUnusedLinks(db: Kysely<Database>, purpose: 'setup' | 'invite', email?: string) {
  let query = db.deleteFrom('one_time_links').where('purpose', '=', purpose).where('used_at', 'is', null);
  if (email !== undefined) query = query.where('email', '=', email);
  await query.execute();
}

/** Invitations nobody has used yet that are still valid, newest first, with who sent them. */
export function listOpenInvitations(db: Kysely<Database>, now: string) {
  return db
    .selectFrom('one_time_links as l')
    .leftJoin('users as u', 'u.id', 'l.created_by')
    .select(['l.token_hash', 'l.email', 'l.role', 'l.created_at', 'l.expires_at', 'u.name as invited_by'])
    .where('l.purpose', '=', 'invite')
    .where('l.used_at', 'is', null)
    .where('l.expires_at', '>', now)
    .orderBy('l.created_at', 'desc')
    .execute();
}

/** Failed sign-ins under a key (`ip:...` or `user:...`) since a time. */
export async function countLoginFailures(db: Kysely<Database>, key: string, since: string): Promise<number> {
  const row = await db
    .selectFrom('login_failures')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('key', '=', key)
    .where('occurred_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertLoginFailures(db: Kysely<Database>, keys: string[], at: string) {
  await db.insertInto('login_failures').values(keys.map((key) => ({ key, occurred_at: at }))).execute();
}

export async function deleteLoginFailures(db: Kysely<Database>, key: string) {
  await db.deleteFrom('login_failures').where('key', '=', key).execute();
}

/** Forgets failures older than the rate-limit window, so the table stays small. */
export async function pruneLoginFailures(db: Kysely<Database>, before: string) {
  await db.deleteFrom('login_failures').where('occurred_at', '<=', before).execute();
}

/** Sets a user's name, password and status (used when an invited or CLI-created user sets a password). */
export async function updateUserCredentials(db: Kysely<Database>, id: string, changes: { name: string; password_hash: string; updated_at: string }) {
  await db.updateTable('users').set(changes).where('id', '=', id).execute();
}
