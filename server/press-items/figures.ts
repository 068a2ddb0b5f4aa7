import type { Kysely } from 'kysely';
import type { Interval } from '../analysis/index.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { getSurveyResults, type CellFigures, type FilterFigures, type SurveyResults, type TableFigures } from '../results/service.ts';
import type { ResultsRequest } from '../results/schemas.ts';
import { countExcludedResponses, findDataCutOff } from './queries.ts';

// CONTRACT (implemented by the press-items engineer): one reportable figure, and what made it.
// Headlines are one figure; every bar of a press chart is one figure. All of them come from the
// results service (server/results/service.ts), so from server/analysis.

/** Which figure: a survey's option or net of a question (or grid statement), for a subgroup, weighted or not. */
export interface FigureQuery {
  survey: string;
  question: string;
  /** A likert-grid statement id. */
  statement?: string;
  /** An option code, or a net id ('top2' | 'bottom2'). */
  answer: { kind: 'option' | 'net'; id: string };
  /** A weighting scheme name; unweighted when absent or null. */
  weighting?: string | null;
  /** A subgroup: respondents whose answer to each question is one of the codes (all must hold). */
  filters?: { question: string; codes: string[] }[];
  /** Survey versions; all published versions when absent. */
  versions?: number[];
  dontKnow?: 'include' | 'exclude';
}

/** The figure with every word a sentence, base line or chart needs, and its provenance. */
export interface Figure {
  query: FigureQuery;
  surveyTitle: string;
  questionText: string;
  statementText: string | null;
  answerLabel: string;
  /** Unrounded percentage; null when the base is empty or suppressed (under 10). */
  percent: number | null;
  /** Weighted count. */
  count: number;
  base: { unweighted: number; weighted: number; effective: number; flag: 'ok' | 'low' | 'suppressed' | 'empty' };
  /** Wilson 95% interval on the effective base (proportions). */
  interval: Interval | null;
  /** 95% margin of error of this figure, as a proportion. */
  marginOfError: number | null;
  /** Survey metadata for base and source lines. */
  survey: {
    slug: string;
    organisation: string;
    commissioner: string | null;
    conductedBy: string | null;
    population: string;
    geography: string;
    method: string;
    fieldwork: { start: string; end: string | null } | null;
  };
  /** The subgroup in words, e.g. "Women", or null for everyone. */
  subgroupLabel: string | null;
  provenance: {
    versions: number[];
    weighting: string | null;
    filters: { question: string; codes: string[] }[];
    /** Responses left out by cleaning when the figure was computed. */
    excludedResponses: number;
    /** Responses counted (before filters). */
    responses: number;
    /** The latest submitted_at among counted responses: the data cut-off. */
    dataCutOff: string | null;
    computedAt: string;
  };
}

// ---------------------------------------------------------------------------------------------
// Implementation. The results service tabulates a whole survey at once, so a figure is cheap once its
// survey's results are loaded: a FigureCache shares one getSurveyResults call (and its two small
// provenance queries) between every figure of a batch with the same survey, versions, weighting,
// filters and don't-know rule. A batch (a chart's bars, the press studio's live comparisons) passes one
// cache; a single figure needs none.

interface LoadedResults {
  results: SurveyResults;
  excludedResponses: number;
  dataCutOff: string | null;
}

/** Results shared between the figures of one batch, keyed by what the results service was asked. */
export type FigureCache = Map<string, Promise<LoadedResults>>;

/** A fresh cache for one batch of figures (one page view, one save). Not meant to outlive it: the data
 * moves on, and a cache kept longer would serve yesterday's figures as live ones. */
export function createFigureCache(): FigureCache {
  return new Map();
}

/** The filters with repeats of a question merged and codes deduplicated, in the order given (the
 * subgroup is named in that order), as the results service's own query parser merges them. */
function normaliseFilters(filters: FigureQuery['filters']): { question: string; codes: string[] }[] {
  const merged = new Map<string, string[]>();
  for (const filter of filters ?? []) {
    const codes = merged.get(filter.question) ?? [];
    for (const code of filter.codes) if (!codes.includes(code)) codes.push(code);
    merged.set(filter.question, codes);
  }
  return [...merged].map(([question, codes]) => ({ question, codes }));
}

function resultsRequestOf(query: FigureQuery): Partial<ResultsRequest> {
  const versions = query.versions && query.versions.length > 0 ? [...new Set(query.versions)].sort((a, b) => a - b) : undefined;
  return {
    ...(versions ? { versions } : {}),
    ...(query.weighting ? { weighting: query.weighting } : {}),
    breaks: [],
    filters: normaliseFilters(query.filters),
    dontKnow: query.dontKnow ?? 'include',
  };
}

