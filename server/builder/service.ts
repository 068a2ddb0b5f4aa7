import type { Condition, QuestionType } from '../surveys/schema.ts';
import type { DefinitionProblem } from '../surveys/definition-rules.ts';
import { offersWelsh, type LabelDoc, type OptionDoc, type PageDoc, type QuestionDoc, type SurveyDoc } from './document.ts';
import type { DetailsForm, LabelFields, PageForm, QuestionForm, RoutingForm } from './schemas.ts';

// Pure editing operations on a draft document: each takes the document (already a private copy,
// see readSurveyDoc) and what a form said, changes the document, and says which item to scroll back
// to. No database, no HTTP, so every rule (stable codes, generated ids, references kept in step
// when an id changes) is easy to test on its own.

/** The ids and codes that a published version has already used: they can never change meaning. */
export interface PublishedIds {
  pages: Set<string>;
  questions: Set<string>;
  /** Statement ids by question id. */
  statements: Map<string, Set<string>>;
  /** Option codes by question id. */
  codes: Map<string, Set<string>>;
}

/** What an operation changed and which item the builder should show. */
export interface EditOutcome {
  doc: SurveyDoc;
  anchor: string;
}

/** An operation that could not be applied, with the reason to show. */
export class EditRefused extends Error {}

// ---- anchors -------------------------------------------------------------------------------

/** The HTML id of a page's block in the builder. */
export const pageAnchor = (p: number) => `page-${p}`;
/** The HTML id of a question's block in the builder. */
export const questionAnchor = (p: number, q: number) => `question-${p}-${q}`;
/** The HTML id of an option row. */
export const optionAnchor = (p: number, q: number, o: number) => `question-${p}-${q}-option-${o}`;
/** The HTML id of a statement row. */
export const statementAnchor = (p: number, q: number, s: number) => `question-${p}-${q}-statement-${s}`;
/** The HTML id of a question's routing summary. */
export const routingAnchor = (p: number, q: number) => `question-${p}-${q}-routing`;

// ---- ids and codes ---------------------------------------------------------------------------

const STOP_WORDS = new Set(['a', 'an', 'the', 'of', 'to', 'and', 'or', 'in', 'on', 'for', 'is', 'are', 'do', 'does', 'you', 'your', 'be', 'with', 'that', 'this', 'which', 'these', 'how', 'what']);

/** An id in the definition's id format built from wording: `q_` + the telling words, unique among
 * `taken` (a `_2`, `_3` suffix when needed). "How old are you?" gives `q_old`. */
export function generateId(prefix: 'p' | 'q' | 's', wording: string, taken: Set<string>): string {
  const words = wording
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  const telling = words.filter((word) => !STOP_WORDS.has(word));
  let stem = '';
  for (const word of telling.length > 0 ? telling : words) {
    const next = stem ? `${stem}_${word}` : word;
    if (next.length > 32) break;
    stem = next;
    if (stem.split('_').length >= 4) break;
  }
  const base = stem ? `${prefix}_${stem}` : `${prefix}_1`;
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base.replace(/_1$/, '')}_${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** A URL slug from a title: lower-case words joined by hyphens, at most 60 characters. */
export function slugFromTitle(title: string): string {
  const words = title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > 60) break;
    slug = next;
  }
  return slug || 'survey';
}

/** The first of `slug`, `slug-2`, `slug-3`... that is not taken. */
export function uniqueSlug(slug: string, taken: (candidate: string) => boolean): string {
  if (!taken(slug)) return slug;
  for (let n = 2; ; n++) if (!taken(`${slug}-${n}`)) return `${slug}-${n}`;
}

/** The next free whole-number code: one more than any code the question has now or has ever been
 * published with, so a deleted code is never handed to a new answer. */
export function nextOptionCode(options: OptionDoc[], reserved: Set<string> = new Set()): string {
  let highest = 0;
  for (const code of [...options.map((o) => o.code), ...reserved]) {
    if (/^\d+$/.test(code)) highest = Math.max(highest, Number(code));
  }
  return String(highest + 1);
}

