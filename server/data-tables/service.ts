import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { csvText } from '../exports/csv.ts';
import type { Cell } from '../exports/columns.ts';
import type { ResultsRequest } from '../results/schemas.ts';
import { getSurveyResults, type BaseFigures, type CellFigures, type QuestionFigures, type SurveyResults, type TableFigures } from '../results/service.ts';

// Data tables as polling companies publish them (DOMAIN.md, "Data tables"), for download as XLSX
// (server/data-tables/workbook.ts) and CSV. The figures are the results API's, unrounded, from
// getSurveyResults with the same query; this file only decides which tables there are and what
// rows, marks and footnotes each carries, once, so that the workbook and the CSV cannot disagree.
//
// One table a choice, scale or number question, and one per statement of a grid; open-text
// questions are not tabulated (they are listed on the Contents sheet). Significance letters go in a
// row of their own beneath each percentage row, in the column of the higher figure, the way Ipsos
// and Savanta-style tables print them: a percentage cell stays a plain number a reader can sort,
// chart or sum, and the letters stay readable text.

/** One percentage in one column: null percent with a mark when the column shows none. */
export interface PercentValue {
  /** 0..100, unrounded; null when the column is suppressed or empty. */
  percent: number | null;
  /** 'suppressed': base under 10; 'empty': nobody in the column. */
  mark: 'suppressed' | 'empty' | null;
  /** Letters of the columns (within the same break) this one is significantly higher than. */
  letters: string;
}

export type DataTableRow =
  | { kind: 'unweighted-base' | 'weighted-base'; label: string; values: number[]; flags: BaseFigures['flag'][] }
  | { kind: 'option' | 'net'; label: string; code: string; values: PercentValue[] }
  | { kind: 'mean' | 'median' | 'min' | 'max'; label: string; values: (number | null)[]; marks: ('suppressed' | 'empty' | null)[] };

export interface DataTable {
  /** 1, 2, ... in report order; a grid has one number per statement. */
  number: number;
  sheetName: string;
  questionId: string;
  statementId: string | null;
  /** Set when the question is reported once per version (its meaning changed between versions). */
  version: number | null;
  type: QuestionFigures['type'];
  /** The question wording, with the statement after a colon for a grid. */
  wording: string;
  baseText: string;
  rows: DataTableRow[];
  footnotes: string[];
}

export interface DataTables {
  results: SurveyResults;
  tables: DataTable[];
  /** Open-text questions, which are not tabulated. */
  untabulated: { id: string; text: string }[];
}

/** The marks the tables use, shared by the workbook's number formats, the CSV and the footnotes. */
export const MARKS = { lowBase: '†', suppressed: '[s]', empty: '–', underHalf: '*', zero: '-' } as const;

const SHEET_NAME_MAX = 31;

/** A worksheet name Excel accepts: at most 31 characters, none of []:*?/\, not starting or ending
 * with an apostrophe, unique in the workbook (the table number at the front makes it so). */
