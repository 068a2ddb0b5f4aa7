import { describe, expect, it } from 'vitest';
import type { BaseFigures, CellFigures, ColumnFigures, TableFigures } from '../../server/results/service.ts';
import { buildCrosstabChart, columnChartLabel, crosstabChartHeight, crosstabChartLegend, groupedAxisMax, scaleColours } from '../../web/charts/crosstab-chart.ts';
import { ANALYSIS_FUNCTION_PALETTE } from '../../web/charts/results-chart.ts';

// The chart builder is pure: banner-table figures in, chart.js JSON out. Figures here are made up
// (what matters is where each lands in the config), with one column of each kind of base.

const COLUMNS: ColumnFigures[] = [
  { key: 'total', breakId: null, code: null, label: 'Total', letter: null },
  { key: 'q_gender:1', breakId: 'q_gender', code: '1', label: 'Woman', letter: 'A' },
  { key: 'q_gender:2', breakId: 'q_gender', code: '2', label: 'Man', letter: 'B' },
  { key: 'q_gender:3', breakId: 'q_gender', code: '3', label: 'In another way', letter: 'C' },
  { key: 'q_gender:4', breakId: 'q_gender', code: '4', label: 'Prefer not to say', letter: 'D' },
];

const base = (unweighted: number, flag: BaseFigures['flag']): BaseFigures => ({ unweighted, weighted: unweighted, effective: unweighted, flag, marginOfError: null });
/** Total 100 (ok), Woman 60 (ok), Man 36 (low), In another way 4 (suppressed), Prefer not to say 0 (empty). */
const BASES = [base(100, 'ok'), base(60, 'ok'), base(36, 'low'), base(4, 'suppressed'), base(0, 'empty')];
const zero = { unweighted: 0, weighted: 0 };

const cell = (percent: number | null): CellFigures => ({ count: 0, unweightedCount: 0, percent, interval: null, marginOfError: null, higherThan: [] });
/** Cells for the five columns; the last two are null as the API gives them for suppressed and empty bases. */
const cells = (total: number, woman: number, man: number) => [cell(total), cell(woman), cell(man), cell(null), cell(null)];

const option = (code: string, label: string, values: CellFigures[], dontKnow = false) => ({ code, label, dontKnow, cells: values });

const AGREEMENT: TableFigures = {
  bases: BASES,
  skipped: BASES.map(() => zero),
  dontKnowExcluded: BASES.map(() => zero),
  options: [
    option('1', 'Strongly disagree', cells(2, 1, 4)),
    option('2', 'Disagree', cells(5.5, 5, 5)),
    option('3', 'Neither agree nor disagree', cells(17, 16, 19)),
    option('4', 'Agree', cells(41.4, 43, 38)),
    option('5', 'Strongly agree', cells(31.6, 31, 30)),
    option('9', "Don't know", cells(2.5, 4, 4), true),
  ],
  nets: [],
};

const CHOICE: TableFigures = {
  ...AGREEMENT,
  options: [option('1', 'Yes, I knew this', cells(59.5, 62, 33.3)), option('2', 'No, I did not know this', cells(40.5, 38, 66.7))],
};

