import { scaleOptions, SCALES, type NetDefinition } from './scales.ts';
import type { Label, Language, Option, Page, Question, SurveyDefinition } from './schema.ts';

/** One answer as stored and as sent to the API, by question type:
 * single-choice and likert: a code; multiple-choice: codes; likert-grid: statement id -> code;
 * number: a number; short-text and long-text: a string. */
export type AnswerValue = string | number | string[] | Record<string, string>;
export type Answers = Record<string, AnswerValue>;

/** Every question of a definition in the order respondents meet them. */
export function listQuestions(definition: SurveyDefinition): Question[] {
  return definition.pages.flatMap((page) => page.questions);
}

/** Finds a question by id, with the page it sits on. */
export function findQuestion(definition: SurveyDefinition, id: string): { question: Question; page: Page } | undefined {
  for (const page of definition.pages) {
    const question = page.questions.find((q) => q.id === id);
    if (question) return { question, page };
  }
  return undefined;
}

/** The answer options of a choice or scale question (empty for number and text questions). */
export function optionsOf(question: Question): Option[] {
  switch (question.type) {
    case 'single-choice':
    case 'multiple-choice':
      return question.options;
    case 'likert':
    case 'likert-grid':
      return scaleOptions(question.scale, question.dontKnow);
    default:
      return [];
  }
}

/** The nets a question is reported with: top-2 and bottom-2 for scale questions, none otherwise. */
export function netsOf(question: Question): NetDefinition[] {
  return question.type === 'likert' || question.type === 'likert-grid' ? SCALES[question.scale].nets : [];
}

/** A label in the requested language, falling back to English where Welsh is missing. */
export function localise(label: Label | undefined, language: Language): string {
  if (!label) return '';
  return (language === 'cy' ? label.cy : undefined) ?? label.en;
}
