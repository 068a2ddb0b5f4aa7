import type { Kysely } from 'kysely';
import type { Database, NewResponseRow } from '../db/schema.ts';

/** Inserts a response unless its submission id is already stored; returns the new id, or nothing. */
export async function insertResponseIfNew(db: Kysely<Database>, row: NewResponseRow): Promise<string | undefined> {
  const inserted = await db
    .insertInto('responses')
    .values(row)
    .onConflict((oc) => oc.column('submission_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id;
}

/** The stored response for a submission id, with what idempotency needs to compare. */
export function findResponseBySubmissionId(db: Kysely<Database>, submissionId: string) {
  return db
    .selectFrom('responses')
    .select(['id', 'reference', 'payload_hash', 'status', 'survey_slug'])
    .where('submission_id', '=', submissionId)
    .executeTakeFirst();
}

/** Inserts many responses in one statement, skipping any whose submission id is already stored
 * (or repeated earlier in the same list); returns the ids of the rows that were inserted. */
export async function insertResponsesIfNew(db: Kysely<Database>, rows: NewResponseRow[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const inserted = await db
    .insertInto('responses')
    .values(rows)
    .onConflict((oc) => oc.column('submission_id').doNothing())
    .returning('id')
    .execute();
  return new Set(inserted.map((row) => row.id));
}

/** The stored responses for several submission ids, with what idempotency needs to compare. */
export function findResponsesBySubmissionIds(db: Kysely<Database>, submissionIds: string[]) {
  return db
    .selectFrom('responses')
    .select(['id', 'submission_id', 'reference', 'payload_hash', 'status'])
    .where('submission_id', 'in', submissionIds)
    .execute();
}

/** The answers and versions of a survey's responses with a given status, for analysis. */
export function listResponseAnswers(
  db: Kysely<Database>,
  slug: string,
  options: { status: 'complete' | 'screened_out'; versions?: number[] },
) {
  let query = db
    .selectFrom('responses')
    .select(['survey_version', 'answers', 'is_demo'])
    .where('survey_slug', '=', slug)
    .where('status', '=', options.status);
  if (options.versions && options.versions.length > 0) query = query.where('survey_version', 'in', options.versions);
  return query.orderBy('submitted_at').orderBy('id').execute();
}

/** Counts a survey's responses by status and demo flag. */
export function countResponses(db: Kysely<Database>, slug: string) {
  return db
    .selectFrom('responses')
    .select(['status', 'is_demo', (eb) => eb.fn.countAll<number>().as('count')])
    .where('survey_slug', '=', slug)
    .groupBy(['status', 'is_demo'])
    .execute();
}

/** Deletes every demo response (of one survey, or of all), returning how many went. */
export async function deleteDemoResponses(db: Kysely<Database>, slug?: string): Promise<number> {
  let query = db.deleteFrom('responses').where('is_demo', '=', 1);
  if (slug) query = query.where('survey_slug', '=', slug);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}
