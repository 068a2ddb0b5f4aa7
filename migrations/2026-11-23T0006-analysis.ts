import type { Kysely } from 'kysely';

// Frozen: written once, never edited. What the analysis engine stores: weighting schemes defined in
// the workspace or through the API (schemes in survey files live in the files), and the exclusions a
// researcher makes while cleaning. Restoring a response deletes its exclusion row; the audit log keeps
// the history of both.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('weighting_schemes')
    .addColumn('survey_slug', 'text', (col) => col.notNull().references('surveys.slug'))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('definition', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addColumn('updated_by', 'text', (col) => col.references('users.id').onDelete('set null'))
    .addPrimaryKeyConstraint('weighting_schemes_pk', ['survey_slug', 'name'])
    .execute();

  await db.schema
    .createTable('response_exclusions')
    .addColumn('response_id', 'text', (col) => col.primaryKey().references('responses.id').onDelete('cascade'))
    .addColumn('survey_slug', 'text', (col) => col.notNull())
    .addColumn('reason', 'text', (col) => col.notNull())
    /** The cleaning flag that led to the exclusion when it was made by flag, else null. */
    .addColumn('flag', 'text')
    .addColumn('excluded_at', 'text', (col) => col.notNull())
    .addColumn('excluded_by', 'text', (col) => col.references('users.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('response_exclusions_by_survey').on('response_exclusions').column('survey_slug').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('response_exclusions').execute();
  await db.schema.dropTable('weighting_schemes').execute();
}