async function loadResults(db: Kysely<Database>, slug: string, request: Partial<ResultsRequest>): Promise<LoadedResults> {
  const results = await getSurveyResults(db, slug, request);
  const [excludedResponses, dataCutOff] = await Promise.all([
    countExcludedResponses(db, slug, results.versions),
    findDataCutOff(db, slug, results.versions),
  ]);
  return { results, excludedResponses, dataCutOff };
}

function notFound(message: string): never {
  throw new AppError('not_found', message);
}

/** The subgroup in words: each filter's answer labels joined with "or", filters joined with ", ". */
export function describeSubgroup(filters: FilterFigures[]): string | null {
  if (filters.length === 0) return null;
  return filters.map((filter) => filter.codes.map((code) => code.label).join(' or ')).join(', ');
}

/** The table (question or grid statement) a query names, with its wording. */
function findTable(results: SurveyResults, query: FigureQuery): { questionText: string; statementText: string | null; table: TableFigures } {
  const entries = results.questions.filter((question) => question.id === query.question);
  const question = entries[0];
  if (!question) notFound(`Survey "${query.survey}" has no question "${query.question}"`);
  if (entries.length > 1 || question.version !== null) {
    throw new AppError(
      'bad_request',
      `Question "${query.question}" changed meaning between versions ${results.versions.join(', ')}, so one figure cannot count them together; choose one version`,
    );
  }
  if (question.type === 'likert-grid') {
    if (!query.statement) {
      throw new AppError('bad_request', `Question "${query.question}" is a grid; name one of its statements (${question.statements.map((s) => s.id).join(', ')})`);
    }
    const statement = question.statements.find((s) => s.id === query.statement);
    if (!statement) notFound(`Question "${query.question}" has no statement "${query.statement}" (its statements are ${question.statements.map((s) => s.id).join(', ')})`);
    return { questionText: question.text, statementText: statement.text, table: statement };
  }
  if (query.statement) notFound(`Question "${query.question}" is not a grid, so it has no statement "${query.statement}"`);
  if (question.type !== 'single-choice' && question.type !== 'likert' && question.type !== 'multiple-choice') {
    throw new AppError('bad_request', `Question "${query.question}" is a ${question.type} question; a figure needs a choice, likert or grid question`);
  }
  return { questionText: question.text, statementText: null, table: question };
}

/** The answer's label and its Total-column cell. */
function findAnswer(table: TableFigures, query: FigureQuery): { label: string; cell: CellFigures } {
  const where = query.statement ? `Statement "${query.statement}" of question "${query.question}"` : `Question "${query.question}"`;
  if (query.answer.kind === 'option') {
    const option = table.options.find((o) => o.code === query.answer.id);
    if (!option) notFound(`${where} has no answer code "${query.answer.id}" (its codes are ${table.options.map((o) => o.code).join(', ')})`);
    return { label: option.label, cell: option.cells[0]! };
  }
  const net = table.nets.find((n) => n.id === query.answer.id);
  if (!net) {
    const nets = table.nets.map((n) => n.id);
    notFound(`${where} has no net "${query.answer.id}"${nets.length > 0 ? ` (its nets are ${nets.join(', ')})` : ' (it has no nets)'}`);
  }
  return { label: net.label, cell: net.cells[0]! };
}

/** Computes one figure. Throws AppError not_found (survey, question, answer, scheme), bad_request (filters) or weighting_failed.
 * Pass one cache to every figure of a batch so they share the survey's results. */
export async function computeFigure(db: Kysely<Database>, query: FigureQuery, cache: FigureCache = createFigureCache()): Promise<Figure> {
  const request = resultsRequestOf(query);
  const key = JSON.stringify([query.survey, request.versions ?? null, request.weighting ?? null, request.filters, request.dontKnow]);
  let loading = cache.get(key);
  if (!loading) {
    loading = loadResults(db, query.survey, request);
    cache.set(key, loading);
  }
  const { results, excludedResponses, dataCutOff } = await loading;
  const { questionText, statementText, table } = findTable(results, query);
  const { label, cell } = findAnswer(table, query);
  const base = table.bases[0]!;
  const { title, ...survey } = results.survey;
  return {
    query,
    surveyTitle: title,
    questionText,
    statementText,
    answerLabel: label,
    percent: cell.percent,
    count: cell.count,
    base: { unweighted: base.unweighted, weighted: base.weighted, effective: base.effective, flag: base.flag },
    interval: cell.interval,
    marginOfError: cell.marginOfError,
    survey,
    subgroupLabel: describeSubgroup(results.filters),
    provenance: {
      versions: results.versions,
      weighting: results.weighting?.name ?? null,
      filters: results.filters.map((filter) => ({ question: filter.question, codes: filter.codes.map((code) => code.code) })),
      excludedResponses,
      responses: results.responses,
      dataCutOff,
      computedAt: new Date().toISOString(),
    },
  };
}
