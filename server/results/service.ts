import type { Kysely } from 'kysely';
import { crosstab, type CrosstabBase, type CrosstabCell, type CrosstabColumn, type CrosstabTable } from '../analysis/crosstab.ts';
import {
  analyseQuestion,
  baseFlag,
  buildColumns,
  effectiveBase,
  marginOfError,
  type Base,
  type Category,
  type QuestionColumns,
  type SurveyColumns,
} from '../analysis/index.ts';
import type { Interval } from '../analysis/inference.ts';
import type { Database } from '../db/schema.ts';
import { loadDataset, type Dataset } from '../datasets/service.ts';
import { AppError } from '../errors.ts';
import { listQuestions, localise } from '../surveys/model.ts';
import type { NetDefinition } from '../surveys/scales.ts';
import type { SurveyDefinition } from '../surveys/schema.ts';
import { findMeaningChanges } from '../versions/diff.ts';
import { weightDataset, type DatasetWeights, type WeightingScheme } from '../weighting/service.ts';
import type { ResultsFilter, ResultsRequest } from './schemas.ts';

// Results as plain data for the JSON API, the public results page and the workspace crosstab page.
// Every figure comes from server/analysis unrounded (crosstab() for choice and scale questions,
// analyseQuestion() per column for numbers, text and a grid's "answered any statement" base); this
// file loads the dataset, weights and filters it, decides which questions are reported across
// versions, and labels and shapes the figures. One shape for every reader: each question carries one
// entry per column (Total first, then each answer of each break), so a results request without
// breaks is simply a crosstab with a Total column only.

/** A column of the tables: Total, or one answer of one break question. */
export interface ColumnFigures {
  /** 'total', or `${breakId}:${code}`. */
  key: string;
  breakId: string | null;
  code: string | null;
  label: string;
  /** The letter significance marks use (A, B, ... across all breaks); null for Total. */
  letter: string | null;
}

/** A break question: the span header over its columns. */
export interface BreakFigures {
  id: string;
  text: string;
  type: 'single-choice' | 'likert';
}

/** 'empty' when nobody is in the base; otherwise 'suppressed' under 10, 'low' under 50, 'ok'. */
export type BaseFlagFigure = 'ok' | 'low' | 'suppressed' | 'empty';

/** One column's base. */
export interface BaseFigures {
  unweighted: number;
  weighted: number;
  /** Kish effective base (sum w)²/sum w²; equals the unweighted base without weighting. */
  effective: number;
  flag: BaseFlagFigure;
  /** The column's margin of error at 95% for a 50% finding (the largest any of its figures can have),
   * 1.96·sqrt(0.25/n_eff), as a proportion; null for an empty base. */
  marginOfError: number | null;
}

/** Respondents in both currencies (skipped, or taken out as "don't know"). */
export interface CountFigures {
  unweighted: number;
  weighted: number;
}

/** One option or net in one column; proportions 0..1, percent 0..100, nothing rounded. */
export interface CellFigures {
  count: number;
  unweightedCount: number;
  /** null when the base is empty or suppressed (under 10). */
  percent: number | null;
  /** Wilson 95% interval on the effective base (proportions). */
  interval: Interval | null;
  /** 1.96·sqrt(p(1−p)/n_eff) as a proportion. */
  marginOfError: number | null;
  /** Letters of the columns of the same break this one is significantly higher than (95%). */
  higherThan: string[];
}

export interface OptionFigures {
  code: string;
  label: string;
  /** True for a "don't know" answer (taken out of the base with dontKnow=exclude). */
  dontKnow: boolean;
  /** One per column, in column order. */
  cells: CellFigures[];
}

export interface NetFigures {
  id: string;
  label: string;
  codes: string[];
  cells: CellFigures[];
}

/** A banner table: bases, options and nets, one entry per column. */
export interface TableFigures {
  bases: BaseFigures[];
  /** Asked but left blank (outside the base). */
  skipped: CountFigures[];
  /** "Don't know" answers taken out of the base (all zero unless dontKnow=exclude). */
  dontKnowExcluded: CountFigures[];
  options: OptionFigures[];
  nets: NetFigures[];
}

