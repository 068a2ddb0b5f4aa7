import type { Kysely } from 'kysely';
import { rake, summariseWeights, tabulate, type RakingResult, type RakingVariable, type WeightSummary } from '../analysis/index.ts';
import type { ChoiceColumns } from '../analysis/columns.ts';
import { recordAudit, type AuditActor } from '../audit/service.ts';
import type { Database } from '../db/schema.ts';
import type { Dataset } from '../datasets/service.ts';
import { AppError, type FieldErrors } from '../errors.ts';
import { checkWeightingSchemeDocument, type DefinitionProblem } from '../surveys/definition-rules.ts';
import type { Label, SurveyDefinition } from '../surveys/schema.ts';
import { getLatestSurvey } from '../surveys/service.ts';
import * as queries from './queries.ts';

// Weighting schemes of a survey and the weights they give a dataset. A scheme lives either in the
// survey file (published, so read-only here) or in the workspace (the weighting_schemes table); both
// are held to the one WeightingSchemeSchema and the same cross-reference rules. The arithmetic is
// server/analysis's rake() and summariseWeights(): this module only maps answers to raking variables.

/** One weighting variable: a single-choice question and the population share of its codes (sum 1). */
export interface WeightingVariableDefinition {
  question: string;
  targets: Record<string, number>;
}

/** A named weighting scheme, as written in a survey file's `weighting` list or saved in the workspace. */
export interface WeightingSchemeDefinition {
  name: string;
  description?: string;
  variables: WeightingVariableDefinition[];
  trim?: { min?: number; max?: number };
}

export interface WeightingScheme extends WeightingSchemeDefinition {
  /** Where the scheme is defined: the survey file (read-only) or the workspace/API (editable). */
  source: 'survey-file' | 'workspace';
}

/** One target code of a weighting variable, as the sample has it before and after weighting. */
export interface WeightedCategory {
  code: string;
  label: Label;
  /** Respondents with this code. */
  unweightedCount: number;
  /** Share of the respondents with a value on this variable (0..1); null when nobody has one. */
  sampleShare: number | null;
  /** The same share with the weights (0..1); null when nobody has a value. */
  weightedShare: number | null;
  /** The population proportion aimed at (0..1), as the scheme gives it. */
  target: number;
}

/** One weighting variable's margins: sample, weighted and target shares of each target code. */
export interface WeightedVariable {
  question: string;
  text: Label;
  /** Respondents with no value on it (not asked, skipped, or a code without a target). */
  withoutValue: number;
  categories: WeightedCategory[];
}

/** Weights of one scheme over one dataset, aligned with dataset.rows. */
export interface DatasetWeights {
  scheme: WeightingScheme;
  /** One weight per dataset row, mean 1 over the rows. */
  weights: Float64Array;
  raking: RakingResult;
  summary: WeightSummary;
  /** Per variable: respondents with no value (not asked, or a code without a target) who kept their weight for it. */
  withoutValue: { question: string; count: number }[];
  /** Per variable: each target code's sample share, weighted share and target (added to the contract). */
  variables: WeightedVariable[];
}

/** Who changed a scheme, for the audit log. */
export interface ChangeAuthor {
  actor: AuditActor | null;
  ip: string | null;
}

const fileSchemesOf = (definition: SurveyDefinition): WeightingScheme[] =>
  (definition.weighting ?? []).map((scheme) => ({ ...scheme, source: 'survey-file' }));

/** Every scheme of a survey: those in its latest published file, then those saved in the workspace. */
export async function listWeightingSchemes(db: Kysely<Database>, slug: string): Promise<WeightingScheme[]> {
  const { definition } = await getLatestSurvey(db, slug);
  const fromFile = fileSchemesOf(definition);
  const fileNames = new Set(fromFile.map((scheme) => scheme.name));
  const saved = await queries.listSavedSchemes(db, slug);
  // A saved name cannot be taken by a file scheme when saved, but a later version of the file may
  // introduce the same name: the published file then wins (the saved row stays, and reappears if the
  // file drops the name again), so a name always means one scheme.
  const fromWorkspace = saved
    .filter((row) => !fileNames.has(row.name))
    .map((row): WeightingScheme => ({ ...(JSON.parse(row.definition) as WeightingSchemeDefinition), name: row.name, source: 'workspace' }));
  return [...fromFile, ...fromWorkspace];
}

