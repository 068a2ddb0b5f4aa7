import type { Kysely } from 'kysely';
import { durationSeconds, type ResponseRecord } from '../analysis/index.ts';
import { recordAudit, type AuditActor } from '../audit/service.ts';
import { CLEANING_FLAGS, flagDataset, type CleaningFlag } from '../cleaning/service.ts';
import type { Database } from '../db/schema.ts';
import { buildBatchColumns, DATASET_BATCH_SIZE, loadDatasetColumns, selectDatasetRows } from '../datasets/columnar.ts';
import { resolveDatasetVersions } from '../datasets/service.ts';
import { AppError } from '../errors.ts';
import type { Answers } from '../surveys/model.ts';
import type { SurveyDefinition } from '../surveys/schema.ts';
import { listVersions } from '../surveys/service.ts';
import { listWeightingSchemes, weightDataset } from '../weighting/service.ts';
import { codeCell, planExportColumns, questionCellWriter, type Cell, type ExportColumn } from './columns.ts';
import { countCompleteResponsesByVersion, listExportRowsByIds } from './queries.ts';
import type { ExportQuery } from './schemas.ts';
import { csvText } from './csv.ts';

// The responses export: one CSV row per complete response, streamed so memory stays flat whatever
// the size of the survey.
//
// Weights and cleaning flags depend on every response, so they are worked out first, from a dataset
// loaded in batches that keeps only columns (server/datasets/columnar.ts), and reduced to compact
// arrays in export order: ids, flag bits, weights, and the few exclusion reasons. Then the body is
// written a batch of 1,000 responses at a time, each batch read by primary key in that same
// (submitted_at, id) order. Keyset pagination straight off the responses table would need an index
// on (survey_slug, submitted_at, id) that the schema does not have; without it every page would
// rescan and sort the whole survey, so the first pass's ordered ids serve as the keys instead. The
// export is therefore the responses that existed when it started: one stored later is left out,
// one deleted meanwhile is skipped.
//

export interface ExportOptions {
  values: 'codes' | 'labels';
  weighting: string | null;
  /** Chosen versions; empty for every published version. */
  versions: number[];
  excluded: 'include' | 'exclude';
}

/** The export options of a validated query. */
export function exportOptionsOf(query: ExportQuery): ExportOptions {
  return { values: query.labels, weighting: query.weighting, versions: query.versions, excluded: query.excluded };
}

/** Checks the options against the survey before any work: an unknown version or weighting scheme
 * is a 404 that names the field (so the page can show it beside the right control). */
async function checkExportOptions(db: Kysely<Database>, slug: string, options: ExportOptions): Promise<void> {
  const published = (await listVersions(db, slug)).map((row) => row.version);
  const unknown = options.versions.filter((version) => !published.includes(version));
  if (unknown.length > 0) {
    const message = `Survey "${slug}" has no version ${unknown.join(', ')} (its versions are ${published.join(', ')})`;
    throw new AppError('not_found', message, { versions: message });
  }
  if (options.weighting !== null) {
    const schemes = await listWeightingSchemes(db, slug);
    if (!schemes.some((scheme) => scheme.name === options.weighting)) {
      const names = schemes.map((scheme) => `"${scheme.name}"`).join(', ');
      const message = `Survey "${slug}" has no weighting scheme "${options.weighting}"${names ? ` (its schemes are ${names})` : ' (it has none yet)'}`;
      throw new AppError('not_found', message, { weighting: message });
    }
  }
}

/** A response's flags as bits: bit k for CLEANING_FLAGS[k]. */
function flagBitsOf(flags: readonly CleaningFlag[]): number {
  let bits = 0;
  for (const flag of flags) bits |= 1 << CLEANING_FLAGS.indexOf(flag);
  return bits;
}

/** A file name that says what the file holds, in characters every system accepts. */
function exportFileName(slug: string, options: ExportOptions, now: Date): string {
  const safe = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'scheme';
  const parts = [slug, 'responses'];
  if (options.versions.length > 0) parts.push(`v${options.versions.join('-')}`);
  if (options.values === 'labels') parts.push('labels');
  if (options.weighting !== null) parts.push('weighted', safe(options.weighting));
  if (options.excluded === 'include') parts.push('with-excluded');
  parts.push(now.toISOString().slice(0, 10));
  return `${parts.join('-')}.csv`;
}

/** What the body needs to write the rows, all in export order and compact: no answers, no row objects. */
interface ExportPlan {
  slug: string;
  values: 'codes' | 'labels';
  reporting: SurveyDefinition;
  definitions: Map<number, SurveyDefinition>;
  columns: ExportColumn[];
  ids: string[];
  /** Bit k set when the response raises CLEANING_FLAGS[k]. */
  flagBits: Uint8Array;
  /** NaN for no weight (an excluded response); null when no weighting was chosen. */
  weights: Float64Array | null;
  /** Export position -> exclusion reason, for the excluded responses; null when they are left out. */
  exclusions: Map<number, string> | null;
  batchSize: number;
}

