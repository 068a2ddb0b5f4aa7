import { findQuestion, optionsOf } from '../surveys/model.ts';
import type { Condition, Question, SurveyDefinition } from '../surveys/schema.ts';

// Readable English for the parts of a definition that are data rather than words: routing
// conditions and question settings. Used by the read-only version view and by the publish diff, so
// a condition reads the same in both places.

const TYPE_NAMES: Record<Question['type'], string> = {
  'single-choice': 'single choice',
  'multiple-choice': 'multiple choice',
  likert: 'scale',
  'likert-grid': 'scale grid',
  number: 'number',
  'short-text': 'short text',
  'long-text': 'long text',
};

/** A question type as people say it, e.g. "scale grid". */
export function describeType(type: Question['type']): string {
  return TYPE_NAMES[type];
}

/** Quotes an option code with its English label when the question has it: `"Agree" (4)`. */
function describeCode(question: Question | undefined, code: string): string {
  const option = question ? optionsOf(question).find((o) => o.code === code) : undefined;
  return option ? `"${option.label.en}" (${code})` : `code ${code}`;
}

/** A showIf condition in words, e.g. `q_role is "Teacher" (2) or "Nursery worker" (3)`. */
export function describeCondition(condition: Condition, definition: SurveyDefinition): string {
  if ('all' in condition) return condition.all.map((c) => wrap(c, definition)).join(' and ');
  if ('any' in condition) return condition.any.map((c) => wrap(c, definition)).join(' or ');
  if ('not' in condition) return `not (${describeCondition(condition.not, definition)})`;
  const question = findQuestion(definition, condition.question)?.question;
  const target = condition.statement ? `${condition.question} / ${condition.statement}` : condition.question;
  if ('answered' in condition) return `${target} ${condition.answered ? 'is answered' : 'is not answered'}`;
  const codes = condition.in.map((code) => describeCode(question, code));
  return `${target} is ${codes.join(' or ')}`;
}

/** Nested all/any groups get brackets so "a and (b or c)" reads unambiguously. */
function wrap(condition: Condition, definition: SurveyDefinition): string {
  const text = describeCondition(condition, definition);
  return 'all' in condition || 'any' in condition ? `(${text})` : text;
}

/** The screening codes of a question in words, e.g. `"16 or under" (1)`. */
export function describeScreenOut(question: Question): string | undefined {
  if ((question.type !== 'single-choice' && question.type !== 'likert') || !question.screenOut) return undefined;
  return question.screenOut.map((code) => describeCode(question, code)).join(', ');
}

/** The settings of a question that are neither wording nor options, as short phrases
 * ("whole number from 0 to 10", "at most 3 choices"). */
export function describeSettings(question: Question): string[] {
  const out: string[] = [];
  if (question.type === 'number') {
    out.push(question.integer ? 'whole number' : 'number (decimals allowed)');
    if (question.min !== undefined) out.push(`at least ${question.min}`);
    if (question.max !== undefined) out.push(`at most ${question.max}`);
    if (question.unit) out.push(`unit "${question.unit.en}"`);
  }
  if (question.type === 'multiple-choice' && question.maxSelections !== undefined) out.push(`at most ${question.maxSelections} choices`);
  if (question.type === 'short-text' || question.type === 'long-text') out.push(`up to ${question.maxLength} characters`);
  if ((question.type === 'likert' || question.type === 'likert-grid') && question.dontKnow) out.push(`with "Don't know" (9)`);
  return out;
}
