import type { Kysely } from 'kysely';
import { durationsOf, flagDuplicatePanelIds, flagSpeeders, flagStraightLiners, STRAIGHT_LINE_MIN_STATEMENTS } from '../analysis/index.ts';
import { recordAudit, type AuditActor } from '../audit/service.ts';
import { loadDataset, type Dataset } from '../datasets/service.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { localise } from '../surveys/model.ts';
import { getLatestSurvey } from '../surveys/service.ts';
import * as queries from './queries.ts';

// Cleaning: flags that suggest doubtful responses (computed in server/analysis/cleaning.ts), and the
// exclusions a researcher decides on. flagDataset and its types are the contract the export uses.

export const CLEANING_FLAGS = ['speeder', 'straight_liner', 'duplicate_panel_id'] as const;
export type CleaningFlag = (typeof CLEANING_FLAGS)[number];

/** The flags of every row of a dataset (computed over the rows given, excluded ones included when loaded). */
export interface DatasetFlags {
  /** Median completion time in seconds over rows that have one; null when none do. */
  medianSeconds: number | null;
  /** Parallel to dataset.rows: the flags each row raises, in CLEANING_FLAGS order. */
  flags: CleaningFlag[][];
}

/** Computes speeders (< 1/3 of the median duration), straight-liners (one answer across a likert grid of
 * five or more statements) and duplicate panel ids over a dataset. */
export function flagDataset(dataset: Dataset): DatasetFlags {
  return computeDatasetFlags(dataset).flags;
}

/** flagDataset plus what the cleaning page shows beside the flags: each row's duration and, for a
 * duplicated panel id, which row came first. */
export interface DatasetFlagDetails {
  flags: DatasetFlags;
  /** Parallel to dataset.rows: completion time in seconds, null when it cannot be timed. */
  seconds: (number | null)[];
  /** Parallel to dataset.rows: for a duplicated panel id, the index of the first row with that id (itself for the first); null otherwise. */
  firstOfPanelId: (number | null)[];
}

/** Computes every row's flags with the durations and duplicate groups they were judged on. */
export function computeDatasetFlags(dataset: Dataset): DatasetFlagDetails {
  const seconds = durationsOf(dataset.rows);
  const { medianSeconds, speeders } = flagSpeeders(seconds);
  const straightLiners = flagStraightLiners(dataset.columns);
  const { duplicates, firstRow } = flagDuplicatePanelIds(dataset.rows.map((row) => row.panelId));
  const flags = dataset.rows.map((_, i) => {
    const raised: CleaningFlag[] = [];
    if (speeders[i] === 1) raised.push('speeder');
    if (straightLiners[i] === 1) raised.push('straight_liner');
    if (duplicates[i] === 1) raised.push('duplicate_panel_id');
    return raised;
  });
  return {
    flags: { medianSeconds, flags },
    seconds: Array.from(seconds, (s) => (Number.isNaN(s) ? null : s)),
    firstOfPanelId: Array.from(firstRow, (first) => (first < 0 ? null : first)),
  };
}

// ---------------------------------------------------------------------------------------------------
// Exclusions: which flagged (or otherwise doubtful) responses a researcher leaves out of results.
// Flags only suggest; a person decides, gives a reason, and the audit log keeps who did what. An
// exclusion made by flag remembers the flag, so "restore by flag" undoes exactly that bulk action
// (and leaves alone a flagged response someone excluded by hand for a reason of their own).

/** Which responses an exclusion or restoration acts on: named ones, or those of a flag. */
export type ExclusionTarget = { responseIds: string[] } | { flag: CleaningFlag };

/** Who acts, for the exclusion record and the audit log. */
export interface ExclusionAuthor {
  actor: AuditActor;
  ip: string | null;
}

/** What an exclusion or restoration changed. */
export interface ExclusionOutcome {
  action: 'excluded' | 'restored';
  /** How many responses changed state. */
  count: number;
  /** The responses that changed state, in dataset order (submitted, then id) for a flag, as given otherwise. */
  responseIds: string[];
  /** Named responses that were already in that state, so nothing was done to them. */
  unchanged: string[];
}

/** The longest reason kept; a reason is a sentence or two, not a document. */
export const MAX_REASON_LENGTH = 500;

/** The reason as stored: trimmed, and refused when blank or too long (the routes check this at the
 * edge; this guards other callers such as scripts). */
function cleanReason(reason: string): string {
  const trimmed = reason.trim();
  if (trimmed === '') throw new AppError('invalid_request', 'Give a reason', { reason: 'Give a reason' });
  if (trimmed.length > MAX_REASON_LENGTH) throw new AppError('invalid_request', 'The reason is too long', { reason: `Keep the reason to ${MAX_REASON_LENGTH} characters or fewer` });
  return trimmed;
}

const userIdOf = (actor: AuditActor) => ('user' in actor ? actor.user.id : null);