/** Every question id in the document. */
function questionIds(doc: SurveyDoc): Set<string> {
  return new Set(doc.pages.flatMap((page) => page.questions.map((q) => q.id)));
}

// ---- labels ----------------------------------------------------------------------------------

/** A label from two inputs. An optional label with nothing typed disappears; Welsh left empty is
 * left out so the definition rules can say it is missing. A form without a Welsh input (Welsh was
 * off when it was drawn) keeps the Welsh already there, so switching Welsh off and on loses nothing. */
export function applyLabel(existing: LabelDoc | undefined, typed: LabelFields, welsh: boolean, required: boolean): LabelDoc | undefined {
  const en = typed.en.trim();
  const cy = welsh && typed.cy !== undefined ? typed.cy.trim() : (existing?.cy ?? '');
  if (!required && en === '' && cy === '') return undefined;
  return cy === '' ? { en } : { en, cy };
}

function setOptional<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined) {
  if (value === undefined) delete target[key];
  else target[key] = value;
}

// ---- finding things --------------------------------------------------------------------------

function pageAt(doc: SurveyDoc, p: number): PageDoc {
  const page = doc.pages[p];
  if (!page) throw new EditRefused(`There is no page ${p + 1}.`);
  return page;
}

function questionAt(doc: SurveyDoc, p: number, q: number): QuestionDoc {
  const question = pageAt(doc, p).questions[q];
  if (!question) throw new EditRefused(`Page ${p + 1} has no question ${q + 1}.`);
  return question;
}

function move<T>(list: T[], index: number, direction: 'up' | 'down'): number {
  const to = direction === 'up' ? index - 1 : index + 1;
  if (index < 0 || index >= list.length) throw new EditRefused('There is nothing there to move.');
  if (to < 0 || to >= list.length) return index; // already first or last: nothing to do
  [list[index], list[to]] = [list[to]!, list[index]!];
  return to;
}

/** Calls `visit` on every leaf of a condition (the parts that name a question). */
function eachLeaf(condition: Condition, visit: (leaf: Extract<Condition, { question: string }>) => void) {
  if ('all' in condition) condition.all.forEach((c) => eachLeaf(c, visit));
  else if ('any' in condition) condition.any.forEach((c) => eachLeaf(c, visit));
  else if ('not' in condition) eachLeaf(condition.not, visit);
  else visit(condition);
}

function eachCondition(doc: SurveyDoc, visit: (leaf: Extract<Condition, { question: string }>) => void) {
  for (const page of doc.pages) for (const question of page.questions) if (question.showIf) eachLeaf(question.showIf, visit);
}

// ---- the survey's details --------------------------------------------------------------------

/** Applies the details form: title, description, Welsh on or off, methodology, screen-out message. */
export function updateDetails(doc: SurveyDoc, form: DetailsForm): EditOutcome {
  const welsh = form.welsh;
  doc.languages = welsh ? ['en', 'cy'] : ['en'];
  doc.title = applyLabel(doc.title, form.title, welsh, true)!;
  doc.description = applyLabel(doc.description, form.description, welsh, true)!;
  setOptional(doc, 'screenOutMessage', applyLabel(doc.screenOutMessage, form.screenOutMessage, welsh, false));
  const metadata = doc.metadata;
  const text = (value: string) => (value.trim() === '' ? undefined : value.trim());
  // Required metadata stays as an empty string so the definition rules name what is missing.
  metadata.organisation = form.organisation.trim();
  metadata.population = form.population.trim();
  metadata.geography = form.geography.trim();
  setOptional(metadata, 'commissioner', text(form.commissioner));
  setOptional(metadata, 'conductedBy', text(form.conductedBy));
  setOptional(metadata, 'contact', text(form.contact));
  metadata.method = form.method;
  const start = text(form.fieldworkStart);
  const end = text(form.fieldworkEnd);
  setOptional(metadata, 'fieldwork', start || end ? { start: start ?? '', ...(end ? { end } : {}) } : undefined);
  metadata.privacyNotice = applyLabel(metadata.privacyNotice, form.privacyNotice, welsh, true);
  return { doc, anchor: 'details' };
}

