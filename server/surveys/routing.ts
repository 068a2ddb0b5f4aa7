import type { Answers, AnswerValue } from './model.ts';
import type { Condition, Question, SurveyDefinition } from './schema.ts';

// Routing is data: conditions are interpreted here, never compiled or eval'd, so a definition
// file can never run code.

/** The codes an answer holds for the purpose of a condition: one for single answers, many for multiple choice. */
function codesIn(value: AnswerValue | undefined, statement: string | undefined): string[] {
  if (value === undefined) return [];
  if (statement !== undefined) {
    if (typeof value === 'object' && !Array.isArray(value)) {
      const code = value[statement];
      return code === undefined ? [] : [code];
    }
    return [];
  }
  if (Array.isArray(value)) return value;
  if (typeof value === 'object') return Object.values(value);
  return [String(value)];
}

function isAnswered(value: AnswerValue | undefined, statement: string | undefined): boolean {
  if (value === undefined) return false;
  if (statement !== undefined) return codesIn(value, statement).length > 0;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  if (typeof value === 'string') return value.trim() !== '';
  return true;
}

/** True when the condition holds for the answers given so far; an unanswered question matches no `in` list. */
export function evaluateCondition(condition: Condition, answers: Answers): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluateCondition(c, answers));
  if ('any' in condition) return condition.any.some((c) => evaluateCondition(c, answers));
  if ('not' in condition) return !evaluateCondition(condition.not, answers);
  const value = answers[condition.question];
  if ('answered' in condition) return isAnswered(value, condition.statement) === condition.answered;
  const wanted = new Set(condition.in);
  return codesIn(value, condition.statement).some((code) => wanted.has(code));
}

/** Whether a question is asked, given the answers to earlier questions. */
export function isAsked(question: Question, answers: Answers): boolean {
  return question.showIf === undefined || evaluateCondition(question.showIf, answers);
}

/** The screen-out codes of a question, if it screens. */
export function screenOutCodes(question: Question): string[] {
  return (question.type === 'single-choice' || question.type === 'likert') && question.screenOut ? question.screenOut : [];
}

/** True when this answer to this question ends the survey on the screen-out page. */
export function screensOut(question: Question, value: AnswerValue | undefined): boolean {
  return typeof value === 'string' && screenOutCodes(question).includes(value);
}

/** Indexes of the pages a respondent with these answers is shown: pages with at least one asked question. */
export function askedPageIndexes(definition: SurveyDefinition, answers: Answers): number[] {
  const indexes: number[] = [];
  definition.pages.forEach((page, index) => {
    if (page.questions.some((question) => isAsked(question, answers))) indexes.push(index);
  });
  return indexes;
}

/** Walks the questionnaire in order and tells where these answers lead: the first screening answer
 * that ends the survey, if any. Questions after it are never asked. */
export function findScreenOut(definition: SurveyDefinition, answers: Answers): Question | undefined {
  for (const page of definition.pages) {
    for (const question of page.questions) {
      if (isAsked(question, answers) && screensOut(question, answers[question.id])) return question;
    }
  }
  return undefined;
}
