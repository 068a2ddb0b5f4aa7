import { stringify } from 'csv-stringify/sync';
import type { Kysely } from 'kysely';
import type { AuditActor } from '../audit/service.ts';
import type { Database } from '../db/schema.ts';
import { AppError, type FieldErrors } from '../errors.ts';
import { getBrand } from '../methodology/service.ts';
import type { Figure, FigureQuery } from '../press-items/figures.ts';
import { compareWithLive, computeFigures, getPressItem, savePressItem, updatePressItem, type LiveComparison, type PressItem, type PressItemSpec } from '../press-items/service.ts';
import { listQuestions, localise, netsOf, optionsOf } from '../surveys/model.ts';
import { DONT_KNOW } from '../surveys/scales.ts';
import { listSurveys } from '../surveys/service.ts';
import { listWeightingSchemes } from '../weighting/service.ts';
import { buildPressChart, type BuiltPressChart, type LikertRole, type PressChartSettings } from '../../web/charts/press-chart.ts';
import { FIGURE_PICK, MAX_GROUPS, MAX_ROWS, QUESTION_PICK, SUBGROUP_PICK, type ChartForm } from './schemas.ts';

// The chart studio: from the form's choices to figure queries and chart settings, previews computed
// live, charts saved as press items (kind 'chart') with frozen figures, and the chart's data as CSV.
// Figures come from computeFigure (so from server/analysis); the chart from web/charts/press-chart.ts.

const en = (label: Parameters<typeof localise>[0]) => localise(label, 'en');

export interface ChoiceQuestion {
  /** "survey|question" or "survey|question:statement". */
  value: string;
  label: string;
  /** A scale (likert or a grid statement): can be a diverging Likert row. */
  scale: boolean;
  options: { code: string; label: string; dontKnow: boolean }[];
  nets: { id: string; label: string }[];
}

export interface ChoiceSurvey {
  slug: string;
  title: string;
  questions: ChoiceQuestion[];
  /** Single-choice and scale questions: breaks and subgroups. */
  breaks: { id: string; label: string; codes: { code: string; label: string }[] }[];
}

export interface ChartFormChoices {
  surveys: ChoiceSurvey[];
  /** Weighting schemes of any survey (a survey without the chosen one is refused by name). */
  weightings: string[];
}

/** Every survey's chartable questions (a grid's statements one by one), breaks and weighting schemes. */
export async function getChartFormChoices(db: Kysely<Database>): Promise<ChartFormChoices> {
  const surveys: ChoiceSurvey[] = [];
  const weightings = new Set<string>();
  for (const survey of await listSurveys(db)) {
    const questions: ChoiceQuestion[] = [];
    const breaks: ChoiceSurvey['breaks'] = [];
    for (const question of listQuestions(survey.definition)) {
      if (question.type !== 'single-choice' && question.type !== 'likert' && question.type !== 'multiple-choice' && question.type !== 'likert-grid') continue;
      const options = optionsOf(question).map((option) => ({ code: option.code, label: en(option.label), dontKnow: option.code === DONT_KNOW.code && question.type !== 'single-choice' && question.type !== 'multiple-choice' }));
      const nets = netsOf(question).map((net) => ({ id: net.id, label: en(net.label) }));
      const scale = question.type === 'likert' || question.type === 'likert-grid';
      if (question.type === 'likert-grid') {
        for (const statement of question.statements) {
          questions.push({ value: `${survey.slug}|${question.id}:${statement.id}`, label: `${en(question.text)} – ${en(statement.text)}`, scale, options, nets });
        }
      } else questions.push({ value: `${survey.slug}|${question.id}`, label: en(question.text), scale, options, nets });
      if (question.type === 'single-choice' || question.type === 'likert') {
        breaks.push({ id: question.id, label: en(question.text), codes: options.map((option) => ({ code: option.code, label: option.label })) });
      }
    }
    for (const scheme of await listWeightingSchemes(db, survey.slug)) weightings.add(scheme.name);
    surveys.push({ slug: survey.slug, title: en(survey.definition.title), questions, breaks });
  }
  return { surveys, weightings: [...weightings].sort() };
}

