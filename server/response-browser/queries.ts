import type { Kysely } from 'kysely';
import type { Database, ResponseRow } from '../db/schema.ts';

export interface ResponseFilters {
  status?: ResponseRow['status'];
  version?: number;
}

/** Where a page of the list starts: after this response in newest-first order. */
export interface ResponseCursor {
  submittedAt: string;
  id: string;
}

const LIST_COLUMNS = [
  'id',
  'reference',
  'survey_version',
  'status',
  'source',
  'is_demo',
  'panel_id',
  'language',
  'started_at',
  'submitted_at',
] as const;

function filtered(db: Kysely<Database>, slug: string, filters: ResponseFilters) {
  let query = db.selectFrom('responses').where('survey_slug', '=', slug);
  if (filters.status) query = query.where('status', '=', filters.status);
  if (filters.version !== undefined) query = query.where('survey_version', '=', filters.version);
  return query;
}

/** One page of a survey's responses, newest first (ties broken by id), after a cursor or from an offset. */
export function listResponsesPage(
  db: Kysely<Database>,
  slug: string,
  filters: ResponseFilters,
  page: { limit: number; offset?: number; after?: ResponseCursor },
) {
  let query = filtered(db, slug, filters).select([...LIST_COLUMNS]);
  const after = page.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([eb('submitted_at', '<', after.submittedAt), eb.and([eb('submitted_at', '=', after.submittedAt), eb('id', '<', after.id)])]),
    );
  }
  return query
    .orderBy('submitted_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit)
    .offset(page.offset ?? 0)
    .execute();
}

/** How many of a survey's responses match the filters. */
export async function countMatchingResponses(db: Kysely<Database>, slug: string, filters: ResponseFilters): Promise<number> {
  const row = await filtered(db, slug, filters)
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** One response of a survey, with its answers. */
export function findSurveyResponse(db: Kysely<Database>, slug: string, id: string) {
  return db.selectFrom('responses').selectAll().where('survey_slug', '=', slug).where('id', '=', id).executeTakeFirst();
}
