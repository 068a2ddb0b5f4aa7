import type { SurveyDoc, QuestionDoc } from '../../../../server/builder/document.ts';
import type { Condition } from '../../../../server/surveys/schema.ts';
import { SCALES } from '../../../../server/surveys/scales.ts';
import { DONT_KNOW } from '../../../../server/surveys/scales.ts';

// Conditions in plain words for the builder: researchers read "Asked only if Q3 (q_role) is
// Teacher or Health professional", never JSON.

/** A question anywhere in the document by id. */
export function findQuestionDoc(doc: SurveyDoc, id: string): QuestionDoc | undefined {
  for (const page of doc.pages) for (const question of page.questions) if (question.id === id) return question;
  return undefined;
}

/** The label of one answer code of a question, in English. */
export function answerLabel(question: QuestionDoc | undefined, code: string): string {
  if (!question) return code;
  if (question.type === 'single-choice' || question.type === 'multiple-choice') {
    return question.options?.find((option) => option.code === code)?.label?.en || code;
  }
  if (question.type === 'likert' || question.type === 'likert-grid') {
    if (code === DONT_KNOW.code) return DONT_KNOW.label.en;
    const scale = SCALES[question.scale === 'confidence4' ? 'confidence4' : 'agree5'];
    return scale.points.find((point) => point.code === code)?.label.en ?? code;
  }
  return code;
}

/** A condition in words. */
export function describeCondition(condition: Condition, doc: SurveyDoc): string {
  if ('all' in condition) return condition.all.map((c) => describeCondition(c, doc)).join(' and ');
  if ('any' in condition) return condition.any.map((c) => describeCondition(c, doc)).join(' or ');
  if ('not' in condition) return `not (${describeCondition(condition.not, doc)})`;
  const question = findQuestionDoc(doc, condition.question);
  const statement = condition.statement
    ? ` – “${question?.statements?.find((s) => s.id === condition.statement)?.text?.en ?? condition.statement}”`
    : '';
  const subject = `${condition.question}${statement}`;
  if ('answered' in condition) return `${subject} was ${condition.answered ? '' : 'not '}answered`;
  const answers = condition.in.map((code) => `“${answerLabel(question, code)}”`);
  return `${subject} is ${answers.length > 1 ? `${answers.slice(0, -1).join(', ')} or ${answers.at(-1)}` : (answers[0] ?? 'nothing')}`;
}
