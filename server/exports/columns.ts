import { NOT_ASKED, SKIPPED, type Category, type QuestionColumns, type SurveyColumns } from '../analysis/index.ts';
import { CLEANING_FLAGS, type CleaningFlag } from '../cleaning/service.ts';
import type { ResponsesTable } from '../db/schema.ts';
import type { Answers } from '../surveys/model.ts';
import type { QuestionType } from '../surveys/schema.ts';

// The columns of a responses export, worked out once from the reporting definition's columns and
// shared by the export (header and cells) and the codebook (one entry per column), so the two can
// never disagree. Cells are typed: a number goes to csv-stringify as a number and text as text,
// because formula neutralisation (csv-stringify's escape_formulas) must leave a negative number
// alone but quote a text answer that happens to be "-1".

/** What a cell holds: text, a number, or nothing (an empty cell). */
export type Cell = string | number | null;

/** The type a codebook gives a column: a question's type, or the kind of metadata. */
export type ExportColumnType = QuestionType | 'text' | 'number' | 'datetime' | 'flag';

export interface ExportColumn {
  name: string;
  questionId: string | null;
  statementId: string | null;
  /** For a multiple-choice option column: the option it stands for. */
  option: { code: string; label: string } | null;
  type: ExportColumnType;
  /** English question wording, or what a metadata column holds. */
  wording: string;
  /** The values a cell can take with their meaning; empty for numbers, text and dates. */
  values: { code: string; label: string }[];
}

export interface ExportColumnOptions {
  /** The weighting scheme whose weights are exported, or null for none. */
  weighting: string | null;
  includeExcluded: boolean;
}

const FLAG_VALUES = [
  { code: '1', label: 'Yes' },
  { code: '0', label: 'No' },
];
const TICK_VALUES = [
  { code: '1', label: 'Selected' },
  { code: '0', label: 'Not selected (empty: not asked)' },
];

export const SOURCE_LABELS: Record<ResponsesTable['source'], string> = {
  web: 'Web form',
  api: 'API',
  demo: 'Demo generator',
  import: 'Imported file',
};

const FLAG_WORDING: Record<CleaningFlag, string> = {
  speeder: 'Speeder: completed in under a third of the median completion time',
  straight_liner: 'Straight-liner: gave one answer to every statement of a likert grid of five or more statements',
  duplicate_panel_id: 'Duplicate panel id: another response came with the same panel respondent id',
};

const metadata = (name: string, type: ExportColumnType, wording: string, values: ExportColumn['values'] = []): ExportColumn => ({
  name,
  questionId: null,
  statementId: null,
  option: null,
  type,
  wording,
  values,
});

/** The response metadata, flag, exclusion and weight columns, in export order. */
function metadataColumns(options: ExportColumnOptions): ExportColumn[] {
  return [
    metadata('submission_id', 'text', 'The id the response was submitted with (for an imported file, the respondent id the polling company gave)'),
    metadata('reference', 'text', 'The short reference the respondent was shown when they finished'),
    metadata('survey_version', 'number', 'The version of the questionnaire the respondent answered'),
    metadata('submitted_at', 'datetime', 'When the response was stored, ISO 8601 in UTC'),
    metadata('duration_seconds', 'number', 'Seconds from starting to submitting; empty when the start time is not known'),
    metadata(
      'source',
      'text',
      'How the response arrived',
      Object.entries(SOURCE_LABELS).map(([code, label]) => ({ code, label })),
    ),
    metadata('is_demo', 'flag', 'Synthetic demo data made by "attune demo", not a real respondent', FLAG_VALUES),
    ...CLEANING_FLAGS.map((flag) => metadata(flag, 'flag', FLAG_WORDING[flag], FLAG_VALUES)),
    ...(options.includeExcluded
      ? [
          metadata('excluded', 'flag', 'Excluded from results while cleaning', FLAG_VALUES),
          metadata('exclusion_reason', 'text', 'The reason the researcher gave for the exclusion; empty when not excluded'),
        ]
      : []),
    ...(options.weighting !== null
      ? [
          metadata(
            'weight',
            'number',
            `Weight from the weighting scheme "${options.weighting}", mean 1 over the responses that are not excluded${options.includeExcluded ? '; empty for excluded responses' : ''}`,
          ),
        ]
      : []),
  ];
}

