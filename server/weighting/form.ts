import type { FieldErrors } from '../errors.ts';
import type { FormFields } from '../respond/form.ts';
import { listQuestions } from '../surveys/model.ts';
import type { DefinitionProblem } from '../surveys/definition-rules.ts';
import type { SurveyDefinition } from '../surveys/schema.ts';
import type { WeightingSchemeDefinition } from './service.ts';

// The workspace form for a weighting scheme, without JavaScript: every single-choice question of the
// survey is listed with a "weight on this question" box and a target percentage per answer. What the
// researcher typed is kept as strings so a page with errors shows it back unchanged; the document
// built from it goes through the same schema and rules as the API and the survey file.

/** A single-choice question a scheme can weight on, as the form lists it. */
export interface WeightingQuestionChoice {
  id: string;
  text: string;
  options: { code: string; label: string }[];
}

/** What the form holds, as typed. */
export interface SchemeFormFields {
  name: string;
  description: string;
  trimMin: string;
  trimMax: string;
  /** Question ids ticked, in the survey's order. */
  used: string[];
  /** `target-<question>-<code>` -> the percentage as typed. */
  targets: Record<string, string>;
}

/** The id (and form name) of a target input. */
export const targetFieldId = (question: string, code: string) => `target-${question}-${code}`;
/** The id of a question's "weight on this question" box. */
export const useFieldId = (question: string) => `use-${question}`;

/** The single-choice questions of a definition, the only kind a scheme may weight on. */
export function listWeightingQuestions(definition: SurveyDefinition): WeightingQuestionChoice[] {
  return listQuestions(definition).flatMap((question) =>
    question.type === 'single-choice'
      ? [{ id: question.id, text: question.text.en, options: question.options.map((option) => ({ code: option.code, label: option.label.en })) }]
      : [],
  );
}

/** An empty form. */
export function blankSchemeForm(): SchemeFormFields {
  return { name: '', description: '', trimMin: '', trimMax: '', used: [], targets: {} };
}

/** Shows a proportion as the percentage a person would type (no float noise such as 48.00000001). */
const percentText = (proportion: number) => String(Number((proportion * 100).toFixed(6)));

/** The form filled from a scheme (to change it, or to start a copy under a new name). */
export function schemeFormOf(scheme: WeightingSchemeDefinition, name = scheme.name): SchemeFormFields {
  const targets: Record<string, string> = {};
  for (const variable of scheme.variables) {
    for (const [code, target] of Object.entries(variable.targets)) targets[targetFieldId(variable.question, code)] = percentText(target);
  }
  return {
    name,
    description: scheme.description ?? '',
    trimMin: scheme.trim?.min !== undefined ? String(scheme.trim.min) : '',
    trimMax: scheme.trim?.max !== undefined ? String(scheme.trim.max) : '',
    used: scheme.variables.map((variable) => variable.question),
    targets,
  };
}

/** Reads a posted form for the listed questions (anything else posted is ignored). */
export function readSchemeForm(fields: FormFields, questions: WeightingQuestionChoice[]): SchemeFormFields {
  const first = (name: string) => fields.get(name)?.[0] ?? '';
  const ticked = new Set(fields.get('use') ?? []);
  const targets: Record<string, string> = {};
  for (const question of questions) {
    for (const option of question.options) {
      const id = targetFieldId(question.id, option.code);
      targets[id] = first(id);
    }
  }
  return {
    name: first('name').trim(),
    description: first('description'),
    trimMin: first('trim_min'),
    trimMax: first('trim_max'),
    used: questions.filter((question) => ticked.has(question.id)).map((question) => question.id),
    targets,
  };
}

const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
/** A number as typed (a trailing % allowed on percentages), or undefined when it is not one. */
function numberOf(raw: string, percent: boolean): number | undefined {
  let text = raw.trim().replace(/,/g, '');
  if (percent) text = text.replace(/\s*%$/, '');
  return PLAIN_NUMBER.test(text) ? Number(text) : undefined;
}

const formatPercent = (value: number) => `${Number(value.toFixed(4))}%`;

/** The scheme document built from a form, and what the form itself shows is wrong (a target that is
 * not a percentage, targets not adding up to 100%); the document leaves out what could not be read. */
export interface SchemeFormOutcome {
  document: Record<string, unknown>;
  errors: FieldErrors;
}