/** A number question's summary in one column. */
export interface NumericFigures {
  mean: number | null;
  median: number | null;
  min: number | null;
  max: number | null;
}

interface QuestionHead {
  id: string;
  text: string;
  /** null: tabulated over every chosen version's responses. N: this question's meaning differs between
   * the chosen versions, so it is reported once per version and this entry counts version N only. */
  version: number | null;
}

export type QuestionFigures =
  | (QuestionHead & { type: 'single-choice' | 'likert' | 'multiple-choice' } & TableFigures)
  | (QuestionHead & {
      type: 'likert-grid';
      /** Respondents who answered at least one statement, per column. */
      bases: BaseFigures[];
      skipped: CountFigures[];
      statements: ({ id: string; text: string } & TableFigures)[];
    })
  | (QuestionHead & { type: 'number'; unit?: string; bases: BaseFigures[]; skipped: CountFigures[]; numeric: NumericFigures[] })
  | (QuestionHead & { type: 'short-text' | 'long-text'; bases: BaseFigures[]; skipped: CountFigures[] });

export type TabulatedQuestion = Extract<QuestionFigures, { options: OptionFigures[] }>;

export interface WeightingFigures {
  name: string;
  description: string | null;
  source: WeightingScheme['source'];
  /** The weighting questions and their wording. */
  variables: { question: string; text: string }[];
  trim: { min?: number; max?: number } | null;
  converged: boolean;
  iterations: number;
  /** Largest gap between a weighted share and its target, as a proportion. */
  maxMarginError: number;
  /** Over every loaded response (before filters): n, sum, min and max weight, n_eff, deff, efficiency. */
  summary: DatasetWeights['summary'];
  /** Per variable: respondents with no value for it, who kept their weight for it. */
  withoutValue: DatasetWeights['withoutValue'];
}

export interface FilterFigures {
  question: string;
  text: string;
  codes: { code: string; label: string }[];
}

export interface SurveyResults {
  survey: {
    slug: string;
    title: string;
    organisation: string;
    commissioner: string | null;
    conductedBy: string | null;
    population: string;
    geography: string;
    method: string;
    fieldwork: { start: string; end: string | null } | null;
  };
  /** The versions whose responses are counted. */
  versions: number[];
  /** The version whose question wording and options are reported. */
  reportedVersion: number;
  /** Complete responses counted (excluded responses left out), before filters. */
  responses: number;
  /** How many of them are synthetic demo responses. */
  demoResponses: number;
  /** Responses the filters keep (all of them without filters). */
  filteredResponses: number;
  weighted: boolean;
  weighting: WeightingFigures | null;
  dontKnow: 'include' | 'exclude';
  filters: FilterFigures[];
  breaks: BreakFigures[];
  columns: ColumnFigures[];
  significance: { test: string; level: number };
  questions: QuestionFigures[];
}

const SIGNIFICANCE = { test: 'two-proportion z-test on effective bases, within each break', level: 0.95 };
const BREAK_TYPES = new Set(['single-choice', 'likert']);
const en = (label: Parameters<typeof localise>[0]) => localise(label, 'en');

