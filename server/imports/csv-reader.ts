import { createHash } from 'node:crypto';
import { pipeline, Readable } from 'node:stream';
import { parse, CsvError } from 'csv-parse';
import { checkSubmission, describeProblem, type Problem } from '../responses/answer-rules.ts';
import { readAnswer, type FormFields } from '../respond/form.ts';
import { findScreenOut } from '../surveys/routing.ts';
import { listQuestions, optionsOf, type Answers } from '../surveys/model.ts';
import type { Question, SurveyDefinition } from '../surveys/schema.ts';
import { describeCondition, describeScreenOut } from '../versions/describe.ts';

// Reads a polling company's CSV (one row a respondent, one column a question) into answers of the
// shape the web form stores, and checks every row with the same rules as a web or API submission
// (answer-rules.ts, routing.ts). Nothing here touches the database: the service decides what is new.

/** Columns that are not questions: a respondent id (makes re-import idempotent), a completion time
 * in seconds and a completion timestamp. */
export const RESPONDENT_ID = 'respondent_id';
export const DURATION_SECONDS = 'duration_seconds';
export const COMPLETED_AT = 'completed_at';
const SPECIAL_COLUMNS = [RESPONDENT_ID, DURATION_SECONDS, COMPLETED_AT] as const;

/** How many problems a report lists; the rest are only counted, so a broken 100,000-row file
 * gives a readable report rather than a page of hundreds of megabytes. */
export const MAX_LISTED_PROBLEMS = 1000;

const MAX_RESPONDENT_ID_LENGTH = 200;

/** One problem with the file. `row` counts data rows from 1 (the row under the header is row 1);
 * `line` is the line of the file the row starts on (the header is line 1), which differs from
 * row + 1 when a quoted cell spans lines. `row` is null for problems with the header (line 1) and
 * with the whole file (line null, or the line where the CSV could not be read). */
export interface ImportProblem {
  row: number | null;
  line: number | null;
  column: string | null;
  message: string;
}

/** Collects problems, keeping the first MAX_LISTED_PROBLEMS and counting all of them. */
export class ProblemLog {
  readonly listed: ImportProblem[] = [];
  count = 0;

  add(problem: ImportProblem): void {
    this.count++;
    if (this.listed.length < MAX_LISTED_PROBLEMS) this.listed.push(problem);
  }
}

/** One valid row, ready to be stored. */
export interface PreparedRow {
  row: number;
  line: number;
  respondentId: string | null;
  /** The answers as stored: JSON text, which takes less memory than the objects for 100,000 rows. */
  answersJson: string;
  payloadHash: string;
  startedAt: string | null;
  submittedAt: string;
}

export interface ReadResult {
  /** Data rows in the file, including empty ones that were skipped. */
  rowCount: number;
  /** Rows whose every cell was empty (spreadsheets often leave some at the end); not imported. */
  emptyRows: number;
  /** The rows that passed every check, in file order. */
  prepared: PreparedRow[];
  hasRespondentIds: boolean;
  hasDurations: boolean;
  hasCompletionTimes: boolean;
  problems: ProblemLog;
  warnings: string[];
}

type ColumnTarget =
  | { kind: 'question'; question: Question; key: string }
  | { kind: 'statement'; question: Question; statementId: string; key: string }
  | { kind: 'special'; name: (typeof SPECIAL_COLUMNS)[number] };

interface HeaderPlan {
  /** Parallel to the header: what each column holds, or null for a column already reported as a problem. */
  targets: (ColumnTarget | null)[];
  /** Question ids (and `id.statement` of grids) that have a column. */
  present: Set<string>;
  special: Partial<Record<(typeof SPECIAL_COLUMNS)[number], number>>;
}

const plural = (n: number, word: string) => `${n.toLocaleString('en-GB')} ${word}${n === 1 ? '' : 's'}`;

