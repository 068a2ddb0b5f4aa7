import { listQuestions, optionsOf, netsOf, type Answers, type AnswerValue } from '../surveys/model.ts';
import { isAsked } from '../surveys/routing.ts';
import { DONT_KNOW, type NetDefinition } from '../surveys/scales.ts';
import type { Label, Question, QuestionType, SurveyDefinition } from '../surveys/schema.ts';
import { NOT_ASKED, SKIPPED } from './frequencies.ts';

// Turns JSON answers into columns: one typed array per variable, one slot per response, so that
// tabulation (and later weighting and crosstabs over a million rows) is a tight loop over numbers.

/** One response to analyse: the answers, and the definition of the version it was given under
 * (routing is judged by the rules the respondent actually met). */
export interface ResponseRecord {
  definition: SurveyDefinition;
  answers: Answers;
}

/** An answer category: the stable code and the label it is reported under. */
export interface Category {
  code: string;
  label: Label;
  /** A "don't know" answer, which an analyst may take out of the base (DOMAIN.md, "Bases"). */
  dontKnow?: boolean;
}

// Choice options have no DK flag in the survey file, so the English label decides: "Don't know",
// "Don’t know / not sure", "Dont know" (straight, curly or no apostrophe).
const DONT_KNOW_LABEL = /^\s*don['\u2018\u2019\u02bc`\u00b4]?t know\b/i;

/** Whether an option of `question` is its "don't know": DONT_KNOW's code on a scale, the label on a choice question. */
function isDontKnow(question: Question, option: Category): boolean {
  if (question.type === 'likert' || question.type === 'likert-grid') return option.code === DONT_KNOW.code;
  return DONT_KNOW_LABEL.test(option.label.en);
}

/** A category for an option, marked when it is a "don't know". */
function categoryOf(question: Question, option: Category): Category {
  const category: Category = { code: option.code, label: option.label };
  if (isDontKnow(question, category)) category.dontKnow = true;
  return category;
}

interface ColumnsBase {
  id: string;
  text: Label;
}

/** single-choice and likert: one categorical column (category index, NOT_ASKED or SKIPPED). */
export interface ChoiceColumns extends ColumnsBase {
  type: 'single-choice' | 'likert';
  categories: Category[];
  nets: NetDefinition[];
  values: Int32Array;
}

/** multiple-choice: one 0/1 column per option (1 = ticked), each with its own base, plus whether the question was answered at all. */
export interface MultipleChoiceColumns extends ColumnsBase {
  type: 'multiple-choice';
  categories: Category[];
  /** Parallel to `categories`: 1 ticked, 0 not ticked, or NOT_ASKED / SKIPPED. */
  selected: Int32Array[];
}

/** likert-grid: one categorical column per statement, and one for "answered any statement". */
export interface GridColumns extends ColumnsBase {
  type: 'likert-grid';
  categories: Category[];
  nets: NetDefinition[];
  statements: { id: string; text: Label; values: Int32Array }[];
  /** 0 = answered at least one statement, or NOT_ASKED / SKIPPED. */
  answered: Int32Array;
}

/** number: the answers, NaN where there is none, and who was shown the question. */
export interface NumberColumns extends ColumnsBase {
  type: 'number';
  unit?: Label;
  values: Float64Array;
  asked: Uint8Array;
}

/** short-text and long-text: only whether it was answered (0), never the words. */
export interface TextColumns extends ColumnsBase {
  type: 'short-text' | 'long-text';
  answered: Int32Array;
}

export type QuestionColumns = ChoiceColumns | MultipleChoiceColumns | GridColumns | NumberColumns | TextColumns;

/** Every question of the reporting definition as columns over the same rows. */
export interface SurveyColumns {
  rowCount: number;
  questions: QuestionColumns[];
}

/** The JSON shape an answer takes for each type, so a question that changed type between versions
 * is only read where the shape still matches. */
function shapeOf(type: QuestionType): 'code' | 'codes' | 'grid' | 'number' | 'text' {
  switch (type) {
    case 'single-choice':
    case 'likert':
      return 'code';
    case 'multiple-choice':
      return 'codes';
    case 'likert-grid':
      return 'grid';
    case 'number':
      return 'number';
    default:
      return 'text';
  }
}

/** The reporting question's categories, then any codes that only older versions offered (matched by code). */
function collectCategories(question: Question, records: ResponseRecord[]): Category[] {
  const categories: Category[] = optionsOf(question).map((option) => categoryOf(question, option));
  const known = new Set(categories.map((category) => category.code));
  const seenDefinitions = new Set<SurveyDefinition>();
  for (const { definition } of records) {
    if (seenDefinitions.has(definition)) continue;
    seenDefinitions.add(definition);
    const other = questionIn(definition, question.id);
    if (!other || shapeOf(other.type) !== shapeOf(question.type)) continue;
    for (const option of optionsOf(other)) {
      if (known.has(option.code)) continue;
      known.add(option.code);
      categories.push(categoryOf(question, option));
    }
  }
  return categories;
}

const questionIndexes = new WeakMap<SurveyDefinition, Map<string, Question>>();

/** A question of a definition by id, indexed once per definition because every row asks it. */
function questionIn(definition: SurveyDefinition, id: string): Question | undefined {
  let index = questionIndexes.get(definition);
  if (!index) {
    index = new Map(listQuestions(definition).map((question) => [question.id, question]));
    questionIndexes.set(definition, index);
  }
  return index.get(id);
}

/** How one response stands towards one question: its own version's question if it was shown it. */
function askedQuestion(record: ResponseRecord, reporting: Question): Question | undefined {
  const own = questionIn(record.definition, reporting.id);
  if (!own || shapeOf(own.type) !== shapeOf(reporting.type)) return undefined;
  return isAsked(own, record.answers) ? own : undefined;
}

const isBlankText = (value: AnswerValue | undefined) => typeof value !== 'string' || value.trim() === '';

/** Builds the columns of every question in `reporting` from responses given under any version. */
export function buildColumns(reporting: SurveyDefinition, records: ResponseRecord[]): SurveyColumns {
  const n = records.length;
  const questions = listQuestions(reporting).map((question): QuestionColumns => {
    const asked = records.map((record) => askedQuestion(record, question) !== undefined);
    const base = { id: question.id, text: question.text };
    switch (question.type) {
      case 'single-choice':
      case 'likert': {
        const categories = collectCategories(question, records);
        const index = new Map(categories.map((category, k) => [category.code, k]));
        const values = new Int32Array(n);
        records.forEach((record, i) => {
          const value = record.answers[question.id];
          if (!asked[i]) values[i] = NOT_ASKED;
          else values[i] = typeof value === 'string' && index.has(value) ? index.get(value)! : SKIPPED;
        });
        return { ...base, type: question.type, categories, nets: netsOf(question), values };
      }
      case 'multiple-choice': {
        const categories = collectCategories(question, records);
        const selected = categories.map(() => new Int32Array(n));
        records.forEach((record, i) => {
          const value = record.answers[question.id];
          const ticked = new Set(Array.isArray(value) ? value : []);
          const status = !asked[i] ? NOT_ASKED : ticked.size === 0 ? SKIPPED : undefined;
          categories.forEach((category, k) => {
            selected[k]![i] = status ?? (ticked.has(category.code) ? 1 : 0);
          });
        });
        return { ...base, type: 'multiple-choice', categories, selected };
      }
      case 'likert-grid': {
        const categories = collectCategories(question, records);
        const index = new Map(categories.map((category, k) => [category.code, k]));
        const answered = new Int32Array(n).fill(NOT_ASKED);
        const statements = question.statements.map((statement) => ({ id: statement.id, text: statement.text, values: new Int32Array(n) }));
        records.forEach((record, i) => {
          const value = record.answers[question.id];
          const grid = typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
          const own = askedQuestion(record, question);
          let any = false;
          for (const statement of statements) {
            // A statement the respondent's own version did not have was not asked of them.
            const inOwnVersion = own?.type === 'likert-grid' && own.statements.some((s) => s.id === statement.id);
            const code = grid[statement.id];
            if (!inOwnVersion) statement.values[i] = NOT_ASKED;
            else if (code !== undefined && index.has(code)) {
              statement.values[i] = index.get(code)!;
              any = true;
            } else statement.values[i] = SKIPPED;
          }
          answered[i] = !asked[i] ? NOT_ASKED : any ? 0 : SKIPPED;
        });
        return { ...base, type: 'likert-grid', categories, nets: netsOf(question), statements, answered };
      }
      case 'number': {
        const values = new Float64Array(n).fill(NaN);
        const askedColumn = new Uint8Array(n);
        records.forEach((record, i) => {
          const value = record.answers[question.id];
          if (!asked[i]) return;
          askedColumn[i] = 1;
          if (typeof value === 'number' && Number.isFinite(value)) values[i] = value;
        });
        return { ...base, type: 'number', ...(question.unit ? { unit: question.unit } : {}), values, asked: askedColumn };
      }
      case 'short-text':
      case 'long-text': {
        const answered = new Int32Array(n);
        records.forEach((record, i) => {
          answered[i] = !asked[i] ? NOT_ASKED : isBlankText(record.answers[question.id]) ? SKIPPED : 0;
        });
        return { ...base, type: question.type, answered };
      }
    }
  });
  return { rowCount: n, questions };
}
