import type { Kysely } from 'kysely';

// Frozen: written once, never edited. One respondent session per invitation: two browsers opening the
// same single-use link at the same moment must end up in one session, not two (NULLs, the sessions
// without an invitation, never collide in a unique index on either engine).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('respondent_sessions_by_invitation')
    .on('respondent_sessions')
    .column('invitation_id')
    .unique()
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('respondent_sessions_by_invitation').execute();
}
