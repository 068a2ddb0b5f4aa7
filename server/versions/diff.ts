import { canonicalJson } from '../surveys/canonical-json.ts';
import { listQuestions, optionsOf } from '../surveys/model.ts';
import type { Label, Option, Page, Question, SurveyDefinition } from '../surveys/schema.ts';
import { describeCondition, describeScreenOut, describeSettings, describeType } from './describe.ts';

// The difference between a draft and the latest published version, as a researcher reads it before
// publishing: a verdict for every question, plus the changes to pages and to the survey itself; and
// the changes publishing must refuse because they would change what an existing answer code means.
// Pure: definitions in, plain data out.

/** What happened to one question between two versions. */
export type QuestionVerdict = 'unchanged' | 'changed' | 'new' | 'removed';

/** One kind of change to a question that appeared in both versions. */
export type ChangeKind =
  | 'wording'
  | 'options-added'
  | 'options-removed'
  | 'options-relabelled'
  | 'statements-added'
  | 'statements-removed'
  | 'statements-reworded'
  | 'routing'
  | 'required'
  | 'screening'
  | 'settings'
  | 'type'
  | 'scale'
  | 'moved';

/** The verdict names shown to researchers, in the order they are listed. */
export const CHANGE_LABELS: Record<ChangeKind, string> = {
  wording: 'wording changed',
  'options-added': 'options added',
  'options-removed': 'options removed',
  'options-relabelled': 'options relabelled',
  'statements-added': 'statements added',
  'statements-removed': 'statements removed',
  'statements-reworded': 'statements reworded',
  routing: 'routing changed',
  required: 'required changed',
  screening: 'screening changed',
  settings: 'settings changed',
  type: 'type changed',
  scale: 'scale changed',
  moved: 'moved to another page',
};

/** One specific change, with what it was and what it becomes where that can be shown as text. */
export interface Change {
  kind: ChangeKind;
  /** What changed, e.g. `Statement s_outdated (English)` or `Option added: "Prefer not to say" (6)`. */
  summary: string;
  before?: string;
  after?: string;
}

export interface QuestionDiff {
  id: string;
  verdict: QuestionVerdict;
  /** The verdict names, e.g. ["wording changed", "options added"]; ["unchanged"], ["new"] or ["removed"] otherwise. */
  labels: string[];
  /** The English wording: the draft's, or the old one for a removed question. */
  text: string;
  type: Question['type'];
  changes: Change[];
}

/** A survey-level or page-level field that changed (title, metadata, page intro, ...). */
export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

export interface PageDiff {
  id: string;
  verdict: 'unchanged' | 'changed' | 'new';
  title: string;
  changes: FieldChange[];
  /** The draft's questions on this page, in the draft's order. */
  questions: QuestionDiff[];
}

export interface VersionDiff {
  /** The published version compared against; null when nothing is published yet. */
  fromVersion: number | null;
  survey: FieldChange[];
  pages: PageDiff[];
  removedPages: { id: string; title: string }[];
  /** Questions only the published version has, with the page they were on. */
  removedQuestions: (QuestionDiff & { pageId: string })[];
  counts: Record<QuestionVerdict, number>;
  /** True when the draft's content equals the published version's (apart from the version number). */
  identical: boolean;
}

const NONE = '(none)';

function pageName(page: Page, index: number): string {
  return page.title?.en ?? `Page ${index + 1} (${page.id})`;
}

/** A change per language in which a label differs: English first, then Welsh. */
function labelChanges(what: string, kind: ChangeKind, before: Label | undefined, after: Label | undefined): Change[] {
  const out: Change[] = [];
  if ((before?.en ?? '') !== (after?.en ?? '')) out.push({ kind, summary: `${what} (English)`, before: before?.en ?? NONE, after: after?.en ?? NONE });
  if ((before?.cy ?? '') !== (after?.cy ?? '')) out.push({ kind, summary: `${what} (Welsh)`, before: before?.cy ?? NONE, after: after?.cy ?? NONE });
  return out;
}