// ---- pages -----------------------------------------------------------------------------------

/** Adds an empty page at the end, its id made from its title. */
export function addPage(doc: SurveyDoc, title: LabelFields): EditOutcome {
  const taken = new Set(doc.pages.map((page) => page.id));
  const label = applyLabel(undefined, title, offersWelsh(doc), false);
  const id = generateId('p', title.en || `page ${doc.pages.length + 1}`, taken);
  doc.pages.push(label ? { id, title: label, questions: [] } : { id, questions: [] });
  return { doc, anchor: pageAnchor(doc.pages.length - 1) };
}

/** Applies a page's form (id while it is unpublished, title, intro). */
export function updatePage(doc: SurveyDoc, form: PageForm, published: PublishedIds, introSupported: boolean): EditOutcome {
  const page = pageAt(doc, form.page);
  const welsh = offersWelsh(doc);
  const newId = form.id?.trim();
  if (newId !== undefined && newId !== '' && newId !== page.id && !published.pages.has(page.id)) page.id = newId;
  setOptional(page, 'title', applyLabel(page.title, form.title, welsh, false));
  if (introSupported) setOptional(page, 'intro', applyLabel(page.intro, form.intro, welsh, false));
  return { doc, anchor: pageAnchor(form.page) };
}

/** Moves a page one place up or down. */
export function movePage(doc: SurveyDoc, p: number, direction: 'up' | 'down'): EditOutcome {
  pageAt(doc, p);
  return { doc, anchor: pageAnchor(move(doc.pages, p, direction)) };
}

/** Deletes a page and its questions. */
export function deletePage(doc: SurveyDoc, p: number): EditOutcome {
  pageAt(doc, p);
  doc.pages.splice(p, 1);
  return { doc, anchor: doc.pages.length === 0 ? 'pages' : pageAnchor(Math.min(p, doc.pages.length - 1)) };
}

// ---- questions -------------------------------------------------------------------------------

/** A new question of a type with sensible starting fields. */
export function newQuestion(type: QuestionType, id: string, text: LabelDoc): QuestionDoc {
  const base = { id, type, text };
  switch (type) {
    case 'single-choice':
    case 'multiple-choice':
      return { ...base, options: [] };
    case 'likert':
      return { ...base, scale: 'agree5', dontKnow: true };
    case 'likert-grid':
      return { ...base, scale: 'agree5', dontKnow: true, statements: [] };
    case 'number':
      return { ...base, integer: true };
    default:
      return base;
  }
}

/** Adds a question at the end of a page, its id made from its wording. */
export function addQuestion(doc: SurveyDoc, p: number, type: QuestionType, text: LabelFields): EditOutcome {
  const page = pageAt(doc, p);
  const id = generateId('q', text.en, questionIds(doc));
  page.questions.push(newQuestion(type, id, applyLabel(undefined, text, offersWelsh(doc), true)!));
  return { doc, anchor: questionAnchor(p, page.questions.length - 1) };
}

/** Renames a question everywhere: its own id and every condition that looks at it. */
function renameQuestion(doc: SurveyDoc, question: QuestionDoc, id: string) {
  const old = question.id;
  question.id = id;
  eachCondition(doc, (leaf) => {
    if (leaf.question === old) leaf.question = id;
  });
}

/** Applies everything a question's form holds: wording, hint, required, the type's own fields,
 * option and statement wording, screening. Ids change only while unpublished. */
