import type { FieldErrors } from '../errors.ts';
import { listQuestions, optionsOf, type Answers, type AnswerValue } from '../surveys/model.ts';
import { isAsked, screensOut } from '../surveys/routing.ts';
import type { Language, Question, SurveyDefinition } from '../surveys/schema.ts';

// The rules an answer must meet, shared by the JSON API (whole submissions) and the respondent
// pages (one page at a time), so that a response is valid by exactly one definition of valid.

export type ProblemKind =
  | 'required'
  | 'required_statement'
  | 'not_an_option'
  | 'wrong_type'
  | 'too_many'
  | 'duplicate_choice'
  | 'not_a_number'
  | 'not_whole'
  | 'below_min'
  | 'above_max'
  | 'too_long'
  | 'not_asked'
  | 'after_screen_out'
  | 'unknown_question'
  | 'unknown_statement';

export interface Problem {
  kind: ProblemKind;
  /** Values to put into the message: a limit, a code, a question id. */
  detail?: string | number;
}

const messages: Record<ProblemKind, Record<Language, (detail: string) => string>> = {
  required: { en: () => 'Select or enter an answer', cy: () => 'Dewiswch neu rhowch ateb' },
  required_statement: { en: () => 'Select an answer for this statement', cy: () => "Dewiswch ateb i'r datganiad hwn" },
  not_an_option: { en: (d) => `"${d}" is not one of the answer codes`, cy: (d) => `Nid yw "${d}" yn un o'r codau ateb` },
  wrong_type: { en: (d) => `Must be ${d}`, cy: (d) => `Rhaid iddo fod yn ${d}` },
  too_many: { en: (d) => `Select no more than ${d}`, cy: (d) => `Dewiswch ddim mwy na ${d}` },
  duplicate_choice: { en: (d) => `"${d}" is selected more than once`, cy: (d) => `Mae "${d}" wedi'i ddewis fwy nag unwaith` },
  not_a_number: { en: () => 'Enter a number, like 12', cy: () => 'Rhowch rif, fel 12' },
  not_whole: { en: () => 'Enter a whole number, like 12', cy: () => 'Rhowch rif cyfan, fel 12' },
  below_min: { en: (d) => `Enter a number of ${d} or more`, cy: (d) => `Rhowch rif sy'n ${d} neu fwy` },
  above_max: { en: (d) => `Enter a number of ${d} or less`, cy: (d) => `Rhowch rif sy'n ${d} neu lai` },
  too_long: { en: (d) => `Must be ${d} characters or fewer`, cy: (d) => `Rhaid iddo fod yn ${d} nod neu lai` },
  not_asked: {
    en: () => 'Was not asked: the routing conditions for this question are not met',
    cy: () => "Ni ofynnwyd: nid yw amodau llwybro'r cwestiwn hwn wedi'u bodloni",
  },
  after_screen_out: {
    en: (d) => `Was not asked: the survey ended at screening question ${d}`,
    cy: (d) => `Ni ofynnwyd: daeth yr arolwg i ben wrth gwestiwn sgrinio ${d}`,
  },
  unknown_question: { en: () => 'Is not a question in this version of the survey', cy: () => "Nid yw'n gwestiwn yn y fersiwn hwn" },
  unknown_statement: { en: () => 'Is not a statement of this question', cy: () => "Nid yw'n ddatganiad yn y cwestiwn hwn" },
};

/** The words for a problem in the respondent's language. */
export function describeProblem(problem: Problem, language: Language = 'en'): string {
  return messages[problem.kind][language](String(problem.detail ?? ''));
}

