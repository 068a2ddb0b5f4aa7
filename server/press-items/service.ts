import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { recordAudit, type AuditActor } from '../audit/service.ts';
import type { Database, PressItemsTable } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { getLatestSurvey } from '../surveys/service.ts';
import { computeFigure, createFigureCache, type Figure, type FigureCache, type FigureQuery } from './figures.ts';
import * as queries from './queries.ts';

// CONTRACT (implemented by the press-items engineer): saved headlines and charts with frozen figures.

export type PressItemKind = 'headline' | 'chart';

/** What an item shows: its figure queries in order, and kind-specific settings (wording, chart type, texts). */
export interface PressItemSpec {
  queries: FigureQuery[];
  /** Kind-specific JSON, owned by the headline or chart studio (e.g. { sentence } or a chart spec). */
  settings: Record<string, unknown>;
}

export interface PressItem {
  id: string;
  surveySlug: string;
  kind: PressItemKind;
  title: string;
  spec: PressItemSpec;
  /** The figures as saved, one per query, in query order. */
  frozen: Figure[];
  frozenAt: string;
  published: boolean;
  createdAt: string;
  updatedAt: string;
}

/** How the live figures compare with the frozen ones. */
export interface LiveComparison {
  /** True when any figure's percentage differs from the frozen one by 0.05 points or more, or its base changed. */
  moved: boolean;
  figures: { frozen: Figure; live: Figure | null; error: string | null; percentChange: number | null; baseChange: number }[];
}

/** The smallest change of a percentage that counts as a move: a tenth of a point would show at one
 * decimal place, so half of it (0.05) is where a rounded figure can start to read differently. The
 * tolerance keeps floating-point noise (75.05 − 75 = 0.04999…) from deciding. */
export const MOVE_THRESHOLD = 0.05;
const TOLERANCE = 1e-9;

function toPressItem(row: Selectable<PressItemsTable>): PressItem {
  return {
    id: row.id,
    surveySlug: row.survey_slug,
    kind: row.kind,
    title: row.title,
    spec: JSON.parse(row.spec) as PressItemSpec,
    frozen: JSON.parse(row.frozen) as Figure[],
    frozenAt: row.frozen_at,
    published: Number(row.published) === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const userIdOf = (actor: AuditActor): string | null => ('user' in actor ? actor.user.id : null);

function notFound(id: string): never {
  throw new AppError('not_found', `No press item "${id}"`);
}

/** Checks what the database cannot: a title, and at least one figure. */
function checkInput(title: string, spec: PressItemSpec): void {
  if (title.trim() === '') throw new AppError('validation_failed', 'A press item needs a title', { title: 'must not be empty' });
  if (!Array.isArray(spec.queries) || spec.queries.length === 0) {
    throw new AppError('validation_failed', 'A press item needs at least one figure', { 'spec.queries': 'must name at least one figure' });
  }
}

/** Computes figure queries now, in order, sharing one load of results per survey and setting. Errors
 * (an unknown question, a failed weighting) are thrown: nothing is saved that cannot be computed. */
export async function computeFigures(db: Kysely<Database>, queries: FigureQuery[]): Promise<Figure[]> {
  const cache = createFigureCache();
  const figures: Figure[] = [];
  for (const query of queries) figures.push(await computeFigure(db, query, cache));
  return figures;
}

/** The figures to freeze: those the caller computed from this very spec a moment ago (the chart
 * studio needs them for the chart's title first), or computed now. */
async function freezeFigures(db: Kysely<Database>, spec: PressItemSpec, figures?: Figure[]): Promise<{ frozen: string; frozenAt: string }> {
  if (figures && figures.length !== spec.queries.length) throw new RangeError('one figure per query is needed');
  return { frozen: JSON.stringify(figures ?? (await computeFigures(db, spec.queries))), frozenAt: new Date().toISOString() };
}

/** What the audit log keeps of an item: enough to tell later which figures were put out. */
function auditDetail(item: { surveySlug: string; kind: PressItemKind; title: string }, frozen: string) {
  const figures = (JSON.parse(frozen) as Figure[]).map((figure) => ({
    survey: figure.query.survey,
    question: figure.query.question,
    answer: figure.query.answer.id,
    percent: figure.percent,
    base: figure.base.unweighted,
  }));
  return { surveySlug: item.surveySlug, kind: item.kind, title: item.title, figures };
}

/** Computes the spec's figures now, freezes them and saves a new item (audited 'press.item_saved'). */
export async function savePressItem(
  db: Kysely<Database>,
  input: { surveySlug: string; kind: PressItemKind; title: string; spec: PressItemSpec; figures?: Figure[] },
  actor: AuditActor,
): Promise<PressItem> {
  checkInput(input.title, input.spec);
  await getLatestSurvey(db, input.surveySlug); // 404 for an unknown survey before any figure is computed
  const { frozen, frozenAt } = await freezeFigures(db, input.spec, input.figures);
  const id = randomUUID();
  await db.transaction().execute(async (trx) => {
    await queries.insertPressItem(trx, {
      id,
      survey_slug: input.surveySlug,
      kind: input.kind,
      title: input.title.trim(),
      spec: JSON.stringify(input.spec),
      frozen,
      frozen_at: frozenAt,
      published: 0,
      created_at: frozenAt,
      created_by: userIdOf(actor),
      updated_at: frozenAt,
      updated_by: userIdOf(actor),
    });
    await recordAudit(trx, { actor, action: 'press.item_saved', subject: id, detail: auditDetail(input, frozen) });
  });
  return getPressItem(db, id);
}

/** Replaces an item's title and spec and freezes its figures again. */
export async function updatePressItem(db: Kysely<Database>, id: string, input: { title: string; spec: PressItemSpec; figures?: Figure[] }, actor: AuditActor): Promise<PressItem> {
  const before = await getPressItem(db, id);
  checkInput(input.title, input.spec);
  const { frozen, frozenAt } = await freezeFigures(db, input.spec, input.figures);
  await db.transaction().execute(async (trx) => {
    const found = await queries.updatePressItemRow(trx, id, {
      title: input.title.trim(),
      spec: JSON.stringify(input.spec),
      frozen,
      frozen_at: frozenAt,
      updated_at: frozenAt,
      updated_by: userIdOf(actor),
    });
    if (!found) notFound(id);
    await recordAudit(trx, { actor, action: 'press.item_saved', subject: id, detail: { ...auditDetail({ ...before, title: input.title.trim() }, frozen), updated: true } });
  });
  return getPressItem(db, id);
}

/** One saved item with its frozen figures, or AppError not_found. */
export async function getPressItem(db: Kysely<Database>, id: string): Promise<PressItem> {
  const row = await queries.findPressItem(db, id);
  if (!row) notFound(id);
  return toPressItem(row);
}

/** Saved items by survey, then most recently changed first. */
export async function listPressItems(db: Kysely<Database>, filter: { surveySlug?: string; kind?: PressItemKind; published?: boolean } = {}): Promise<PressItem[]> {
  return (await queries.listPressItemRows(db, filter)).map(toPressItem);
}

/** Deletes an item (audited 'press.item_deleted'), or AppError not_found. */
export async function deletePressItem(db: Kysely<Database>, id: string, actor: AuditActor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await queries.findPressItem(trx, id);
    if (!row || !(await queries.deletePressItemRow(trx, id))) notFound(id);
    await recordAudit(trx, { actor, action: 'press.item_deleted', subject: id, detail: { surveySlug: row.survey_slug, kind: row.kind, title: row.title } });
  });
}