export interface ResponseExport {
  fileName: string;
  rowCount: number;
  header: string[];
  body: ReadableStream<Uint8Array>;
}

/** Works out weights and flags over every response, records the export in the audit log, and
 * returns the CSV as a stream that reads the answers a batch at a time as the client takes them.
 * Throws (before anything is streamed) 404 for an unknown survey, version or scheme and 422 when
 * the weighting cannot be met. `onError` hears of a failure part-way, after which the stream errors
 * rather than ending, so a client never mistakes a truncated file for a whole one. */
export async function prepareResponseExport(
  db: Kysely<Database>,
  slug: string,
  options: ExportOptions,
  context: { actor: AuditActor; ip: string | null; via: 'api' | 'page'; batchSize?: number; onError?: (error: unknown) => void },
): Promise<ResponseExport> {
  await checkExportOptions(db, slug, options);
  const batchSize = context.batchSize ?? DATASET_BATCH_SIZE;
  // Flags exactly as the cleaning page shows them: judged over every response of every version,
  // excluded ones included (excluding a speeder must not turn someone else into one, and a median
  // completion time over one version is not the one the researcher saw). With a choice of versions
  // that is a separate pass, reduced to the flagged responses before the chosen ones are loaded.
  let flaggedById: Map<string, number> | null = null;
  if (options.versions.length > 0) {
    const whole = await loadDatasetColumns(db, slug, { includeExcluded: true, batchSize });
    flaggedById = new Map();
    flagDataset(whole).flags.forEach((flags, i) => {
      if (flags.length > 0) flaggedById!.set(whole.rows[i]!.id, flagBitsOf(flags));
    });
  }
  const dataset = await loadDatasetColumns(db, slug, { versions: options.versions, includeExcluded: true, batchSize });
  const rows = dataset.rows;
  const ownFlags = flaggedById ? null : flagDataset(dataset).flags;
  const flagsOf = (i: number) => (ownFlags ? flagBitsOf(ownFlags[i]!) : (flaggedById!.get(rows[i]!.id) ?? 0));

  // Weights as results compute them: over the responses that are not excluded only.
  let weightOf: Float64Array | null = null;
  if (options.weighting !== null) {
    const kept = rows.flatMap((row, i) => (row.exclusion === null ? [i] : []));
    const weighted = await weightDataset(db, selectDatasetRows(dataset, kept), options.weighting);
    weightOf = new Float64Array(rows.length).fill(NaN);
    kept.forEach((i, k) => {
      weightOf![i] = weighted.weights[k]!;
    });
  }

  const exported = rows.flatMap((row, i) => (options.excluded === 'include' || row.exclusion === null ? [i] : []));
  const flagBits = new Uint8Array(exported.length);
  const weights = weightOf ? new Float64Array(exported.length) : null;
  const exclusions = options.excluded === 'include' ? new Map<number, string>() : null;
  exported.forEach((i, position) => {
    flagBits[position] = flagsOf(i);
    if (weights) weights[position] = weightOf![i]!;
    const exclusion = rows[i]!.exclusion;
    if (exclusions && exclusion) exclusions.set(position, exclusion.reason);
  });
  const plan: ExportPlan = {
    slug,
    values: options.values,
    reporting: dataset.reporting,
    definitions: dataset.definitions,
    columns: planExportColumns(dataset.columns, { weighting: options.weighting, includeExcluded: options.excluded === 'include' }),
    ids: exported.map((i) => rows[i]!.id),
    flagBits,
    weights,
    exclusions,
    batchSize,
  };

  await recordAudit(db, {
    actor: context.actor,
    action: 'responses.exported',
    subject: slug,
    detail: {
      format: 'csv',
      via: context.via,
      labels: options.values,
      weighting: options.weighting,
      versions: dataset.versions,
      reportedVersion: dataset.reportedVersion,
      excluded: options.excluded,
      rows: plan.ids.length,
    },
    ip: context.ip,
  });

  return {
    fileName: exportFileName(slug, options, new Date()),
    rowCount: plan.ids.length,
    header: plan.columns.map((column) => column.name),
    body: exportBody(db, plan, context.onError),
  };
}

/** The CSV body: the header first, then one chunk per batch, each read only when the client has
 * taken the one before (pull-driven, so a slow download holds at most a batch or two in memory).
 * A plain ReadableStream for c.body() rather than hono/streaming's stream(): that helper closes the
 * response normally when its callback throws, handing over a silently truncated file, whereas an
 * errored ReadableStream makes the Node adapter destroy the connection, which every client reports. */