export function sheetNameOf(number: number, parts: string[], taken: Set<string>): string {
  const raw = [`T${number}`, ...parts].join(' ').replace(/[[\]:*?/\\']/g, '_');
  let name = raw.slice(0, SHEET_NAME_MAX).trim();
  for (let k = 2; taken.has(name.toLowerCase()); k++) name = `${raw.slice(0, SHEET_NAME_MAX - String(k).length - 1).trim()}~${k}`;
  taken.add(name.toLowerCase());
  return name;
}

/** "Base: all respondents asked", with the version a per-version table counts, the filters and the don't-know rule. */
export function describeBase(results: SurveyResults, version: number | null): string {
  const filters = results.filters.map((filter) => `${filter.text} ${filter.codes.map((code) => code.label).join(' or ')}`);
  return [
    'Base: all respondents asked',
    version === null ? '' : ` (version ${version} only)`,
    filters.length > 0 ? `, filtered to: ${filters.join('; ')}` : '',
    results.dontKnow === 'exclude' ? `, excluding "don't know"` : '',
  ].join('');
}

function percentValue(cell: CellFigures, base: BaseFigures): PercentValue {
  if (base.flag === 'empty') return { percent: null, mark: 'empty', letters: '' };
  if (base.flag === 'suppressed' || cell.percent === null) return { percent: null, mark: 'suppressed', letters: '' };
  return { percent: cell.percent, mark: null, letters: cell.higherThan.join('') };
}

function baseRows(bases: BaseFigures[], weighted: boolean): DataTableRow[] {
  const flags = bases.map((base) => base.flag);
  const rows: DataTableRow[] = [{ kind: 'unweighted-base', label: 'Unweighted base', values: bases.map((base) => base.unweighted), flags }];
  if (weighted) rows.push({ kind: 'weighted-base', label: 'Weighted base', values: bases.map((base) => base.weighted), flags });
  return rows;
}

function tableRows(table: TableFigures, weighted: boolean): DataTableRow[] {
  return [
    ...baseRows(table.bases, weighted),
    ...table.options.map((option): DataTableRow => ({ kind: 'option', label: option.label, code: option.code, values: option.cells.map((cell, c) => percentValue(cell, table.bases[c]!)) })),
    ...table.nets.map((net): DataTableRow => ({ kind: 'net', label: `Net: ${net.label}`, code: net.id, values: net.cells.map((cell, c) => percentValue(cell, table.bases[c]!)) })),
  ];
}

/** The footnotes a table needs: what the figures are, the test and level, only the marks it uses, the wording and the base. */
function footnotesOf(results: SurveyResults, table: { type: QuestionFigures['type']; wording: string; baseText: string; bases: BaseFigures[]; percentages: boolean; nets: boolean }): string[] {
  const notes: string[] = [];
  const weighting = results.weighting ? `, weighted by "${results.weighting.name}"` : '';
  if (table.percentages) {
    notes.push(`Column percentages${weighting}, shown as whole numbers. ${MARKS.underHalf} under 0.5%; ${MARKS.zero} nobody; ${MARKS.empty} no respondents in the column.`);
    if (table.type === 'multiple-choice') notes.push('Respondents could give more than one answer, so a column can add to more than 100%.');
    if (table.nets) notes.push('Nets are worked out from unrounded figures, so a net can differ from the sum of its rounded answers.');
    if (results.breaks.length > 0) {
      notes.push(
        `Letters beneath a percentage: significantly higher than the column with that letter (${results.significance.test}, ${Math.round(results.significance.level * 100)}% level).`,
      );
    }
  } else {
    notes.push(`Mean, median, lowest and highest answer${weighting}.`);
  }
  if (table.bases.some((base) => base.flag === 'low')) notes.push(`${MARKS.lowBase} Low base: fewer than 50 respondents; treat with caution.`);
  if (table.bases.some((base) => base.flag === 'suppressed')) notes.push(`${MARKS.suppressed} Suppressed: fewer than 10 respondents, too few to show.`);
  notes.push(`Question: ${table.wording}`);
  notes.push(table.baseText);
  return notes;
}

/** Lays the results out as numbered data tables (pure: results in, tables out). */
export function layOutDataTables(results: SurveyResults): DataTables {
  const tables: DataTable[] = [];
  const untabulated: DataTables['untabulated'] = [];
  const taken = new Set<string>(['contents']);
  const weighted = results.weighted;

  for (const question of results.questions) {
    const baseText = describeBase(results, question.version);
    // Every table of the question takes the next number, a sheet named after it, and the footnotes of its figures.
    const addTable = (table: { statementId: string | null; wording: string; rows: DataTableRow[]; bases: BaseFigures[]; percentages: boolean; nets: boolean }) => {
      const number = tables.length + 1;
      const nameParts = [question.id, ...(table.statementId === null ? [] : [table.statementId]), ...(question.version === null ? [] : [`v${question.version}`])];
      tables.push({
        questionId: question.id,
        version: question.version,
        type: question.type,
        baseText,
        number,
        sheetName: sheetNameOf(number, nameParts, taken),
        statementId: table.statementId,
        wording: table.wording,
        rows: table.rows,
        footnotes: footnotesOf(results, { type: question.type, wording: table.wording, baseText, bases: table.bases, percentages: table.percentages, nets: table.nets }),
      });
    };
    switch (question.type) {
      case 'single-choice':
      case 'likert':
      case 'multiple-choice':
        addTable({ statementId: null, wording: question.text, rows: tableRows(question, weighted), bases: question.bases, percentages: true, nets: question.nets.length > 0 });
        break;
      case 'likert-grid':
        for (const statement of question.statements) {
          const wording = `${question.text}: ${statement.text}`;
          addTable({ statementId: statement.id, wording, rows: tableRows(statement, weighted), bases: statement.bases, percentages: true, nets: statement.nets.length > 0 });
        }
        break;
      case 'number': {
        const marks = question.bases.map((base) => (base.flag === 'empty' ? 'empty' : base.flag === 'suppressed' ? 'suppressed' : null));
        const statistic = (kind: 'mean' | 'median' | 'min' | 'max', label: string): DataTableRow => ({
          kind,
          label,
          values: question.numeric.map((figures, c) => (marks[c] === null ? figures[kind] : null)),
          marks,
        });
        addTable({
          statementId: null,
          wording: question.unit ? `${question.text} (${question.unit})` : question.text,
          rows: [
            ...baseRows(question.bases, weighted),
            statistic('mean', 'Mean (average)'),
            statistic('median', 'Median (middle value)'),
            statistic('min', 'Lowest answer'),
            statistic('max', 'Highest answer'),
          ],
          bases: question.bases,
          percentages: false,
          nets: false,
        });
        break;
      }
      case 'short-text':
      case 'long-text':
        if (!untabulated.some((item) => item.id === question.id)) untabulated.push({ id: question.id, text: question.text });
        break;
    }
  }
  return { results, tables, untabulated };
}

/** The survey's results for the request, laid out as data tables. Errors are getSurveyResults's:
 * 404 for an unknown survey, version or scheme, 400 for a break or filter that does not fit, 422
 * when weighting fails. */
export async function getDataTables(db: Kysely<Database>, slug: string, request: ResultsRequest): Promise<DataTables> {
  return layOutDataTables(await getSurveyResults(db, slug, request));
}

/** The header of a banner column in the CSV: "Total", or "Break wording: Label (A)" so columns of two breaks never share a name. */
export function columnHeading(results: SurveyResults, index: number): string {
  const column = results.columns[index]!;
  if (column.breakId === null) return column.label;
  const spanText = results.breaks.find((b) => b.id === column.breakId)?.text ?? column.breakId;
  return `${spanText}: ${column.label} (${column.letter})`;
}

const CSV_ROW_TYPES: Record<DataTableRow['kind'], string> = {
  'unweighted-base': 'unweighted_base',
  'weighted-base': 'weighted_base',
  option: 'option',
  net: 'net',
  mean: 'mean',
  median: 'median',
  min: 'min',
  max: 'max',
};

const markText = (mark: 'suppressed' | 'empty') => (mark === 'empty' ? MARKS.empty : MARKS.suppressed);

/** The tables as one CSV: a header, then every table's rows one after another, each row carrying its
 * table number, question and base so any row can be read (or filtered) on its own. Percentages are
 * unrounded numbers 0..100 (the XLSX shows whole ones); significance letters are a row of their own
 * (row_type "significance") beneath each option and net; a suppressed or empty column holds the
 * table's mark as text; a base row is followed by a "base_flag" row (low, suppressed, empty). Text
 * cells are formula-neutralised by the responses export's encoder (csvText). */
export function dataTablesCsv(data: DataTables): string {
  const { results } = data;
  const header: Cell[] = ['table', 'question_id', 'statement_id', 'version', 'question', 'base', 'row_type', 'row', 'code', ...results.columns.map((_, c) => columnHeading(results, c))];
  const rows: Cell[][] = [header];
  for (const table of data.tables) {
    const lead = (rowType: string, label: string, code: string | null): Cell[] => [
      table.number,
      table.questionId,
      table.statementId,
      table.version,
      table.wording,
      table.baseText,
      rowType,
      label,
      code,
    ];
    for (const row of table.rows) {
      switch (row.kind) {
        case 'unweighted-base':
        case 'weighted-base':
          rows.push([...lead(CSV_ROW_TYPES[row.kind], row.label, null), ...row.values]);
          if (row.kind === 'unweighted-base') rows.push([...lead('base_flag', 'Base flag', null), ...row.flags.map((flag) => (flag === 'ok' ? null : flag))]);
          break;
        case 'option':
        case 'net':
          rows.push([...lead(CSV_ROW_TYPES[row.kind], row.label, row.code), ...row.values.map((value) => (value.mark ? markText(value.mark) : value.percent))]);
          if (results.breaks.length > 0) rows.push([...lead('significance', row.label, row.code), ...row.values.map((value) => value.letters || null)]);
          break;
        default:
          rows.push([...lead(CSV_ROW_TYPES[row.kind], row.label, null), ...row.values.map((value, c) => (row.marks[c] ? markText(row.marks[c]) : value))]);
      }
    }
  }
  return csvText(rows, { bom: true });
}

/** A file name that says what the tables hold, in characters every system accepts. */
export function dataTablesFileName(results: SurveyResults, request: ResultsRequest, extension: 'xlsx' | 'csv', now: Date): string {
  const safe = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  const parts = [results.survey.slug, 'tables'];
  if (request.versions && request.versions.length > 0) parts.push(`v${request.versions.join('-')}`);
  if (results.weighting) parts.push('weighted', safe(results.weighting.name));
  if (results.filters.length > 0) parts.push('filtered');
  parts.push(now.toISOString().slice(0, 10));
  return `${parts.filter(Boolean).join('-')}.${extension}`;
}