function labelFieldChanges(field: string, before: Label | undefined, after: Label | undefined): FieldChange[] {
  return labelChanges(field, 'wording', before, after).map((c) => ({ field: c.summary, before: c.before!, after: c.after! }));
}

const optionText = (option: Option) => `"${option.label.en}" (${option.code})`;

/** Every change to a question present in both versions. */
function compareQuestion(
  before: Question,
  after: Question,
  context: { beforeDefinition: SurveyDefinition; afterDefinition: SurveyDefinition; beforePage: string; afterPage: string },
): Change[] {
  const changes: Change[] = [];
  if (before.type !== after.type) {
    changes.push({ kind: 'type', summary: 'Question type', before: describeType(before.type), after: describeType(after.type) });
  }
  changes.push(...labelChanges('Question text', 'wording', before.text, after.text));
  changes.push(...labelChanges('Hint', 'wording', before.hint, after.hint));

  const beforeScale = 'scale' in before ? before.scale : undefined;
  const afterScale = 'scale' in after ? after.scale : undefined;
  if (beforeScale && afterScale && beforeScale !== afterScale) changes.push({ kind: 'scale', summary: 'Answer scale', before: beforeScale, after: afterScale });

  // Options: by code, since the code is what is stored in every answer.
  const beforeOptions = optionsOf(before);
  const afterOptions = optionsOf(after);
  const beforeByCode = new Map(beforeOptions.map((o) => [o.code, o]));
  const afterByCode = new Map(afterOptions.map((o) => [o.code, o]));
  for (const option of afterOptions) {
    const old = beforeByCode.get(option.code);
    if (!old) changes.push({ kind: 'options-added', summary: `Option added: ${optionText(option)}` });
    else if (beforeScale === undefined || afterScale === undefined) {
      // Scale labels come from presets and cannot differ, so only listed options can be relabelled.
      changes.push(...labelChanges(`Option ${option.code}`, 'options-relabelled', old.label, option.label));
    }
  }
  for (const option of beforeOptions) {
    if (!afterByCode.has(option.code)) changes.push({ kind: 'options-removed', summary: `Option removed: ${optionText(option)}` });
  }
  if (before.type !== after.type || beforeScale !== afterScale) {
    // A different type or scale is reported (and refused) as a whole; per-option noise would hide it.
    const keep = new Set<ChangeKind>(['options-added', 'options-removed']);
    for (let i = changes.length - 1; i >= 0; i--) if (keep.has(changes[i]!.kind)) changes.splice(i, 1);
  }

  // Statements of a grid: by id.
  const beforeStatements = before.type === 'likert-grid' ? before.statements : [];
  const afterStatements = after.type === 'likert-grid' ? after.statements : [];
  const beforeStatementById = new Map(beforeStatements.map((s) => [s.id, s]));
  const afterStatementIds = new Set(afterStatements.map((s) => s.id));
  for (const statement of afterStatements) {
    const old = beforeStatementById.get(statement.id);
    if (!old) changes.push({ kind: 'statements-added', summary: `Statement added: ${statement.id}`, after: statement.text.en });
    else changes.push(...labelChanges(`Statement ${statement.id}`, 'statements-reworded', old.text, statement.text));
  }
  for (const statement of beforeStatements) {
    if (!afterStatementIds.has(statement.id)) changes.push({ kind: 'statements-removed', summary: `Statement removed: ${statement.id}`, before: statement.text.en });
  }

  const routing = (q: Question, d: SurveyDefinition) => (q.showIf ? `Shown if ${describeCondition(q.showIf, d)}` : 'Always shown');
  if (canonicalJson(before.showIf ?? null) !== canonicalJson(after.showIf ?? null)) {
    changes.push({ kind: 'routing', summary: 'Routing', before: routing(before, context.beforeDefinition), after: routing(after, context.afterDefinition) });
  }
  if (before.required !== after.required) {
    const word = (required: boolean) => (required ? 'required' : 'optional');
    changes.push({ kind: 'required', summary: 'Answer required', before: word(before.required), after: word(after.required) });
  }
  const beforeScreen = describeScreenOut(before) ?? NONE;
  const afterScreen = describeScreenOut(after) ?? NONE;
  if (beforeScreen !== afterScreen) changes.push({ kind: 'screening', summary: 'Screens out', before: beforeScreen, after: afterScreen });

  if (before.type === after.type) {
    const beforeSettings = describeSettings(before).join(', ');
    const afterSettings = describeSettings(after).join(', ');
    // "Don't know" appearing or going is already reported as an option added or removed.
    const withoutDontKnow = (s: string) => s.replace(/(, )?with "Don't know" \(9\)/, '');
    if (withoutDontKnow(beforeSettings) !== withoutDontKnow(afterSettings)) {
      changes.push({ kind: 'settings', summary: 'Settings', before: beforeSettings || NONE, after: afterSettings || NONE });
    }
  }
  if (context.beforePage !== context.afterPage) {
    changes.push({ kind: 'moved', summary: 'Page', before: context.beforePage, after: context.afterPage });
  }
  return changes;
}

