import type { AnswerValue, Answers } from '../surveys/model.ts';
import type { Page, Question } from '../surveys/schema.ts';

// Turns the fields of a submitted page into answers as the rest of Attune stores them. Anything
// unparseable is kept as typed so that answer-rules reports it and the page shows it back unchanged.

/** The fields of a urlencoded or multipart form body, each name with all its values. */
export type FormFields = Map<string, string[]>;

/** Collects a FormData (or URLSearchParams) into name -> values, ignoring uploaded files. */
export function readFormFields(form: { forEach(callback: (value: FormDataEntryValue, key: string) => void): void }): FormFields {
  const fields: FormFields = new Map();
  form.forEach((value, key) => {
    if (typeof value !== 'string') return;
    const list = fields.get(key) ?? [];
    list.push(value);
    fields.set(key, list);
  });
  return fields;
}

const PLAIN_DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** A number field's value: a number when it is a plain decimal, otherwise the text as typed. */
export function parseNumberField(raw: string): number | string {
  const trimmed = raw.trim();
  return PLAIN_DECIMAL.test(trimmed) ? Number(trimmed) : raw;
}

// Browsers send textarea line breaks as CRLF; counting them as one character matches what people see.
const normaliseText = (raw: string) => raw.replace(/\r\n?/g, '\n').trim();

/** One question's answer from the form, or undefined when the respondent gave none. */
export function readAnswer(question: Question, fields: FormFields): AnswerValue | undefined {
  const values = fields.get(question.id) ?? [];
  const first = values[0];
  switch (question.type) {
    case 'single-choice':
    case 'likert':
      return first === undefined || first === '' ? undefined : first;
    case 'multiple-choice': {
      const codes = values.filter((code) => code !== '');
      return codes.length === 0 ? undefined : codes;
    }
    case 'likert-grid': {
      const record: Record<string, string> = {};
      for (const statement of question.statements) {
        const code = fields.get(`${question.id}.${statement.id}`)?.[0];
        if (code !== undefined && code !== '') record[statement.id] = code;
      }
      return Object.keys(record).length === 0 ? undefined : record;
    }
    case 'number':
      return first === undefined || first.trim() === '' ? undefined : parseNumberField(first);
    case 'short-text':
    case 'long-text': {
      const text = first === undefined ? '' : normaliseText(first);
      return text === '' ? undefined : text;
    }
  }
}

/** Every answer a page's form holds, keyed by question id; blank questions are left out. */
export function readPageAnswers(page: Page, fields: FormFields): Answers {
  const answers: Answers = {};
  for (const question of page.questions) {
    const value = readAnswer(question, fields);
    if (value !== undefined) answers[question.id] = value;
  }
  return answers;
}
