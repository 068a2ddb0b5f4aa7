import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** One published version's row, definition still as JSON text. */
export function findSurveyVersion(db: Kysely<Database>, slug: string, version: number) {
  return db
    .selectFrom('survey_versions')
    .selectAll()
    .where('survey_slug', '=', slug)
    .where('version', '=', version)
    .executeTakeFirst();
}

/** The newest published version of a survey. */
export function findLatestSurveyVersion(db: Kysely<Database>, slug: string) {
  return db
    .selectFrom('survey_versions')
    .selectAll()
    .where('survey_slug', '=', slug)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Every published version number and date of a survey, oldest first. */
export function listSurveyVersions(db: Kysely<Database>, slug: string) {
  return db
    .selectFrom('survey_versions')
    .select(['version', 'published_at', 'content_hash'])
    .where('survey_slug', '=', slug)
    .orderBy('version', 'asc')
    .execute();
}

/** The newest version of every survey. */
export function listLatestSurveyVersions(db: Kysely<Database>) {
  return db
    .selectFrom('survey_versions as sv')
    .selectAll('sv')
    .where(({ eb, selectFrom }) =>
      eb(
        'sv.version',
        '=',
        selectFrom('survey_versions as newer').select(({ fn }) => fn.max('newer.version').as('v')).whereRef('newer.survey_slug', '=', 'sv.survey_slug'),
      ),
    )
    .orderBy('sv.survey_slug')
    .execute();
}

export async function insertSurveyIfMissing(db: Kysely<Database>, slug: string, createdAt: string) {
  await db
    .insertInto('surveys')
    .values({ slug, created_at: createdAt })
    .onConflict((oc) => oc.column('slug').doNothing())
    .execute();
}

export async function insertSurveyVersion(
  db: Kysely<Database>,
  row: { survey_slug: string; version: number; definition: string; content_hash: string; published_at: string },
) {
  await db.insertInto('survey_versions').values(row).execute();
}