/** The verdict names of a list of changes, each once, in a fixed order. */
function labelsOf(changes: Change[]): string[] {
  const kinds = new Set(changes.map((c) => c.kind));
  return (Object.keys(CHANGE_LABELS) as ChangeKind[]).filter((k) => kinds.has(k)).map((k) => CHANGE_LABELS[k]);
}

function metadataText(value: unknown): string {
  if (value === undefined || value === null) return NONE;
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value && 'en' in value) return String((value as Label).en);
  if (typeof value === 'object' && value && 'start' in value) {
    const fieldwork = value as { start: string; end?: string };
    return fieldwork.end ? `${fieldwork.start} to ${fieldwork.end}` : `from ${fieldwork.start}`;
  }
  return canonicalJson(value);
}

/** The survey-level changes: title, description, languages, metadata, screen-out message, weighting schemes. */
function compareSurvey(before: SurveyDefinition, after: SurveyDefinition): FieldChange[] {
  const changes: FieldChange[] = [];
  changes.push(...labelFieldChanges('Title', before.title, after.title));
  changes.push(...labelFieldChanges('Description', before.description, after.description));
  if (before.languages.join(',') !== after.languages.join(',')) {
    changes.push({ field: 'Languages', before: before.languages.join(', '), after: after.languages.join(', ') });
  }
  const keys = [...new Set([...Object.keys(before.metadata), ...Object.keys(after.metadata)])];
  for (const key of keys) {
    const b = (before.metadata as Record<string, unknown>)[key];
    const a = (after.metadata as Record<string, unknown>)[key];
    if (canonicalJson(b ?? null) === canonicalJson(a ?? null)) continue;
    if (key === 'privacyNotice') changes.push(...labelFieldChanges('Privacy notice', b as Label | undefined, a as Label | undefined));
    else changes.push({ field: `Metadata: ${key}`, before: metadataText(b), after: metadataText(a) });
  }
  changes.push(...labelFieldChanges('Screen-out message', before.screenOutMessage, after.screenOutMessage));
  // Weighting schemes change no question, but they change every weighted figure: show them by name.
  const schemes = (definition: SurveyDefinition) => new Map((definition.weighting ?? []).map((scheme) => [scheme.name, canonicalJson(scheme)]));
  const beforeSchemes = schemes(before);
  const afterSchemes = schemes(after);
  for (const name of new Set([...beforeSchemes.keys(), ...afterSchemes.keys()])) {
    if (beforeSchemes.get(name) === afterSchemes.get(name)) continue;
    const state = (map: Map<string, string>) => (map.has(name) ? 'defined' : NONE);
    changes.push({ field: `Weighting scheme: ${name}`, before: beforeSchemes.has(name) && afterSchemes.has(name) ? 'earlier targets' : state(beforeSchemes), after: beforeSchemes.has(name) && afterSchemes.has(name) ? 'new targets' : state(afterSchemes) });
  }
  return changes;
}

