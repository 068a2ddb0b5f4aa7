import type { Kysely } from 'kysely';
import type { Identity } from '../auth/identity.ts';
import { recordAudit } from '../audit/service.ts';
import type { Database } from '../db/schema.ts';
import { getDraft, listDrafts, saveDraft, saveDraftIfCurrent, type Draft } from '../drafts/service.ts';
import { AppError } from '../errors.ts';
import { findSurveyVersion } from '../surveys/queries.ts';
import { getLatestSurvey } from '../surveys/service.ts';
import type { SurveyDoc } from './document.ts';
import * as queries from './queries.ts';
import type { PublishedIds } from './service.ts';
import { findTemplate } from './templates.ts';

// The builder's reads and writes: creating drafts, saving an edit with its audit entry in one
// transaction, and what published versions fix for ever (ids and codes).

/** Who is acting, for the audit log. */
export interface Actor {
  identity: Identity;
  ip: string;
}

/** Slugs the workspace uses as words in its own URLs, so no survey may take them. */
export const RESERVED_SLUGS = new Set(['new', 'import']);

/** Whether a slug is free for a new survey: not reserved, not published, no draft. */
export async function isSlugFree(db: Kysely<Database>, slug: string): Promise<boolean> {
  return !RESERVED_SLUGS.has(slug) && (await queries.findSlugUse(db, slug)) === undefined;
}

/** The ids and codes every published version of a survey has used. */
export async function loadPublishedIds(db: Kysely<Database>, slug: string): Promise<PublishedIds> {
  const ids: PublishedIds = { pages: new Set(), questions: new Set(), statements: new Map(), codes: new Map() };
  for (const row of await queries.listPublishedDefinitions(db, slug)) {
    const definition = JSON.parse(row.definition) as SurveyDoc;
    for (const page of definition.pages) {
      ids.pages.add(page.id);
      for (const question of page.questions) {
        ids.questions.add(question.id);
        const statements = ids.statements.get(question.id) ?? new Set<string>();
        for (const statement of question.statements ?? []) statements.add(statement.id);
        ids.statements.set(question.id, statements);
        const codes = ids.codes.get(question.id) ?? new Set<string>();
        for (const option of question.options ?? []) codes.add(option.code);
        ids.codes.set(question.id, codes);
      }
    }
  }
  return ids;
}

/** A survey that can be copied: a published version or a draft. */
export interface CopySource {
  value: string;
  label: string;
}

/** Every published version and draft, for the "duplicate" choice on the new-survey page. */
export async function listCopySources(db: Kysely<Database>): Promise<CopySource[]> {
  const sources: CopySource[] = [];
  for (const row of await queries.listPublishedVersions(db)) {
    const title = (JSON.parse(row.definition) as { title?: { en?: string } }).title?.en ?? row.survey_slug;
    sources.push({ value: `version:${row.survey_slug}:${row.version}`, label: `${title} (${row.survey_slug}, version ${row.version})` });
  }
  for (const draft of await listDrafts(db)) {
    const title = (draft.document as { title?: { en?: string } }).title?.en || draft.slug;
    sources.push({ value: `draft:${draft.slug}`, label: `${title} (${draft.slug}, draft)` });
  }
  return sources;
}

/** The document a copy source names, or undefined when it does not exist. */
async function readCopySource(db: Kysely<Database>, source: string): Promise<Record<string, unknown> | undefined> {
  const version = /^version:([a-z0-9-]+):(\d+)$/.exec(source);
  if (version) {
    const row = await findSurveyVersion(db, version[1]!, Number(version[2]));
    return row ? (JSON.parse(row.definition) as Record<string, unknown>) : undefined;
  }
  const draft = /^draft:([a-z0-9-]+)$/.exec(source);
  if (draft) return (await getDraft(db, draft[1]!))?.document;
  return undefined;
}