/** The named responses checked against the survey: 404 naming any id that is not one of its complete responses. */
async function findNamedResponses(db: Kysely<Database>, slug: string, ids: string[]) {
  const unique = [...new Set(ids)];
  const found = await queries.findSurveyResponses(db, slug, unique);
  const byId = new Map(found.map((row) => [row.id, row]));
  const missing = unique.filter((id) => !byId.has(id));
  if (missing.length > 0) {
    throw new AppError('not_found', `Survey "${slug}" has no complete response ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` (and ${missing.length - 5} more)` : ''}`, {
      responseIds: `${missing.length} of the ids ${missing.length === 1 ? 'is' : 'are'} not a complete response of this survey`,
    });
  }
  return unique.map((id) => byId.get(id)!);
}

/** The responses of the survey raising a flag now, in dataset order, excluded ones included. */
async function listFlagged(db: Kysely<Database>, slug: string, flag: CleaningFlag): Promise<string[]> {
  const dataset = await loadDataset(db, slug, { includeExcluded: true });
  const { flags } = flagDataset(dataset);
  return dataset.rows.filter((_, i) => flags[i]!.includes(flag)).map((row) => row.id);
}

/** Excludes responses from results: the named ones, or every response raising `flag` that is not excluded
 * yet. Each change is recorded with the reason and audited in the same transaction; 404 for an id that
 * is not a complete response of the survey, 422 for a blank reason. */
export async function excludeResponses(db: Kysely<Database>, slug: string, target: ExclusionTarget, reason: string, author: ExclusionAuthor): Promise<ExclusionOutcome> {
  const why = cleanReason(reason);
  await getLatestSurvey(db, slug); // 404 for an unknown survey before anything else
  const named = 'responseIds' in target ? await findNamedResponses(db, slug, target.responseIds) : null;
  const flag = 'flag' in target ? target.flag : null;
  const candidates = flag === null ? named!.map((row) => row.id) : await listFlagged(db, slug, flag);
  return db.transaction().execute(async (trx) => {
    // Checked again inside the transaction: someone else may have excluded some meanwhile.
    const already = await queries.listExcludedAmong(trx, candidates);
    const ids = candidates.filter((id) => !already.has(id));
    const now = new Date().toISOString();
    await queries.insertExclusions(
      trx,
      ids.map((id) => ({ response_id: id, survey_slug: slug, reason: why, flag, excluded_at: now, excluded_by: userIdOf(author.actor) })),
    );
    await auditChange(trx, slug, 'responses.excluded', { ids, flag, reason: why, named, author });
    return { action: 'excluded', count: ids.length, responseIds: ids, unchanged: named ? candidates.filter((id) => already.has(id)) : [] };
  });
}

/** Brings excluded responses back into results: the named ones, or every response excluded by `flag`.
 * A restoration needs a reason too, and is audited in the same transaction. */
export async function restoreResponses(db: Kysely<Database>, slug: string, target: ExclusionTarget, reason: string, author: ExclusionAuthor): Promise<ExclusionOutcome> {
  const why = cleanReason(reason);
  await getLatestSurvey(db, slug);
  const named = 'responseIds' in target ? await findNamedResponses(db, slug, target.responseIds) : null;
  const flag = 'flag' in target ? target.flag : null;
  return db.transaction().execute(async (trx) => {
    const candidates = named ? named.map((row) => row.id) : (await queries.listExclusionsByFlag(trx, slug, flag!)).map((row) => row.response_id);
    const excluded = await queries.listExcludedAmong(trx, candidates);
    const ids = candidates.filter((id) => excluded.has(id));
    await queries.deleteExclusions(trx, slug, ids);
    await auditChange(trx, slug, 'responses.restored', { ids, flag, reason: why, named, author });
    return { action: 'restored', count: ids.length, responseIds: ids, unchanged: named ? candidates.filter((id) => !excluded.has(id)) : [] };
  });
}

/** One audit entry per named response (so a response's history can be read by its subject), or one
 * entry for a whole flag with the ids and the count. Nothing changed, nothing logged. */
async function auditChange(
  db: Kysely<Database>,
  slug: string,
  action: 'responses.excluded' | 'responses.restored',
  change: { ids: string[]; flag: CleaningFlag | null; reason: string; named: { id: string; reference: string }[] | null; author: ExclusionAuthor },
): Promise<void> {
  if (change.ids.length === 0) return;
  const { actor, ip } = change.author;
  if (change.named) {
    const references = new Map(change.named.map((row) => [row.id, row.reference]));
    for (const id of change.ids) {
      await recordAudit(db, { actor, action, subject: `${slug}/responses/${id}`, detail: { slug, responseId: id, reference: references.get(id), reason: change.reason }, ip });
    }
    return;
  }
  await recordAudit(db, {
    actor,
    action,
    subject: `${slug}/responses`,
    detail: { slug, flag: change.flag, reason: change.reason, count: change.ids.length, responseIds: change.ids },
    ip,
  });
}

