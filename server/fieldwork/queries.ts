import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** A survey's fieldwork settings row, if it has one. */
export function findSurveySettings(db: Kysely<Database>, slug: string) {
  return db.selectFrom('survey_settings').selectAll().where('survey_slug', '=', slug).executeTakeFirst();
}
