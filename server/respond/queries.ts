import type { Kysely } from 'kysely';
import type { Database, RespondentSessionRow } from '../db/schema.ts';

/** The respondent session stored under a token hash, if any. */
export function findSessionByTokenHash(db: Kysely<Database>, tokenHash: string) {
  return db.selectFrom('respondent_sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Stores a new respondent session. */
export async function insertSession(db: Kysely<Database>, row: RespondentSessionRow) {
  await db.insertInto('respondent_sessions').values(row).execute();
}

/** Replaces the answers kept between pages, unless the session has already been sent; with a page
 * id, also records it as the last page saved (for drop-off reports). */
export async function updateSessionAnswers(db: Kysely<Database>, tokenHash: string, answers: string, updatedAt: string, lastPageId?: string) {
  await db
    .updateTable('respondent_sessions')
    .set(lastPageId === undefined ? { answers, updated_at: updatedAt } : { answers, updated_at: updatedAt, last_page_id: lastPageId })
    .where('token_hash', '=', tokenHash)
    .where('status', '=', 'in_progress')
    .execute();
}

/** Records the language a respondent chose. */
export async function updateSessionLanguage(db: Kysely<Database>, tokenHash: string, language: string, updatedAt: string) {
  await db
    .updateTable('respondent_sessions')
    .set({ language, updated_at: updatedAt })
    .where('token_hash', '=', tokenHash)
    .execute();
}

/** Marks a session as finished with the response it produced. */
export async function markSessionFinished(
  db: Kysely<Database>,
  tokenHash: string,
  finish: { status: 'complete' | 'screened_out'; responseId: string; answers: string; updatedAt: string },
) {
  await db
    .updateTable('respondent_sessions')
    .set({ status: finish.status, response_id: finish.responseId, answers: finish.answers, updated_at: finish.updatedAt })
    .where('token_hash', '=', tokenHash)
    .execute();
}

/** The short reference of a stored response. */
export async function findResponseReference(db: Kysely<Database>, responseId: string): Promise<string | undefined> {
  const row = await db.selectFrom('responses').select('reference').where('id', '=', responseId).executeTakeFirst();
  return row?.reference;
}

/** The respondent session opened through an invitation, if any. */
export function findSessionByInvitationId(db: Kysely<Database>, invitationId: string) {
  return db.selectFrom('respondent_sessions').selectAll().where('invitation_id', '=', invitationId).executeTakeFirst();
}

/** Gives a session a new token hash, so that another browser can carry it on (invitation links). */
export async function updateSessionTokenHash(db: Kysely<Database>, tokenHash: string, newTokenHash: string, updatedAt: string) {
  await db
    .updateTable('respondent_sessions')
    .set({ token_hash: newTokenHash, updated_at: updatedAt })
    .where('token_hash', '=', tokenHash)
    .execute();
}

/** Ends an in-progress session on a full quota, keeping its answers; no response is recorded. */
export async function markSessionQuotaFull(db: Kysely<Database>, tokenHash: string, finish: { answers: string; lastPageId: string; updatedAt: string }) {
  await db
    .updateTable('respondent_sessions')
    .set({ status: 'quota_full', answers: finish.answers, last_page_id: finish.lastPageId, updated_at: finish.updatedAt })
    .where('token_hash', '=', tokenHash)
    .where('status', '=', 'in_progress')
    .execute();
}
