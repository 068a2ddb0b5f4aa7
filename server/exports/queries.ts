import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** One batch of responses to write out, by primary key (the caller puts them in dataset order). The
 * survey is checked on the rows, not in the WHERE clause, so that SQLite looks the ids up by primary
 * key instead of scanning the whole survey through its index for every batch. */
export async function listExportRowsByIds(db: Kysely<Database>, slug: string, ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('responses')
    .select(['id', 'survey_slug', 'submission_id', 'reference', 'survey_version', 'submitted_at', 'started_at', 'source', 'is_demo', 'answers'])
    .where('id', 'in', ids)
    .execute();
  return rows.filter((row) => row.survey_slug === slug);
}

/** How many complete responses each published version of a survey has, for the export form. */
export function countCompleteResponsesByVersion(db: Kysely<Database>, slug: string) {
  return db
    .selectFrom('responses')
    .select(['survey_version', (eb) => eb.fn.countAll<number | string | bigint>().as('count')])
    .where('survey_slug', '=', slug)
    .where('status', '=', 'complete')
    .groupBy('survey_version')
    .execute();
}
