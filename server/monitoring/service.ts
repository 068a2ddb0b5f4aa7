import type { Kysely } from 'kysely';
import {
  completionSeconds,
  countOnDays,
  countPerDay,
  medianOf,
  percentOf,
  tallyDropOff,
} from '../analysis/index.ts';
import type { Database } from '../db/schema.ts';
import { getDraft } from '../drafts/service.ts';
import { AppError } from '../errors.ts';
import { getQuotaFill } from '../fieldwork/quotas.ts';
import { closureForStart, getSurveySettings, type SurveySettings } from '../fieldwork/service.ts';
import { localise } from '../surveys/model.ts';
import type { SurveyDefinition } from '../surveys/schema.ts';
import { getSurveyVersion, listVersions } from '../surveys/service.ts';
import * as queries from './queries.ts';

// The survey overview: where a survey stands (versions, draft, fieldwork window, target) and how
// fieldwork is going (completes, screen-outs, quota-fulls, drop-off, completion time, completes per
// day, quota fill). Every figure is computed by the pure analysis module; this file only gathers the rows.

/** A count of responses with how many of them are demo data. */
export interface CountWithDemo {
  total: number;
  demo: number;
}

export interface VersionSummary {
  version: number;
  publishedAt: string;
  completes: CountWithDemo;
  screenedOut: CountWithDemo;
}

export interface DraftSummary {
  baseVersion: number | null;
  updatedAt: string;
}

/** Whether new respondents may start now, by the fieldwork module's own rule (dates and target). */
export type FieldworkState = 'open' | 'not_open_yet' | 'closed' | 'target_reached';

export interface QuotaCellFill {
  label: string;
  target: number;
  achieved: number;
  /** Achieved as a share of the target, unrounded; null for a target of 0. */
  percent: number | null;
}

export interface QuotaFillSummary {
  id: string;
  label: string;
  /** The wording of the question (and grid statement) the quota counts, from the newest version. */
  question: string;
  cells: QuotaCellFill[];
}

export interface DropOffPage {
  /** Null for sessions that have not saved a page yet. */
  pageId: string | null;
  /** The page's position in the newest version that has it (1-based), null when not started or unknown. */
  number: number | null;
  label: string;
  count: number;
  percent: number | null;
}

export interface DayFigures {
  date: string;
  /** Complete responses that are not demo data. */
  completes: number;
  demo: number;
}

export interface SurveyOverview {
  kind: 'published';
  slug: string;
  title: string;
  versions: VersionSummary[];
  draft: DraftSummary | null;
  settings: SurveySettings;
  state: FieldworkState;
  /** Real (not demo) completes against the target sample, unrounded; null without a target. */
  targetProgress: number | null;
  completes: CountWithDemo;
  screenedOut: CountWithDemo;
  quotaFull: number;
  partial: number;
  dropOff: DropOffPage[];
  completionTime: {
    /** Median seconds from start to submission of real completes; null when none can be timed. */
    medianSeconds: number | null;
    basedOn: number;
    /** Real completes without a usable start time (e.g. sent through the API without `startedAt`). */
    untimed: number;
  };
  perDay: DayFigures[];
  /** Quota fill from complete, non-demo responses. */
  quotas: QuotaFillSummary[];
}

/** A survey that has a draft but has never been published. */
export interface DraftOnlyOverview {
  kind: 'draft-only';
  slug: string;
  title: string;
  draft: DraftSummary;
}

const emptyCount = (): CountWithDemo => ({ total: 0, demo: 0 });

function addTo(count: CountWithDemo, n: number, isDemo: boolean) {
  count.total += n;
  if (isDemo) count.demo += n;
}

/** A page's label for the drop-off table: its title, or failing that its first question. */
function pageLabel(definition: SurveyDefinition, pageIndex: number): string {
  const page = definition.pages[pageIndex]!;
  return page.title ? localise(page.title, 'en') : localise(page.questions[0]!.text, 'en');
}

