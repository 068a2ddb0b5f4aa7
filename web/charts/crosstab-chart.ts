import type { ChartConfiguration } from 'chart.js';
import type { ColumnFigures, TableFigures } from '../../server/results/service.ts';
import { formatChartPercent } from './format-figures.ts';
import { ANALYSIS_FUNCTION_PALETTE, barChartHeight, CATEGORY_TICKS, CHART_FONT_FAMILY, CHART_PADDING, CHART_TEXT_COLOUR as TEXT_COLOUR, wrapLabel } from './results-chart.ts';

// A pure function from one banner table to a chart.js configuration, drawn under the table on the
// workspace crosstab page by web/client/results-charts.js. Scale questions become stacked 100% bars
// (one bar per column, one segment per answer, so the columns' balance of agreement is compared at a
// glance); choice questions become grouped bars (one group per answer, one bar per column). The
// configuration is plain JSON, and the legend is drawn by the page from `crosstabChartLegend`, so it
// is laid out before any script runs.

export type CrosstabChartConfig = ChartConfiguration<'bar', number[], string[]>;

/** The question types a banner table can be charted for. */
export type ChartedType = 'single-choice' | 'likert' | 'multiple-choice' | 'likert-grid';

const WHITE = '#ffffff';
const VALUE_FONT_SIZE = 13;
const GROUPED_BAR = 16;
const STACKED_BAR = 28;
/** Segments narrower than this share (in percent) carry no label: it would not fit inside them. */
const MIN_LABELLED_SEGMENT = 6;

// A diverging scale for agreement: the disagree side in orange, the agree side in blue (both from the
// Analysis Function palette, with lighter tints for the milder answers), the midpoint grey and
// "don't know" a darker grey. Text colours keep at least 4.5:1 contrast on each fill.
const NEGATIVE = [
  { fill: '#F46A25', text: TEXT_COLOUR },
  { fill: '#F9B48F', text: TEXT_COLOUR },
];
const POSITIVE = [
  { fill: '#12436D', text: WHITE },
  { fill: '#8DA7C0', text: TEXT_COLOUR },
];
const MIDPOINT = { fill: '#BFC1C3', text: TEXT_COLOUR };
const DONT_KNOW = { fill: '#6F777B', text: WHITE };

/** Fills of grouped bars: the categorical palette, then the same colours as lighter tints for columns 7 to 12. */
const GROUPED_FILLS = [...ANALYSIS_FUNCTION_PALETTE, '#7D90A6', '#8ECDC4', '#C08BA8', '#F9B48F', '#9E9E9E', '#D0C2E8'];

/** Colours for the points of a scale, lowest first: orange for the lower half, blue for the upper, grey in the middle. */
export function scaleColours(points: number): { fill: string; text: string }[] {
  const half = Math.floor(points / 2);
  const low = Array.from({ length: half }, (_, i) => NEGATIVE[Math.min(i, NEGATIVE.length - 1)]!);
  const high = Array.from({ length: half }, (_, i) => POSITIVE[Math.min(half - 1 - i, POSITIVE.length - 1)]!);
  return [...low, ...(points % 2 === 1 ? [MIDPOINT] : []), ...high];
}

/** The label a column is charted under: "Total", or its answer with its letter, e.g. "Woman (A)". */
export function columnChartLabel(column: ColumnFigures): string {
  return column.letter ? `${column.label} (${column.letter})` : column.label;
}

/** Columns whose percentages can be charted: not empty and not suppressed. */
function chartedColumns(table: TableFigures, columns: ColumnFigures[]): number[] {
  return columns.flatMap((_, c) => (table.bases[c] && (table.bases[c]!.flag === 'ok' || table.bases[c]!.flag === 'low') ? [c] : []));
}

/** The end of the value axis of grouped bars: the largest bar's next 10%, so that small shares are not
 * squeezed against zero, but never past 100. Bars still start at zero. */
export function groupedAxisMax(percents: number[]): number {
  const largest = percents.reduce((most, p) => Math.max(most, p), 0);
  return Math.min(100, Math.max(10, Math.ceil(largest / 10 - 1e-9) * 10));
}

