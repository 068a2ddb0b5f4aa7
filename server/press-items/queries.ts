import type { Insertable, Kysely } from 'kysely';
import type { Database, PressItemsTable } from '../db/schema.ts';

/** How many complete responses of these versions cleaning has excluded from results. */
export async function countExcludedResponses(db: Kysely<Database>, slug: string, versions: number[]): Promise<number> {
  let query = db
    .selectFrom('response_exclusions')
    .innerJoin('responses', 'responses.id', 'response_exclusions.response_id')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('response_exclusions.survey_slug', '=', slug)
    .where('responses.status', '=', 'complete');
  if (versions.length > 0) query = query.where('responses.survey_version', 'in', versions);
  const row = await query.executeTakeFirst();
  return Number(row?.count ?? 0);
}

/** The latest submitted_at of the complete, not excluded responses of these versions (the data cut-off). */
export async function findDataCutOff(db: Kysely<Database>, slug: string, versions: number[]): Promise<string | null> {
  let query = db
    .selectFrom('responses')
    .leftJoin('response_exclusions', 'response_exclusions.response_id', 'responses.id')
    .select((eb) => eb.fn.max('responses.submitted_at').as('latest'))
    .where('responses.survey_slug', '=', slug)
    .where('responses.status', '=', 'complete')
    .where('response_exclusions.response_id', 'is', null);
  if (versions.length > 0) query = query.where('responses.survey_version', 'in', versions);
  const row = await query.executeTakeFirst();
  return row?.latest ?? null;
}

/** Saves a new press item row. */
export async function insertPressItem(db: Kysely<Database>, row: Insertable<PressItemsTable>): Promise<void> {
  await db.insertInto('press_items').values(row).execute();
}

/** Replaces an item's title, spec and frozen figures; returns whether the item exists. */
export async function updatePressItemRow(
  db: Kysely<Database>,
  id: string,
  values: Pick<PressItemsTable, 'title' | 'spec' | 'frozen' | 'frozen_at' | 'updated_at' | 'updated_by'>,
): Promise<boolean> {
  const result = await db.updateTable('press_items').set(values).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Sets an item's published flag; returns whether the item exists. */
export async function updatePressItemPublished(
  db: Kysely<Database>,
  id: string,
  values: { published: number; updated_at: string; updated_by: string | null },
): Promise<boolean> {
  const result = await db.updateTable('press_items').set(values).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** One press item row, if it exists. */
export function findPressItem(db: Kysely<Database>, id: string) {
  return db.selectFrom('press_items').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Press item rows, newest first, optionally by survey, kind and published state. */
export function listPressItemRows(db: Kysely<Database>, filter: { surveySlug?: string; kind?: 'headline' | 'chart'; published?: boolean }) {
  let query = db.selectFrom('press_items').selectAll();
  if (filter.surveySlug !== undefined) query = query.where('survey_slug', '=', filter.surveySlug);
  if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
  if (filter.published !== undefined) query = query.where('published', '=', filter.published ? 1 : 0);
  return query.orderBy('survey_slug').orderBy('updated_at', 'desc').orderBy('id').execute();
}

/** Deletes a press item; returns whether there was one. */
export async function deletePressItemRow(db: Kysely<Database>, id: string): Promise<boolean> {
  const result = await db.deleteFrom('press_items').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