/** The overview of one survey, or of its draft when it was never published; 404 when neither exists. */
export async function getSurveyOverview(db: Kysely<Database>, slug: string, now = new Date()): Promise<SurveyOverview | DraftOnlyOverview> {
  const draftRow = await getDraft(db, slug);
  const draft: DraftSummary | null = draftRow ? { baseVersion: draftRow.baseVersion, updatedAt: draftRow.updatedAt } : null;
  let versionList: { version: number; publishedAt: string }[];
  try {
    versionList = await listVersions(db, slug);
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'not_found') || !draft) throw error;
    const title = (draftRow!.document as { title?: { en?: unknown } }).title?.en;
    return { kind: 'draft-only', slug, title: typeof title === 'string' && title.trim() !== '' ? title : slug, draft };
  }

  // Newest first: a page is labelled and numbered as in the newest version that has it.
  const definitions = await Promise.all(
    [...versionList].reverse().map(async ({ version }) => (await getSurveyVersion(db, slug, version)).definition),
  );
  const latest = definitions[0]!;

  const [responseCounts, completeTimes, sessionCounts, partials, settings, quotaFill] = await Promise.all([
    queries.countResponsesByVersionAndStatus(db, slug),
    queries.listCompleteTimes(db, slug),
    queries.countSessionsByStatus(db, slug),
    queries.listPartialSessions(db, slug),
    getSurveySettings(db, slug),
    getQuotaFill(db, slug),
  ]);

  const versions: VersionSummary[] = versionList.map((v) => ({ ...v, completes: emptyCount(), screenedOut: emptyCount() }));
  const completes = emptyCount();
  const screenedOut = emptyCount();
  for (const row of responseCounts) {
    const n = Number(row.count);
    const isDemo = row.is_demo === 1;
    const summary = versions.find((v) => v.version === row.survey_version);
    if (row.status === 'complete') {
      addTo(completes, n, isDemo);
      if (summary) addTo(summary.completes, n, isDemo);
    } else if (row.status === 'screened_out') {
      addTo(screenedOut, n, isDemo);
      if (summary) addTo(summary.screenedOut, n, isDemo);
    }
  }
  const sessionsWith = (status: string) => Number(sessionCounts.find((row) => row.status === status)?.count ?? 0);

  const pageInfo = new Map<string, { number: number; label: string }>();
  for (const definition of definitions) {
    definition.pages.forEach((page, index) => {
      if (!pageInfo.has(page.id)) pageInfo.set(page.id, { number: index + 1, label: pageLabel(definition, index) });
    });
  }
  // Questionnaire order of the newest version, then pages only older versions have.
  const pageOrder = [...new Set(definitions.flatMap((definition) => definition.pages.map((page) => page.id)))];
  const tally = tallyDropOff(
    partials.map((row) => row.last_page_id),
    pageOrder,
  );
  const dropOff = tally.rows.map((row) => {
    const info = row.pageId === null ? undefined : pageInfo.get(row.pageId);
    return {
      pageId: row.pageId,
      number: info?.number ?? null,
      label: row.pageId === null ? 'Not started a page yet' : (info?.label ?? `Page "${row.pageId}" (no longer in any version)`),
      count: row.count,
      percent: row.percent,
    };
  });

  const realCompletes = completeTimes.filter((row) => row.is_demo !== 1);
  const timed = completionSeconds(realCompletes.map((row) => ({ startedAt: row.started_at, submittedAt: row.submitted_at })));
  const days = countPerDay(completeTimes.map((row) => row.submitted_at));
  const dates = days.map((day) => day.date);
  const real = countOnDays(realCompletes.map((row) => row.submitted_at), dates);
  const demo = countOnDays(completeTimes.filter((row) => row.is_demo === 1).map((row) => row.submitted_at), dates);

  const realCompleteCount = completes.total - completes.demo;
  const questionText = (id: string, statement?: string) => {
    for (const definition of definitions) {
      const question = definition.pages.flatMap((page) => page.questions).find((q) => q.id === id);
      if (!question) continue;
      const text = localise(question.text, 'en');
      const grid = statement && question.type === 'likert-grid' ? question.statements.find((s) => s.id === statement) : undefined;
      return grid ? `${text}: ${localise(grid.text, 'en')}` : text;
    }
    return id;
  };
  const quotas = quotaFill.map((quota) => ({
    id: quota.id,
    label: quota.label,
    question: questionText(quota.question, quota.statement),
    cells: quota.cells.map((cell) => ({ label: cell.label, target: cell.target, achieved: cell.achieved, percent: percentOf(cell.achieved, cell.target) })),
  }));

  return {
    kind: 'published',
    slug,
    title: localise(latest.title, 'en'),
    versions,
    draft,
    settings,
    state: closureForStart(settings, realCompleteCount, now)?.reason ?? 'open',
    targetProgress: settings.targetSample ? percentOf(realCompleteCount, settings.targetSample) : null,
    completes,
    screenedOut,
    quotaFull: sessionsWith('quota_full'),
    partial: tally.total,
    dropOff,
    completionTime: { medianSeconds: medianOf(timed.seconds), basedOn: timed.seconds.length, untimed: timed.untimed },
    perDay: dates.map((date, i) => ({ date, completes: real[i]!.count, demo: demo[i]!.count })),
    quotas,
  };
}
