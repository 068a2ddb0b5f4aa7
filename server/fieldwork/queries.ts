import type { Insertable, Kysely } from 'kysely';
import type { Database, InvitationsTable, SurveySettingsTable } from '../db/schema.ts';

/** A survey's fieldwork settings row, if it has one. */
export function findSurveySettings(db: Kysely<Database>, slug: string) {
  return db.selectFrom('survey_settings').selectAll().where('survey_slug', '=', slug).executeTakeFirst();
}

/** Writes a survey's whole settings row, inserting it the first time. */
export async function upsertSurveySettings(db: Kysely<Database>, row: Insertable<SurveySettingsTable>) {
  const { survey_slug: _slug, ...changes } = row;
  await db
    .insertInto('survey_settings')
    .values(row)
    .onConflict((oc) => oc.column('survey_slug').doUpdateSet(changes))
    .execute();
}

/** The answers of a survey's complete, non-demo responses (every version), for quota counts. */
export function listCompleteRealAnswers(db: Kysely<Database>, slug: string) {
  return db
    .selectFrom('responses')
    .select(['answers'])
    .where('survey_slug', '=', slug)
    .where('status', '=', 'complete')
    .where('is_demo', '=', 0)
    .execute();
}

/** How many complete, non-demo responses a survey has, for its target sample. */
export async function countCompleteRealResponses(db: Kysely<Database>, slug: string): Promise<number> {
  const row = await db
    .selectFrom('responses')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where('survey_slug', '=', slug)
    .where('status', '=', 'complete')
    .where('is_demo', '=', 0)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

/** Whether a response is already stored under a submission id (a retry must still be answered). */
export async function hasSubmission(db: Kysely<Database>, submissionId: string): Promise<boolean> {
  const row = await db.selectFrom('responses').select('id').where('submission_id', '=', submissionId).executeTakeFirst();
  return row !== undefined;
}

/** A named application secret, if it exists. */
export async function findAppSecret(db: Kysely<Database>, name: string): Promise<string | undefined> {
  const row = await db.selectFrom('app_secrets').select('value').where('name', '=', name).executeTakeFirst();
  return row?.value;
}

/** Stores a named secret unless one is already there (another server may have won the race). */
export async function insertAppSecretIfMissing(db: Kysely<Database>, name: string, value: string, createdAt: string) {
  await db
    .insertInto('app_secrets')
    .values({ name, value, created_at: createdAt })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
}

/** Stores new invitations. */
export async function insertInvitations(db: Kysely<Database>, rows: Insertable<InvitationsTable>[]) {
  if (rows.length > 0) await db.insertInto('invitations').values(rows).execute();
}

/** A survey's invitations, oldest first. */
export function listInvitations(db: Kysely<Database>, slug: string) {
  return db.selectFrom('invitations').selectAll().where('survey_slug', '=', slug).orderBy('created_at').orderBy('id').execute();
}

/** One invitation of a survey, if it exists. */
export function findInvitation(db: Kysely<Database>, slug: string, id: string) {
  return db.selectFrom('invitations').selectAll().where('survey_slug', '=', slug).where('id', '=', id).executeTakeFirst();
}

/** Marks an invitation used, once: a second finish never moves the date or the response. */
export async function markInvitationUsed(db: Kysely<Database>, id: string, responseId: string | null, usedAt: string) {
  await db
    .updateTable('invitations')
    .set({ used_at: usedAt, response_id: responseId })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .execute();
}
