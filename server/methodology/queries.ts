import type { Insertable, Kysely } from 'kysely';
import type { Database, OrganisationBrandsTable, SurveyDisclosuresTable } from '../db/schema.ts';

/** How many complete responses of a survey count in results (exclusions left out, every version),
 * with the first and last submission times. */
export async function countCountedResponses(db: Kysely<Database>, slug: string) {
  const row = await db
    .selectFrom('responses')
    .leftJoin('response_exclusions', 'response_exclusions.response_id', 'responses.id')
    .select((eb) => [
      eb.fn.countAll().as('count'),
      eb.fn.min('responses.submitted_at').as('first_submitted_at'),
      eb.fn.max('responses.submitted_at').as('last_submitted_at'),
    ])
    .where('responses.survey_slug', '=', slug)
    .where('responses.status', '=', 'complete')
    .where('response_exclusions.response_id', 'is', null)
    .executeTakeFirstOrThrow();
  return {
    // PostgreSQL returns count(*) as a bigint string, SQLite as a number.
    count: Number(row.count),
    firstSubmittedAt: (row.first_submitted_at as string | null) ?? null,
    lastSubmittedAt: (row.last_submitted_at as string | null) ?? null,
  };
}

/** A survey's stored disclosure answers, if any were given. */
export function findDisclosure(db: Kysely<Database>, slug: string) {
  return db.selectFrom('survey_disclosures').selectAll().where('survey_slug', '=', slug).executeTakeFirst();
}

/** Writes a survey's disclosure answers, replacing earlier ones. */
export async function upsertDisclosure(db: Kysely<Database>, row: Insertable<SurveyDisclosuresTable>) {
  await db
    .insertInto('survey_disclosures')
    .values(row)
    .onConflict((oc) => oc.column('survey_slug').doUpdateSet({ answers: row.answers, updated_at: row.updated_at, updated_by: row.updated_by ?? null }))
    .execute();
}

/** An organisation's stored brand, if one was set. */
export function findBrand(db: Kysely<Database>, organisation: string) {
  return db.selectFrom('organisation_brands').selectAll().where('organisation', '=', organisation).executeTakeFirst();
}

/** Every stored brand. */
export function listBrands(db: Kysely<Database>) {
  return db.selectFrom('organisation_brands').selectAll().orderBy('organisation').execute();
}

/** Writes an organisation's brand, replacing the earlier one. */
export async function upsertBrand(db: Kysely<Database>, row: Insertable<OrganisationBrandsTable>) {
  await db
    .insertInto('organisation_brands')
    .values(row)
    .onConflict((oc) =>
      oc.column('organisation').doUpdateSet({
        colours: row.colours,
        logo: row.logo ?? null,
        logo_media_type: row.logo_media_type ?? null,
        updated_at: row.updated_at,
        updated_by: row.updated_by ?? null,
      }),
    )
    .execute();
}