/** Every metadata column an export can have (weight and exclusion included), for the page that explains them. */
export function describeMetadataColumns(): ExportColumn[] {
  const when: Record<string, string> = {
    excluded: ' (only when excluded responses are included)',
    exclusion_reason: ' (only when excluded responses are included)',
    weight: '',
  };
  return metadataColumns({ weighting: 'NAME', includeExcluded: true }).map((column) =>
    column.name === 'weight'
      ? { ...column, wording: 'Weight from the chosen weighting scheme, mean 1 over the responses that are not excluded; empty for excluded responses (only when a scheme is chosen)' }
      : { ...column, wording: column.wording + (when[column.name] ?? '') },
  );
}

const valuesOf = (categories: Category[]) => categories.map((category) => ({ code: category.code, label: category.label.en }));

/** The columns of one question, in the order of its answer columns. */
function questionColumns(question: QuestionColumns): ExportColumn[] {
  const base = { questionId: question.id, statementId: null, option: null };
  switch (question.type) {
    case 'single-choice':
    case 'likert':
      return [{ ...base, name: question.id, type: question.type, wording: question.text.en, values: valuesOf(question.categories) }];
    case 'multiple-choice':
      return question.categories.map((category) => ({
        ...base,
        name: `${question.id}.${category.code}`,
        option: { code: category.code, label: category.label.en },
        type: question.type,
        wording: `${question.text.en} [${category.label.en}]`,
        values: TICK_VALUES,
      }));
    case 'likert-grid':
      return question.statements.map((statement) => ({
        ...base,
        name: `${question.id}.${statement.id}`,
        statementId: statement.id,
        type: question.type,
        wording: `${question.text.en} [${statement.text.en}]`,
        values: valuesOf(question.categories),
      }));
    case 'number':
      return [{ ...base, name: question.id, type: question.type, wording: question.unit ? `${question.text.en} (${question.unit.en})` : question.text.en, values: [] }];
    case 'short-text':
    case 'long-text':
      return [{ ...base, name: question.id, type: question.type, wording: question.text.en, values: [] }];
  }
}

/** Every column of an export, in order: metadata, flags, exclusion (if included), weight (if
 * chosen), then the reporting definition's questions. */
export function planExportColumns(columns: SurveyColumns, options: ExportColumnOptions): ExportColumn[] {
  return [...metadataColumns(options), ...columns.questions.flatMap(questionColumns)];
}

/** A code as a cell: a code that reads as a number (1, 99, -99) is written as that number, so a
 * "-99" missing-value code stays a number instead of being neutralised like a formula; any other
 * code is text (and neutralised if it starts like one). */
export function codeCell(code: string): Cell {
  const number = Number(code);
  return code !== '' && Number.isFinite(number) && String(number) === code ? number : code;
}

/** Turns one batch's question columns into cells, row by row. Built once per batch; `cellsOf`
 * appends row k's question cells. */
export function questionCellWriter(columns: SurveyColumns, values: 'codes' | 'labels') {
  const categoryCell = (category: Category): Cell => (values === 'codes' ? codeCell(category.code) : category.label.en);
  const writers = columns.questions.map((question): ((k: number, answers: Answers, out: Cell[]) => void) => {
    switch (question.type) {
      case 'single-choice':
      case 'likert': {
        const cells = question.categories.map(categoryCell);
        return (k, _answers, out) => {
          const value = question.values[k]!;
          out.push(value >= 0 ? cells[value]! : null);
        };
      }
      case 'multiple-choice':
        // Asked but nothing ticked (an optional question left blank) is 0 for every option: each was
        // offered and not chosen. Not asked is empty.
        return (k, _answers, out) => {
          for (const selected of question.selected) {
            const value = selected[k]!;
            out.push(value === NOT_ASKED ? null : value === SKIPPED ? 0 : value);
          }
        };
      case 'likert-grid': {
        const cells = question.categories.map(categoryCell);
        return (k, _answers, out) => {
          for (const statement of question.statements) {
            const value = statement.values[k]!;
            out.push(value >= 0 ? cells[value]! : null);
          }
        };
      }
      case 'number':
        return (k, _answers, out) => {
          const value = question.values[k]!;
          out.push(question.asked[k] === 1 && !Number.isNaN(value) ? value : null);
        };
      case 'short-text':
      case 'long-text':
        // The columns only know whether it was answered; the words come from the answers themselves.
        return (k, answers, out) => {
          const text = answers[question.id];
          out.push(question.answered[k] === 0 && typeof text === 'string' ? text : null);
        };
    }
  });
  return (k: number, answers: Answers, out: Cell[]) => {
    for (const write of writers) write(k, answers, out);
  };
}
