import type { Kysely } from 'kysely';

// Frozen: written once, never edited. Types are portable (text, integer) so the same
// migration builds the same schema on SQLite and PostgreSQL.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('surveys')
    .addColumn('slug', 'text', (col) => col.primaryKey())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('survey_versions')
    .addColumn('survey_slug', 'text', (col) => col.notNull().references('surveys.slug'))
    .addColumn('version', 'integer', (col) => col.notNull())
    .addColumn('definition', 'text', (col) => col.notNull())
    .addColumn('content_hash', 'text', (col) => col.notNull())
    .addColumn('published_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('survey_versions_pk', ['survey_slug', 'version'])
    .execute();

  await db.schema
    .createTable('responses')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('submission_id', 'text', (col) => col.notNull().unique())
    .addColumn('payload_hash', 'text', (col) => col.notNull())
    .addColumn('survey_slug', 'text', (col) => col.notNull())
    .addColumn('survey_version', 'integer', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('answers', 'text', (col) => col.notNull())
    .addColumn('reference', 'text', (col) => col.notNull().unique())
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('is_demo', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('language', 'text', (col) => col.notNull())
    .addColumn('started_at', 'text')
    .addColumn('submitted_at', 'text', (col) => col.notNull())
    .addForeignKeyConstraint('responses_survey_version_fk', ['survey_slug', 'survey_version'], 'survey_versions', [
      'survey_slug',
      'version',
    ])
    .execute();
  await db.schema
    .createIndex('responses_by_survey')
    .on('responses')
    .columns(['survey_slug', 'survey_version', 'status'])
    .execute();

  await db.schema
    .createTable('respondent_sessions')
    .addColumn('token_hash', 'text', (col) => col.primaryKey())
    .addColumn('survey_slug', 'text', (col) => col.notNull())
    .addColumn('survey_version', 'integer', (col) => col.notNull())
    .addColumn('submission_id', 'text', (col) => col.notNull())
    .addColumn('answers', 'text', (col) => col.notNull())
    .addColumn('language', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('response_id', 'text')
    .addColumn('started_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addForeignKeyConstraint('respondent_sessions_survey_version_fk', ['survey_slug', 'survey_version'], 'survey_versions', [
      'survey_slug',
      'version',
    ])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('respondent_sessions').execute();
  await db.schema.dropTable('responses').execute();
  await db.schema.dropTable('survey_versions').execute();
  await db.schema.dropTable('surveys').execute();
}