/** One scheme of a survey by name, or AppError not_found. */
export async function findWeightingScheme(db: Kysely<Database>, slug: string, name: string): Promise<WeightingScheme> {
  const scheme = (await listWeightingSchemes(db, slug)).find((s) => s.name === name);
  if (!scheme) throw new AppError('not_found', `Survey "${slug}" has no weighting scheme "${name}"`);
  return scheme;
}

export type SchemeCheck = { ok: true; scheme: WeightingSchemeDefinition } | { ok: false; problems: DefinitionProblem[] };

/** Checks a scheme document (API body or workspace form) against the survey's latest published definition. */
export async function checkWeightingScheme(db: Kysely<Database>, slug: string, document: unknown): Promise<SchemeCheck> {
  const { definition } = await getLatestSurvey(db, slug);
  const check = checkWeightingSchemeDocument(document, definition);
  return check.ok ? { ok: true, scheme: check.scheme } : check;
}

/** Problems as API `fields`: one message per path (the first, when a path has several). */
export function problemsAsFields(problems: DefinitionProblem[]): FieldErrors {
  const fields: FieldErrors = {};
  for (const problem of problems) fields[problem.path || 'body'] ??= problem.message;
  return fields;
}

/** Saves a workspace scheme (create or replace) and logs it; refuses (409) a name the survey file uses.
 * The scheme must already have passed checkWeightingScheme. Returns whether it was new. */
export async function saveWeightingScheme(
  db: Kysely<Database>,
  slug: string,
  scheme: WeightingSchemeDefinition,
  author: ChangeAuthor,
): Promise<{ created: boolean }> {
  return db.transaction().execute(async (trx) => {
    const { definition } = await getLatestSurvey(trx, slug);
    if (fileSchemesOf(definition).some((s) => s.name === scheme.name)) {
      throw new AppError('conflict', `"${scheme.name}" is a weighting scheme of the survey file, which cannot be changed here: choose another name, or publish a new version of the file`);
    }
    const before = await queries.findSavedScheme(trx, slug, scheme.name);
    const now = new Date().toISOString();
    const stored: WeightingSchemeDefinition = { name: scheme.name, ...(scheme.description !== undefined ? { description: scheme.description } : {}), variables: scheme.variables, ...(scheme.trim ? { trim: scheme.trim } : {}) };
    const updatedBy = author.actor && 'user' in author.actor ? author.actor.user.id : null;
    await queries.upsertSavedScheme(trx, {
      survey_slug: slug,
      name: scheme.name,
      definition: JSON.stringify(stored),
      created_at: before?.created_at ?? now,
      updated_at: now,
      updated_by: updatedBy,
    });
    await recordAudit(trx, {
      actor: author.actor,
      action: 'weighting.saved',
      subject: slug,
      detail: { name: scheme.name, created: !before, from: before ? JSON.parse(before.definition) : null, to: stored },
      ip: author.ip,
    });
    return { created: !before };
  });
}

/** Deletes a workspace scheme and logs it: 404 when there is none, 409 for a scheme of the survey file. */
export async function deleteWeightingScheme(db: Kysely<Database>, slug: string, name: string, author: ChangeAuthor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const { definition } = await getLatestSurvey(trx, slug);
    if (fileSchemesOf(definition).some((s) => s.name === name)) {
      throw new AppError('conflict', `"${name}" is a weighting scheme of the survey file and cannot be deleted here: publish a new version of the file without it`);
    }
    const before = await queries.findSavedScheme(trx, slug, name);
    if (!before || !(await queries.deleteSavedScheme(trx, slug, name))) {
      throw new AppError('not_found', `Survey "${slug}" has no weighting scheme "${name}"`);
    }
    await recordAudit(trx, { actor: author.actor, action: 'weighting.deleted', subject: slug, detail: { name, definition: JSON.parse(before.definition) }, ip: author.ip });
  });
}

/** One scheme variable turned into raking input over the dataset's rows. */
interface PreparedVariable {
  raking: RakingVariable;
  question: string;
  text: Label;
  codes: string[];
  categoryLabels: Label[];
  targets: number[];
}

