import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** A survey's complete responses in dataset order (submitted_at, id) with their metadata and any exclusion. */
function datasetRowsQuery(db: Kysely<Database>, slug: string, versions: number[]) {
  let query = db
    .selectFrom('responses')
    .leftJoin('response_exclusions', 'response_exclusions.response_id', 'responses.id')
    .select([
      'responses.id',
      'responses.submission_id',
      'responses.survey_version',
      'responses.is_demo',
      'responses.source',
      'responses.language',
      'responses.panel_id',
      'responses.started_at',
      'responses.submitted_at',
      'response_exclusions.reason as exclusion_reason',
      'response_exclusions.flag as exclusion_flag',
    ])
    .where('responses.survey_slug', '=', slug)
    .where('responses.status', '=', 'complete');
  if (versions.length > 0) query = query.where('responses.survey_version', 'in', versions);
  return query.orderBy('responses.submitted_at').orderBy('responses.id');
}

/** A survey's complete responses with what analysis, cleaning and export need, and any exclusion. */
export function listDatasetRows(db: Kysely<Database>, slug: string, versions: number[]) {
  return datasetRowsQuery(db, slug, versions).select('responses.answers').execute();
}

/** listDatasetRows without the answers: every row's metadata in dataset order, small enough to hold
 * for a survey of any size while the answers are read in batches (see columnar.ts). */
export function listDatasetRowMetadata(db: Kysely<Database>, slug: string, versions: number[]) {
  return datasetRowsQuery(db, slug, versions).execute();
}

/** The stored answers of some responses of a survey (one batch), by primary key. The survey is
 * checked on the rows rather than in the WHERE clause: given both, SQLite picks the survey index and
 * scans the whole survey for every batch instead of looking the ids up. */
export async function listAnswersByIds(db: Kysely<Database>, slug: string, ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('responses').select(['id', 'survey_slug', 'answers']).where('id', 'in', ids).execute();
  return rows.filter((row) => row.survey_slug === slug);
}
