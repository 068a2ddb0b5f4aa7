import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

// Reads and writes of response exclusions. No transactions here: the service opens them.

// Large id lists are checked in slices so no statement carries more bound values than SQLite allows.
const CHUNK = 500;

function chunksOf<T>(items: readonly T[]): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) chunks.push(items.slice(i, i + CHUNK));
  return chunks;
}

/** Which of the given ids are complete responses of the survey, with their current exclusion if any. */
export async function findSurveyResponses(db: Kysely<Database>, slug: string, ids: readonly string[]) {
  const rows: { id: string; reference: string; excluded_flag: string | null; excluded_reason: string | null }[] = [];
  for (const chunk of chunksOf(ids)) {
    rows.push(
      ...(await db
        .selectFrom('responses')
        .leftJoin('response_exclusions', 'response_exclusions.response_id', 'responses.id')
        .select(['responses.id', 'responses.reference', 'response_exclusions.flag as excluded_flag', 'response_exclusions.reason as excluded_reason'])
        .where('responses.survey_slug', '=', slug)
        .where('responses.status', '=', 'complete')
        .where('responses.id', 'in', chunk)
        .execute()),
    );
  }
  return rows;
}

/** The ids among `ids` that are already excluded. */
export async function listExcludedAmong(db: Kysely<Database>, ids: readonly string[]): Promise<Set<string>> {
  const excluded = new Set<string>();
  for (const chunk of chunksOf(ids)) {
    const rows = await db.selectFrom('response_exclusions').select('response_id').where('response_id', 'in', chunk).execute();
    for (const row of rows) excluded.add(row.response_id);
  }
  return excluded;
}

/** Records exclusions; the caller has made sure none of the responses is excluded already. */
export async function insertExclusions(
  db: Kysely<Database>,
  rows: { response_id: string; survey_slug: string; reason: string; flag: string | null; excluded_at: string; excluded_by: string | null }[],
): Promise<void> {
  // Six values a row: a hundred rows a statement stays well under SQLite's bound-parameter limit. A
  // response excluded by someone else a moment ago keeps that exclusion rather than failing the request.
  for (let i = 0; i < rows.length; i += 100) {
    await db
      .insertInto('response_exclusions')
      .values(rows.slice(i, i + 100))
      .onConflict((oc) => oc.column('response_id').doNothing())
      .execute();
  }
}

/** Removes the exclusions of the given responses of a survey. */
export async function deleteExclusions(db: Kysely<Database>, slug: string, ids: readonly string[]): Promise<void> {
  for (const chunk of chunksOf(ids)) {
    await db.deleteFrom('response_exclusions').where('survey_slug', '=', slug).where('response_id', 'in', chunk).execute();
  }
}

/** The ids of a survey's responses excluded by a flag (the bulk action a restore by flag undoes). */
export async function listExclusionsByFlag(db: Kysely<Database>, slug: string, flag: string) {
  return db
    .selectFrom('response_exclusions')
    .innerJoin('responses', 'responses.id', 'response_exclusions.response_id')
    .select(['response_exclusions.response_id', 'responses.reference'])
    .where('response_exclusions.survey_slug', '=', slug)
    .where('response_exclusions.flag', '=', flag)
    .orderBy('responses.submitted_at')
    .orderBy('responses.id')
    .execute();
}

/** Every exclusion of a survey with the response's reference and who made it, in response order. */
export function listSurveyExclusions(db: Kysely<Database>, slug: string) {
  return db
    .selectFrom('response_exclusions')
    .innerJoin('responses', 'responses.id', 'response_exclusions.response_id')
    .leftJoin('users', 'users.id', 'response_exclusions.excluded_by')
    .select([
      'response_exclusions.response_id',
      'responses.reference',
      'responses.submitted_at',
      'response_exclusions.reason',
      'response_exclusions.flag',
      'response_exclusions.excluded_at',
      'users.name as excluded_by_name',
      'users.email as excluded_by_email',
    ])
    .where('response_exclusions.survey_slug', '=', slug)
    .orderBy('responses.submitted_at')
    .orderBy('responses.id')
    .execute();
}

/** The reference of every complete response of a survey, by id (the dataset does not carry them). */
export async function mapReferences(db: Kysely<Database>, slug: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('responses').select(['id', 'reference']).where('survey_slug', '=', slug).where('status', '=', 'complete').execute();
  return new Map(rows.map((row) => [row.id, row.reference]));
}

/** One response's exclusion, if it has one. */
export function findExclusion(db: Kysely<Database>, slug: string, responseId: string) {
  return db
    .selectFrom('response_exclusions')
    .leftJoin('users', 'users.id', 'response_exclusions.excluded_by')
    .select(['response_exclusions.reason', 'response_exclusions.flag', 'response_exclusions.excluded_at', 'users.name as excluded_by_name'])
    .where('response_exclusions.survey_slug', '=', slug)
    .where('response_exclusions.response_id', '=', responseId)
    .executeTakeFirst();
}