/** Turns the form into a scheme document (targets as proportions), saying what to fix in the
 * researcher's own terms (percentages, question wording). */
export function schemeDocumentOf(form: SchemeFormFields, questions: WeightingQuestionChoice[], name: string): SchemeFormOutcome {
  const errors: FieldErrors = {};
  const variables: { question: string; targets: Record<string, number> }[] = [];
  // In the order of form.used, so that `variables[i]` in a problem's path is form.used[i].
  for (const question of form.used.flatMap((id) => questions.filter((q) => q.id === id))) {
    const targets: Record<string, number> = {};
    let sum = 0;
    let complete = true;
    for (const option of question.options) {
      const id = targetFieldId(question.id, option.code);
      const raw = form.targets[id] ?? '';
      if (raw.trim() === '') continue;
      const percent = numberOf(raw, true);
      if (percent === undefined || !Number.isFinite(percent)) {
        errors[id] = `Enter the target for “${option.label}” as a percentage, like 48.5`;
        complete = false;
      } else if (percent < 0 || percent > 100) {
        errors[id] = `The target for “${option.label}” must be between 0% and 100%`;
        complete = false;
      } else {
        targets[option.code] = percent / 100;
        sum += percent;
      }
    }
    if (complete && Object.keys(targets).length === 0) {
      errors[useFieldId(question.id)] = `Enter a target percentage for the answers of “${question.text}”, or untick it`;
    } else if (complete && Math.abs(sum - 100) > 1e-4) {
      errors[useFieldId(question.id)] = `The targets for “${question.text}” add up to ${formatPercent(sum)}: they must add up to 100%`;
    }
    variables.push({ question: question.id, targets });
  }
  if (form.used.length === 0) errors.use = 'Choose at least one question to weight on';
  const trim: Record<string, number> = {};
  for (const [key, raw, field, label] of [
    ['min', form.trimMin, 'trim-min', 'smallest'],
    ['max', form.trimMax, 'trim-max', 'largest'],
  ] as const) {
    if (raw.trim() === '') continue;
    const value = numberOf(raw, false);
    if (value === undefined) errors[field] = `Enter the ${label} weight as a number, like ${key === 'min' ? '0.2' : '5'}`;
    else trim[key] = value;
  }
  const document: Record<string, unknown> = { name, variables };
  if (form.description.trim() !== '') document.description = form.description;
  if (Object.keys(trim).length > 0) document.trim = trim;
  return { document, errors };
}

/** Every problem of a posted form: the form's own, then the schema's and the rules' (for the targets
 * only when the form found nothing wrong with them, so a typo is not reported twice). */
export function checkSchemeForm(outcome: SchemeFormOutcome, problems: DefinitionProblem[], form: SchemeFormFields): FieldErrors {
  const formHasTargetErrors = Object.keys(outcome.errors).some((field) => field === 'use' || field.startsWith('use-') || field.startsWith('target-'));
  const relevant = formHasTargetErrors ? problems.filter((p) => !p.path.startsWith('variables')) : problems;
  return { ...schemeFormErrors(relevant, form), ...outcome.errors };
}

/** Maps the schema's and the rules' problems (paths such as `variables[1].targets.3`) onto the form's fields. */
export function schemeFormErrors(problems: DefinitionProblem[], form: SchemeFormFields): FieldErrors {
  const errors: FieldErrors = {};
  const put = (field: string, message: string) => {
    errors[field] ??= message;
  };
  for (const { path, message } of problems) {
    let match: RegExpMatchArray | null;
    if (path === 'name') put('name', `The name ${message}`);
    else if (path === 'description') put('description', `The description ${message}`);
    else if (path === 'variables') put('use', 'Choose at least one question to weight on, and at most 20');
    else if ((match = path.match(/^variables\[(\d+)\]\.targets\.(.+)$/))) {
      const question = form.used[Number(match[1])]!;
      put(targetFieldId(question, match[2]!), `This target ${message}`);
    } else if ((match = path.match(/^variables\[(\d+)\]/))) {
      const question = form.used[Number(match[1])]!;
      put(useFieldId(question), message);
    } else if (path === 'trim.min') put('trim-min', `The smallest weight ${message}`);
    else if (path === 'trim.max') put('trim-max', `The largest weight ${message}`);
    else if (path.startsWith('trim')) put('trim-min', `Trimming: ${message}`);
    else put('name', message);
  }
  return errors;
}