function prepareVariable(dataset: Dataset, variable: WeightingVariableDefinition, failed: (reason: string) => AppError): PreparedVariable {
  const column = dataset.columns.questions.find((q) => q.id === variable.question);
  if (!column || column.type !== 'single-choice') {
    // A saved scheme is checked against the version current when it was saved; a later version may drop or retype the question.
    const what = column ? `is a ${column.type} question` : 'is not a question';
    throw failed(`"${variable.question}" ${what} in version ${dataset.reportedVersion}: weighting needs a single-choice question`);
  }
  const choice = column as ChoiceColumns;
  // Weights are handed back aligned with dataset.rows, so the columns must describe exactly those rows.
  if (choice.values.length !== dataset.rows.length) throw new Error(`dataset columns have ${choice.values.length} rows, dataset.rows ${dataset.rows.length}`);
  // Target order: the question's own category order, then any target code it no longer offers (which
  // then has no respondents, and raking names it).
  const categoryIndex = new Map(choice.categories.map((category, k) => [category.code, k]));
  const codes = [
    ...choice.categories.map((category) => category.code).filter((code) => code in variable.targets),
    ...Object.keys(variable.targets).filter((code) => !categoryIndex.has(code)),
  ];
  const targetOf = new Int32Array(choice.categories.length).fill(-1);
  codes.forEach((code, t) => {
    const k = categoryIndex.get(code);
    if (k !== undefined) targetOf[k] = t;
  });
  const n = dataset.rows.length;
  const values = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = choice.values[i]!;
    // Not asked, skipped, or a code without a target: no value, so the respondent keeps its weight.
    values[i] = k >= 0 ? targetOf[k]! : -1;
  }
  const categoryLabels = codes.map((code) => choice.categories[categoryIndex.get(code) ?? -1]?.label ?? { en: code });
  const targets = codes.map((code) => variable.targets[code]!);
  // Schemes accept sums within 1e-6 (percentages typed by hand); rake() wants 1 within 1e-9.
  const sum = targets.reduce((total, t) => total + t, 0);
  return {
    raking: {
      name: variable.question,
      values,
      targets: targets.map((t) => t / sum),
      labels: codes.map((code, t) => `${categoryLabels[t]!.en} (code ${code})`),
    },
    question: variable.question,
    text: choice.text,
    codes,
    categoryLabels,
    targets,
  };
}

/** Rakes the dataset's rows to the named scheme; AppError not_found for an unknown name,
 * weighting_failed (422, with the reason) when raking cannot meet the targets. */
export async function weightDataset(db: Kysely<Database>, dataset: Dataset, name: string): Promise<DatasetWeights> {
  const scheme = await findWeightingScheme(db, dataset.slug, name);
  return applyWeightingScheme(dataset, scheme);
}

/** Rakes the dataset's rows (as given: the caller decides which responses count) to a scheme. */
export function applyWeightingScheme(dataset: Dataset, scheme: WeightingScheme): DatasetWeights {
  const failed = (reason: string) => new AppError('weighting_failed', `Weighting "${scheme.name}" cannot be applied: ${reason}`);
  if (dataset.rows.length === 0) throw failed('there are no responses to weight');
  const prepared = scheme.variables.map((variable) => prepareVariable(dataset, variable, failed));
  let raking: RakingResult;
  try {
    raking = rake(
      prepared.map((p) => p.raking),
      { missing: 'keep', ...(scheme.trim ? { trim: scheme.trim } : {}) },
    );
  } catch (error) {
    // rake() throws RangeError for input it cannot work with; anything else is a bug and stays a 500.
    if (error instanceof RangeError) throw failed(error.message);
    throw error;
  }
  if (!raking.converged) throw failed(raking.reason ?? 'raking did not converge');
  const weights = raking.weights;
  const variables = prepared.map((p): WeightedVariable => {
    const k = p.codes.length;
    const unweighted = tabulate(p.raking.values, k);
    const weighted = tabulate(p.raking.values, k, { weights });
    const share = (count: number, base: number) => (base > 0 ? count / base : null);
    return {
      question: p.question,
      text: p.text,
      withoutValue: dataset.rows.length - unweighted.base.unweighted,
      categories: p.codes.map((code, c) => ({
        code,
        label: p.categoryLabels[c]!,
        unweightedCount: unweighted.unweightedCounts[c]!,
        sampleShare: share(unweighted.counts[c]!, unweighted.base.weighted),
        weightedShare: share(weighted.counts[c]!, weighted.base.weighted),
        target: p.targets[c]!,
      })),
    };
  });
  return {
    scheme,
    weights,
    raking,
    summary: summariseWeights(weights),
    withoutValue: variables.map((variable) => ({ question: variable.question, count: variable.withoutValue })),
    variables,
  };
}
