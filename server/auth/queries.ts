import type { Kysely } from 'kysely';
import type { Database, UsersTable } from '../db/schema.ts';
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