/** Publishes or withdraws an item (audited 'press.item_published' with the new state). */
export async function setPressItemPublished(db: Kysely<Database>, id: string, published: boolean, actor: AuditActor): Promise<PressItem> {
  await db.transaction().execute(async (trx) => {
    const row = await queries.findPressItem(trx, id);
    if (!row) notFound(id);
    await queries.updatePressItemPublished(trx, id, { published: published ? 1 : 0, updated_at: new Date().toISOString(), updated_by: userIdOf(actor) });
    await recordAudit(trx, { actor, action: 'press.item_published', subject: id, detail: { surveySlug: row.survey_slug, kind: row.kind, title: row.title, published } });
  });
  return getPressItem(db, id);
}

/** Compares one live figure with its frozen self. */
function compareFigure(frozen: Figure, live: Figure): LiveComparison['figures'][number] {
  const percentChange = frozen.percent !== null && live.percent !== null ? live.percent - frozen.percent : null;
  return { frozen, live, error: null, percentChange, baseChange: live.base.unweighted - frozen.base.unweighted };
}

function hasMoved(figure: LiveComparison['figures'][number]): boolean {
  if (figure.error !== null || figure.live === null) return true;
  if (figure.baseChange !== 0) return true;
  // A figure that became suppressed (or stopped being) has moved even if its base were unchanged.
  if ((figure.frozen.percent === null) !== (figure.live.percent === null)) return true;
  return figure.percentChange !== null && Math.abs(figure.percentChange) >= MOVE_THRESHOLD - TOLERANCE;
}

/** Recomputes an item's figures and compares them with the frozen ones. Pass one cache to compare many
 * items at once (the press studio's home page): each survey and setting is then loaded once. */
export async function compareWithLive(db: Kysely<Database>, item: PressItem, cache: FigureCache = createFigureCache()): Promise<LiveComparison> {
  const figures: LiveComparison['figures'] = [];
  for (const frozen of item.frozen) {
    try {
      figures.push(compareFigure(frozen, await computeFigure(db, frozen.query, cache)));
    } catch (error) {
      // A figure that can no longer be computed (a question gone from a new version, a scheme deleted)
      // is the biggest move of all; unexpected failures are still thrown.
      if (!(error instanceof AppError)) throw error;
      figures.push({ frozen, live: null, error: error.message, percentChange: null, baseChange: -frozen.base.unweighted });
    }
  }
  return { moved: figures.some(hasMoved), figures };
}
