import type { Kysely } from 'kysely';
import type { Database, SurveyImportReportsTable } from '../db/schema.ts';

/** Complete responses per published version of a survey, with how many of them are demo data. */
export function countCompletesByVersion(db: Kysely<Database>, slug: string) {
  return db
    .selectFrom('responses')
    .select(({ fn }) => ['survey_version', fn.countAll<number | string>().as('complete'), fn.sum<number | string | null>('is_demo').as('demo')])
    .where('survey_slug', '=', slug)
    .where('status', '=', 'complete')
    .groupBy('survey_version')
    .execute();
}

/** When a survey's current draft was first created (kept across edits and re-imports). */
export function findDraftCreatedAt(db: Kysely<Database>, slug: string) {
  return db.selectFrom('survey_drafts').select('created_at').where('survey_slug', '=', slug).executeTakeFirst();
}

/** True when a survey has a row (it was published at least once). */
export async function surveyRowExists(db: Kysely<Database>, slug: string): Promise<boolean> {
  return (await db.selectFrom('surveys').select('slug').where('slug', '=', slug).executeTakeFirst()) !== undefined;
}

export function findImportReport(db: Kysely<Database>, slug: string) {
  return db.selectFrom('survey_import_reports').selectAll().where('survey_slug', '=', slug).executeTakeFirst();
}

export async function upsertImportReport(db: Kysely<Database>, row: SurveyImportReportsTable) {
  await db
    .insertInto('survey_import_reports')
    .values(row)
    .onConflict((oc) =>
      oc.column('survey_slug').doUpdateSet({
        file_name: row.file_name,
        format: row.format,
        report: row.report,
        imported_at: row.imported_at,
        imported_by: row.imported_by,
      }),
    )
    .execute();
}

export async function deleteImportReport(db: Kysely<Database>, slug: string) {
  await db.deleteFrom('survey_import_reports').where('survey_slug', '=', slug).execute();
}