/** Works out what each header column holds, reporting unknown, repeated and missing columns once each. */
function planHeader(definition: SurveyDefinition, header: string[], problems: ProblemLog, warnings: string[]): HeaderPlan {
  const questions = new Map(listQuestions(definition).map((question) => [question.id, question]));
  const plan: HeaderPlan = { targets: [], present: new Set(), special: {} };
  const seen = new Map<string, number>();
  const surveyName = `${definition.slug} version ${definition.version}`;
  const headerProblem = (column: string | null, message: string) => problems.add({ row: null, line: 1, column, message });

  header.forEach((raw, index) => {
    const name = raw.trim();
    const target = ((): ColumnTarget | null => {
      if (name === '') {
        headerProblem(`column ${index + 1}`, 'empty column name: every column needs a question id (or respondent_id, duration_seconds, completed_at)');
        return null;
      }
      const earlier = seen.get(name);
      if (earlier !== undefined) {
        headerProblem(name, `repeated column: column ${index + 1} has the same name as column ${earlier + 1}`);
        return null;
      }
      seen.set(name, index);
      const question = questions.get(name);
      if (question) {
        if (question.type === 'likert-grid') {
          const columns = question.statements.map((statement) => `${name}.${statement.id}`).join(', ');
          headerProblem(name, `${name} is a grid: give each statement its own column (${columns})`);
          return null;
        }
        return { kind: 'question', question, key: name };
      }
      if ((SPECIAL_COLUMNS as readonly string[]).includes(name)) return { kind: 'special', name: name as (typeof SPECIAL_COLUMNS)[number] };
      const dot = name.indexOf('.');
      if (dot > 0) {
        const grid = questions.get(name.slice(0, dot));
        const statementId = name.slice(dot + 1);
        if (grid && grid.type === 'likert-grid') {
          if (grid.statements.some((statement) => statement.id === statementId)) return { kind: 'statement', question: grid, statementId, key: name };
          headerProblem(name, `unknown column: ${grid.id} has no statement "${statementId}" (its statements are ${grid.statements.map((s) => s.id).join(', ')})`);
          return null;
        }
        if (grid) {
          headerProblem(name, `unknown column: ${grid.id} is not a grid question, so its column is just ${grid.id}`);
          return null;
        }
      }
      headerProblem(name, `unknown column: not a question of ${surveyName}, nor respondent_id, duration_seconds or completed_at`);
      return null;
    })();
    plan.targets.push(target);
    if (target?.kind === 'question') plan.present.add(target.question.id);
    if (target?.kind === 'statement') plan.present.add(`${target.question.id}.${target.statementId}`);
    if (target?.kind === 'special') plan.special[target.name] = index;
  });

  // A required question needs its column even where routing skips it: a file that leaves it out
  // entirely is a different questionnaire, better said once than on every row.
  const missingOptional: string[] = [];
  for (const question of questions.values()) {
    const columns = question.type === 'likert-grid' ? question.statements.map((statement) => `${question.id}.${statement.id}`) : [question.id];
    for (const column of columns) {
      if (plan.present.has(column)) continue;
      if (!question.required) missingOptional.push(column);
      else if (column === question.id) headerProblem(column, `missing column: ${column} is a required question of ${surveyName}`);
      else headerProblem(column, `missing column: ${column} is a statement of ${question.id}, a required grid of ${surveyName}`);
    }
  }
  if (missingOptional.length > 0) {
    warnings.push(`No column for the optional question${missingOptional.length === 1 ? '' : 's'} ${missingOptional.join(', ')}: imported as not answered.`);
  }
  return plan;
}

/** Messages in the words of a data file: what kind of problem, then the detail. */
function describeImportProblem(question: Question | undefined, problem: Problem, cell: string, definition: SurveyDefinition): string {
  switch (problem.kind) {
    case 'required':
    case 'required_statement':
      return 'missing required answer';
    case 'not_an_option': {
      const codes = question ? optionsOf(question).map((option) => option.code) : [];
      const listed = codes.length > 15 ? `${codes.slice(0, 15).join(', ')}, …` : codes.join(', ');
      return `unknown code "${problem.detail}"${listed ? ` (the codes are ${listed})` : ''}`;
    }
    case 'duplicate_choice':
      return `code "${problem.detail}" is listed more than once`;
    case 'too_many':
      return `too many selections: at most ${problem.detail}`;
    case 'not_a_number':
      return `bad number "${cell}"`;
    case 'not_whole':
      return `bad number "${cell}": must be a whole number`;
    case 'below_min':
      return `number out of range: ${cell} is below the minimum of ${problem.detail}`;
    case 'above_max':
      return `number out of range: ${cell} is above the maximum of ${problem.detail}`;
    case 'too_long':
      return `text too long: at most ${problem.detail} characters`;
    case 'not_asked':
      return question?.showIf
        ? `routing contradiction: answered, but the question is asked only if ${describeCondition(question.showIf, definition)}`
        : 'routing contradiction: answered, but routing does not show this question';
    default:
      return describeProblem(problem);
  }
}

