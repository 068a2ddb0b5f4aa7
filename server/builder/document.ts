import type { Condition, QuestionType } from '../surveys/schema.ts';

// The draft document as the builder edits it: the shape of a definition, but loose, because a
// draft may be incomplete or invalid while someone works on it (empty labels, a page with no
// questions yet, a number field someone typed words into). checkDefinition judges it; the builder
// only has to be able to read and write it.

/** A label being edited: English always present (possibly empty), Welsh when given. */
export interface LabelDoc {
  en: string;
  cy?: string;
}

export interface OptionDoc {
  code: string;
  label: LabelDoc;
}

export interface StatementDoc {
  id: string;
  text: LabelDoc;
}

export interface QuestionDoc {
  id: string;
  type: QuestionType;
  text: LabelDoc;
  hint?: LabelDoc;
  required?: boolean;
  showIf?: Condition;
  options?: OptionDoc[];
  screenOut?: string[];
  maxSelections?: number;
  scale?: string;
  dontKnow?: boolean;
  statements?: StatementDoc[];
  integer?: boolean;
  min?: number;
  max?: number;
  unit?: LabelDoc;
  maxLength?: number;
}

export interface PageDoc {
  id: string;
  title?: LabelDoc;
  intro?: LabelDoc;
  questions: QuestionDoc[];
}

export interface MetadataDoc {
  organisation?: string;
  commissioner?: string;
  conductedBy?: string;
  population?: string;
  geography?: string;
  method?: string;
  fieldwork?: { start?: string; end?: string };
  privacyNotice?: LabelDoc;
  contact?: string;
}

export interface SurveyDoc {
  slug: string;
  version: number;
  title: LabelDoc;
  description: LabelDoc;
  languages: string[];
  metadata: MetadataDoc;
  screenOutMessage?: LabelDoc;
  pages: PageDoc[];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A copy of a stored draft document with every container the builder walks (pages, questions,
 * options, statements, metadata) guaranteed to exist; everything else is kept exactly as stored. */
export function readSurveyDoc(document: Record<string, unknown>): SurveyDoc {
  const doc = structuredClone(document) as Record<string, unknown>;
  if (!isRecord(doc.title)) doc.title = { en: '' };
  if (!isRecord(doc.description)) doc.description = { en: '' };
  if (!Array.isArray(doc.languages)) doc.languages = ['en'];
  if (!isRecord(doc.metadata)) doc.metadata = {};
  if (!Array.isArray(doc.pages)) doc.pages = [];
  for (const page of doc.pages as unknown[]) {
    if (!isRecord(page)) continue;
    if (!Array.isArray(page.questions)) page.questions = [];
    for (const question of page.questions as unknown[]) {
      if (!isRecord(question)) continue;
      if (!isRecord(question.text)) question.text = { en: '' };
      if (question.type === 'single-choice' || question.type === 'multiple-choice') {
        if (!Array.isArray(question.options)) question.options = [];
      }
      if (question.type === 'likert-grid' && !Array.isArray(question.statements)) question.statements = [];
    }
  }
  // Anything that is not an object in a list (an import gone wrong) cannot be edited; drop it so
  // every index the builder shows is an editable item. checkDefinition never saw it as valid anyway.
  doc.pages = (doc.pages as unknown[]).filter(isRecord);
  for (const page of doc.pages as Record<string, unknown>[]) page.questions = (page.questions as unknown[]).filter(isRecord);
  return doc as unknown as SurveyDoc;
}

/** A label for display in an input: never undefined, Welsh empty when missing. */
export function labelValues(label: unknown): { en: string; cy: string } {
  if (!isRecord(label)) return { en: '', cy: '' };
  return { en: typeof label.en === 'string' ? label.en : '', cy: typeof label.cy === 'string' ? label.cy : '' };
}

/** True when the survey offers Welsh. */
export function offersWelsh(doc: SurveyDoc): boolean {
  return doc.languages.includes('cy');
}
