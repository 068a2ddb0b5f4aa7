import { describe, expect, it } from 'vitest';
import { buildPressChart, formatPeriod, textColourOn, type PressChartBrand, type PressChartSettings } from '../../web/charts/press-chart.ts';
import { ANALYSIS_FUNCTION_PALETTE } from '../../web/charts/results-chart.ts';
import { figure, PARENTS, PROFESSIONALS, PUBLIC } from './figure-fixtures.ts';

// The pure press chart builder: titles and texts from survey metadata, zero-based axes, bar counts,
// the palette and brand colours, the diverging Likert layout, and alt text.

const DEFAULT_BRAND: PressChartBrand = { organisation: 'Parent-Infant Foundation', colours: [...ANALYSIS_FUNCTION_PALETTE], logo: null };
const GROUPS: PressChartSettings = {
  type: 'groups',
  categories: ['professionals', 'the public'],
  series: [{ label: '' }],
  cells: [
    { category: 0, series: 0 },
    { category: 1, series: 0 },
  ],
  texts: {},
};
const groupFigures = () => [figure({ survey: PROFESSIONALS, percent: 97.2, n: 1012 }), figure({ survey: PUBLIC, percent: 74.8, n: 2003 })];

const hasFunction = (value: unknown): boolean => typeof value === 'function' || (typeof value === 'object' && value !== null && Object.values(value).some(hasFunction));

