import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import * as queries from './queries.ts';

/** The one editable draft of a survey. Its document may be incomplete or invalid while a researcher
 * works on it; it is checked in full by the definition rules only when it is published. */
export interface Draft {
  slug: string;
  /** The published version it started from (null for a brand-new survey). */
  baseVersion: number | null;
  /** The definition document as edited so far (the same JSON shape as a `surveys/` file). */
  document: Record<string, unknown>;
  updatedAt: string;
  updatedBy: string | null;
}

/** A survey's draft, if it has one. */
export async function getDraft(db: Kysely<Database>, slug: string): Promise<Draft | undefined> {
  const row = await queries.findDraft(db, slug);
  if (!row) return undefined;
  return {
    slug: row.survey_slug,
    baseVersion: row.base_version,
    document: JSON.parse(row.definition) as Record<string, unknown>,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

/** Creates or replaces a survey's draft. */
export async function saveDraft(
  db: Kysely<Database>,
  draft: { slug: string; baseVersion: number | null; document: Record<string, unknown> },
  userId: string | null,
): Promise<void> {
  const now = new Date().toISOString();
  await queries.upsertDraft(db, {
    survey_slug: draft.slug,
    base_version: draft.baseVersion,
    definition: JSON.stringify(draft.document),
    created_at: now,
    updated_at: now,
    updated_by: userId,
  });
}

/** Discards a survey's draft (after publishing it, or on request). */
export async function discardDraft(db: Kysely<Database>, slug: string): Promise<void> {
  await queries.deleteDraft(db, slug);
}

/** Every draft with its document, for the workspace's survey list and the builder's copy picker
 * (both need each title, so one query reads them all). */
export async function listDrafts(db: Kysely<Database>) {
  return (await queries.listDrafts(db)).map((row) => ({
    slug: row.survey_slug,
    baseVersion: row.base_version,
    updatedAt: row.updated_at,
    document: JSON.parse(row.definition) as Record<string, unknown>,
  }));
}

/** Saves a draft's document only if nobody saved it since `expectedUpdatedAt` (the time the editor's
 * page was drawn); false means someone else got there first and nothing was written. */
export async function saveDraftIfCurrent(
  db: Kysely<Database>,
  draft: { slug: string; document: Record<string, unknown> },
  expectedUpdatedAt: string,
  userId: string | null,
): Promise<boolean> {
  // Two saves within one millisecond must still get different stamps, or the second editor's stale
  // page would look current.
  const now = Math.max(Date.now(), Date.parse(expectedUpdatedAt) + 1);
  const changed = await queries.updateDraftIfUnchanged(db, draft.slug, expectedUpdatedAt, {
    definition: JSON.stringify(draft.document),
    updated_at: new Date(Number.isFinite(now) ? now : Date.now()).toISOString(),
    updated_by: userId,
  });
  return changed > 0;
}