export function updateQuestion(doc: SurveyDoc, form: QuestionForm, published: PublishedIds): EditOutcome {
  const question = questionAt(doc, form.page, form.question);
  const welsh = offersWelsh(doc);
  const newId = form.id?.trim();
  if (newId !== undefined && newId !== '' && newId !== question.id && !published.questions.has(question.id)) renameQuestion(doc, question, newId);
  question.text = applyLabel(question.text, form.text, welsh, true)!;
  setOptional(question, 'hint', applyLabel(question.hint, form.hint, welsh, false));
  question.required = form.required;

  if (question.type === 'single-choice' || question.type === 'multiple-choice') {
    const options = question.options ?? [];
    options.forEach((option, o) => {
      const typed = form.options[o];
      if (typed) option.label = applyLabel(option.label, typed, welsh, true)!;
    });
    question.options = options;
    if (question.type === 'multiple-choice') setOptional(question, 'maxSelections', form.maxSelections);
  }
  if (question.type === 'likert' || question.type === 'likert-grid') {
    if (form.scale !== undefined) question.scale = form.scale;
    question.dontKnow = form.dontKnow;
  }
  if (question.type === 'single-choice' || question.type === 'likert') {
    const codes = new Set(codesOf(question));
    // Keep the ticked codes in the question's own order, so the document reads naturally.
    const screenOut = [...codes].filter((code) => form.screenOut.includes(code));
    setOptional(question, 'screenOut', screenOut.length > 0 ? screenOut : undefined);
  }
  if (question.type === 'likert-grid') {
    const statements = question.statements ?? [];
    const permanent = published.statements.get(question.id) ?? new Set<string>();
    statements.forEach((statement, s) => {
      const typed = form.statements[s];
      if (!typed) return;
      const typedId = typed.id?.trim();
      if (typedId !== undefined && typedId !== '' && typedId !== statement.id && !permanent.has(statement.id)) {
        const old = statement.id;
        statement.id = typedId;
        eachCondition(doc, (leaf) => {
          if (leaf.question === question.id && leaf.statement === old) leaf.statement = typedId;
        });
      }
      statement.text = applyLabel(statement.text, typed, welsh, true)!;
    });
    question.statements = statements;
  }
  if (question.type === 'number') {
    question.integer = form.integer;
    setOptional(question, 'min', form.min);
    setOptional(question, 'max', form.max);
    setOptional(question, 'unit', applyLabel(question.unit, form.unit, welsh, false));
  }
  if (question.type === 'short-text' || question.type === 'long-text') setOptional(question, 'maxLength', form.maxLength);
  return { doc, anchor: questionAnchor(form.page, form.question) };
}

/** The answer codes a question offers: its options, or its scale's points and "don't know". */
export function codesOf(question: QuestionDoc): string[] {
  if (question.type === 'single-choice' || question.type === 'multiple-choice') return (question.options ?? []).map((o) => o.code);
  if (question.type === 'likert' || question.type === 'likert-grid') {
    const points = question.scale === 'confidence4' ? ['1', '2', '3', '4'] : ['1', '2', '3', '4', '5'];
    return question.dontKnow ? [...points, '9'] : points;
  }
  return [];
}

/** Moves a question one place up or down on its page. */
export function moveQuestion(doc: SurveyDoc, p: number, q: number, direction: 'up' | 'down'): EditOutcome {
  questionAt(doc, p, q);
  return { doc, anchor: questionAnchor(p, move(pageAt(doc, p).questions, q, direction)) };
}

/** Moves a question to the end of another page. */
export function moveQuestionToPage(doc: SurveyDoc, p: number, q: number, target: number): EditOutcome {
  const question = questionAt(doc, p, q);
  const to = pageAt(doc, target);
  if (target === p) return { doc, anchor: questionAnchor(p, q) };
  pageAt(doc, p).questions.splice(q, 1);
  to.questions.push(question);
  return { doc, anchor: questionAnchor(target, to.questions.length - 1) };
}

/** Deletes a question. Conditions that looked at it are left for the definition rules to point out,
 * so nobody's routing silently changes meaning. */
export function deleteQuestion(doc: SurveyDoc, p: number, q: number): EditOutcome {
  questionAt(doc, p, q);
  const page = pageAt(doc, p);
  page.questions.splice(q, 1);
  return { doc, anchor: page.questions.length === 0 ? pageAnchor(p) : questionAnchor(p, Math.min(q, page.questions.length - 1)) };
}

// ---- options and statements ------------------------------------------------------------------