/** True when a value counts as no answer at all (omitted, blank text, nothing ticked). */
export function isBlank(value: AnswerValue | undefined): boolean {
  if (value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks one answer that is present against its question; keys are the question id or `id.statement`. */
export function checkAnswer(question: Question, value: AnswerValue): Map<string, Problem> {
  const problems = new Map<string, Problem>();
  switch (question.type) {
    case 'single-choice':
    case 'likert':
      if (typeof value !== 'string') fail(problems, question.id, { kind: 'wrong_type', detail: 'one answer code as a string' });
      else if (!optionsOf(question).some((option) => option.code === value)) fail(problems, question.id, { kind: 'not_an_option', detail: value });
      break;
    case 'multiple-choice': {
      if (!Array.isArray(value) || value.some((code) => typeof code !== 'string')) {
        fail(problems, question.id, { kind: 'wrong_type', detail: 'a list of answer codes' });
        break;
      }
      const codes = codesOf(question);
      const unknown = value.find((code) => !codes.has(code));
      const repeated = value.find((code, index) => value.indexOf(code) !== index);
      if (unknown !== undefined) fail(problems, question.id, { kind: 'not_an_option', detail: unknown });
      else if (repeated !== undefined) fail(problems, question.id, { kind: 'duplicate_choice', detail: repeated });
      else if (question.maxSelections !== undefined && value.length > question.maxSelections)
        fail(problems, question.id, { kind: 'too_many', detail: question.maxSelections });
      break;
    }
    case 'likert-grid': {
      if (!isRecord(value)) {
        fail(problems, question.id, { kind: 'wrong_type', detail: 'an object of statement id to answer code' });
        break;
      }
      const codes = codesOf(question);
      const statementIds = new Set(question.statements.map((statement) => statement.id));
      for (const [statementId, code] of Object.entries(value)) {
        const key = `${question.id}.${statementId}`;
        if (!statementIds.has(statementId)) fail(problems, key, { kind: 'unknown_statement' });
        else if (typeof code !== 'string') fail(problems, key, { kind: 'wrong_type', detail: 'one answer code as a string' });
        else if (!codes.has(code)) fail(problems, key, { kind: 'not_an_option', detail: code });
      }
      if (question.required) {
        for (const statement of question.statements) {
          if (value[statement.id] === undefined) fail(problems, `${question.id}.${statement.id}`, { kind: 'required_statement' });
        }
      }
      break;
    }
    case 'number':
      if (typeof value === 'string') fail(problems, question.id, { kind: 'not_a_number' });
      else if (typeof value !== 'number' || !Number.isFinite(value)) fail(problems, question.id, { kind: 'wrong_type', detail: 'a number' });
      else if (question.integer && !Number.isInteger(value)) fail(problems, question.id, { kind: 'not_whole' });
      else if (question.min !== undefined && value < question.min) fail(problems, question.id, { kind: 'below_min', detail: question.min });
      else if (question.max !== undefined && value > question.max) fail(problems, question.id, { kind: 'above_max', detail: question.max });
      break;
    case 'short-text':
    case 'long-text':
      if (typeof value !== 'string') fail(problems, question.id, { kind: 'wrong_type', detail: 'text' });
      else if ([...value].length > question.maxLength) fail(problems, question.id, { kind: 'too_long', detail: question.maxLength });
      break;
  }
  return problems;
}

// A module function rather than a closure per call: this runs for every answer of every
// submission, and tsx wraps each named closure it creates in a naming helper.
function fail(problems: Map<string, Problem>, key: string, problem: Problem) {
  problems.set(key, problem);
}

function codesOf(question: Question): Set<string> {
  return new Set(optionsOf(question).map((option) => option.code));
}

export interface AnswersVerdict {
  status: 'complete' | 'screened_out';
  /** Problems keyed by question id (or `id.statement`); empty when the answers are valid. */
  problems: Map<string, Problem>;
}

/** Checks a whole set of answers against a definition: types and codes, required questions,
 * routing (no answers to questions that were not asked) and screening. */
export function checkSubmission(definition: SurveyDefinition, answers: Answers): AnswersVerdict {
  const problems = new Map<string, Problem>();
  const questions = listQuestions(definition);
  const known = new Set(questions.map((question) => question.id));
  for (const key of Object.keys(answers)) {
    if (!known.has(key)) problems.set(key, { kind: 'unknown_question' });
  }

  let screenedOutBy: string | undefined;
  for (const question of questions) {
    const value = answers[question.id];
    const blank = isBlank(value);
    if (screenedOutBy !== undefined) {
      if (!blank) problems.set(question.id, { kind: 'after_screen_out', detail: screenedOutBy });
      continue;
    }
    if (!isAsked(question, answers)) {
      if (!blank) problems.set(question.id, { kind: 'not_asked' });
      continue;
    }
    if (blank) {
      if (question.required) problems.set(question.id, { kind: 'required' });
      continue;
    }
    for (const [key, problem] of checkAnswer(question, value as AnswerValue)) problems.set(key, problem);
    if (screensOut(question, value)) screenedOutBy = question.id;
  }
  return { status: screenedOutBy === undefined ? 'complete' : 'screened_out', problems };
}

/** Problems as the `fields` of an error response, in English. */
export function problemsAsFields(problems: Map<string, Problem>, language: Language = 'en'): FieldErrors {
  const fields: FieldErrors = {};
  for (const [key, problem] of problems) fields[key] = describeProblem(problem, language);
  return fields;
}
