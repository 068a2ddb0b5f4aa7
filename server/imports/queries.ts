import type { Kysely } from 'kysely';
import type { Database, NewResponseRow } from '../db/schema.ts';

/** True when a survey has a draft (it may have no published version yet). */
export async function hasDraft(db: Kysely<Database>, slug: string): Promise<boolean> {
  const row = await db.selectFrom('survey_drafts').select('survey_slug').where('survey_slug', '=', slug).executeTakeFirst();
  return row !== undefined;
}

/** The stored responses among some submission ids, with what a re-import compares. */
export function findStoredSubmissions(db: Kysely<Database>, submissionIds: string[]) {
  return db
    .selectFrom('responses')
    .select(['submission_id', 'payload_hash', 'reference', 'survey_version'])
    .where('submission_id', 'in', submissionIds)
    .execute();
}

/** Which of these response references are already taken. */
export async function findTakenReferences(db: Kysely<Database>, references: string[]): Promise<string[]> {
  const rows = await db.selectFrom('responses').select('reference').where('reference', 'in', references).execute();
  return rows.map((row) => row.reference);
}

/** Inserts responses with one multi-row statement, skipping submission ids already stored; returns
 * how many rows went in. */
export async function insertResponses(db: Kysely<Database>, rows: NewResponseRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await db
    .insertInto('responses')
    .values(rows)
    .onConflict((oc) => oc.column('submission_id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}