const CANONICAL_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** An ISO 8601 timestamp with a time zone, as UTC ISO text; undefined when it is not one. */
export function parseTimestamp(text: string): string | undefined {
  // Most files carry what toISOString writes; such a text is valid exactly when it round-trips
  // (an impossible date such as 30 February would come back as another day).
  if (text.length === 24 && CANONICAL_TIMESTAMP.test(text)) {
    const time = Date.parse(text);
    return !Number.isNaN(time) && new Date(time).toISOString() === text ? text : undefined;
  }
  const match = TIMESTAMP.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  const daysInMonth = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
  if (month! < 1 || month! > 12 || day! < 1 || day! > daysInMonth || hour! > 23 || minute! > 59 || (second ?? 0) > 59) return undefined;
  const zone = match[7]!;
  const normalised = `${text.slice(0, 10)}T${text.slice(11, text.length - zone.length)}${zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`;
  const time = Date.parse(normalised);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

const DURATION = /^\d+(\.\d+)?$/;

interface RowContext {
  definition: SurveyDefinition;
  slug: string;
  questions: Question[];
  questionsById: Map<string, Question>;
  plan: HeaderPlan;
  problems: ProblemLog;
  importedAt: string;
  /** Respondent id -> the row it was first seen on. */
  respondentRows: Map<string, number>;
  /** The columns of each grid, to point a grid-wide problem at them. */
  gridColumns: Map<string, string[]>;
  sortedQuestionIds: string[];
  sortedStatementIds: Map<string, string[]>;
  optionOrder: Map<string, Map<string, number>>;
}

/** Checks the cell of a column that is not a question; returns a problem message or nothing. */
function readSpecialCell(context: RowContext, name: (typeof SPECIAL_COLUMNS)[number], cell: string, row: number, into: RowExtras): string | undefined {
  if (name === RESPONDENT_ID) {
    if (cell === '') return 'missing respondent id: with a respondent_id column every row needs one';
    if (cell.length > MAX_RESPONDENT_ID_LENGTH || CONTROL_CHARACTER.test(cell)) return `bad respondent id: at most ${MAX_RESPONDENT_ID_LENGTH} characters, on one line`;
    const first = context.respondentRows.get(cell);
    if (first !== undefined) return `repeated respondent id "${cell}": also on row ${first}`;
    context.respondentRows.set(cell, row);
    into.respondentId = cell;
  } else if (name === DURATION_SECONDS) {
    if (cell === '') return undefined;
    if (!DURATION.test(cell)) return `bad number "${cell}": the completion time is a number of seconds, 0 or more`;
    into.duration = Number(cell);
  } else if (cell !== '') {
    const parsed = parseTimestamp(cell);
    if (parsed === undefined) return `bad timestamp "${cell}": use ISO 8601 with a time zone, e.g. 2024-02-23T14:05:00Z or 2024-02-23T14:05:00+01:00`;
    into.submittedAt = parsed;
  }
  return undefined;
}

const CONTROL_CHARACTER = /\p{Cc}/u;

interface RowExtras {
  respondentId: string | null;
  duration: number | null;
  submittedAt: string;
}

/** Checks one data row and returns it prepared for storing, or undefined when it has problems
 * (each one added to the log with its row, line and column). Runs for every row of files of
 * 100,000 rows and more, hence plain loops and no closures. */
function readRow(context: RowContext, cells: string[], row: number, line: number): PreparedRow | undefined {
  const { definition, plan, problems } = context;
  const before = problems.count;
  const fields: FormFields = new Map();
  const extras: RowExtras = { respondentId: null, duration: null, submittedAt: context.importedAt };

  for (let index = 0; index < plan.targets.length; index++) {
    const target = plan.targets[index];
    if (!target) continue;
    const cell = (cells[index] ?? '').trim();
    if (target.kind === 'special') {
      const message = readSpecialCell(context, target.name, cell, row, extras);
      if (message !== undefined) problems.add({ row, line, column: target.name, message });
    } else if (cell !== '') {
      // The form reader takes each ticked code as its own value, as a browser sends checkboxes.
      fields.set(target.key, target.question.type === 'multiple-choice' ? cell.split(';').map(trimCode) : [cell]);
    }
  }

  const answers: Answers = {};
  for (const question of context.questions) {
    const value = readAnswer(question, fields);
    if (value === undefined) continue;
    // Multiple choice in option order, as the web form sends it, so a re-delivered file that lists
    // the same codes in another order is recognised as the same answers.
    const order = context.optionOrder.get(question.id);
    if (order && Array.isArray(value)) value.sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity));
    answers[question.id] = value;
  }

  const verdict = checkSubmission(definition, answers);
  if (verdict.problems.size > 0) addAnswerProblems(context, verdict.problems, fields, row, line);
  if (verdict.status === 'screened_out') {
    const screening = findScreenOut(definition, answers);
    if (screening) {
      const message = `screened out: ${describeScreenOut(screening) ?? 'this answer'} ends the survey at ${screening.id}, so this is not a complete interview; only complete interviews can be imported`;
      problems.add({ row, line, column: screening.id, message });
    }
  }

  if (problems.count > before) return undefined;
  const startedAt = extras.duration === null ? null : new Date(Date.parse(extras.submittedAt) - extras.duration * 1000).toISOString();
  return {
    row,
    line,
    respondentId: extras.respondentId,
    answersJson: JSON.stringify(answers),
    payloadHash: hashAnswers(context, answers),
    startedAt,
    submittedAt: extras.submittedAt,
  };
}

