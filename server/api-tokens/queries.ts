import type { Insertable, Kysely } from 'kysely';
import type { ApiTokensTable, Database } from '../db/schema.ts';

export async function insertApiToken(db: Kysely<Database>, row: Insertable<ApiTokensTable>) {
  await db.insertInto('api_tokens').values(row).execute();
}

/** A user's tokens, newest first, without their hashes. */
export function listApiTokensOfUser(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'prefix', 'created_at', 'last_used_at', 'revoked_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .execute();
}

export function findApiTokenOfUser(db: Kysely<Database>, userId: string, id: string) {
  return db.selectFrom('api_tokens').select(['id', 'name', 'prefix', 'revoked_at']).where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
}

export async function revokeApiTokenRow(db: Kysely<Database>, id: string, at: string) {
  await db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}
