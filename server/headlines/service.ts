import type { Kysely } from 'kysely';
import type { AuditActor } from '../audit/service.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { computeFigure, type FigureQuery } from '../press-items/figures.ts';
import { compareWithLive, getPressItem, savePressItem, updatePressItem, type LiveComparison, type PressItem } from '../press-items/service.ts';
import { loadDataset } from '../datasets/service.ts';
import { getDatasetResults, type SurveyResults, type TableFigures } from '../results/service.ts';
import { listQuestions, localise, netsOf, optionsOf } from '../surveys/model.ts';
import { getLatestSurvey, listSurveys } from '../surveys/service.ts';
import { listWeightingSchemes } from '../weighting/service.ts';
import { checkClaims, type CandidateFigure, type ClaimResult } from './claims.ts';
import { draftFromFigure, type HeadlineDraft } from './sentence.ts';

// Headlines and the claim checker: figures come from the press-items figure service and the results
// service (so from server/analysis); the words from sentence.ts and claims.ts.

// ---------------------------------------------------------------------------------------------
// Headlines

/** Drafts a headline for a figure query: the figure, the sentence, base and margin lines, phrases and warnings. */
export async function draftHeadline(db: Kysely<Database>, query: FigureQuery, phrase?: string | null): Promise<HeadlineDraft> {
  return draftFromFigure(await computeFigure(db, query), phrase);
}

/** What a saved headline keeps besides its frozen figure. */
export interface HeadlineSettings {
  sentence: string;
  phrase?: string;
}

function settingsOf(item: PressItem): HeadlineSettings {
  const settings = item.spec.settings as Partial<HeadlineSettings>;
  return { sentence: typeof settings.sentence === 'string' ? settings.sentence : '', ...(typeof settings.phrase === 'string' ? { phrase: settings.phrase } : {}) };
}

/** A saved headline with its frozen draft and how the live figure compares. */
export interface SavedHeadline {
  item: PressItem;
  settings: HeadlineSettings;
  /** The draft rebuilt from the frozen figure, for its base and margin lines and phrase verdicts. */
  draft: HeadlineDraft;
  live: LiveComparison;
}

/** Saves a headline as a press item (kind 'headline'): the figure is computed now and frozen. */
export async function saveHeadline(db: Kysely<Database>, input: { query: FigureQuery; sentence: string; phrase?: string }, actor: AuditActor): Promise<PressItem> {
  const settings: HeadlineSettings = { sentence: input.sentence, ...(input.phrase ? { phrase: input.phrase } : {}) };
  return savePressItem(db, { surveySlug: input.query.survey, kind: 'headline', title: input.sentence.slice(0, 300), spec: { queries: [input.query], settings: { ...settings } } }, actor);
}

/** Loads a headline; 404 for an unknown id or an item that is not a headline. */
export async function getHeadline(db: Kysely<Database>, id: string): Promise<SavedHeadline> {
  const item = await getPressItem(db, id);
  if (item.kind !== 'headline' || item.frozen.length === 0) throw new AppError('not_found', 'No such headline');
  const settings = settingsOf(item);
  return { item, settings, draft: draftFromFigure(item.frozen[0]!, settings.phrase), live: await compareWithLive(db, item) };
}

/** Replaces a headline's sentence (and its phrase, when one is given; otherwise the saved one stays)
 * and freezes its figure again from the live data. */
export async function updateHeadline(db: Kysely<Database>, id: string, input: { sentence: string; phrase?: string }, actor: AuditActor): Promise<PressItem> {
  const item = await getPressItem(db, id);
  if (item.kind !== 'headline') throw new AppError('not_found', 'No such headline');
  const phrase = input.phrase ?? settingsOf(item).phrase;
  const settings: HeadlineSettings = { sentence: input.sentence, ...(phrase ? { phrase } : {}) };
  return updatePressItem(db, id, { title: input.sentence.slice(0, 300), spec: { queries: item.spec.queries, settings: { ...settings } } }, actor);
}

// ---------------------------------------------------------------------------------------------
// Choices for the headline form

export interface AnswerChoice {
  /** 'option:4' or 'net:top2'. */
  value: string;
  label: string;
}

export interface QuestionChoice {
  /** 'q_id' or 'q_id:s_id' for a grid statement. */
  value: string;
  label: string;
  answers: AnswerChoice[];
}

export interface HeadlineFormChoices {
  surveys: { slug: string; title: string }[];
  /** For the chosen survey: its choice, scale and grid questions (a grid's statements one by one). */
  questions: QuestionChoice[];
  weightings: string[];
  /** Questions a subgroup can be cut by (single-choice and scale), with their answers. */
  subgroups: { id: string; label: string; codes: { code: string; label: string }[] }[];
}

const en = (label: Parameters<typeof localise>[0]) => localise(label, 'en');

