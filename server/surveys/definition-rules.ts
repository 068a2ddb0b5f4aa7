import * as v from 'valibot';
import { optionsOf } from './model.ts';
import { screenOutCodes } from './routing.ts';
import {
  SurveyDefinitionSchema,
  WeightingSchemeSchema,
  type Condition,
  type Label,
  type Question,
  type SurveyDefinition,
  type WeightingSchemeOutput,
} from './schema.ts';

/** One problem in a definition document, at a path such as `pages[1].questions[3].options[2].code`. */
export interface DefinitionProblem {
  path: string;
  message: string;
}

export type DefinitionCheck =
  | { ok: true; definition: SurveyDefinition }
  | { ok: false; problems: DefinitionProblem[] };

/** Formats a problem the way every caller prints it: `path: message`. */
export function formatProblem(problem: DefinitionProblem): string {
  return problem.path ? `${problem.path}: ${problem.message}` : problem.message;
}

function pathOf(issue: v.BaseIssue<unknown>): string {
  let out = '';
  for (const item of issue.path ?? []) {
    const key = item.key as string | number;
    out += typeof key === 'number' ? `[${key}]` : out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** Turns valibot's issues into path-and-message problems, preferring the deepest explanation of a union. */
function shapeProblems(issues: v.BaseIssue<unknown>[]): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  for (const issue of issues) {
    // A union failure (showIf) is clearer through its most specific branch.
    if (issue.type === 'union' && issue.issues?.length) {
      const deepest = [...issue.issues].sort((a, b) => (b.path?.length ?? 0) - (a.path?.length ?? 0))[0]!;
      problems.push({ path: pathOf(deepest), message: deepest.message });
      continue;
    }
    let message = issue.message;
    // A missing key and an unknown key are both strict_object issues; only an unknown one has a value.
    if (issue.kind === 'schema' && issue.input === undefined) {
      message = 'is required';
    } else if (issue.kind === 'schema' && issue.type === 'strict_object') {
      message = `unknown key "${String(issue.path?.at(-1)?.key)}"`;
    } else if (issue.type === 'variant') {
      message = `unknown question type ${JSON.stringify(issue.input)}: use single-choice, multiple-choice, likert, likert-grid, number, short-text or long-text`;
    }
    problems.push({ path: pathOf(issue), message });
  }
  return problems;
}

/** Checks a raw document (parsed JSON) completely: shape first, then every cross-reference,
 * reporting every problem rather than the first. */
export function checkDefinition(document: unknown): DefinitionCheck {
  const parsed = v.safeParse(SurveyDefinitionSchema, document, { abortEarly: false });
  if (!parsed.success) return { ok: false, problems: shapeProblems(parsed.issues) };
  const problems = crossReferenceProblems(parsed.output);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, definition: parsed.output };
}

export type WeightingSchemeCheck = { ok: true; scheme: WeightingSchemeOutput } | { ok: false; problems: DefinitionProblem[] };

/** Checks one weighting scheme document (from the API or the workspace form) against the survey
 * definition it will be applied to: shape first, then its references, with the same paths and
 * messages as a scheme in a survey file (without the `weighting[i].` prefix). */
export function checkWeightingSchemeDocument(document: unknown, definition: SurveyDefinition): WeightingSchemeCheck {
  const parsed = v.safeParse(WeightingSchemeSchema, document, { abortEarly: false });
  if (!parsed.success) return { ok: false, problems: shapeProblems(parsed.issues) };
  const problems = weightingSchemeProblems(parsed.output, definition);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, scheme: parsed.output };
}

/** The rules a schema alone cannot state: unique ids and codes, routing that only looks back,
 * Welsh labels wherever the survey offers Welsh. */
