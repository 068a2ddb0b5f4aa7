import type { Kysely } from 'kysely';
import { buildColumns, type QuestionColumns, type ResponseRecord, type SurveyColumns } from '../analysis/index.ts';
import type { Database } from '../db/schema.ts';
import type { Answers } from '../surveys/model.ts';
import type { SurveyDefinition } from '../surveys/schema.ts';
import { listAnswersByIds, listDatasetRowMetadata } from './queries.ts';
import { resolveDatasetVersions, toDatasetRow, type Dataset, type DatasetOptions, type DatasetRow } from './service.ts';

// loadDataset keeps every response's parsed answers (`records`) beside the columns, which is what
// the response browser and per-row checks want but costs far more memory than the columns
// themselves. The CSV export only needs the columns (for weights and cleaning flags) before it
// streams the answers a second time, so this loads the same dataset in batches: the metadata of
// every row at once (small), then the answers a batch at a time by primary key, turned into columns
// and dropped. The result is a Dataset whose `records` is empty; everything else is what loadDataset
// would give (weightDataset and flagDataset read only rows and columns).

/** Responses whose answers are parsed at once while loading or exporting. */
export const DATASET_BATCH_SIZE = 1000;

/** One batch's columns, with category lists that are the same in every batch of a dataset.
 * buildColumns lists a question's categories from the definitions of the records it is given (the
 * reporting question's options, then codes only older versions offered), so each batch is preceded
 * by one empty "anchor" record per loaded definition and the anchors are cut off again: every batch
 * then has the same categories in the same order, and category indices agree across batches. */
export function buildBatchColumns(reporting: SurveyDefinition, definitions: Iterable<SurveyDefinition>, records: ResponseRecord[]): SurveyColumns {
  const anchors: ResponseRecord[] = [...definitions].map((definition) => ({ definition, answers: {} }));
  const columns = buildColumns(reporting, [...anchors, ...records]);
  return {
    rowCount: records.length,
    questions: columns.questions.map((question) => withRowArrays(question, rowArraysOf(question).map((array) => array.subarray(anchors.length)))),
  };
}

type RowArray = Int32Array | Float64Array | Uint8Array;

/** Every per-row array of a question's columns, in a fixed order that withRowArrays reads back. */
function rowArraysOf(question: QuestionColumns): RowArray[] {
  switch (question.type) {
    case 'single-choice':
    case 'likert':
      return [question.values];
    case 'multiple-choice':
      return question.selected;
    case 'likert-grid':
      return [...question.statements.map((statement) => statement.values), question.answered];
    case 'number':
      return [question.values, question.asked];
    case 'short-text':
    case 'long-text':
      return [question.answered];
  }
}

/** The same question with its per-row arrays replaced (in rowArraysOf order). */
function withRowArrays(question: QuestionColumns, arrays: RowArray[]): QuestionColumns {
  switch (question.type) {
    case 'single-choice':
    case 'likert':
      return { ...question, values: arrays[0] as Int32Array };
    case 'multiple-choice':
      return { ...question, selected: arrays as Int32Array[] };
    case 'likert-grid':
      return {
        ...question,
        statements: question.statements.map((statement, k) => ({ ...statement, values: arrays[k] as Int32Array })),
        answered: arrays[question.statements.length] as Int32Array,
      };
    case 'number':
      return { ...question, values: arrays[0] as Float64Array, asked: arrays[1] as Uint8Array };
    case 'short-text':
    case 'long-text':
      return { ...question, answered: arrays[0] as Int32Array };
  }
}

const codesOf = (question: QuestionColumns) => ('categories' in question ? question.categories.map((category) => category.code).join('\u0000') : '');

