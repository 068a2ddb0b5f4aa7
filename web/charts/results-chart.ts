import type { ChartConfiguration, ChartType } from 'chart.js';
import type { QuestionFigures } from '../../server/results/service.ts';
import { formatChartPercent } from './format-figures.ts';

// A pure function from one question's results to a chart.js configuration. The configuration is plain
// JSON (no callbacks), so the browser draws exactly what a server-side PNG export will draw later.

/** Options of the tiny value-label plugin registered by web/client/results-charts.js. */
export interface ValueLabelOptions {
  /** One label per bar of the first dataset, already rounded for display, e.g. "75%". */
  labels: string[];
  color: string;
  font: { family: string; size: number; weight: string };
  /** Gap in pixels between the bar's end and its label. */
  offset: number;
  /** Labels for every dataset (grouped or stacked bars), each in its own colour; `labels` is then unused. */
  datasets?: { labels: string[]; color: string }[];
  /** 'end' (default): after the end of each bar. 'center': inside each stacked segment. */
  position?: 'end' | 'center';
}

declare module 'chart.js' {
  interface PluginOptionsByType<TType extends ChartType> {
    attuneValueLabels?: ValueLabelOptions;
  }
}

/** The Government Analysis Function categorical palette (colour-blind safe), in its order of use. */
export const ANALYSIS_FUNCTION_PALETTE = ['#12436D', '#28A197', '#801650', '#F46A25', '#3D3D3D', '#A285D1'] as const;

export type ResultsChartConfig = ChartConfiguration<'bar', number[], string[]>;

// Text and spacing of the page charts (this one, crosstab-chart.ts and completes-chart.ts), in one
// place so the charts of the results, crosstab and fieldwork pages look alike.
export const CHART_FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';
export const CHART_TEXT_COLOUR = '#0b0c0c';
const CHART_LABEL_FONT_SIZE = 14;
const LINE_HEIGHT = 18;
/** Characters per line of a category label before it wraps. chart.js gives the label axis at most half
 * the chart's width, so on a phone (about 300px) a line must stay near 18 characters to stay whole. */
const WRAP_AT = 18;
const MIN_ROW_HEIGHT = 40;
const ROW_PADDING = 16;
/** Space above and below the bars of a horizontal bar chart, in pixels. */
export const CHART_PADDING = 16;

/** Category-axis ticks of a horizontal bar chart: wrapped labels in the chart font, set against the axis. */
export const CATEGORY_TICKS = {
  color: CHART_TEXT_COLOUR,
  font: { family: CHART_FONT_FAMILY, size: CHART_LABEL_FONT_SIZE, lineHeight: LINE_HEIGHT / CHART_LABEL_FONT_SIZE },
  crossAlign: 'far',
  autoSkip: false,
} as const;

/** The fixed height in pixels of a horizontal bar chart's container, so the page is laid out before the
 * chart draws (no layout shift). chart.js gives every category an equal band, so each band must fit
 * the label with the most lines, and at least `barSpace` pixels of bars. */
export function barChartHeight(labels: readonly string[][], barSpace = 0): number {
  const mostLines = labels.reduce((most, lines) => Math.max(most, lines.length), 1);
  const band = Math.max(MIN_ROW_HEIGHT, mostLines * LINE_HEIGHT + ROW_PADDING, barSpace + ROW_PADDING);
  return labels.length * band + CHART_PADDING;
}

/** Splits a label into lines of at most `width` characters at spaces (a longer word keeps its own line). */
export function wrapLabel(text: string, width = WRAP_AT): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [''];
}

interface Bar {
  label: string;
  percent: number | null;
}

/** The bars a question is charted with, from its Total column: each option, or for grids each statement's top-2 net. */
function barsOf(question: QuestionFigures): { bars: Bar[]; measure: string } | null {
  switch (question.type) {
    case 'single-choice':
    case 'likert':
    case 'multiple-choice':
      return { bars: question.options.map((o) => ({ label: o.label, percent: o.cells[0]?.percent ?? null })), measure: 'Percentage of respondents' };
    case 'likert-grid': {
      const top2 = question.statements[0]?.nets.find((net) => net.id === 'top2');
      return {
        bars: question.statements.map((s) => ({ label: s.text, percent: s.nets.find((net) => net.id === 'top2')?.cells[0]?.percent ?? null })),
        measure: top2 ? `Percentage who answered "${top2.label.toLowerCase()}"` : 'Percentage',
      };
    }
    default:
      return null;
  }
}

/** The chart.js configuration for one question (horizontal bars of unrounded percentages, 0 to 100,
 * direct labels), or null for questions that are not charted (numbers, text, or nobody answered). */
export function buildResultsChart(question: QuestionFigures): ResultsChartConfig | null {
  const charted = barsOf(question);
  if (!charted || charted.bars.length === 0 || charted.bars.every((bar) => bar.percent === null)) return null;
  const { bars, measure } = charted;
  return {
    type: 'bar',
    data: {
      labels: bars.map((bar) => wrapLabel(bar.label)),
      datasets: [
        {
          label: measure,
          // Bars are drawn from unrounded figures; only the labels are rounded.
          data: bars.map((bar) => bar.percent ?? 0),
          backgroundColor: ANALYSIS_FUNCTION_PALETTE[0],
          borderWidth: 0,
          barPercentage: 0.85,
          categoryPercentage: 0.8,
          maxBarThickness: 28,
        },
      ],
    },
    options: {
      indexAxis: 'y',
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      events: [],
      layout: { padding: { top: CHART_PADDING / 2, bottom: CHART_PADDING / 2, right: 48 } },
      scales: {
        x: { display: false, min: 0, max: 100 },
        y: {
          grid: { display: false },
          border: { display: true, color: '#b1b4b6' },
          ticks: CATEGORY_TICKS,
        },
      },
      plugins: {
        legend: { display: false },
        tooltip: { enabled: false },
        title: { display: false },
        attuneValueLabels: {
          labels: bars.map((bar) => formatChartPercent(bar.percent)),
          color: CHART_TEXT_COLOUR,
          font: { family: CHART_FONT_FAMILY, size: CHART_LABEL_FONT_SIZE, weight: 'bold' },
          offset: 6,
        },
      },
    },
  };
}

/** The fixed height in pixels a results chart's container needs (see barChartHeight). */
export function chartHeightFor(config: ResultsChartConfig): number {
  return barChartHeight(config.data.labels ?? []);
}

/** JSON for a `<script type="application/json">` block: `<`, `>`, `&` and line separators escaped so the
 * text can never close the script element or be read as markup. */
export function serialiseForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