describe('buildPressChart', () => {
  it('compares one figure across groups: message title, zero axis, one bar per group, direct whole-percent labels', () => {
    const built = buildPressChart(groupFigures(), GROUPS, DEFAULT_BRAND);
    expect(built.texts.title).toBe('97% of professionals vs 75% of the public (agree or strongly agree)');
    expect(built.config.options?.plugins?.title?.text).toEqual(['97% of professionals vs 75% of the public (agree or strongly', 'agree)']);
    expect(built.config.data.datasets).toHaveLength(1);
    // Bars from the unrounded figures, labels rounded.
    expect(built.config.data.datasets[0]!.data).toEqual([97.2, 74.8]);
    expect(built.config.options?.plugins?.attunePressLabels?.datasets).toEqual([{ labels: ['97%', '75%'], color: '#0b0c0c' }]);
    expect(built.config.options?.scales?.x).toMatchObject({ min: 0, max: 100 });
    expect(built.config.data.datasets[0]!.backgroundColor).toBe('#12436D');
    expect(built.width).toBe(1200);
    expect(built.height).toBe(675);
    expect(JSON.parse(JSON.stringify(built.config))).toEqual(built.config);
    expect(hasFunction(built.config)).toBe(false);
  });

  it('fills subtitle, source and base lines from the survey metadata, one clause per survey', () => {
    const built = buildPressChart(groupFigures(), GROUPS, DEFAULT_BRAND);
    expect(built.texts.subtitle).toBe(
      'Teachers, early years workers and health professionals in the United Kingdom, 12 Feb – 8 Mar 2024; adults aged 18 or over in the United Kingdom, 12 Feb – 8 Mar 2024',
    );
    expect(built.texts.source).toBe(
      'Source: Parent-Infant Foundation survey, 1,012 teachers, early years workers and health professionals, 12 Feb – 8 Mar 2024; Parent-Infant Foundation survey, 2,003 adults aged 18 or over, 12 Feb – 8 Mar 2024',
    );
    expect(built.texts.base).toBe('Base: all teachers, early years workers and health professionals (1,012); all adults aged 18 or over (2,003)');
    expect(built.texts.notes).toBe('Question: "How far do you agree or disagree with each of these statements? Early relationships are critical to development"');
  });

  it('writes the Censuswide source line and a weighted base', () => {
    const figures = [figure({ survey: PARENTS, percent: 73.4, n: 2006, weighted: 1998.6, answerLabel: 'Agree or strongly agree', statementText: null, questionText: 'I would welcome support' })];
    const built = buildPressChart(figures, { type: 'options', categories: ['Agree or strongly agree'], series: [{ label: '' }], cells: [{ category: 0, series: 0 }], texts: {} }, DEFAULT_BRAND);
    expect(built.texts.source).toBe('Source: Censuswide for DHSC, 2,006 parents (aged 17+) of under 2 year olds, 23 Feb – 1 Mar 2024');
    expect(built.texts.base).toBe('Base: all parents (aged 17+) of under 2 year olds (2,006; weighted 1,999)');
    expect(built.texts.notes).toContain('Figures are weighted (population).');
    expect(built.texts.title).toBe('73% answered "Agree or strongly agree"');
  });

  it('keeps edited words and generates the rest; alt text lists every figure', () => {
    const built = buildPressChart(groupFigures(), { ...GROUPS, texts: { title: 'Nearly all professionals agree', notes: '  ' } }, DEFAULT_BRAND);
    expect(built.texts.title).toBe('Nearly all professionals agree');
    expect(built.generated.title).toBe('97% of professionals vs 75% of the public (agree or strongly agree)');
    expect(built.texts.notes).toBe(built.generated.notes);
    expect(built.texts.altText).toMatch(/^Horizontal bar chart comparing groups\. Nearly all professionals agree\. /);
    expect(built.texts.altText).toContain('professionals: 97%; the public: 75%.');
    const edited = buildPressChart(groupFigures(), { ...GROUPS, texts: { altText: 'Two bars.' } }, DEFAULT_BRAND);
    expect(edited.texts.altText).toBe('Two bars.');
  });

  it('flags low bases and leaves suppressed figures unlabelled', () => {
    const figures = [figure({ survey: PUBLIC, percent: 40, n: 30 }), figure({ survey: PUBLIC, percent: 50, n: 8 })];
    const built = buildPressChart(figures, { ...GROUPS, texts: {} }, DEFAULT_BRAND);
    expect(built.config.options?.plugins?.attunePressLabels?.datasets?.[0]!.labels).toEqual(['40%*', '']);
    expect(built.config.data.datasets[0]!.data).toEqual([40, 0]);
    expect(built.texts.notes).toContain('* Low base (under 50): treat with caution.');
    expect(built.texts.notes).toContain('Figures on bases under 10 are not shown.');
    expect(built.table.rows[1]).toEqual(['the public', 'not shown (base under 10)', '8']);
  });

  it('draws grouped bars by a break: one dataset per break answer in the palette, axis from zero to the next 10%', () => {
    const percents = [
      [41.2, 38.9],
      [58.8, 61.1],
    ];
    const figures = percents.flatMap((row, c) => row.map((p) => figure({ survey: PARENTS, percent: p, n: 1000, answerLabel: ['No', 'Yes'][c]!, statementText: null })));
    const settings: PressChartSettings = {
      type: 'grouped',
      categories: ['No', 'Yes'],
      series: [{ label: 'Woman' }, { label: 'Man' }],
      cells: [0, 1].flatMap((c) => [0, 1].map((s) => ({ category: c, series: s }))),
      seriesTitle: 'Gender',
      texts: {},
    };
    const built = buildPressChart(figures, settings, DEFAULT_BRAND);
    expect(built.config.data.datasets.map((d) => d.label)).toEqual(['Woman', 'Man']);
    expect(built.config.data.datasets.map((d) => d.backgroundColor)).toEqual(['#12436D', '#28A197']);
    expect(built.config.data.datasets.map((d) => d.data)).toEqual([
      [41.2, 58.8],
      [38.9, 61.1],
    ]);
    expect(built.config.options?.scales?.x).toMatchObject({ min: 0, max: 70 });
    expect(built.config.options?.plugins?.legend?.display).toBe(true);
    expect(built.table.head).toEqual(['Answer', 'Gender', 'Percentage', 'Base (unweighted)']);
  });

  it('centres a diverging Likert bar on zero: disagree left, agree right, neither split, don\'t know beside', () => {
    const points = [
      ['Strongly disagree', 'negative', 2],
      ['Disagree', 'negative', 6],
      ['Neither agree nor disagree', 'neutral', 12],
      ['Agree', 'positive', 40],
      ['Strongly agree', 'positive', 35],
      ["Don't know", 'dontKnow', 5],
    ] as const;
    const figures = points.map(([label, , p]) => figure({ survey: PUBLIC, percent: p, n: 2003, answerLabel: label }));
    const settings: PressChartSettings = {
      type: 'likert',
      categories: ['Early relationships are critical'],
      series: points.map(([label, role]) => ({ label, role })),
      cells: points.map((_, s) => ({ category: 0, series: s })),
      texts: {},
    };
    const built = buildPressChart(figures, settings, DEFAULT_BRAND);
    // Five drawn segments (don't know is named beside the statement), as [start, end] from zero.
    expect(built.config.data.datasets.map((d) => d.label)).toEqual(['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree']);
    expect(built.config.data.datasets.map((d) => d.data[0])).toEqual([
      [-14, -12],
      [-12, -6],
      [-6, 6],
      [6, 46],
      [46, 81],
    ]);
    expect(built.config.options?.scales?.x).toMatchObject({ min: -90, max: 90 });
    expect(built.config.data.labels).toEqual([['Early relationships are critical', "(don't know 5%)"]]);
    expect(built.config.data.datasets.map((d) => d.backgroundColor)).toEqual(['#F46A25', '#F9B48F', '#BFC1C3', '#8DA7C0', '#12436D']);
    expect(built.texts.title).toBe('75% agree: Early relationships are critical');
    expect(built.texts.altText).toContain('strongly disagree 2%, disagree 6%, neither agree nor disagree 12%, agree 40%, strongly agree 35%, don\'t know 5%');
  });

  it("wears an organisation's brand colours and logo", () => {
    const brand: PressChartBrand = { organisation: 'Example Trust', colours: ['#5A2D82', '#D4351C'], logo: { mediaType: 'image/png', base64: 'iVBORw0KGgo=' } };
    const built = buildPressChart(groupFigures(), GROUPS, brand);
    expect(built.config.data.datasets[0]!.backgroundColor).toBe('#5A2D82');
    expect(built.config.options?.plugins?.attunePressFooter?.logo).toEqual({ src: 'data:image/png;base64,iVBORw0KGgo=', maxWidth: 192, height: 48 });
    const likert = buildPressChart(
      [figure({ survey: PUBLIC, percent: 20, n: 100 }), figure({ survey: PUBLIC, percent: 80, n: 100 })],
      { type: 'likert', categories: ['A'], series: [{ label: 'Disagree', role: 'negative' }, { label: 'Agree', role: 'positive' }], cells: [{ category: 0, series: 0 }, { category: 0, series: 1 }], texts: {} },
      brand,
    );
    expect(likert.config.data.datasets.map((d) => d.backgroundColor)).toEqual(['#D4351C', '#5A2D82']);
  });

  it('chooses label colours with enough contrast and writes fieldwork periods as press releases do', () => {
    expect(textColourOn('#12436D')).toBe('#ffffff');
    expect(textColourOn('#BFC1C3')).toBe('#0b0c0c');
    expect(formatPeriod({ start: '2024-02-23', end: '2024-03-01' })).toBe('23 Feb – 1 Mar 2024');
    expect(formatPeriod({ start: '2023-12-20', end: '2024-01-05' })).toBe('20 Dec 2023 – 5 Jan 2024');
    expect(formatPeriod({ start: '2024-02-12', end: null })).toBe('from 12 Feb 2024');
    expect(formatPeriod(null)).toBe('');
  });
});

describe('subtitle geography', () => {
  it('puts "the" before the United Kingdom but not before England', () => {
    const settings: PressChartSettings = { type: 'options', categories: ['Yes'], series: [{ label: '' }], cells: [{ category: 0, series: 0 }], texts: {} };
    expect(buildPressChart([figure({ survey: PARENTS, percent: 41, n: 2006 })], settings, DEFAULT_BRAND).texts.subtitle).toBe('Parents (aged 17+) of under 2 year olds in England, 23 Feb – 1 Mar 2024');
    expect(buildPressChart([figure({ survey: PUBLIC, percent: 75, n: 2000 })], settings, DEFAULT_BRAND).texts.subtitle).toBe('Adults aged 18 or over in the United Kingdom, 12 Feb – 8 Mar 2024');
  });
});
