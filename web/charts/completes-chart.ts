import type { ChartConfiguration } from 'chart.js';
import { ANALYSIS_FUNCTION_PALETTE, CHART_FONT_FAMILY as FONT_FAMILY, CHART_TEXT_COLOUR as TEXT_COLOUR } from './results-chart.ts';

// A pure function from completes per day to a chart.js configuration: plain JSON (no callbacks), drawn
// in the browser by web/client/results-charts.js like the results charts.

/** One fieldwork day: real completes and demo completes, by UK date. */
export interface CompletesDay {
  /** YYYY-MM-DD. */
  date: string;
  completes: number;
  demo: number;
}

export type CompletesChartConfig = ChartConfiguration<'bar', number[], string>;

/** The fixed height in pixels of the chart's container, so drawing it never moves the page. */
export const COMPLETES_CHART_HEIGHT = 280;

const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "1 Mar" from "2026-03-01": a calendar date needs no time zone to print. */
export function formatShortDate(date: string): string {
  const [, month, day] = date.split('-').map(Number) as [number, number, number];
  return `${day} ${SHORT_MONTHS[month - 1]}`;
}

/** Vertical bars of completes per day (demo completes stacked on top in a second colour when there
 * are any), from zero with whole-number ticks; null when there are no days to draw. */
export function buildCompletesChart(days: readonly CompletesDay[]): CompletesChartConfig | null {
  if (days.length === 0) return null;
  const hasDemo = days.some((day) => day.demo > 0);
  const tickFont = { family: FONT_FAMILY, size: 13 };
  const datasets: CompletesChartConfig['data']['datasets'] = [
    {
      label: hasDemo ? 'Completes (not demo)' : 'Completes',
      data: days.map((day) => day.completes),
      backgroundColor: ANALYSIS_FUNCTION_PALETTE[0],
      borderWidth: 0,
      maxBarThickness: 40,
    },
  ];
  if (hasDemo) {
    datasets.push({
      label: 'Demo completes',
      data: days.map((day) => day.demo),
      backgroundColor: ANALYSIS_FUNCTION_PALETTE[3],
      borderWidth: 0,
      maxBarThickness: 40,
    });
  }
  return {
    type: 'bar',
    data: { labels: days.map((day) => formatShortDate(day.date)), datasets },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      events: [],
      layout: { padding: { top: 8, right: 8 } },
      scales: {
        x: {
          stacked: true,
          grid: { display: false },
          border: { display: true, color: '#b1b4b6' },
          ticks: { color: TEXT_COLOUR, font: tickFont, maxRotation: 0, autoSkip: true },
        },
        y: {
          stacked: true,
          beginAtZero: true,
          grid: { color: '#e5e6e7' },
          border: { display: false },
          ticks: { color: TEXT_COLOUR, font: tickFont, precision: 0 },
        },
      },
      plugins: {
        legend: { display: hasDemo, position: 'bottom', labels: { color: TEXT_COLOUR, font: tickFont } },
        tooltip: { enabled: false },
        title: { display: false },
      },
    },
  };
}