function baseConfig(
  labels: string[][],
  datasets: CrosstabChartConfig['data']['datasets'],
  stacked: boolean,
  valueLabels: { labels: string[]; color: string }[],
  axisMax = 100,
): CrosstabChartConfig {
  return {
    type: 'bar',
    data: { labels, datasets },
    options: {
      indexAxis: 'y',
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      events: [],
      layout: { padding: { top: CHART_PADDING / 2, bottom: CHART_PADDING / 2, right: stacked ? 8 : 48 } },
      scales: {
        x: { display: false, min: 0, max: axisMax, stacked },
        y: {
          stacked,
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
          labels: [],
          datasets: valueLabels,
          position: stacked ? 'center' : 'end',
          color: TEXT_COLOUR,
          font: { family: CHART_FONT_FAMILY, size: VALUE_FONT_SIZE, weight: 'bold' },
          offset: 4,
        },
      },
    },
  };
}

/** Stacked 100% bars: one bar per charted column, one segment per answer in scale order. */
function stackedChart(table: TableFigures, columns: ColumnFigures[], charted: number[]): CrosstabChartConfig {
  const points = table.options.filter((option) => !option.dontKnow);
  const colours = scaleColours(points.length);
  const colourOf = new Map(points.map((option, k) => [option.code, colours[k]!]));
  const datasets = table.options.map((option) => {
    const colour = option.dontKnow ? DONT_KNOW : colourOf.get(option.code)!;
    return {
      label: option.label,
      // Bars from unrounded figures; only the labels are rounded.
      data: charted.map((c) => option.cells[c]!.percent ?? 0),
      backgroundColor: colour.fill,
      borderColor: WHITE,
      borderWidth: { left: 0, right: 1, top: 0, bottom: 0 },
      barThickness: STACKED_BAR,
    };
  });
  const valueLabels = table.options.map((option) => ({
    labels: charted.map((c) => {
      const percent = option.cells[c]!.percent;
      return percent !== null && percent >= MIN_LABELLED_SEGMENT ? formatChartPercent(percent) : '';
    }),
    color: (option.dontKnow ? DONT_KNOW : colourOf.get(option.code)!).text,
  }));
  return baseConfig(charted.map((c) => wrapLabel(columnChartLabel(columns[c]!))), datasets, true, valueLabels);
}

/** Grouped bars: one group per answer, one bar per charted column. */
function groupedChart(table: TableFigures, columns: ColumnFigures[], charted: number[]): CrosstabChartConfig {
  const datasets = charted.map((c, d) => ({
    label: columnChartLabel(columns[c]!),
    data: table.options.map((option) => option.cells[c]!.percent ?? 0),
    backgroundColor: GROUPED_FILLS[d % GROUPED_FILLS.length]!,
    borderWidth: 0,
    barPercentage: 0.9,
    categoryPercentage: 0.85,
    maxBarThickness: GROUPED_BAR,
  }));
  const valueLabels = charted.map((c) => ({ labels: table.options.map((option) => formatChartPercent(option.cells[c]!.percent)), color: TEXT_COLOUR }));
  const axisMax = groupedAxisMax(datasets.flatMap((dataset) => dataset.data));
  return baseConfig(table.options.map((option) => wrapLabel(option.label)), datasets, false, valueLabels, axisMax);
}

/** The chart for one banner table: stacked 100% bars for a scale question (or grid statement), grouped
 * bars for a choice question; null when no column has a percentage to show (empty or suppressed). */
export function buildCrosstabChart(type: ChartedType, table: TableFigures, columns: ColumnFigures[]): CrosstabChartConfig | null {
  const charted = chartedColumns(table, columns);
  if (charted.length === 0 || table.options.length === 0) return null;
  return type === 'likert' || type === 'likert-grid' ? stackedChart(table, columns, charted) : groupedChart(table, columns, charted);
}

/** The legend the page draws beside the canvas: each dataset's label and fill. */
export function crosstabChartLegend(config: CrosstabChartConfig): { label: string; color: string }[] {
  return config.data.datasets.map((dataset) => ({ label: dataset.label ?? '', color: String(dataset.backgroundColor) }));
}

/** The fixed height in pixels of a crosstab chart's container (see barChartHeight): each band also
 * fits its bars, one stacked bar or, for grouped bars, one bar per dataset. */
export function crosstabChartHeight(config: CrosstabChartConfig): number {
  const stacked = config.options?.scales?.y?.stacked === true;
  return barChartHeight(config.data.labels ?? [], stacked ? STACKED_BAR : config.data.datasets.length * (GROUPED_BAR + 2));
}