function findQuestion(choices: ChartFormChoices, pick: string): { survey: ChoiceSurvey; question: ChoiceQuestion } | null {
  const slug = pick.split('|')[0];
  const survey = choices.surveys.find((s) => s.slug === slug);
  const question = survey?.questions.find((q) => q.value === pick);
  return survey && question ? { survey, question } : null;
}

/** The query for one answer of a picked question. */
function queryFor(pick: string, answer: FigureQuery['answer'], weighting: string, filters: FigureQuery['filters'] = []): FigureQuery {
  const [, survey, question] = QUESTION_PICK.exec(pick)!;
  const [questionId, statement] = question!.split(':');
  return {
    survey: survey!,
    question: questionId!,
    ...(statement ? { statement } : {}),
    answer,
    weighting: weighting || null,
    ...(filters.length > 0 ? { filters } : {}),
  };
}

function subgroupFilter(survey: ChoiceSurvey, pick: string, field: string, problems: FieldErrors): { filters: FigureQuery['filters']; label: string | null } {
  if (!pick) return { filters: [], label: null };
  const [, question, code] = SUBGROUP_PICK.exec(pick)!;
  const found = survey.breaks.find((b) => b.id === question)?.codes.find((c) => c.code === code);
  if (!found) {
    problems[field] = `must be a subgroup of ${survey.title}`;
    return { filters: [], label: null };
  }
  return { filters: [{ question: question!, codes: [code!] }], label: found.label };
}

/** Where each scale point of a Likert chart sits: the lower half disagrees, the upper agrees, a middle point is neutral. */
function likertRoles(options: ChoiceQuestion['options']): LikertRole[] {
  const points = options.filter((option) => !option.dontKnow).length;
  const half = Math.floor(points / 2);
  let index = 0;
  return options.map((option) => {
    if (option.dontKnow) return 'dontKnow';
    const position = index++;
    return position < half ? 'negative' : points % 2 === 1 && position === half ? 'neutral' : 'positive';
  });
}