function trimCode(code: string): string {
  return code.trim();
}

/** Turns answer-rules problems (keyed by question id or `id.statement`) into problems at columns. */
function addAnswerProblems(context: RowContext, found: Map<string, Problem>, fields: FormFields, row: number, line: number): void {
  for (const [key, problem] of found) {
    // Answers after a screening answer are a consequence of the screen-out, reported once instead.
    if (problem.kind === 'after_screen_out') continue;
    const questionId = key.split('.')[0]!;
    // A required column missing from the header was reported once already; not again on every row.
    if ((problem.kind === 'required' || problem.kind === 'required_statement') && !isPresent(context.plan, questionId, key, context.gridColumns)) continue;
    const grid = context.gridColumns.get(questionId);
    let column = key;
    // A problem with a whole grid points at its statement columns: those answered, or all of them.
    if (grid && key === questionId) {
      const answered = problem.kind === 'required' ? [] : grid.filter((statementColumn) => fields.has(statementColumn));
      column = answered.length > 0 ? answered.join(', ') : `${questionId}.*`;
    }
    const cell = fields.get(key)?.join(';') ?? '';
    context.problems.add({ row, line, column, message: describeImportProblem(context.questionsById.get(questionId), problem, cell, context.definition) });
  }
}

/** The payload hash of a row's answers: the same value as payloadHashOf (responses/service.ts),
 * which a test checks, computed without re-sorting every object of every row: the canonical text
 * has sorted keys, and the question and statement ids are sorted once per file. */
function hashAnswers(context: RowContext, answers: Answers): string {
  const sorted: Answers = {};
  for (const id of context.sortedQuestionIds) {
    const value = answers[id];
    if (value === undefined) continue;
    const statements = context.sortedStatementIds.get(id);
    if (statements && typeof value === 'object' && !Array.isArray(value)) {
      const record: Record<string, string> = {};
      for (const statement of statements) if (value[statement] !== undefined) record[statement] = value[statement]!;
      sorted[id] = record;
    } else sorted[id] = value;
  }
  // Keys in canonical order: answers, slug, version.
  return createHash('sha256').update(JSON.stringify({ answers: sorted, slug: context.slug, version: context.definition.version })).digest('hex');
}

function isPresent(plan: HeaderPlan, questionId: string, key: string, gridColumns: Map<string, string[]>): boolean {
  const grid = gridColumns.get(questionId);
  // A wholly blank grid is this row's problem as soon as any of its statements has a column.
  if (grid && key === questionId) return grid.some((column) => plan.present.has(column));
  return plan.present.has(key);
}

/** Decodes UTF-8 strictly: a file saved in another encoding is refused rather than read with
 * replacement characters that would turn into unknown codes or garbled text. */
async function* decodeUtf8(source: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for await (const chunk of source) yield decoder.decode(chunk, { stream: true });
  const rest = decoder.decode();
  if (rest) yield rest;
}

class NotUtf8Error extends Error {}

/** Reads a delivered CSV against one published version: every row checked, every problem logged
 * (the first MAX_LISTED_PROBLEMS listed), the valid rows prepared for storing. Streams the file, so
 * the text is never held as one string. */