describe('buildCrosstabChart', () => {
  it('stacks a scale question to 100% per column, answers in scale order, leaving out suppressed and empty columns', () => {
    const config = buildCrosstabChart('likert', AGREEMENT, COLUMNS)!;
    expect(config.type).toBe('bar');
    expect(config.options?.indexAxis).toBe('y');
    expect(config.options?.scales?.x).toMatchObject({ min: 0, max: 100, stacked: true });
    expect(config.options?.scales?.y).toMatchObject({ stacked: true });
    // One bar per charted column: Total, Woman (A) and Man (B, low base but shown); C and D are not charted.
    expect(config.data.labels).toEqual([['Total'], ['Woman (A)'], ['Man (B)']]);
    expect(config.data.datasets.map((d) => d.label)).toEqual(['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree', "Don't know"]);
    expect(config.data.datasets[3]!.data).toEqual([41.4, 43, 38]);
    // Diverging colours: orange for disagreeing, grey in the middle, blue for agreeing, dark grey for don't know.
    expect(config.data.datasets.map((d) => d.backgroundColor)).toEqual(['#F46A25', '#F9B48F', '#BFC1C3', '#8DA7C0', '#12436D', '#6F777B']);
    // Labels inside segments of 6% or more only, rounded for display; white on the dark fills.
    const labels = config.options?.plugins?.attuneValueLabels;
    expect(labels?.position).toBe('center');
    expect(labels?.datasets?.map((d) => d.labels)).toEqual([
      ['', '', ''],
      ['', '', ''],
      ['17%', '16%', '19%'],
      ['41%', '43%', '38%'],
      ['32%', '31%', '30%'],
      ['', '', ''],
    ]);
    expect(labels?.datasets?.map((d) => d.color)).toEqual(['#0b0c0c', '#0b0c0c', '#0b0c0c', '#0b0c0c', '#ffffff', '#ffffff']);
  });

  it('groups a choice question by column: one bar per column in each answer, the axis ending at the next 10% above the largest bar', () => {
    const config = buildCrosstabChart('single-choice', CHOICE, COLUMNS)!;
    expect(config.options?.scales?.x).toMatchObject({ min: 0, max: 70, stacked: false });
    expect(config.data.labels).toEqual([['Yes, I knew this'], ['No, I did not know', 'this']]);
    expect(config.data.datasets.map((d) => [d.label, d.backgroundColor])).toEqual([
      ['Total', ANALYSIS_FUNCTION_PALETTE[0]],
      ['Woman (A)', ANALYSIS_FUNCTION_PALETTE[1]],
      ['Man (B)', ANALYSIS_FUNCTION_PALETTE[2]],
    ]);
    expect(config.data.datasets.map((d) => d.data)).toEqual([
      [59.5, 40.5],
      [62, 38],
      [33.3, 66.7],
    ]);
    const labels = config.options?.plugins?.attuneValueLabels;
    expect(labels?.position).toBe('end');
    // 59.5 rounds to 60 and 40.5 to 41 for display only (half away from zero), the bars stay unrounded.
    expect(labels?.datasets?.map((d) => d.labels)).toEqual([
      ['60%', '41%'],
      ['62%', '38%'],
      ['33%', '67%'],
    ]);
    expect(buildCrosstabChart('multiple-choice', CHOICE, COLUMNS)!.options?.scales?.y?.stacked).toBe(false);
  });

  it('charts nothing when no column can show percentages, or there are no answers', () => {
    const suppressed = { ...AGREEMENT, bases: [base(8, 'suppressed'), base(5, 'suppressed'), base(3, 'suppressed'), base(0, 'empty'), base(0, 'empty')] };
    expect(buildCrosstabChart('likert', suppressed, COLUMNS)).toBeNull();
    expect(buildCrosstabChart('single-choice', { ...CHOICE, options: [] }, COLUMNS)).toBeNull();
  });

  it('is plain JSON: no functions, survives a round trip unchanged', () => {
    for (const config of [buildCrosstabChart('likert', AGREEMENT, COLUMNS)!, buildCrosstabChart('single-choice', CHOICE, COLUMNS)!]) {
      expect(JSON.parse(JSON.stringify(config))).toEqual(config);
      const hasFunction = (value: unknown): boolean =>
        typeof value === 'function' || (typeof value === 'object' && value !== null && Object.values(value).some(hasFunction));
      expect(hasFunction(config)).toBe(false);
    }
  });
});

describe('crosstab chart layout', () => {
  it('sizes the container so every band fits its label and its bars', () => {
    // Stacked: 3 bands of max(40, 1 line·18 + 16, 28 + 16) = 44, plus 16.
    expect(crosstabChartHeight(buildCrosstabChart('likert', AGREEMENT, COLUMNS)!)).toBe(3 * 44 + 16);
    // Grouped: 2 bands of max(40, 2 lines·18 + 16 = 52, 3 bars·18 + 16 = 70) = 70, plus 16.
    expect(crosstabChartHeight(buildCrosstabChart('single-choice', CHOICE, COLUMNS)!)).toBe(2 * 70 + 16);
  });

  it('gives the page a legend of every dataset with its colour', () => {
    expect(crosstabChartLegend(buildCrosstabChart('single-choice', CHOICE, COLUMNS)!)).toEqual([
      { label: 'Total', color: '#12436D' },
      { label: 'Woman (A)', color: '#28A197' },
      { label: 'Man (B)', color: '#801650' },
    ]);
  });

  it('colours any scale length symmetrically and ends the grouped axis sensibly', () => {
    expect(scaleColours(4).map((c) => c.fill)).toEqual(['#F46A25', '#F9B48F', '#8DA7C0', '#12436D']);
    expect(scaleColours(5).map((c) => c.fill)).toEqual(['#F46A25', '#F9B48F', '#BFC1C3', '#8DA7C0', '#12436D']);
    expect(groupedAxisMax([33.3, 12])).toBe(40);
    expect(groupedAxisMax([40])).toBe(40);
    expect(groupedAxisMax([40.01])).toBe(50);
    expect(groupedAxisMax([0, 0])).toBe(10);
    expect(groupedAxisMax([99.5])).toBe(100);
    expect(columnChartLabel(COLUMNS[0]!)).toBe('Total');
    expect(columnChartLabel(COLUMNS[2]!)).toBe('Man (B)');
  });
});
