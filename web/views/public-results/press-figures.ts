import { writeBaseLine, writeMarginLine } from '../../../server/headlines/sentence.ts';
import type { Figure } from '../../../server/press-items/figures.ts';
import type { PressItem } from '../../../server/press-items/service.ts';
import { buildPressChart, type BuiltPressChart, type PressChartBrand, type PressChartSettings } from '../../charts/press-chart.ts';

// What the public results page says about a published headline or chart, worked out only from what
// was frozen when it was saved (its settings and frozen figures), never from live data: a press
// release quoting "75%" must keep matching the page that backs it up months later. The words come
// from the same pure writers the press studio uses (server/headlines/sentence.ts,
// web/charts/press-chart.ts), so the page says what the press officer saw.

/** A published headline as the public page shows it. */
export interface PublicHeadline {
  id: string;
  sentence: string;
  baseLine: string | null;
  /** "Margin of error: ±2.2 points", or null without a percentage. */
  marginLine: string | null;
}

/** A published chart as the public page shows it: its words, data table and configuration, and where its picture is. */
export interface PublicChart {
  id: string;
  built: BuiltPressChart;
  imageHref: string;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

/** The headline's frozen sentence with its base line and margin of error, as saved. */
export function describeHeadline(item: PressItem): PublicHeadline {
  const figure = item.frozen[0];
  return {
    id: item.id,
    // The headline studio saves the sentence the press officer approved as settings.sentence.
    sentence: text(item.spec.settings.sentence) ?? item.title,
    baseLine: figure ? writeBaseLine(figure) : null,
    marginLine: figure ? writeMarginLine(figure) : null,
  };
}

/** The words that tell a chart's bars apart: the parts of their figures that differ (survey, subgroup, statement, answer). */
export function labelFigures(figures: Figure[]): string[] {
  const differs = (pick: (figure: Figure) => string | null) => new Set(figures.map(pick)).size > 1;
  const bySurvey = differs((f) => f.survey.slug);
  const bySubgroup = differs((f) => f.subgroupLabel);
  const byStatement = differs((f) => f.statementText);
  const byAnswer = differs((f) => f.answerLabel);
  return figures.map((figure) => {
    const parts: string[] = [];
    if (bySurvey) parts.push(figure.survey.population);
    if (bySubgroup) parts.push(figure.subgroupLabel ?? 'Everyone');
    if (byStatement && figure.statementText) parts.push(figure.statementText);
    if (byAnswer || parts.length === 0) parts.push(figure.answerLabel);
    return parts.join(': ');
  });
}

const CHART_TYPES = new Set(['options', 'groups', 'likert', 'grouped']);

/** The chart studio's settings when they are well formed; otherwise one bar per figure, named by what
 * tells the figures apart, so a published chart is never dropped or breaks the page. */
export function chartSettingsOf(item: PressItem): PressChartSettings {
  const settings = item.spec.settings as Partial<PressChartSettings>;
  const wellFormed =
    typeof settings.type === 'string' &&
    CHART_TYPES.has(settings.type) &&
    Array.isArray(settings.categories) &&
    Array.isArray(settings.series) &&
    Array.isArray(settings.cells) &&
    settings.cells.length === item.frozen.length &&
    typeof settings.texts === 'object' &&
    settings.texts !== null;
  if (wellFormed) return settings as PressChartSettings;
  return {
    type: 'options',
    categories: labelFigures(item.frozen),
    series: [{ label: item.frozen[0]?.answerLabel ?? '' }],
    cells: item.frozen.map((_, index) => ({ category: index, series: 0 })),
    texts: { title: item.title },
  };
}

/** The chart's titles, lines, table and chart.js configuration from its frozen figures and settings. */
export function describeChart(item: PressItem, brand: PressChartBrand, imageHref: string): PublicChart {
  return { id: item.id, built: buildPressChart(item.frozen, chartSettingsOf(item), brand), imageHref };
}