export async function readResponsesCsv(
  source: AsyncIterable<Uint8Array>,
  definition: SurveyDefinition,
  options: { importedAt: string },
): Promise<ReadResult> {
  const problems = new ProblemLog();
  const warnings: string[] = [];
  const questions = listQuestions(definition);
  const result: ReadResult = {
    rowCount: 0,
    emptyRows: 0,
    prepared: [],
    hasRespondentIds: false,
    hasDurations: false,
    hasCompletionTimes: false,
    problems,
    warnings,
  };

  const parser = parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true, max_record_size: 1_000_000 });
  const text = Readable.from(
    (async function* () {
      try {
        yield* decodeUtf8(source);
      } catch (error) {
        throw error instanceof TypeError ? new NotUtf8Error(error.message) : error;
      }
    })(),
  );
  // pipeline destroys the parser with the source's error, so the loop below sees it.
  pipeline(text, parser, () => {});

  let context: RowContext | undefined;
  let width = 0;
  let lastLine = 0;
  let lastEmptyLines = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number; empty_lines: number } }>) {
      // A record ends on info.lines; it starts after the previous record and any empty lines skipped since.
      const line = lastLine + 1 + (info.empty_lines - lastEmptyLines);
      lastLine = info.lines;
      lastEmptyLines = info.empty_lines;
      if (!context) {
        width = record.length;
        if (width === 1 && /[;\t]/.test(record[0]!)) {
          problems.add({ row: null, line: 1, column: null, message: 'the header has one column: separate columns with commas (the file seems to use semicolons or tabs)' });
          return result;
        }
        const plan = planHeader(definition, record, problems, warnings);
        context = {
          definition,
          slug: definition.slug,
          questions,
          questionsById: new Map(questions.map((question) => [question.id, question])),
          plan,
          problems,
          importedAt: options.importedAt,
          respondentRows: new Map(),
          gridColumns: new Map(
            questions.flatMap((question) =>
              question.type === 'likert-grid' ? [[question.id, question.statements.map((statement) => `${question.id}.${statement.id}`)] as const] : [],
            ),
          ),
          sortedQuestionIds: questions.map((question) => question.id).sort(),
          sortedStatementIds: new Map(
            questions.flatMap((question) => (question.type === 'likert-grid' ? [[question.id, question.statements.map((statement) => statement.id).sort()] as const] : [])),
          ),
          optionOrder: new Map(
            questions.flatMap((question) =>
              question.type === 'multiple-choice' ? [[question.id, new Map(question.options.map((option, i) => [option.code, i]))] as const] : [],
            ),
          ),
        };
        result.hasRespondentIds = plan.special[RESPONDENT_ID] !== undefined;
        result.hasDurations = plan.special[DURATION_SECONDS] !== undefined;
        result.hasCompletionTimes = plan.special[COMPLETED_AT] !== undefined;
        continue;
      }
      const row = ++result.rowCount;
      if (record.every((cell) => cell.trim() === '')) {
        result.emptyRows++;
        continue;
      }
      if (record.length !== width) {
        problems.add({ row, line, column: null, message: `wrong number of cells: ${record.length} where the header has ${width}` });
        continue;
      }
      const prepared = readRow(context, record, row, line);
      // Kept even once the file is invalid: the service still checks them against stored
      // respondents, so the report lists every problem the file has.
      if (prepared) result.prepared.push(prepared);
    }
  } catch (error) {
    if (error instanceof NotUtf8Error) {
      problems.add({ row: null, line: null, column: null, message: 'the file is not UTF-8 text: save it as "CSV UTF-8 (comma delimited)" and import it again' });
      return result;
    }
    if (error instanceof CsvError) {
      const at = typeof error['lines'] === 'number' ? error['lines'] : undefined;
      problems.add({ row: null, line: at ?? null, column: null, message: `the file is not valid CSV: ${error.message}` });
      return result;
    }
    throw error;
  }

  if (!context) {
    problems.add({ row: null, line: null, column: null, message: 'the file is empty: its first line must be a header of question ids' });
  } else if (result.rowCount - result.emptyRows === 0) {
    problems.add({ row: null, line: null, column: null, message: 'the file has a header but no rows of answers' });
  }
  if (result.emptyRows > 0) warnings.push(`${plural(result.emptyRows, 'row')} with every cell empty ${result.emptyRows === 1 ? 'was' : 'were'} skipped.`);
  return result;
}
