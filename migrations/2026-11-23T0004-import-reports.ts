import type { Kysely } from 'kysely';

// Frozen: written once, never edited. What an import (JSON or XLSForm) could not carry over into a
// survey's draft, kept beside the draft so the researcher can still read it after leaving the page.
// One row per survey (the latest import); portable types only (text).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('survey_import_reports')
    .addColumn('survey_slug', 'text', (col) => col.primaryKey())
    .addColumn('file_name', 'text', (col) => col.notNull())
    .addColumn('format', 'text', (col) => col.notNull())
    .addColumn('report', 'text', (col) => col.notNull())
    .addColumn('imported_at', 'text', (col) => col.notNull())
    .addColumn('imported_by', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('survey_import_reports').execute();
}