/** A complete form as figure queries and chart settings; throws validation_failed naming each missing or wrong field. */
export function specFromForm(form: ChartForm, choices: ChartFormChoices): { queries: PressItemSpec['queries']; settings: PressChartSettings & { form: ChartForm } } {
  const problems: FieldErrors = {};
  const queries: FigureQuery[] = [];
  const cells: PressChartSettings['cells'] = [];
  let categories: string[] = [];
  let series: PressChartSettings['series'] = [{ label: '' }];
  let seriesTitle: string | undefined;
  const texts = { title: form.title ?? '', subtitle: form.subtitle ?? '', notes: form.notes ?? '', source: form.source ?? '', base: form.base ?? '', altText: form.altText ?? '' };

  if (form.type === 'options' || form.type === 'grouped') {
    const found = form.question ? findQuestion(choices, form.question) : null;
    if (!found) problems.question = form.question ? 'must be a question of a survey' : 'choose a question';
    else {
      const { survey, question } = found;
      const subgroup = subgroupFilter(survey, form.subgroup ?? '', 'subgroup', problems);
      categories = question.options.map((option) => option.label);
      if (form.type === 'options') {
        question.options.forEach((option, c) => {
          queries.push(queryFor(form.question!, { kind: 'option', id: option.code }, form.weighting ?? '', subgroup.filters));
          cells.push({ category: c, series: 0 });
        });
      } else {
        const breakQuestion = survey.breaks.find((b) => b.id === form.break);
        if (!breakQuestion) problems.break = form.break ? `must be a question of ${survey.title}` : 'choose a question to break the answers by';
        else if (`${survey.slug}|${breakQuestion.id}` === form.question) problems.break = 'must be a different question';
        else {
          series = breakQuestion.codes.map((code) => ({ label: code.label }));
          seriesTitle = breakQuestion.label;
          question.options.forEach((option, c) => {
            breakQuestion.codes.forEach((code, s) => {
              queries.push(queryFor(form.question!, { kind: 'option', id: option.code }, form.weighting ?? '', [...(subgroup.filters ?? []), { question: breakQuestion.id, codes: [code.code] }]));
              cells.push({ category: c, series: s });
            });
          });
        }
      }
    }
  } else if (form.type === 'groups') {
    for (let i = 1; i <= MAX_GROUPS; i++) {
      const pick = form[`figure${i}`] ?? '';
      if (!pick) continue;
      const [, slug, question, kind, id] = FIGURE_PICK.exec(pick)!;
      const found = findQuestion(choices, `${slug}|${question}`);
      const answerLabel = found
        ? kind === 'net'
          ? found.question.nets.find((net) => net.id === id)?.label
          : found.question.options.find((option) => option.code === id)?.label
        : undefined;
      if (!found || !answerLabel) {
        problems[`figure${i}`] = 'must be an answer to a question of a survey';
        continue;
      }
      const subgroup = subgroupFilter(found.survey, form[`groupSubgroup${i}`] ?? '', `groupSubgroup${i}`, problems);
      queries.push(queryFor(`${slug}|${question}`, { kind: kind as 'option' | 'net', id: id! }, form.weighting ?? '', subgroup.filters));
      cells.push({ category: categories.length, series: 0 });
      categories.push(form[`group${i}`] || subgroup.label || found.survey.title);
    }
    if (queries.length < 2 && !problems.figure1) problems.figure1 = 'choose at least two figures to compare';
  } else {
    let scale: ChoiceQuestion['options'] | null = null;
    for (let i = 1; i <= MAX_ROWS; i++) {
      const pick = form[`row${i}`] ?? '';
      if (!pick) continue;
      const found = findQuestion(choices, pick);
      if (!found || !found.question.scale) {
        problems[`row${i}`] = 'must be a scale question or grid statement';
        continue;
      }
      const points = found.question.options;
      if (scale && scale.map((o) => o.code).join() !== points.map((o) => o.code).join()) {
        problems[`row${i}`] = 'must use the same scale as the first row';
        continue;
      }
      scale = points;
      const row = categories.length;
      points.forEach((option, s) => {
        queries.push(queryFor(pick, { kind: 'option', id: option.code }, form.weighting ?? ''));
        cells.push({ category: row, series: s });
      });
      categories.push(form[`rowLabel${i}`] || found.question.label.split(' – ').pop()!);
    }
    if (!scale) problems.row1 ??= 'choose at least one scale question or statement';
    else {
      const roles = likertRoles(scale);
      series = scale.map((option, s) => ({ label: option.label, role: roles[s]! }));
    }
  }
  if (Object.keys(problems).length > 0) throw new AppError('validation_failed', 'The chart is not complete yet: see the fields marked.', problems);
  const settings: PressChartSettings & { form: ChartForm } = {
    type: form.type,
    categories,
    series,
    cells,
    ...(seriesTitle ? { seriesTitle } : {}),
    texts,
    form,
  };
  return { queries, settings };
}

/** The saved settings of a chart item, checked for shape (an item written by another tool could lack them). */
export function settingsOf(item: PressItem): PressChartSettings & { form: ChartForm } {
  const settings = item.spec.settings as Partial<PressChartSettings & { form: ChartForm }>;
  if (!settings.type || !Array.isArray(settings.categories) || !Array.isArray(settings.series) || !Array.isArray(settings.cells)) {
    throw new AppError('not_found', 'This press item has no chart settings');
  }
  return { ...(settings as PressChartSettings), texts: settings.texts ?? {}, form: settings.form ?? ({ type: settings.type } as ChartForm) };
}

/** The organisation whose brand a chart wears: its first survey's. */
const organisationOf = (figures: Figure[]) => figures[0]?.survey.organisation ?? '';

/** Builds the chart for figures and settings with the organisation's brand. */
export async function buildChartFor(db: Kysely<Database>, figures: Figure[], settings: PressChartSettings): Promise<BuiltPressChart> {
  const brand = await getBrand(db, organisationOf(figures));
  return buildPressChart(figures, settings, brand);
}