function choiceQuestion(doc: SurveyDoc, p: number, q: number): QuestionDoc & { options: OptionDoc[] } {
  const question = questionAt(doc, p, q);
  if (question.type !== 'single-choice' && question.type !== 'multiple-choice') throw new EditRefused('Only choice questions have options.');
  question.options ??= [];
  return question as QuestionDoc & { options: OptionDoc[] };
}

function gridQuestion(doc: SurveyDoc, p: number, q: number) {
  const question = questionAt(doc, p, q);
  if (question.type !== 'likert-grid') throw new EditRefused('Only grid questions have statements.');
  question.statements ??= [];
  return question as QuestionDoc & { statements: NonNullable<QuestionDoc['statements']> };
}

/** Adds an option with the next free code. */
export function addOption(doc: SurveyDoc, p: number, q: number, label: LabelFields, published: PublishedIds): EditOutcome {
  const question = choiceQuestion(doc, p, q);
  const code = nextOptionCode(question.options, published.codes.get(question.id));
  question.options.push({ code, label: applyLabel(undefined, label, offersWelsh(doc), true)! });
  return { doc, anchor: optionAnchor(p, q, question.options.length - 1) };
}

/** Moves an option one place; its code goes with it. */
export function moveOption(doc: SurveyDoc, p: number, q: number, o: number, direction: 'up' | 'down'): EditOutcome {
  const question = choiceQuestion(doc, p, q);
  return { doc, anchor: optionAnchor(p, q, move(question.options, o, direction)) };
}

/** Deletes an option, and its code from the question's screening list. */
export function deleteOption(doc: SurveyDoc, p: number, q: number, o: number): EditOutcome {
  const question = choiceQuestion(doc, p, q);
  const option = question.options[o];
  if (!option) throw new EditRefused('There is no such option.');
  question.options.splice(o, 1);
  if (question.screenOut) {
    const left = question.screenOut.filter((code) => code !== option.code);
    setOptional(question, 'screenOut', left.length > 0 ? left : undefined);
  }
  return { doc, anchor: questionAnchor(p, q) };
}

/** Adds a statement to a grid, its id made from its wording. */
export function addStatement(doc: SurveyDoc, p: number, q: number, text: LabelFields, published: PublishedIds): EditOutcome {
  const question = gridQuestion(doc, p, q);
  const taken = new Set([...question.statements.map((s) => s.id), ...(published.statements.get(question.id) ?? [])]);
  question.statements.push({ id: generateId('s', text.en, taken), text: applyLabel(undefined, text, offersWelsh(doc), true)! });
  return { doc, anchor: statementAnchor(p, q, question.statements.length - 1) };
}

/** Moves a statement one place. */
export function moveStatement(doc: SurveyDoc, p: number, q: number, s: number, direction: 'up' | 'down'): EditOutcome {
  const question = gridQuestion(doc, p, q);
  return { doc, anchor: statementAnchor(p, q, move(question.statements, s, direction)) };
}

/** Deletes a statement from a grid. */
export function deleteStatement(doc: SurveyDoc, p: number, q: number, s: number): EditOutcome {
  const question = gridQuestion(doc, p, q);
  if (!question.statements[s]) throw new EditRefused('There is no such statement.');
  question.statements.splice(s, 1);
  return { doc, anchor: questionAnchor(p, q) };
}

// ---- routing ---------------------------------------------------------------------------------

/** One line of the routing editor: a question (and a grid's statement) and what it must hold. */
export interface RoutingClause {
  question: string;
  statement?: string;
  test: 'in' | 'answered' | 'unanswered';
  codes: string[];
}

/** The routing editor's model: the clauses, combined with all or any, optionally negated. */
export interface RoutingModel {
  mode: 'all' | 'any';
  negate: boolean;
  clauses: RoutingClause[];
}

function clauseOf(condition: Condition): RoutingClause | undefined {
  if (!('question' in condition)) return undefined;
  if ('in' in condition) return { question: condition.question, statement: condition.statement, test: 'in', codes: [...condition.in] };
  return { question: condition.question, statement: condition.statement, test: condition.answered ? 'answered' : 'unanswered', codes: [] };
}

