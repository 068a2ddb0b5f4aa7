import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** Whether a slug is used by a published survey or by a draft. */
export async function findSlugUse(db: Kysely<Database>, slug: string) {
  const survey = await db.selectFrom('surveys').select('slug').where('slug', '=', slug).executeTakeFirst();
  if (survey) return 'published' as const;
  const draft = await db.selectFrom('survey_drafts').select('survey_slug').where('survey_slug', '=', slug).executeTakeFirst();
  return draft ? ('draft' as const) : undefined;
}

/** Every published version's slug, number and title document, for the duplicate picker. */
export function listPublishedVersions(db: Kysely<Database>) {
  return db.selectFrom('survey_versions').select(['survey_slug', 'version', 'definition']).orderBy('survey_slug').orderBy('version', 'desc').execute();
}

/** Every published definition of one survey, oldest first. */
export function listPublishedDefinitions(db: Kysely<Database>, slug: string) {
  return db.selectFrom('survey_versions').select(['version', 'definition']).where('survey_slug', '=', slug).orderBy('version').execute();
}

/** A user's display name, for "last saved by". */
export function findUserName(db: Kysely<Database>, id: string) {
  return db.selectFrom('users').select(['name', 'email']).where('id', '=', id).executeTakeFirst();
}