/** How a new survey starts. */
export type NewSurveyStart = { start: 'blank' } | { start: 'template'; template: string } | { start: 'copy'; source: string };

/** A blank survey document: one empty page, so the first question has somewhere to go. */
function blankDocument(): Record<string, unknown> {
  return {
    description: { en: '' },
    languages: ['en'],
    metadata: { organisation: '', population: '', geography: '', method: 'online', privacyNotice: { en: '' } },
    pages: [{ id: 'p_1', questions: [] }],
  };
}

/** Creates a new survey's draft (version 1) and records `survey.created`; refuses a taken slug. */
export async function createSurveyDraft(
  db: Kysely<Database>,
  input: { slug: string; title: string } & NewSurveyStart,
  actor: Actor,
): Promise<'created' | 'slug_taken' | 'no_source'> {
  let body: Record<string, unknown> | undefined;
  if (input.start === 'blank') body = blankDocument();
  else if (input.start === 'template') body = structuredClone(findTemplate(input.template)?.document);
  else body = await readCopySource(db, input.source);
  if (!body) return 'no_source';
  const { slug: _slug, version: _version, title: oldTitle, ...rest } = body;
  const title = { ...(typeof oldTitle === 'object' && oldTitle !== null ? oldTitle : {}), en: input.title };
  const document = { slug: input.slug, version: 1, title, ...rest };
  return db.transaction().execute(async (trx) => {
    if (!(await isSlugFree(trx, input.slug))) return 'slug_taken' as const;
    await saveDraft(trx, { slug: input.slug, baseVersion: null, document }, actor.identity.user.id);
    await recordAudit(trx, {
      actor: actor.identity,
      action: 'survey.created',
      subject: input.slug,
      detail: { start: input.start, ...(input.start === 'template' ? { template: input.template } : {}), ...(input.start === 'copy' ? { source: input.source } : {}) },
      ip: actor.ip,
    });
    return 'created' as const;
  });
}

/** Starts a draft of the next version from the newest published definition (a no-op when a draft exists). */
export async function startNextVersion(db: Kysely<Database>, slug: string, actor: Actor): Promise<void> {
  const latest = await getLatestSurvey(db, slug);
  await db.transaction().execute(async (trx) => {
    if (await getDraft(trx, slug)) return;
    const document = { ...structuredClone(latest.definition), version: latest.version + 1 } as Record<string, unknown>;
    await saveDraft(trx, { slug, baseVersion: latest.version, document }, actor.identity.user.id);
    await recordAudit(trx, {
      actor: actor.identity,
      action: 'survey.draft_edited',
      subject: slug,
      detail: { operation: 'start-version', version: latest.version + 1, baseVersion: latest.version },
      ip: actor.ip,
    });
  });
}

/** A survey's draft or a 404. */
export async function requireDraft(db: Kysely<Database>, slug: string): Promise<Draft> {
  const draft = await getDraft(db, slug);
  if (!draft) throw new AppError('not_found', `Survey "${slug}" has no draft`);
  return draft;
}

/** Saves an edited document if the draft is still as the editor saw it, with its audit entry;
 * false when someone saved in between (nothing is written). */
export async function saveEdit(
  db: Kysely<Database>,
  slug: string,
  document: SurveyDoc,
  seenUpdatedAt: string,
  operation: string,
  anchor: string,
  actor: Actor,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const saved = await saveDraftIfCurrent(trx, { slug, document: document as unknown as Record<string, unknown> }, seenUpdatedAt, actor.identity.user.id);
    if (!saved) return false;
    await recordAudit(trx, { actor: actor.identity, action: 'survey.draft_edited', subject: slug, detail: { operation, item: anchor }, ip: actor.ip });
    return true;
  });
}

/** The name of whoever last saved a draft, for the builder's status line. */
export async function nameOfEditor(db: Kysely<Database>, userId: string | null): Promise<string | undefined> {
  if (!userId) return undefined;
  return (await queries.findUserName(db, userId))?.name;
}