/** The editor's view of a condition, or undefined when the condition is nested more deeply than the
 * editor shows (an imported file may do that); such a condition is shown as text and can be replaced. */
export function routingModelOf(condition: Condition | undefined): RoutingModel | undefined {
  if (!condition) return { mode: 'all', negate: false, clauses: [] };
  let negate = false;
  let inner = condition;
  if ('not' in inner) {
    negate = true;
    inner = inner.not;
  }
  const group = 'all' in inner ? { mode: 'all' as const, list: inner.all } : 'any' in inner ? { mode: 'any' as const, list: inner.any } : undefined;
  const clauses = (group ? group.list : [inner]).map(clauseOf);
  if (clauses.some((clause) => clause === undefined)) return undefined;
  return { mode: group?.mode ?? 'all', negate, clauses: clauses as RoutingClause[] };
}

/** The showIf a routing model stands for; undefined when it has no clauses. */
export function conditionOf(model: RoutingModel): Condition | undefined {
  const leaves: Condition[] = model.clauses.map((clause) => {
    const target = clause.statement ? { question: clause.question, statement: clause.statement } : { question: clause.question };
    if (clause.test === 'in') return { ...target, in: clause.codes };
    return { ...target, answered: clause.test === 'answered' };
  });
  if (leaves.length === 0) return undefined;
  const combined: Condition = leaves.length === 1 ? leaves[0]! : model.mode === 'any' ? { any: leaves } : { all: leaves };
  return model.negate ? { not: combined } : combined;
}

/** The questions a question on page `p` may be routed on: those on earlier pages. */
export function earlierQuestions(doc: SurveyDoc, p: number): { page: number; question: QuestionDoc }[] {
  return doc.pages.slice(0, p).flatMap((page, index) => page.questions.map((question) => ({ page: index, question })));
}

/** Problems with a routing model before it is saved: each clause needs something to look for. */
export function routingModelProblems(doc: SurveyDoc, p: number, model: RoutingModel): Record<string, string> {
  const problems: Record<string, string> = {};
  const earlier = new Map(earlierQuestions(doc, p).map(({ question }) => [question.id, question]));
  model.clauses.forEach((clause, i) => {
    const target = earlier.get(clause.question);
    if (!target) problems[`clause.${i}`] = `"${clause.question}" is not a question on an earlier page`;
    else if (clause.test === 'in' && clause.codes.length === 0) problems[`clause.${i}`] = `Tick at least one answer to "${target.id}"`;
    else if (target.type === 'likert-grid' && !clause.statement) problems[`clause.${i}`] = `Choose which statement of "${target.id}" to look at`;
  });
  return problems;
}

/** A fresh clause for a question: its first statement for a grid, "was answered" for a question without codes. */
export function newClause(question: QuestionDoc): RoutingClause {
  const codes = codesOf(question);
  const statement = question.type === 'likert-grid' ? question.statements?.[0]?.id : undefined;
  return { question: question.id, ...(statement ? { statement } : {}), test: codes.length > 0 ? 'in' : 'answered', codes: [] };
}

/** The routing model a submitted editor form describes. */
export function routingModelFromForm(form: RoutingForm): RoutingModel {
  return {
    mode: form.mode,
    negate: form.negate,
    clauses: form.clauses.map((clause) => ({
      question: clause.question,
      ...(clause.statement ? { statement: clause.statement } : {}),
      test: clause.test,
      codes: clause.test === 'in' ? clause.codes : [],
    })),
  };
}

/** Sets (or with undefined, removes) a question's showIf. */
export function setShowIf(doc: SurveyDoc, p: number, q: number, condition: Condition | undefined): EditOutcome {
  setOptional(questionAt(doc, p, q), 'showIf', condition);
  return { doc, anchor: routingAnchor(p, q) };
}

// ---- where a problem belongs -----------------------------------------------------------------

/** A definition problem placed at the builder item it concerns. */
export interface PlacedProblem {
  anchor: string;
  /** What the item is, for the summary: "Page 2, question 1 (q_age)". */
  item: string;
  /** The field within the item, in words: "Welsh text". */
  field: string;
  message: string;
}