/** Compares a draft with the latest published version (or with nothing, for a first version). */
export function diffDefinitions(before: SurveyDefinition | null, after: SurveyDefinition): VersionDiff {
  const counts: Record<QuestionVerdict, number> = { unchanged: 0, changed: 0, new: 0, removed: 0 };
  const beforeQuestions = new Map<string, { question: Question; page: string; pageId: string }>();
  before?.pages.forEach((page, p) => page.questions.forEach((question) => beforeQuestions.set(question.id, { question, page: pageName(page, p), pageId: page.id })));
  const beforePages = new Map((before?.pages ?? []).map((page, p) => [page.id, { page, name: pageName(page, p) }]));
  const afterIds = new Set(listQuestions(after).map((q) => q.id));
  const afterPageIds = new Set(after.pages.map((p) => p.id));

  const pages: PageDiff[] = after.pages.map((page, p) => {
    const questions = page.questions.map((question): QuestionDiff => {
      const old = beforeQuestions.get(question.id);
      if (!old) {
        counts.new++;
        return { id: question.id, verdict: 'new', labels: ['new'], text: question.text.en, type: question.type, changes: [] };
      }
      const changes = compareQuestion(old.question, question, {
        beforeDefinition: before!,
        afterDefinition: after,
        beforePage: old.page,
        afterPage: pageName(page, p),
      });
      const verdict: QuestionVerdict = changes.length === 0 ? 'unchanged' : 'changed';
      counts[verdict]++;
      return { id: question.id, verdict, labels: changes.length === 0 ? ['unchanged'] : labelsOf(changes), text: question.text.en, type: question.type, changes };
    });
    const old = beforePages.get(page.id)?.page;
    const changes = old ? [...labelFieldChanges('Page title', old.title, page.title), ...labelFieldChanges('Page introduction', old.intro, page.intro)] : [];
    const pageVerdict = !before ? 'new' : !old ? 'new' : changes.length > 0 || questions.some((q) => q.verdict !== 'unchanged') ? 'changed' : 'unchanged';
    return { id: page.id, verdict: pageVerdict, title: pageName(page, p), changes, questions };
  });

  const removedQuestions = [...beforeQuestions.values()]
    .filter(({ question }) => !afterIds.has(question.id))
    .map(({ question, pageId }) => {
      counts.removed++;
      return { id: question.id, verdict: 'removed' as const, labels: ['removed'], text: question.text.en, type: question.type, changes: [], pageId };
    });
  const removedPages = [...beforePages.entries()].filter(([id]) => !afterPageIds.has(id)).map(([id, { name }]) => ({ id, title: name }));
  const identical = before !== null && canonicalJson({ ...before, version: 0 }) === canonicalJson({ ...after, version: 0 });
  return { fromVersion: before?.version ?? null, survey: before ? compareSurvey(before, after) : [], pages, removedPages, removedQuestions, counts, identical };
}

// ---------------------------------------------------------------------------------------------
// Changes that would alter what stored answers mean.

/** A change publishing refuses, or lets through only once the researcher confirms it. */
export interface MeaningChange {
  /** `questionId` or `questionId:code`; a confirmation form field carries this key. */
  key: string;
  kind: 'type-changed' | 'scale-changed' | 'code-reversed' | 'code-takes-other-meaning' | 'code-relabelled';
  questionId: string;
  code?: string;
  before: string;
  after: string;
  /** Why, in words a researcher can act on. */
  message: string;
  /** True when a tick ("keeps the same meaning") lets it through, e.g. for a typo fix. */
  confirmable: boolean;
}

/** Lower-case letters and digits only, so case, punctuation and spacing never count as a change. */
export function normaliseLabel(label: string): string {
  return label
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\p{M}\s]+/gu, '');
}

/** The label with negations taken out ("disagree" → "agree", "not confident" → "confident"), to
 * spot a relabel that turns an answer into its opposite. */
