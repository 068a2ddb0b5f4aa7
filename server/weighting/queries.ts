import type { Insertable, Kysely } from 'kysely';
import type { Database, WeightingSchemesTable } from '../db/schema.ts';

/** A survey's saved weighting schemes, by name. */
export function listSavedSchemes(db: Kysely<Database>, slug: string) {
  return db.selectFrom('weighting_schemes').selectAll().where('survey_slug', '=', slug).orderBy('name').execute();
}

/** One saved scheme, if it exists. */
export function findSavedScheme(db: Kysely<Database>, slug: string, name: string) {
  return db.selectFrom('weighting_schemes').selectAll().where('survey_slug', '=', slug).where('name', '=', name).executeTakeFirst();
}

/** Writes a scheme, replacing the one of the same name (keeping its created_at). */
export async function upsertSavedScheme(db: Kysely<Database>, row: Insertable<WeightingSchemesTable>) {
  await db
    .insertInto('weighting_schemes')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['survey_slug', 'name']).doUpdateSet({ definition: row.definition, updated_at: row.updated_at, updated_by: row.updated_by ?? null }),
    )
    .execute();
}

/** Deletes a saved scheme; returns whether there was one. */
export async function deleteSavedScheme(db: Kysely<Database>, slug: string, name: string): Promise<boolean> {
  const result = await db.deleteFrom('weighting_schemes').where('survey_slug', '=', slug).where('name', '=', name).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