const FIELD_NAMES: Record<string, string> = {
  id: 'Id',
  text: 'Text',
  hint: 'Hint',
  title: 'Title',
  intro: 'Introduction',
  description: 'Description',
  label: 'Label',
  code: 'Code',
  options: 'Options',
  statements: 'Statements',
  required: 'Required',
  screenOut: 'Screening',
  showIf: 'Routing',
  maxSelections: 'Most answers allowed',
  min: 'Minimum',
  max: 'Maximum',
  unit: 'Unit',
  maxLength: 'Maximum length',
  scale: 'Scale',
  dontKnow: "Don't know",
  integer: 'Whole numbers only',
  questions: 'Questions',
  languages: 'Languages',
  slug: 'Slug',
  version: 'Version',
  pages: 'Pages',
  screenOutMessage: 'Screen-out message',
  organisation: 'Organisation',
  commissioner: 'Commissioned by',
  conductedBy: 'Conducted by',
  population: 'Population',
  geography: 'Geography',
  method: 'Method',
  fieldwork: 'Fieldwork',
  start: 'start',
  end: 'end',
  privacyNotice: 'Privacy notice',
  contact: 'Contact',
};

/** Words for the rest of a problem path: `text.cy` becomes "Text (Welsh)". */
function fieldName(rest: string): string {
  const parts = rest.split('.').filter((part) => part !== '' && part !== 'metadata');
  let language = '';
  if (parts.at(-1) === 'cy') language = ' (Welsh)';
  if (parts.at(-1) === 'en') language = ' (English)';
  const named = parts
    .filter((part) => part !== 'cy' && part !== 'en')
    .map((part) => part.replace(/\[\d+\]$/, ''))
    .map((part) => FIELD_NAMES[part] ?? part);
  return `${named.join(' ') || 'This item'}${language}`;
}

/** Places each problem at the item it concerns: the option, statement, routing, question or page
 * named by its path, or the survey's details. */
export function placeProblems(doc: SurveyDoc, problems: DefinitionProblem[]): PlacedProblem[] {
  return problems.map((problem) => {
    const path = problem.path;
    const q = /^pages\[(\d+)\]\.questions\[(\d+)\](.*)$/.exec(path);
    if (q) {
      const p = Number(q[1]);
      const i = Number(q[2]);
      const rest = q[3]!;
      const id = doc.pages[p]?.questions[i]?.id;
      const item = `Page ${p + 1}, question ${i + 1}${id ? ` (${id})` : ''}`;
      const option = /^\.options\[(\d+)\](.*)$/.exec(rest);
      if (option) return { anchor: optionAnchor(p, i, Number(option[1])), item: `${item}, option ${Number(option[1]) + 1}`, field: fieldName(option[2]!), message: problem.message };
      const statement = /^\.statements\[(\d+)\](.*)$/.exec(rest);
      if (statement)
        return { anchor: statementAnchor(p, i, Number(statement[1])), item: `${item}, statement ${Number(statement[1]) + 1}`, field: fieldName(statement[2]!), message: problem.message };
      if (rest.startsWith('.showIf')) return { anchor: routingAnchor(p, i), item, field: 'Routing', message: problem.message };
      return { anchor: questionAnchor(p, i), item, field: rest === '' ? 'This question' : fieldName(rest.slice(1)), message: problem.message };
    }
    const page = /^pages\[(\d+)\](.*)$/.exec(path);
    if (page) {
      const p = Number(page[1]);
      const rest = page[2]!;
      return { anchor: pageAnchor(p), item: `Page ${p + 1}`, field: rest === '' ? 'This page' : fieldName(rest.slice(1)), message: problem.message };
    }
    if (path === 'pages') return { anchor: 'pages', item: 'Pages', field: 'Pages', message: problem.message };
    return { anchor: 'details', item: 'Survey details', field: path === '' ? 'The survey' : fieldName(path), message: problem.message };
  });
}