/** A saved chart: the item, its settings, the chart built from the frozen figures, and the live comparison. */
export interface SavedChart {
  item: PressItem;
  settings: PressChartSettings & { form: ChartForm };
  built: BuiltPressChart;
}

/** Loads a chart item; 404 for an unknown id or a headline. */
export async function getChart(db: Kysely<Database>, id: string): Promise<SavedChart> {
  const item = await getPressItem(db, id);
  if (item.kind !== 'chart') throw new AppError('not_found', 'No such chart');
  const settings = settingsOf(item);
  return { item, settings, built: await buildChartFor(db, item.frozen, settings) };
}

/** How the chart's live figures compare with its frozen ones. */
export function compareChartWithLive(db: Kysely<Database>, chart: SavedChart): Promise<LiveComparison> {
  return compareWithLive(db, chart.item);
}

/** Saves a chart as a press item: its figures are computed now and frozen. */
export async function saveChart(db: Kysely<Database>, form: ChartForm, actor: AuditActor): Promise<PressItem> {
  const spec = specFromForm(form, await getChartFormChoices(db));
  const figures = await computeFigures(db, spec.queries);
  const built = await buildChartFor(db, figures, spec.settings);
  return savePressItem(db, { surveySlug: spec.queries[0]!.survey, kind: 'chart', title: built.texts.title.slice(0, 300) || 'Chart', spec: { queries: spec.queries, settings: { ...spec.settings } }, figures }, actor);
}

/** Replaces a chart's choices and words and freezes its figures again. */
export async function updateChart(db: Kysely<Database>, id: string, form: ChartForm, actor: AuditActor): Promise<PressItem> {
  const existing = await getPressItem(db, id);
  if (existing.kind !== 'chart') throw new AppError('not_found', 'No such chart');
  const spec = specFromForm(form, await getChartFormChoices(db));
  const figures = await computeFigures(db, spec.queries);
  const built = await buildChartFor(db, figures, spec.settings);
  return updatePressItem(db, id, { title: built.texts.title.slice(0, 300) || 'Chart', spec: { queries: spec.queries, settings: { ...spec.settings } }, figures }, actor);
}

/** The surveys whose disclosure an export of the chart must pass. */
export function surveysOfChart(chart: SavedChart): string[] {
  return [...new Set(chart.item.spec.queries.map((query) => query.survey))];
}

/** The chart's figures as CSV, one row a bar, with bases and provenance. Text that starts like a
 * formula is neutralised (OWASP CSV injection) while numbers stay numbers. */
export function chartCsv(chart: SavedChart): string {
  const { settings, item } = chart;
  const rows = settings.cells.flatMap((cell, i) => {
    const figure = item.frozen[i];
    if (!figure) return [];
    return [
      [
        settings.categories[cell.category] ?? '',
        settings.series[cell.series]?.label ?? '',
        figure.survey.slug,
        figure.query.question,
        figure.statementText ?? '',
        figure.answerLabel,
        figure.subgroupLabel ?? '',
        figure.provenance.weighting ?? '',
        figure.percent,
        figure.base.unweighted,
        figure.base.weighted,
        figure.base.effective,
        figure.base.flag,
        figure.marginOfError === null ? null : figure.marginOfError * 100,
        figure.interval ? figure.interval.lower * 100 : null,
        figure.interval ? figure.interval.upper * 100 : null,
        figure.provenance.dataCutOff ?? '',
      ],
    ];
  });
  const head = ['bar', 'series', 'survey', 'question', 'statement', 'answer', 'subgroup', 'weighting', 'percent', 'unweighted_base', 'weighted_base', 'effective_base', 'base_flag', 'margin_of_error_points', 'interval_low_percent', 'interval_high_percent', 'data_cut_off'];
  return stringify([head, ...rows], { escape_formulas: true, cast: { number: (value) => String(value) } });
}