/** A flagged response as the cleaning page and API list it. */
export interface FlaggedResponse {
  id: string;
  reference: string;
  version: number;
  isDemo: boolean;
  submittedAt: string;
  /** Completion time in seconds, null when it cannot be timed. */
  seconds: number | null;
  flags: CleaningFlag[];
  panelId: string | null;
  /** For a duplicated panel id: the first response with it (itself for the first), else null. */
  firstWithPanelId: { id: string; reference: string } | null;
  exclusion: { reason: string; flag: string | null } | null;
}

/** One exclusion with what the researcher needs to judge it again. */
export interface ExclusionItem {
  responseId: string;
  reference: string;
  submittedAt: string;
  reason: string;
  /** The flag of a bulk exclusion, null for one made by hand. */
  flag: string | null;
  excludedAt: string;
  /** The name of who excluded it, null when the account is gone or it was not a person. */
  excludedBy: string | null;
}

export interface FlagSummary {
  flag: CleaningFlag;
  /** Responses raising the flag, excluded ones included. */
  count: number;
  responseIds: string[];
  /** How many of them are excluded now (by any route). */
  excludedCount: number;
  /** How many exclusions were made by this flag, which a restore by flag brings back. */
  excludedByFlag: number;
}

export interface CleaningSummary {
  slug: string;
  title: string;
  /** Every complete response, excluded or not. */
  completeResponses: number;
  /** Complete responses that count in results. */
  includedResponses: number;
  /** Complete responses with a duration. */
  timedResponses: number;
  medianSeconds: number | null;
  /** The ids of the reported version's likert grids with enough statements to judge straight-lining. */
  straightLineGrids: string[];
  flags: FlagSummary[];
  /** Every response raising at least one flag, in dataset order. */
  flagged: FlaggedResponse[];
  excluded: ExclusionItem[];
}

/** The flags and exclusions of a survey, computed over all its complete responses (excluded ones
 * included, so excluding speeders does not move the median and make new ones); 404 for an unknown survey. */
export async function getCleaningSummary(db: Kysely<Database>, slug: string): Promise<CleaningSummary> {
  const dataset = await loadDataset(db, slug, { includeExcluded: true });
  const [references, exclusions] = await Promise.all([queries.mapReferences(db, slug), queries.listSurveyExclusions(db, slug)]);
  const details = computeDatasetFlags(dataset);
  const { flags } = details.flags;
  const referenceOf = (id: string) => references.get(id) ?? id;
  const flagged: FlaggedResponse[] = [];
  dataset.rows.forEach((row, i) => {
    if (flags[i]!.length === 0) return;
    const first = details.firstOfPanelId[i];
    const firstRow = first === null || first === undefined ? null : dataset.rows[first]!;
    flagged.push({
      id: row.id,
      reference: referenceOf(row.id),
      version: row.version,
      isDemo: row.isDemo,
      submittedAt: row.submittedAt,
      seconds: details.seconds[i]!,
      flags: flags[i]!,
      panelId: row.panelId,
      firstWithPanelId: firstRow ? { id: firstRow.id, reference: referenceOf(firstRow.id) } : null,
      exclusion: row.exclusion,
    });
  });
  const summaries = CLEANING_FLAGS.map((flag): FlagSummary => {
    const raising = flagged.filter((response) => response.flags.includes(flag));
    return {
      flag,
      count: raising.length,
      responseIds: raising.map((response) => response.id),
      excludedCount: raising.filter((response) => response.exclusion !== null).length,
      excludedByFlag: exclusions.filter((exclusion) => exclusion.flag === flag).length,
    };
  });
  const excludedCount = dataset.rows.filter((row) => row.exclusion !== null).length;
  return {
    slug,
    title: localise(dataset.reporting.title, 'en'),
    completeResponses: dataset.rows.length,
    includedResponses: dataset.rows.length - excludedCount,
    timedResponses: details.seconds.filter((s) => s !== null).length,
    medianSeconds: details.flags.medianSeconds,
    straightLineGrids: dataset.columns.questions
      .filter((question) => question.type === 'likert-grid' && question.statements.length >= STRAIGHT_LINE_MIN_STATEMENTS)
      .map((question) => question.id),
    flags: summaries,
    flagged,
    excluded: exclusions.map((row) => ({
      responseId: row.response_id,
      reference: row.reference,
      submittedAt: row.submitted_at,
      reason: row.reason,
      flag: row.flag,
      excludedAt: row.excluded_at,
      excludedBy: row.excluded_by_name,
    })),
  };
}

/** One response's exclusion (for its detail page), or null when it counts in results. */
export async function getResponseExclusion(db: Kysely<Database>, slug: string, responseId: string): Promise<{ reason: string; flag: string | null; excludedAt: string; excludedBy: string | null } | null> {
  const row = await queries.findExclusion(db, slug, responseId);
  return row ? { reason: row.reason, flag: row.flag, excludedAt: row.excluded_at, excludedBy: row.excluded_by_name } : null;
}