function describeSurvey(slug: string, definition: SurveyDefinition): SurveyResults['survey'] {
  const metadata = definition.metadata;
  return {
    slug,
    title: en(definition.title),
    organisation: metadata.organisation,
    commissioner: metadata.commissioner ?? null,
    conductedBy: metadata.conductedBy ?? null,
    population: metadata.population,
    geography: metadata.geography,
    method: metadata.method,
    fieldwork: metadata.fieldwork ? { start: metadata.fieldwork.start, end: metadata.fieldwork.end ?? null } : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Shaping figures

function flagOf(unweighted: number): BaseFlagFigure {
  return unweighted === 0 ? 'empty' : baseFlag(unweighted);
}

function columnMarginOfError(effective: number): number | null {
  return effective > 0 ? marginOfError(0.5, effective) : null;
}

function fromCrosstabBase(base: CrosstabBase): BaseFigures {
  return {
    unweighted: base.unweighted,
    weighted: base.weighted,
    effective: base.effective,
    flag: base.unweighted === 0 ? 'empty' : base.flag,
    marginOfError: columnMarginOfError(base.effective),
  };
}

function fromBase(base: Base): BaseFigures {
  const effective = effectiveBase(base);
  return { unweighted: base.unweighted, weighted: base.weighted, effective, flag: flagOf(base.unweighted), marginOfError: columnMarginOfError(effective) };
}

const toCount = (base: { unweighted: number; weighted: number }): CountFigures => ({ unweighted: base.unweighted, weighted: base.weighted });

function toCell(cell: CrosstabCell): CellFigures {
  return {
    count: cell.count,
    unweightedCount: cell.unweightedCount,
    percent: cell.percent,
    interval: cell.interval,
    marginOfError: cell.marginOfError,
    higherThan: cell.higherThan,
  };
}

/** A crosstab table as API figures; categories and nets give the codes and "don't know" marks. */
function toTable(table: CrosstabTable, categories: Category[], nets: NetDefinition[]): TableFigures {
  const byCode = new Map(categories.map((category) => [category.code, category]));
  const netCodes = new Map<string, string[]>(nets.map((net) => [net.id, net.codes]));
  return {
    bases: table.bases.map(fromCrosstabBase),
    skipped: table.skipped.map(toCount),
    dontKnowExcluded: table.dontKnowExcluded.map(toCount),
    options: table.rows
      .filter((row) => row.kind === 'option')
      .map((row) => ({ code: row.id, label: en(row.label), dontKnow: byCode.get(row.id)?.dontKnow === true, cells: row.cells.map(toCell) })),
    nets: table.rows
      .filter((row) => row.kind === 'net')
      .map((row) => ({ id: row.id, label: en(row.label), codes: netCodes.get(row.id) ?? [], cells: row.cells.map(toCell) })),
  };
}

/** Which rows each crosstab column holds: the filter mask, and for a break column its answer. */
function columnMasks(columns: SurveyColumns, crosstabColumns: CrosstabColumn[], filter: Uint8Array | undefined): Uint8Array[] {
  const n = columns.rowCount;
  const kept = filter ?? new Uint8Array(n).fill(1);
  return crosstabColumns.map((column) => {
    if (column.breakId === null) return kept;
    const question = columns.questions.find((q) => q.id === column.breakId);
    if (!question || (question.type !== 'single-choice' && question.type !== 'likert')) throw new Error(`break ${column.breakId} is not a choice column`);
    const index = question.categories.findIndex((category) => category.code === column.code);
    const mask = new Uint8Array(n);
    for (let i = 0; i < n; i++) mask[i] = kept[i] === 1 && question.values[i] === index ? 1 : 0;
    return mask;
  });
}

/** Tabulates one column set: crosstab() for choice and scale questions, analyseQuestion() per column for the rest. */
function tabulateQuestions(
  columns: SurveyColumns,
  ids: ReadonlySet<string>,
  options: { weights: Float64Array | undefined; mask: Uint8Array | undefined; breaks: string[]; dontKnow: 'include' | 'exclude'; version: number | null; texts: SurveyDefinition },
): { columns: CrosstabColumn[]; questions: Map<string, QuestionFigures> } {
  const result = crosstab(columns, {
    ...(options.weights ? { weights: options.weights } : {}),
    ...(options.mask ? { mask: options.mask } : {}),
    breaks: options.breaks,
    dontKnow: options.dontKnow,
  });
  const masks = columnMasks(columns, result.columns, options.mask);
  const perColumn = (question: QuestionColumns) =>
    masks.map((mask) => analyseQuestion(question, { ...(options.weights ? { weights: options.weights } : {}), mask }));
  const tables = new Map<string, CrosstabTable[]>();
  for (const table of result.tables) tables.set(table.questionId, [...(tables.get(table.questionId) ?? []), table]);
  const wording = new Map(listQuestions(options.texts).map((question) => [question.id, question]));

  const questions = new Map<string, QuestionFigures>();
  for (const question of columns.questions) {
    if (!ids.has(question.id)) continue;
    const head = { id: question.id, text: en(wording.get(question.id)?.text ?? question.text), version: options.version };
    switch (question.type) {
      case 'single-choice':
      case 'likert':
      case 'multiple-choice': {
        const table = tables.get(question.id)?.[0];
        if (!table) throw new Error(`crosstab returned no table for ${question.id}`);
        const nets = question.type === 'multiple-choice' ? [] : question.nets;
        questions.set(question.id, { ...head, type: question.type, ...toTable(table, question.categories, nets) });
        break;
      }
      case 'likert-grid': {
        const byStatement = new Map((tables.get(question.id) ?? []).map((table) => [table.statementId, table]));
        const answered = perColumn(question);
        questions.set(question.id, {
          ...head,
          type: 'likert-grid',
          bases: answered.map((r) => fromBase(r.base)),
          skipped: answered.map((r) => toCount(r.skipped)),
          statements: question.statements.map((statement) => {
            const table = byStatement.get(statement.id);
            if (!table) throw new Error(`crosstab returned no table for ${question.id}.${statement.id}`);
            return { id: statement.id, text: en(statement.text), ...toTable(table, question.categories, question.nets) };
          }),
        });
        break;
      }
      case 'number': {
        const summaries = perColumn(question);
        questions.set(question.id, {
          ...head,
          type: 'number',
          ...(question.unit ? { unit: en(question.unit) } : {}),
          bases: summaries.map((r) => fromBase(r.base)),
          skipped: summaries.map((r) => toCount(r.skipped)),
          numeric: summaries.map((r) => (r.type === 'number' ? r.numeric : { mean: null, median: null, min: null, max: null })),
        });
        break;
      }
      case 'short-text':
      case 'long-text': {
        const answered = perColumn(question);
        questions.set(question.id, { ...head, type: question.type, bases: answered.map((r) => fromBase(r.base)), skipped: answered.map((r) => toCount(r.skipped)) });
        break;
      }
    }
  }
  return { columns: result.columns, questions };
}

// ---------------------------------------------------------------------------------------------
// Versions, breaks and filters

/** Ids of questions that cannot be tabulated across the chosen versions: their meaning changed between
 * two of them (a change of type or scale, a code reversed or given another code's meaning; see
 * findMeaningChanges), or the reported version no longer has them. Relabels a researcher may confirm as
 * keeping the meaning (a typo fix) are not counted as a change. */
function questionsNotComparable(dataset: Dataset): Set<string> {
  const out = new Set<string>();
  const versions = dataset.versions;
  for (let a = 0; a < versions.length; a++) {
    for (let b = a + 1; b < versions.length; b++) {
      const before = dataset.definitions.get(versions[a]!)!;
      const after = dataset.definitions.get(versions[b]!)!;
      for (const change of findMeaningChanges(before, after)) if (!change.confirmable) out.add(change.questionId);
    }
  }
  const reported = new Set(listQuestions(dataset.reporting).map((question) => question.id));
  for (const version of versions) for (const question of listQuestions(dataset.definitions.get(version)!)) if (!reported.has(question.id)) out.add(question.id);
  return out;
}

function invalid(field: string, message: string): never {
  throw new AppError('validation_failed', message, { [field]: message });
}

function checkBreaks(dataset: Dataset, breaks: string[], notComparable: Set<string>): void {
  for (const id of breaks) {
    const question = dataset.columns.questions.find((q) => q.id === id);
    if (!question) invalid('breaks', `No question "${id}" in version ${dataset.reportedVersion} of this survey`);
    if (!BREAK_TYPES.has(question.type)) {
      invalid('breaks', `Question "${id}" is a ${question.type} question; breaks must be single-choice or likert questions`);
    }
    if (notComparable.has(id)) {
      invalid('breaks', `Question "${id}" changed meaning between versions ${dataset.versions.join(', ')}, so it cannot be a break across them; choose one version`);
    }
  }
}

/** Checks the filters against the reported version and returns the mask of rows they keep. */
function filterMask(dataset: Dataset, filters: ResultsFilter[], notComparable: Set<string>): { mask: Uint8Array | undefined; described: FilterFigures[] } {
  if (filters.length === 0) return { mask: undefined, described: [] };
  const n = dataset.columns.rowCount;
  const mask = new Uint8Array(n).fill(1);
  const described: FilterFigures[] = [];
  for (const filter of filters) {
    const question = dataset.columns.questions.find((q) => q.id === filter.question);
    if (!question) invalid('filter', `No question "${filter.question}" in version ${dataset.reportedVersion} of this survey`);
    if (question.type !== 'single-choice' && question.type !== 'likert' && question.type !== 'multiple-choice') {
      invalid('filter', `Question "${filter.question}" is a ${question.type} question; filters must be on single-choice, likert or multiple-choice questions`);
    }
    if (notComparable.has(question.id)) {
      invalid('filter', `Question "${question.id}" changed meaning between versions ${dataset.versions.join(', ')}, so it cannot filter across them; choose one version`);
    }
    const indexes = filter.codes.map((code) => {
      const index = question.categories.findIndex((category) => category.code === code);
      if (index < 0) invalid('filter', `Question "${question.id}" has no answer code "${code}" (its codes are ${question.categories.map((c) => c.code).join(', ')})`);
      return index;
    });
    const wanted = new Set(indexes);
    for (let i = 0; i < n; i++) {
      if (mask[i] === 0) continue;
      const keep = question.type === 'multiple-choice' ? indexes.some((k) => question.selected[k]![i] === 1) : wanted.has(question.values[i]!);
      if (!keep) mask[i] = 0;
    }
    described.push({
      question: question.id,
      text: en(question.text),
      codes: indexes.map((k) => ({ code: question.categories[k]!.code, label: en(question.categories[k]!.label) })),
    });
  }
  return { mask, described };
}

/** The rows of `indexes` of a typed array. */
function pick<T extends Int32Array | Float64Array | Uint8Array>(array: T, indexes: number[]): T {
  const out = new (array.constructor as new (length: number) => T)(indexes.length);
  indexes.forEach((row, i) => (out[i] = array[row]!));
  return out;
}

/** A break column restricted to some rows, with the same categories so every table has the same columns. */
function pickColumns(question: QuestionColumns, indexes: number[]): QuestionColumns {
  if (question.type !== 'single-choice' && question.type !== 'likert') throw new Error(`break ${question.id} is not a choice column`);
  return { ...question, values: pick(question.values, indexes) };
}

function describeWeighting(weights: DatasetWeights, reporting: SurveyDefinition): WeightingFigures {
  const wording = new Map(listQuestions(reporting).map((question) => [question.id, en(question.text)]));
  const { scheme } = weights;
  return {
    name: scheme.name,
    description: scheme.description ?? null,
    source: scheme.source,
    variables: scheme.variables.map((variable) => ({ question: variable.question, text: wording.get(variable.question) ?? variable.question })),
    trim: scheme.trim ?? null,
    converged: weights.raking.converged,
    iterations: weights.raking.iterations,
    maxMarginError: weights.raking.maxMarginError,
    summary: weights.summary,
    withoutValue: weights.withoutValue,
  };
}

/** The results of a survey's complete responses (excluded responses left out) as banner tables: a Total
 * column plus one column per answer of each break, optionally weighted and filtered. Questions whose
 * meaning is the same in every chosen version are tabulated over all of them; the others once per
 * version. 404 for an unknown survey, version or weighting scheme; 400 for a break or filter that does
 * not fit; 422 when weighting fails. */
export async function getSurveyResults(db: Kysely<Database>, slug: string, request: Partial<ResultsRequest> = {}): Promise<SurveyResults> {
  const dataset = await loadDataset(db, slug, request.versions ? { versions: request.versions } : {});
  return getDatasetResults(db, dataset, request);
}

/** getSurveyResults over a dataset already loaded with loadDataset (excluded responses left out), so a
 * caller asking for several cuts of one survey (each weighting scheme, each filter) loads it once.
 * The dataset fixes the versions; the request's other choices apply as in getSurveyResults. */
export async function getDatasetResults(db: Kysely<Database>, dataset: Dataset, request: Partial<Omit<ResultsRequest, 'versions'>> = {}): Promise<SurveyResults> {
  const breaks = request.breaks ?? [];
  const dontKnow = request.dontKnow ?? 'include';
  const notComparable = questionsNotComparable(dataset);
  checkBreaks(dataset, breaks, notComparable);
  const { mask, described } = filterMask(dataset, request.filters ?? [], notComparable);
  const weights = request.weighting ? await weightDataset(db, dataset, request.weighting) : undefined;

  const comparable = new Set(dataset.columns.questions.map((q) => q.id).filter((id) => !notComparable.has(id)));
  const main = tabulateQuestions(
    // Questions reported per version are left out here so that none is tabulated across versions.
    { rowCount: dataset.columns.rowCount, questions: dataset.columns.questions.filter((q) => comparable.has(q.id)) },
    comparable,
    { weights: weights?.weights, mask, breaks, dontKnow, version: null, texts: dataset.reporting },
  );

  // Per version: that version's own questions and wording over its own responses, with the break
  // columns (same categories, so the same table columns) cut to those responses.
  const perVersion = new Map<number, Map<string, QuestionFigures>>();
  if (notComparable.size > 0) {
    for (const version of dataset.versions) {
      const definition = dataset.definitions.get(version)!;
      const ids = new Set(listQuestions(definition).map((q) => q.id).filter((id) => notComparable.has(id)));
      if (ids.size === 0) continue;
      const rows: number[] = [];
      dataset.rows.forEach((row, i) => {
        if (row.version === version) rows.push(i);
      });
      const own = buildColumns(definition, rows.map((i) => dataset.records[i]!)).questions.filter((q) => ids.has(q.id));
      const breakColumns = breaks.map((id) => pickColumns(dataset.columns.questions.find((q) => q.id === id)!, rows));
      const tabulated = tabulateQuestions(
        { rowCount: rows.length, questions: [...own, ...breakColumns] },
        ids,
        { weights: weights ? pick(weights.weights, rows) : undefined, mask: mask ? pick(mask, rows) : undefined, breaks, dontKnow, version, texts: definition },
      );
      perVersion.set(version, tabulated.questions);
    }
  }

  // Reported order: the reported version's questions, each changed one as one entry per version; then
  // questions the reported version no longer has, in the order of the latest version that had them.
  const questions: QuestionFigures[] = [];
  const placed = new Set<string>();
  const placeEveryVersion = (id: string) => {
    for (const version of dataset.versions) {
      const figures = perVersion.get(version)?.get(id);
      if (figures) questions.push(figures);
    }
    placed.add(id);
  };
  for (const question of dataset.columns.questions) {
    if (comparable.has(question.id)) questions.push(main.questions.get(question.id)!);
    else placeEveryVersion(question.id);
  }
  for (const version of [...dataset.versions].reverse()) {
    for (const question of listQuestions(dataset.definitions.get(version)!)) if (notComparable.has(question.id) && !placed.has(question.id)) placeEveryVersion(question.id);
  }

  const reportingQuestions = new Map(dataset.columns.questions.map((q) => [q.id, q]));
  return {
    survey: describeSurvey(dataset.slug, dataset.reporting),
    versions: dataset.versions,
    reportedVersion: dataset.reportedVersion,
    responses: dataset.rows.length,
    demoResponses: dataset.rows.filter((row) => row.isDemo).length,
    filteredResponses: mask ? mask.reduce((sum, keep) => sum + keep, 0) : dataset.rows.length,
    weighted: weights !== undefined,
    weighting: weights ? describeWeighting(weights, dataset.reporting) : null,
    dontKnow,
    filters: described,
    breaks: breaks.map((id) => {
      const question = reportingQuestions.get(id)!;
      return { id, text: en(question.text), type: question.type as BreakFigures['type'] };
    }),
    columns: main.columns.map((column) => ({ key: column.key, breakId: column.breakId, code: column.code, label: en(column.label), letter: column.letter })),
    significance: SIGNIFICANCE,
    questions,
  };
}