export function crossReferenceProblems(definition: SurveyDefinition): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  const welsh = definition.languages.includes('cy');
  const pageIds = new Map<string, string>();
  const earlier = new Map<string, Question>();
  const questionPaths = new Map<string, string>();

  const checkLabel = (label: Label | undefined, path: string) => {
    if (welsh && label && label.cy === undefined) add(`${path}.cy`, 'missing Welsh label: the survey offers Welsh');
  };
  if (new Set(definition.languages).size !== definition.languages.length) add('languages', 'lists a language twice');
  checkLabel(definition.title, 'title');
  checkLabel(definition.description, 'description');
  checkLabel(definition.metadata.privacyNotice, 'metadata.privacyNotice');
  checkLabel(definition.screenOutMessage, 'screenOutMessage');
  if (definition.metadata.fieldwork?.end && definition.metadata.fieldwork.end < definition.metadata.fieldwork.start) {
    add('metadata.fieldwork.end', 'is before the fieldwork start');
  }

  const checkCondition = (condition: Condition, path: string) => {
    if ('all' in condition) return condition.all.forEach((c, i) => checkCondition(c, `${path}.all[${i}]`));
    if ('any' in condition) return condition.any.forEach((c, i) => checkCondition(c, `${path}.any[${i}]`));
    if ('not' in condition) return checkCondition(condition.not, `${path}.not`);
    const target = earlier.get(condition.question);
    if (!target) {
      const what = questionPaths.has(condition.question) ? 'a question on this or a later page' : 'not a question in this survey';
      add(`${path}.question`, `"${condition.question}" is ${what}: showIf may only use questions on earlier pages`);
      return;
    }
    if (condition.statement !== undefined) {
      if (target.type !== 'likert-grid') add(`${path}.statement`, `"${target.id}" is not a likert-grid, so it has no statements`);
      else if (!target.statements.some((s) => s.id === condition.statement))
        add(`${path}.statement`, `"${target.id}" has no statement "${condition.statement}"`);
    } else if (target.type === 'likert-grid' && 'in' in condition) {
      add(`${path}.statement`, `"${target.id}" is a likert-grid: name the statement the condition looks at`);
    }
    if ('in' in condition) {
      const codes = new Set(optionsOf(target).map((o) => o.code));
      if (codes.size === 0) add(`${path}.in`, `"${target.id}" is a ${target.type} question and has no answer codes`);
      condition.in.forEach((code, i) => {
        if (codes.size > 0 && !codes.has(code)) add(`${path}.in[${i}]`, `"${target.id}" has no answer code "${code}"`);
      });
    }
  };

  // First pass: where every question is, so forward references can be told from typos.
  definition.pages.forEach((page, p) =>
    page.questions.forEach((question, q) => questionPaths.set(question.id, `pages[${p}].questions[${q}]`)),
  );
  const seenQuestionIds = new Set<string>();

  definition.pages.forEach((page, p) => {
    const pagePath = `pages[${p}]`;
    if (pageIds.has(page.id)) add(`${pagePath}.id`, `duplicate page id "${page.id}" (also ${pageIds.get(page.id)})`);
    pageIds.set(page.id, pagePath);
    checkLabel(page.title, `${pagePath}.title`);
    checkLabel(page.intro, `${pagePath}.intro`);

    page.questions.forEach((question, q) => {
      const path = `${pagePath}.questions[${q}]`;
      if (seenQuestionIds.has(question.id)) add(`${path}.id`, `duplicate question id "${question.id}"`);
      seenQuestionIds.add(question.id);
      checkLabel(question.text, `${path}.text`);
      checkLabel(question.hint, `${path}.hint`);
      if (question.showIf) checkCondition(question.showIf, `${path}.showIf`);

      if (question.type === 'single-choice' || question.type === 'multiple-choice') {
        const codes = new Set<string>();
        question.options.forEach((option, o) => {
          if (codes.has(option.code)) add(`${path}.options[${o}].code`, `duplicate code "${option.code}"`);
          codes.add(option.code);
          checkLabel(option.label, `${path}.options[${o}].label`);
        });
        if (question.type === 'multiple-choice' && question.maxSelections !== undefined && question.maxSelections > question.options.length)
          add(`${path}.maxSelections`, `is ${question.maxSelections} but there are only ${question.options.length} options`);
      }
      if (question.type === 'likert-grid') {
        const ids = new Set<string>();
        question.statements.forEach((statement, s) => {
          if (ids.has(statement.id)) add(`${path}.statements[${s}].id`, `duplicate statement id "${statement.id}"`);
          ids.add(statement.id);
          checkLabel(statement.text, `${path}.statements[${s}].text`);
        });
      }
      if ((question.type === 'single-choice' || question.type === 'likert') && question.screenOut) {
        const codes = new Set(optionsOf(question).map((o) => o.code));
        question.screenOut.forEach((code, i) => {
          if (!codes.has(code)) add(`${path}.screenOut[${i}]`, `"${code}" is not an answer code of this question`);
        });
        if (question.screenOut.length >= codes.size) add(`${path}.screenOut`, 'screens out every answer: nobody could take part');
        if (!question.required) add(`${path}.required`, 'a screening question must be required');
      }
      if (question.type === 'number') {
        if (question.min !== undefined && question.max !== undefined && question.min > question.max)
          add(`${path}.min`, `is greater than max (${question.max})`);
        checkLabel(question.unit, `${path}.unit`);
      }
      const previous = page.questions[q - 1];
      if (previous && screenOutCodes(previous).length > 0 && screenOutCodes(question).length === 0)
        add(`${path}`, 'only screening questions may follow a screening question on the same page');
    });
    // Conditions can only look at pages already submitted: a page is drawn before its answers exist.
    for (const question of page.questions) earlier.set(question.id, question);
  });

  const schemeNames = new Map<string, number>();
  (definition.weighting ?? []).forEach((scheme, s) => {
    const path = `weighting[${s}]`;
    const first = schemeNames.get(scheme.name);
    if (first !== undefined) add(`${path}.name`, `duplicate weighting scheme name "${scheme.name}" (also weighting[${first}])`);
    else schemeNames.set(scheme.name, s);
    problems.push(...weightingSchemeProblems(scheme, definition, path));
  });
  return problems;
}

/** The cross-references of one weighting scheme against a definition: every variable a distinct
 * single-choice question, every target code one of its answer codes. Used for the survey file's own
 * schemes and for schemes saved through the API or the workspace (checked against the latest version). */
export function weightingSchemeProblems(scheme: WeightingSchemeOutput, definition: SurveyDefinition, path = ''): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const at = (rest: string) => (path === '' ? rest : `${path}.${rest}`);
  const questions = new Map(definition.pages.flatMap((page) => page.questions.map((question) => [question.id, question] as const)));
  const seen = new Set<string>();
  scheme.variables.forEach((variable, i) => {
    const question = questions.get(variable.question);
    if (seen.has(variable.question)) {
      problems.push({ path: at(`variables[${i}].question`), message: `"${variable.question}" is used twice: weight on each question once` });
      return;
    }
    seen.add(variable.question);
    if (!question) {
      problems.push({ path: at(`variables[${i}].question`), message: `"${variable.question}" is not a question in this survey` });
      return;
    }
    if (question.type !== 'single-choice') {
      problems.push({ path: at(`variables[${i}].question`), message: `"${variable.question}" is a ${question.type} question: weighting needs a single-choice question` });
      return;
    }
    const codes = new Set(question.options.map((option) => option.code));
    for (const code of Object.keys(variable.targets)) {
      if (!codes.has(code)) problems.push({ path: at(`variables[${i}].targets.${code}`), message: `"${variable.question}" has no answer code "${code}"` });
    }
  });
  return problems;
}