/** The surveys, and for a chosen survey its questions, answers, weighting schemes and subgroup questions. */
export async function getHeadlineFormChoices(db: Kysely<Database>, slug: string | null): Promise<HeadlineFormChoices> {
  const surveys = (await listSurveys(db)).map((s) => ({ slug: s.slug, title: en(s.definition.title) }));
  if (!slug) return { surveys, questions: [], weightings: [], subgroups: [] };
  const survey = await getLatestSurvey(db, slug);
  const questions: QuestionChoice[] = [];
  const subgroups: HeadlineFormChoices['subgroups'] = [];
  for (const question of listQuestions(survey.definition)) {
    if (question.type !== 'single-choice' && question.type !== 'likert' && question.type !== 'multiple-choice' && question.type !== 'likert-grid') continue;
    const options = optionsOf(question);
    const answers: AnswerChoice[] = [
      ...netsOf(question).map((net) => ({ value: `net:${net.id}`, label: `${en(net.label)} (net)` })),
      ...options.map((option) => ({ value: `option:${option.code}`, label: en(option.label) })),
    ];
    if (question.type === 'likert-grid') {
      for (const statement of question.statements) questions.push({ value: `${question.id}:${statement.id}`, label: `${en(question.text)} – ${en(statement.text)}`, answers });
    } else {
      questions.push({ value: question.id, label: en(question.text), answers });
    }
    if (question.type === 'single-choice' || question.type === 'likert') {
      subgroups.push({ id: question.id, label: en(question.text), codes: options.map((option) => ({ code: option.code, label: en(option.label) })) });
    }
  }
  const weightings = (await listWeightingSchemes(db, slug)).map((scheme) => scheme.name);
  return { surveys, questions, weightings, subgroups };
}

// ---------------------------------------------------------------------------------------------
// The claim checker

function candidatesOf(results: SurveyResults, weighting: string | null): CandidateFigure[] {
  const survey = results.survey;
  const surveyWords = `${survey.slug.replace(/-/g, ' ')} ${survey.title} ${survey.population}`;
  const candidates: CandidateFigure[] = [];
  const add = (question: { id: string; text: string }, statement: { id: string; text: string } | null, table: TableFigures) => {
    const base = table.bases[0]!;
    if (base.flag !== 'ok' && base.flag !== 'low') return;
    const push = (answer: CandidateFigure['answer'], label: string, cell: TableFigures['options'][number]['cells'][number]) => {
      if (cell.percent === null) return;
      candidates.push({
        survey: survey.slug,
        surveyWords,
        question: question.id,
        questionText: question.text,
        statement: statement?.id ?? null,
        statementText: statement?.text ?? null,
        answer,
        answerLabel: label,
        weighting,
        percent: cell.percent,
        base: { unweighted: base.unweighted, effective: base.effective, flag: base.flag as 'ok' | 'low' },
        interval: cell.interval,
      });
    };
    for (const option of table.options) push({ kind: 'option', id: option.code }, option.label, option.cells[0]!);
    for (const net of table.nets) push({ kind: 'net', id: net.id }, net.label, net.cells[0]!);
  };
  for (const question of results.questions) {
    // Questions whose meaning changed between versions are reported per version; the checker leaves
    // them out rather than guess which version a sentence is about.
    if (question.version !== null) continue;
    if (question.type === 'likert-grid') for (const statement of question.statements) add(question, statement, statement);
    else if (question.type === 'single-choice' || question.type === 'likert' || question.type === 'multiple-choice') add(question, null, question);
  }
  return candidates;
}

/** Every option and net of every question of the surveys, unweighted and under each weighting scheme. */
export async function loadCandidateFigures(db: Kysely<Database>, slugs: string[]): Promise<CandidateFigure[]> {
  const candidates: CandidateFigure[] = [];
  for (const slug of slugs) {
    // One load of the survey's responses serves the unweighted figures and every scheme's.
    const dataset = await loadDataset(db, slug);
    candidates.push(...candidatesOf(await getDatasetResults(db, dataset, {}), null));
    for (const scheme of await listWeightingSchemes(db, slug)) {
      try {
        candidates.push(...candidatesOf(await getDatasetResults(db, dataset, { weighting: scheme.name }), scheme.name));
      } catch (error) {
        // A scheme that cannot be applied to today's data (e.g. a target category nobody answered) has
        // no figures to match; the unweighted and other schemes' figures still do.
        if (error instanceof AppError && error.code === 'weighting_failed') continue;
        throw error;
      }
    }
  }
  return candidates;
}

/** Checks the claims of a text against the chosen surveys (404 for an unknown survey). */
export async function checkClaimsIn(db: Kysely<Database>, text: string, slugs: string[]): Promise<ClaimResult[]> {
  const unique = [...new Set(slugs)];
  const candidates = await loadCandidateFigures(db, unique);
  return checkClaims(text, candidates, unique.join(' or '));
}
