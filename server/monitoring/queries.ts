import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** A survey's responses counted by version, status and demo flag. */
export function countResponsesByVersionAndStatus(db: Kysely<Database>, slug: string) {
  return db
    .selectFrom('responses')
    .select(['survey_version', 'status', 'is_demo', (eb) => eb.fn.countAll<number | string>().as('count')])
    .where('survey_slug', '=', slug)
    .groupBy(['survey_version', 'status', 'is_demo'])
    .execute();
}

/** When each complete response was started and sent, with its demo flag, oldest first. */
export function listCompleteTimes(db: Kysely<Database>, slug: string) {
  return db
    .selectFrom('responses')
    .select(['started_at', 'submitted_at', 'is_demo'])
    .where('survey_slug', '=', slug)
    .where('status', '=', 'complete')
    .orderBy('submitted_at')
    .execute();
}

/** The respondent sessions of a survey counted by status. */
export function countSessionsByStatus(db: Kysely<Database>, slug: string) {
  return db
    .selectFrom('respondent_sessions')
    .select(['status', (eb) => eb.fn.countAll<number | string>().as('count')])
    .where('survey_slug', '=', slug)
    .groupBy('status')
    .execute();
}

/** The version and last saved page of every session still in progress (a partial response). */
export function listPartialSessions(db: Kysely<Database>, slug: string) {
  return db
    .selectFrom('respondent_sessions')
    .select(['survey_version', 'last_page_id'])
    .where('survey_slug', '=', slug)
    .where('status', '=', 'in_progress')
    .execute();
}
