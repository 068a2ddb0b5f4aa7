import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export function findDraft(db: Kysely<Database>, slug: string) {
  return db.selectFrom('survey_drafts').selectAll().where('survey_slug', '=', slug).executeTakeFirst();
}

export async function upsertDraft(
  db: Kysely<Database>,
  row: { survey_slug: string; base_version: number | null; definition: string; created_at: string; updated_at: string; updated_by: string | null },
) {
  await db
    .insertInto('survey_drafts')
    .values(row)
    .onConflict((oc) =>
      oc.column('survey_slug').doUpdateSet({
        base_version: row.base_version,
        definition: row.definition,
        updated_at: row.updated_at,
        updated_by: row.updated_by,
      }),
    )
    .execute();
}

export async function deleteDraft(db: Kysely<Database>, slug: string) {
  await db.deleteFrom('survey_drafts').where('survey_slug', '=', slug).execute();
}

export function listDrafts(db: Kysely<Database>) {
  return db.selectFrom('survey_drafts').select(['survey_slug', 'base_version', 'updated_at', 'definition']).orderBy('survey_slug').execute();
}

/** Replaces a draft's document only if it still has the given updated_at; returns rows changed. */
export async function updateDraftIfUnchanged(
  db: Kysely<Database>,
  slug: string,
  expectedUpdatedAt: string,
  row: { definition: string; updated_at: string; updated_by: string | null },
): Promise<number> {
  const result = await db
    .updateTable('survey_drafts')
    .set(row)
    .where('survey_slug', '=', slug)
    .where('updated_at', '=', expectedUpdatedAt)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