function withoutNegation(label: string): string {
  const words = label
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\p{M}]+/gu, ' ')
    .split(/\s+/)
    .filter((w) => w !== '' && !['not', 'no', 'never', 'dont', 'don', 't'].includes(w))
    .map((w) => w.replace(/^(dis|un)(?=[a-z]{3})/, ''));
  return words.join('');
}

/** Every change between two versions that would make an existing answer code or question mean
 * something else. Type and scale changes and reversals are never allowed; other relabels need the
 * researcher to confirm the meaning is kept. */
export function findMeaningChanges(before: SurveyDefinition, after: SurveyDefinition): MeaningChange[] {
  const out: MeaningChange[] = [];
  const beforeById = new Map(listQuestions(before).map((q) => [q.id, q]));
  for (const question of listQuestions(after)) {
    const old = beforeById.get(question.id);
    if (!old) continue;
    if (old.type !== question.type) {
      out.push({
        key: question.id,
        kind: 'type-changed',
        questionId: question.id,
        before: describeType(old.type),
        after: describeType(question.type),
        message:
          `Question ${question.id} was a ${describeType(old.type)} question and is now ${describeType(question.type)}. ` +
          `Answers already collected would be read the wrong way: keep the type, or add the new question with a new id and remove this one.`,
        confirmable: false,
      });
      continue;
    }
    if ('scale' in old && 'scale' in question && old.scale !== question.scale) {
      out.push({
        key: question.id,
        kind: 'scale-changed',
        questionId: question.id,
        before: old.scale,
        after: question.scale,
        message:
          `Question ${question.id} used the ${old.scale} scale and now uses ${question.scale}. The same codes would mean different answers: ` +
          `keep the scale, or add a new question with a new id.`,
        confirmable: false,
      });
      continue;
    }
    if (old.type !== 'single-choice' && old.type !== 'multiple-choice') continue;
    const oldOptions = optionsOf(old);
    const newByCode = new Map(optionsOf(question).map((o) => [o.code, o]));
    for (const option of oldOptions) {
      const now = newByCode.get(option.code);
      if (!now || normaliseLabel(now.label.en) === normaliseLabel(option.label.en)) continue;
      const base = {
        key: `${question.id}:${option.code}`,
        questionId: question.id,
        code: option.code,
        before: option.label.en,
        after: now.label.en,
      };
      const other = oldOptions.find((o) => o.code !== option.code && normaliseLabel(o.label.en) === normaliseLabel(now.label.en));
      if (other) {
        out.push({
          ...base,
          kind: 'code-takes-other-meaning',
          message:
            `Question ${question.id}, code ${option.code}: it meant "${option.label.en}" and would now mean "${now.label.en}", ` +
            `which is what code ${other.code} meant. Answers already stored as ${option.code} would be counted as the wrong answer. ` +
            `Keep the label, or add the new answer with a new code.`,
          confirmable: false,
        });
      } else if (withoutNegation(now.label.en) === withoutNegation(option.label.en)) {
        out.push({
          ...base,
          kind: 'code-reversed',
          message:
            `Question ${question.id}, code ${option.code}: "${option.label.en}" → "${now.label.en}" reverses what the code means. ` +
            `Answers already stored as ${option.code} would be read as the opposite. Add the new answer with a new code instead.`,
          confirmable: false,
        });
      } else {
        out.push({
          ...base,
          kind: 'code-relabelled',
          message:
            `Question ${question.id}, code ${option.code}: "${option.label.en}" → "${now.label.en}". If this only corrects the wording ` +
            `(a typo, clearer phrasing), confirm that it keeps the same meaning; if the answer means something else now, it needs a new code.`,
          confirmable: true,
        });
      }
    }
  }
  return out;
}

/** The meaning changes that still block publishing, given the keys the researcher confirmed. */
export function blockingMeaningChanges(changes: MeaningChange[], confirmed: ReadonlySet<string>): MeaningChange[] {
  return changes.filter((change) => !change.confirmable || !confirmed.has(change.key));
}
