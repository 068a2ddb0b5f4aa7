import type { Kysely } from 'kysely';
import { analyseSurvey, buildColumns, type Base, type Distribution, type QuestionResult, type ResponseRecord } from '../analysis/index.ts';
import type { Database } from '../db/schema.ts';
import { listResponseAnswers } from '../responses/queries.ts';
import { localise, type Answers } from '../surveys/model.ts';
import type { SurveyDefinition } from '../surveys/schema.ts';
import { getLatestSurvey, getSurveyVersion, listVersions } from '../surveys/service.ts';

// Results as plain data for the JSON API and the results page. Figures come from server/analysis
// unrounded; this file only loads, labels and shapes them.

export interface BaseFigures {
  unweighted: number;
  weighted: number;
}

export interface OptionFigures {
  code: string;
  label: string;
  count: number;
  percent: number | null;
}

export interface NetFigures {
  id: string;
  label: string;
  codes: string[];
  count: number;
  percent: number | null;
}

export interface DistributionFigures {
  base: BaseFigures;
  skipped: BaseFigures;
  options: OptionFigures[];
  nets: NetFigures[];
}

export interface QuestionFigures extends DistributionFigures {
  id: string;
  type: QuestionResult['type'];
  text: string;
  /** Grid questions: one distribution per statement (the question's own options and nets are empty). */
  statements?: ({ id: string; text: string } & DistributionFigures)[];
  numeric?: { mean: number | null; median: number | null; min: number | null; max: number | null; unit?: string };
}

export interface SurveyResults {
  survey: {
    slug: string;
    title: string;
    organisation: string;
    commissioner: string | null;
    conductedBy: string | null;
    population: string;
    geography: string;
    method: string;
    fieldwork: { start: string; end: string | null } | null;
  };
  /** The versions whose responses are counted. */
  versions: number[];
  /** The version whose question wording and options are reported. */
  reportedVersion: number;
  /** Complete responses counted. */
  responses: number;
  /** How many of them are synthetic demo responses. */
  demoResponses: number;
  /** False until weighting exists: counts are then numbers of respondents. */
  weighted: boolean;
  questions: QuestionFigures[];
}

const toBase = (base: Base): BaseFigures => ({ unweighted: base.unweighted, weighted: base.weighted });

function toDistribution(result: Distribution): DistributionFigures {
  return {
    base: toBase(result.base),
    skipped: toBase(result.skipped),
    options: result.options.map((option) => ({ code: option.code, label: localise(option.label, 'en'), count: option.count, percent: option.percent })),
    nets: result.nets.map((net) => ({ id: net.id, label: localise(net.label, 'en'), codes: net.codes, count: net.count, percent: net.percent })),
  };
}

/** One question's figures in the API shape (English labels, camelCase, unrounded). */
function toQuestionFigures(result: QuestionResult): QuestionFigures {
  const head = { id: result.id, type: result.type, text: localise(result.text, 'en') };
  const empty = { base: toBase(result.base), skipped: toBase(result.skipped), options: [], nets: [] };
  switch (result.type) {
    case 'single-choice':
    case 'likert':
    case 'multiple-choice':
      return { ...head, ...toDistribution(result) };
    case 'likert-grid':
      return {
        ...head,
        ...empty,
        statements: result.statements.map((statement) => ({ id: statement.id, text: localise(statement.text, 'en'), ...toDistribution(statement) })),
      };
    case 'number':
      return { ...head, ...empty, numeric: { ...result.numeric, ...(result.unit ? { unit: localise(result.unit, 'en') } : {}) } };
    case 'short-text':
    case 'long-text':
      return { ...head, ...empty };
  }
}

function describeSurvey(slug: string, definition: SurveyDefinition): SurveyResults['survey'] {
  const metadata = definition.metadata;
  return {
    slug,
    title: localise(definition.title, 'en'),
    organisation: metadata.organisation,
    commissioner: metadata.commissioner ?? null,
    conductedBy: metadata.conductedBy ?? null,
    population: metadata.population,
    geography: metadata.geography,
    method: metadata.method,
    fieldwork: metadata.fieldwork ? { start: metadata.fieldwork.start, end: metadata.fieldwork.end ?? null } : null,
  };
}

/** The results of a survey's complete responses: all versions reported with the latest wording, or
 * one version with its own. Throws 404 for an unknown survey or version. */
export async function getSurveyResults(db: Kysely<Database>, slug: string, options: { version?: number } = {}): Promise<SurveyResults> {
  const reporting = options.version === undefined ? await getLatestSurvey(db, slug) : await getSurveyVersion(db, slug, options.version);
  const versions = options.version === undefined ? (await listVersions(db, slug)).map((row) => row.version) : [options.version];
  const rows = await listResponseAnswers(db, slug, { status: 'complete', versions });

  const definitions = new Map<number, SurveyDefinition>([[reporting.version, reporting.definition]]);
  for (const version of new Set(rows.map((row) => row.survey_version))) {
    if (!definitions.has(version)) definitions.set(version, (await getSurveyVersion(db, slug, version)).definition);
  }
  const records: ResponseRecord[] = rows.map((row) => ({
    definition: definitions.get(row.survey_version)!,
    answers: JSON.parse(row.answers) as Answers,
  }));
  const results = analyseSurvey(buildColumns(reporting.definition, records));

  return {
    survey: describeSurvey(slug, reporting.definition),
    versions,
    reportedVersion: reporting.version,
    responses: rows.length,
    demoResponses: rows.filter((row) => Number(row.is_demo) === 1).length,
    weighted: false,
    questions: results.map(toQuestionFigures),
  };
}