/** Joins batches' columns (built by buildBatchColumns for the same definitions) into one set. */
export function concatColumns(reporting: SurveyDefinition, definitions: Iterable<SurveyDefinition>, batches: SurveyColumns[]): SurveyColumns {
  // With no rows at all, the columns still carry every question and its categories.
  if (batches.length === 0) return buildBatchColumns(reporting, definitions, []);
  if (batches.length === 1) return batches[0]!;
  const rowCount = batches.reduce((sum, batch) => sum + batch.rowCount, 0);
  const first = batches[0]!;
  const questions = first.questions.map((question, q) => {
    const parts = batches.map((batch) => {
      const part = batch.questions[q]!;
      // Anchoring makes this impossible; joining mismatched indices would silently relabel answers.
      if (part.id !== question.id || codesOf(part) !== codesOf(question)) throw new Error(`Batches disagree on the categories of ${question.id}`);
      return rowArraysOf(part);
    });
    const joined = rowArraysOf(question).map((array, k) => {
      const whole = new (array.constructor as new (length: number) => RowArray)(rowCount);
      let offset = 0;
      for (const part of parts) {
        whole.set(part[k]!, offset);
        offset += part[k]!.length;
      }
      return whole;
    });
    return withRowArrays(question, joined);
  });
  return { rowCount, questions };
}

/** The rows at `indices` (in that order) of a dataset loaded by loadDatasetColumns, e.g. the
 * responses that are not excluded, with their columns. */
export function selectDatasetRows(dataset: Dataset, indices: ArrayLike<number>): Dataset {
  const pick = Array.from(indices);
  const gather = (array: RowArray): RowArray => {
    const picked = new (array.constructor as new (length: number) => RowArray)(pick.length);
    pick.forEach((from, to) => {
      picked[to] = array[from]!;
    });
    return picked;
  };
  return {
    ...dataset,
    rows: pick.map((i) => dataset.rows[i]!),
    records: [],
    columns: { rowCount: pick.length, questions: dataset.columns.questions.map((question) => withRowArrays(question, rowArraysOf(question).map(gather))) },
  };
}

/** Loads the same dataset as loadDataset (same rows, order and exclusions, the same answers in the
 * columns) without keeping the answers: `records` is empty. Memory is the columns and the row
 * metadata, O(rows) small values. One difference: codes that only older versions offered follow the
 * reporting question's own in version order (loadDataset: in order of first appearance), and every
 * loaded version's codes are listed even if nobody answered under it. Codes mean the same either way. */
export async function loadDatasetColumns(
  db: Kysely<Database>,
  slug: string,
  options: DatasetOptions & { batchSize?: number } = {},
): Promise<Dataset> {
  const { versions, reportedVersion, definitions, reporting } = await resolveDatasetVersions(db, slug, options);
  const batchSize = options.batchSize ?? DATASET_BATCH_SIZE;
  const stored: (Awaited<ReturnType<typeof listDatasetRowMetadata>>[number] | null)[] = await listDatasetRowMetadata(db, slug, versions);
  // Each driver row is dropped as soon as it is mapped, so the two never both exist in full.
  const listed: DatasetRow[] = [];
  for (let i = 0; i < stored.length; i++) {
    const row = stored[i]!;
    stored[i] = null;
    if (row.exclusion_reason !== null && !options.includeExcluded) continue;
    listed.push(toDatasetRow(row));
  }
  stored.length = 0;

  const batches: SurveyColumns[] = [];
  const vanished = new Set<string>();
  for (let start = 0; start < listed.length; start += batchSize) {
    const batch = listed.slice(start, start + batchSize);
    const answers = new Map((await listAnswersByIds(db, slug, batch.map((row) => row.id))).map((row) => [row.id, row.answers]));
    const records: ResponseRecord[] = [];
    for (const row of batch) {
      const text = answers.get(row.id);
      if (text === undefined) {
        vanished.add(row.id); // deleted since the metadata was read: not part of the dataset
        continue;
      }
      records.push({ definition: definitions.get(row.version)!, answers: JSON.parse(text) as Answers });
    }
    batches.push(buildBatchColumns(reporting, definitions.values(), records));
  }
  const rows = vanished.size === 0 ? listed : listed.filter((row) => !vanished.has(row.id));
  return { slug, reportedVersion, reporting, versions, definitions, rows, records: [], columns: concatColumns(reporting, definitions.values(), batches) };
}
