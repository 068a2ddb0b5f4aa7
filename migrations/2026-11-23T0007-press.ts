import type { Kysely } from 'kysely';

// Frozen: written once, never edited. The press studio: saved headlines and charts with their frozen
// figures, each survey's British Polling Council disclosure answers, and organisations' brand colours
// and logos for charts.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('press_items')
    .addColumn('id', 'text', (col) => col.primaryKey())
    /** The survey the item belongs to (its public page lists it); a chart may also draw on others. */
    .addColumn('survey_slug', 'text', (col) => col.notNull().references('surveys.slug'))
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('title', 'text', (col) => col.notNull())
    /** JSON: what the item shows and how (figure queries, wording, chart type and texts). */
    .addColumn('spec', 'text', (col) => col.notNull())
    /** JSON: the figures as they were when saved, with what made them. */
    .addColumn('frozen', 'text', (col) => col.notNull())
    .addColumn('frozen_at', 'text', (col) => col.notNull())
    .addColumn('published', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('created_by', 'text', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addColumn('updated_by', 'text', (col) => col.references('users.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('press_items_by_survey').on('press_items').columns(['survey_slug', 'kind']).execute();

  await db.schema
    .createTable('survey_disclosures')
    .addColumn('survey_slug', 'text', (col) => col.primaryKey().references('surveys.slug'))
    /** JSON: the answers a person gives to checklist items the survey file cannot (e.g. the tables' web address). */
    .addColumn('answers', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addColumn('updated_by', 'text', (col) => col.references('users.id').onDelete('set null'))
    .execute();

  await db.schema
    .createTable('organisation_brands')
    /** As written in survey metadata.organisation. */
    .addColumn('organisation', 'text', (col) => col.primaryKey())
    /** JSON array of hex colours, in the order charts use them. */
    .addColumn('colours', 'text', (col) => col.notNull())
    .addColumn('logo', 'text')
    .addColumn('logo_media_type', 'text')
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addColumn('updated_by', 'text', (col) => col.references('users.id').onDelete('set null'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('organisation_brands').execute();
  await db.schema.dropTable('survey_disclosures').execute();
  await db.schema.dropTable('press_items').execute();
}
