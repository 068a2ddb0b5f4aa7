import { describe, expect, it } from 'vitest';
import type { QuestionFigures, TabulatedQuestion } from '../../server/results/service.ts';
import { ANALYSIS_FUNCTION_PALETTE, buildResultsChart, chartHeightFor, serialiseForScript, wrapLabel } from '../../web/charts/results-chart.ts';
import { formatFieldwork } from '../../web/views/results-page.tsx';

const empty = { unweighted: 0, weighted: 0 };

/** A Total-only cell: the public page and its chart read column 0. */
const cell = (count: number, percent: number | null) => ({ count, unweightedCount: count, percent, interval: null, marginOfError: null, higherThan: [] });
const base = (n: number) => ({ unweighted: n, weighted: n, effective: n, flag: n === 0 ? ('empty' as const) : n < 10 ? ('suppressed' as const) : n < 50 ? ('low' as const) : ('ok' as const), marginOfError: null });

const likert: TabulatedQuestion = {
  id: 'q_support',
  type: 'likert',
  text: 'I would welcome support.',
  version: null,
  bases: [base(8)],
  skipped: [empty],
  dontKnowExcluded: [empty],
  options: [
    { code: '1', label: 'Strongly disagree', dontKnow: false, cells: [cell(0, 0)] },
    { code: '2', label: 'Disagree', dontKnow: false, cells: [cell(1, 12.5)] },
    { code: '3', label: 'Neither agree nor disagree', dontKnow: false, cells: [cell(1, 12.5)] },
    { code: '4', label: 'Agree', dontKnow: false, cells: [cell(3, 37.5)] },
    { code: '5', label: 'Strongly agree', dontKnow: false, cells: [cell(3, 37.5)] },
  ],
  nets: [
    { id: 'top2', label: 'Agree or strongly agree', codes: ['4', '5'], cells: [cell(6, 75)] },
    { id: 'bottom2', label: 'Disagree or strongly disagree', codes: ['1', '2'], cells: [cell(1, 12.5)] },
  ],
};

describe('buildResultsChart', () => {
  it('builds a horizontal bar chart of unrounded percentages with rounded direct labels', () => {
    const config = buildResultsChart(likert)!;
    expect(config.type).toBe('bar');
    expect(config.options?.indexAxis).toBe('y');
    expect(config.options?.animation).toBe(false);
    expect(config.options?.scales?.x).toMatchObject({ min: 0, max: 100 });
    expect(config.data.labels).toEqual([['Strongly disagree'], ['Disagree'], ['Neither agree nor', 'disagree'], ['Agree'], ['Strongly agree']]);
    expect(config.data.datasets[0]!.data).toEqual([0, 12.5, 12.5, 37.5, 37.5]);
    expect(config.data.datasets[0]!.backgroundColor).toBe(ANALYSIS_FUNCTION_PALETTE[0]);
    expect(config.options?.plugins?.attuneValueLabels?.labels).toEqual(['0%', '13%', '13%', '38%', '38%']);
  });

  it('is plain JSON: no functions, survives a round trip unchanged', () => {
    const config = buildResultsChart(likert)!;
    expect(JSON.parse(JSON.stringify(config))).toEqual(config);
    const hasFunction = (value: unknown): boolean =>
      typeof value === 'function' || (typeof value === 'object' && value !== null && Object.values(value).some(hasFunction));
    expect(hasFunction(config)).toBe(false);
  });

  it('charts a grid as one bar per statement: its top-2 net', () => {
    const statement = (id: string, text: string, top2: number | null) => ({
      id,
      text,
      bases: [base(3)],
      skipped: [empty],
      dontKnowExcluded: [empty],
      options: [],
      nets: [
        { id: 'top2', label: 'Agree or strongly agree', codes: ['4', '5'], cells: [cell(2, top2)] },
        { id: 'bottom2', label: 'Disagree or strongly disagree', codes: ['1', '2'], cells: [cell(1, 10)] },
      ],
    });
    const grid: QuestionFigures = {
      id: 'q_grid',
      type: 'likert-grid',
      text: 'Grid',
      version: null,
      bases: [base(3)],
      skipped: [empty],
      statements: [statement('s_a', 'First', 200 / 3), statement('s_b', 'Second', 0.3)],
    };
    const config = buildResultsChart(grid)!;
    expect(config.data.datasets[0]!.data).toEqual([200 / 3, 0.3]);
    expect(config.options?.plugins?.attuneValueLabels?.labels).toEqual(['67%', '<1%']);
    expect(config.data.datasets[0]!.label).toBe('Percentage who answered "agree or strongly agree"');
  });

  it('does not chart numbers, text, or a question nobody answered', () => {
    expect(buildResultsChart({ id: 'q_n', text: 'N', version: null, type: 'number', bases: [base(8)], skipped: [empty], numeric: [{ mean: 1, median: 1, min: 1, max: 1 }] })).toBeNull();
    expect(buildResultsChart({ id: 'q_t', text: 'T', version: null, type: 'long-text', bases: [base(8)], skipped: [empty] })).toBeNull();
    expect(buildResultsChart({ ...likert, options: likert.options.map((o) => ({ ...o, cells: [cell(0, null)] })) })).toBeNull();
  });

  it('sizes the container from the bars and their wrapped lines', () => {
    // Bands are equal, sized for the longest label: "Neither agree nor / disagree" takes 2 lines,
    // 2 * 18 + 16 = 52px, times 5 bars, plus 16px padding.
    expect(chartHeightFor(buildResultsChart(likert)!)).toBe(5 * 52 + 16);
    expect(chartHeightFor(buildResultsChart({ ...likert, options: likert.options.slice(0, 2) })!)).toBe(2 * 40 + 16);
    const long = { ...likert, options: [{ ...likert.options[0]!, label: 'Limiting physical affection so the baby does not become clingy' }] };
    // Four lines of 18px plus 16px row padding = 88px, plus 16px.
    expect(chartHeightFor(buildResultsChart(long)!)).toBe(88 + 16);
    expect(buildResultsChart(long)!.data.labels).toEqual([['Limiting physical', 'affection so the', 'baby does not', 'become clingy']]);
  });
});

describe('wrapLabel', () => {
  it('wraps at spaces within the width and keeps long words whole', () => {
    expect(wrapLabel('Limiting physical affection so the baby does not become clingy')).toEqual([
      'Limiting physical',
      'affection so the',
      'baby does not',
      'become clingy',
    ]);
    expect(wrapLabel('Limiting physical affection so the baby', 30)).toEqual(['Limiting physical affection so', 'the baby']);
    expect(wrapLabel('Supercalifragilistic', 5)).toEqual(['Supercalifragilistic']);
    expect(wrapLabel('')).toEqual(['']);
  });
});

describe('serialiseForScript', () => {
  it('escapes everything that could end a script element, and still parses to the same value', () => {
    const value = { label: '</script><script>alert(1)</script> & \u2028' };
    const text = serialiseForScript(value);
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('formatFieldwork', () => {
  it('names a shared year or month once', () => {
    expect(formatFieldwork({ start: '2024-02-23', end: '2024-03-01' })).toBe('23 February to 1 March 2024');
    expect(formatFieldwork({ start: '2024-02-03', end: '2024-02-09' })).toBe('3 to 9 February 2024');
    expect(formatFieldwork({ start: '2023-12-28', end: '2024-01-04' })).toBe('28 December 2023 to 4 January 2024');
    expect(formatFieldwork({ start: '2024-02-23', end: null })).toBe('23 February 2024');
    expect(formatFieldwork(null)).toBeNull();
  });
});