function exportBody(db: Kysely<Database>, plan: ExportPlan, onError?: (error: unknown) => void): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let position = 0;
  let headerSent = false;
  let cancelled = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!headerSent) {
          headerSent = true;
          controller.enqueue(encoder.encode(csvText([plan.columns.map((column) => column.name)], { bom: true })));
          return;
        }
        // A batch whose responses were all deleted meanwhile writes nothing: go on to the next one
        // rather than return empty-handed (the stream would wait for a chunk that never comes).
        while (!cancelled && position < plan.ids.length) {
          const start = position;
          position = Math.min(plan.ids.length, start + plan.batchSize);
          const text = await writeBatch(db, plan, start, position);
          if (text !== '') {
            controller.enqueue(encoder.encode(text));
            return;
          }
        }
        controller.close();
      } catch (error) {
        onError?.(error);
        controller.error(error);
      }
    },
    cancel() {
      cancelled = true;
    },
  });
}

/** The CSV lines of the responses at export positions [start, end). */
async function writeBatch(db: Kysely<Database>, plan: ExportPlan, start: number, end: number): Promise<string> {
  const ids = plan.ids.slice(start, end);
  const stored = new Map((await listExportRowsByIds(db, plan.slug, ids)).map((row) => [row.id, row]));
  const present: { position: number; row: NonNullable<ReturnType<typeof stored.get>>; answers: Answers }[] = [];
  ids.forEach((id, k) => {
    const row = stored.get(id);
    if (row) present.push({ position: start + k, row, answers: JSON.parse(row.answers) as Answers });
  });
  if (present.length === 0) return '';
  const records: ResponseRecord[] = present.map(({ row, answers }) => ({ definition: plan.definitions.get(row.survey_version)!, answers }));
  const columns = buildBatchColumns(plan.reporting, plan.definitions.values(), records);
  const writeQuestions = questionCellWriter(columns, plan.values);

  const lines = present.map(({ position, row, answers }, k) => {
    const seconds = durationSeconds(row.started_at, row.submitted_at);
    const bits = plan.flagBits[position]!;
    const cells: Cell[] = [
      row.submission_id,
      row.reference,
      row.survey_version,
      row.submitted_at,
      Number.isNaN(seconds) ? null : seconds,
      row.source,
      Number(row.is_demo) === 1 ? 1 : 0,
      ...CLEANING_FLAGS.map((_, bit) => (bits >> bit) & 1),
    ];
    if (plan.exclusions) {
      const reason = plan.exclusions.get(position);
      cells.push(reason === undefined ? 0 : 1, reason ?? null);
    }
    if (plan.weights) {
      const weight = plan.weights[position]!;
      cells.push(Number.isNaN(weight) ? null : weight);
    }
    writeQuestions(k, answers, cells);
    return cells;
  });
  return csvText(lines);
}

/** A codebook: every column of the export with the same options, and what its values mean. */
export interface Codebook {
  slug: string;
  title: string;
  reportedVersion: number;
  versions: number[];
  options: { labels: 'codes' | 'labels'; weighting: string | null; excluded: 'include' | 'exclude' };
  columns: ExportColumn[];
}

/** The codebook of an export with these options. It holds the questionnaire, no responses. */
export async function buildCodebook(db: Kysely<Database>, slug: string, options: ExportOptions): Promise<Codebook> {
  await checkExportOptions(db, slug, options);
  const { versions, reportedVersion, definitions, reporting } = await resolveDatasetVersions(db, slug, { versions: options.versions });
  // Columns of no rows: the same questions and categories (older versions' codes too) as an export.
  const columns = buildBatchColumns(reporting, definitions.values(), []);
  return {
    slug,
    title: reporting.title.en,
    reportedVersion,
    versions,
    options: { labels: options.values, weighting: options.weighting, excluded: options.excluded },
    columns: planExportColumns(columns, { weighting: options.weighting, includeExcluded: options.excluded === 'include' }),
  };
}

export const CODEBOOK_HEADER = ['column', 'question_id', 'statement_id', 'type', 'wording', 'code', 'label'];

/** The codebook as CSV: one row per value of each column, or one row for a column without coded values. */
export function codebookCsv(codebook: Codebook): string {
  const rows: Cell[][] = [CODEBOOK_HEADER];
  for (const column of codebook.columns) {
    const start: Cell[] = [column.name, column.questionId, column.statementId, column.type, column.wording];
    if (column.values.length === 0) rows.push([...start, null, null]);
    for (const value of column.values) rows.push([...start, codeCell(value.code), value.label]);
  }
  return csvText(rows, { bom: true });
}

/** What the export form offers: the published versions with their response counts, and the weighting schemes. */
export async function describeExportChoices(db: Kysely<Database>, slug: string) {
  const [versions, counts, schemes] = await Promise.all([listVersions(db, slug), countCompleteResponsesByVersion(db, slug), listWeightingSchemes(db, slug)]);
  const countOf = new Map(counts.map((row) => [Number(row.survey_version), Number(row.count)]));
  return {
    versions: versions.map((version) => ({ version: version.version, publishedAt: version.publishedAt, responses: countOf.get(version.version) ?? 0 })),
    schemes: schemes.map((scheme) => ({ name: scheme.name, description: scheme.description ?? null, source: scheme.source })),
  };
}
