import type { ChartConfiguration, ChartType } from 'chart.js';
import type { Figure } from '../../server/press-items/figures.ts';
import { scaleColours } from './crosstab-chart.ts';
import { formatChartPercent, formatCount } from './format-figures.ts';
import { ANALYSIS_FUNCTION_PALETTE, wrapLabel } from './results-chart.ts';

// A pure function from a press chart's figures, its settings and the organisation's brand to a chart.js
// configuration and the chart's words (title, subtitle, notes, source, base, alt text, data table). The
// browser preview and the server's PNG/SVG/PDF export both draw this same configuration with the
// plugins in web/client/press-chart.js, so a download is what the press officer saw. The configuration
// is plain JSON: no callbacks.

export type PressChartType = 'options' | 'groups' | 'likert' | 'grouped';

/** Where a scale point sits in a diverging Likert bar. */
export type LikertRole = 'negative' | 'neutral' | 'positive' | 'dontKnow';

export interface PressChartSeries {
  label: string;
  /** Likert charts only: which side of zero the point is drawn on. */
  role?: LikertRole;
}

/** Words a press officer may override; an absent or blank one is generated from the figures. */
export interface PressChartTexts {
  title?: string;
  subtitle?: string;
  notes?: string;
  source?: string;
  base?: string;
  altText?: string;
}

/** Everything the chart needs beyond its figures: saved as a press item's settings. */
export interface PressChartSettings {
  type: PressChartType;
  /** The bars along the category axis: options, groups, statements or groups of a Likert chart, options of a grouped chart. */
  categories: string[];
  /** One dataset each: a single unnamed series for 'options' and 'groups', the scale points for 'likert', the break's answers for 'grouped'. */
  series: PressChartSeries[];
  /** Where each figure (in query order) is drawn. */
  cells: { category: number; series: number }[];
  /** What the series are, e.g. "Gender" (grouped charts' titles). */
  seriesTitle?: string;
  texts: PressChartTexts;
}

/** The organisation's colours and logo (server/methodology/service.ts getBrand). */
export interface PressChartBrand {
  organisation: string;
  colours: string[];
  logo: { mediaType: string; base64: string } | null;
}

/** Options of the plugins in web/client/press-chart.js. */
export interface PressLabelOptions {
  datasets: { labels: string[]; color: string }[];
  position: 'end' | 'center';
  font: PressFont;
  offset: number;
}
export interface PressFont {
  family: string;
  size: number;
  weight: 'normal' | 'bold';
}
export interface PressFooterOptions {
  blocks: { text: string; font: PressFont; color: string }[];
  /** Drawn at this height, as wide as its proportions make it up to maxWidth, at the footer's right. */
  logo: { src: string; maxWidth: number; height: number } | null;
  padding: number;
  lineHeight: number;
  position: 'bottom';
  weight: number;
  fullSize: boolean;
}

declare module 'chart.js' {
  interface PluginOptionsByType<TType extends ChartType> {
    attunePressLabels?: PressLabelOptions;
    attunePressFooter?: PressFooterOptions;
    attunePressBackground?: { color: string };
  }
}

export type PressChartConfig = ChartConfiguration<'bar', (number | [number, number])[], string[]>;

/** A data table of the chart's figures: a head row and one row per figure. */
export interface PressChartTable {
  caption: string;
  head: string[];
  rows: string[][];
}

export interface BuiltPressChart {
  config: PressChartConfig;
  /** The words as drawn: overrides where given, generated otherwise. */
  texts: Required<PressChartTexts>;
  /** The generated words, shown as the defaults in the studio. */
  generated: Required<PressChartTexts>;
  table: PressChartTable;
  /** The export size in CSS pixels (PNG 2x doubles it). */
  width: number;
  height: number;
}

/** The font bundled with Attune (@fontsource/atkinson-hyperlegible), registered under this family by the server and the page. */
export const PRESS_CHART_FONT_FAMILY = 'Attune Chart';
const FONT = `"${PRESS_CHART_FONT_FAMILY}", Arial, sans-serif`;
const TEXT = '#0b0c0c';
const SECONDARY = '#505a5f';
const WHITE = '#ffffff';
export const PRESS_CHART_WIDTH = 1200;
export const PRESS_CHART_HEIGHT = 675;
const PADDING = 32;
const LOGO_HEIGHT = 48;

/** How far under the base counts as low (flagged) or too small to show, as everywhere in Attune. */
const LOW_BASE = 50;

const font = (size: number, weight: PressFont['weight'] = 'normal'): PressFont => ({ family: FONT, size, weight });

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A fieldwork period as press releases write it: "23 Feb – 1 Mar 2024" (the year once when shared). */
export function formatPeriod(fieldwork: Figure['survey']['fieldwork']): string {
  if (!fieldwork) return '';
  const parse = (iso: string) => {
    const [year, month, day] = iso.slice(0, 10).split('-').map(Number);
    return { year: year!, month: MONTHS[(month ?? 1) - 1]!, day: day! };
  };
  const start = parse(fieldwork.start);
  if (!fieldwork.end) return `from ${start.day} ${start.month} ${start.year}`;
  const end = parse(fieldwork.end);
  if (start.year !== end.year) return `${start.day} ${start.month} ${start.year} – ${end.day} ${end.month} ${end.year}`;
  return `${start.day} ${start.month} – ${end.day} ${end.month} ${end.year}`;
}

const unique = <T,>(items: T[]): T[] => [...new Set(items)];
const capitalise = (text: string) => (text ? text[0]!.toUpperCase() + text.slice(1) : text);

/** The distinct surveys behind the figures, in order of first use. */
function surveysOf(figures: Figure[]): Figure[] {
  const seen = new Map<string, Figure>();
  for (const figure of figures) if (!seen.has(figure.survey.slug)) seen.set(figure.survey.slug, figure);
  return [...seen.values()];
}

/** "Censuswide for DHSC, 2,006 parents ..., 23 Feb – 1 Mar 2024", one clause per survey. */
function generateSource(figures: Figure[]): string {
  const clauses = surveysOf(figures).map((figure) => {
    const survey = figure.survey;
    const who = survey.conductedBy
      ? `${survey.conductedBy} for ${survey.commissioner ?? survey.organisation}`
      : `${survey.commissioner ?? survey.organisation} survey`;
    const period = formatPeriod(survey.fieldwork);
    return [`${who}, ${formatCount(figure.provenance.responses)} ${survey.population}`, period].filter(Boolean).join(', ');
  });
  return `Source: ${clauses.join('; ')}`;
}

/** A geography as a sentence needs it: "the United Kingdom", but "England", "Wales". */
function withArticle(geography: string): string {
  return /^(united |uk$|republic |isle of man$)/i.test(geography) ? `the ${geography}` : geography;
}

/** "Adults aged 18 or over in the United Kingdom, 12 Feb – 8 Mar 2024"; surveys with different populations are joined. */
function generateSubtitle(figures: Figure[]): string {
  const parts = surveysOf(figures).map((figure) => {
    const period = formatPeriod(figure.survey.fieldwork);
    return `${figure.survey.population} in ${withArticle(figure.survey.geography)}${period ? `, ${period}` : ''}`;
  });
  return capitalise(unique(parts).join('; '));
}

/** The group a figure's base describes: its subgroup, or everyone the survey asked. */
function baseGroup(figure: Figure): string {
  return figure.subgroupLabel ? `${figure.survey.population}: ${figure.subgroupLabel}` : `all ${figure.survey.population}`;
}

/** One base in words: "(2,006)", or with weighting "(2,006; weighted 1,998)". */
function baseCount(figure: Figure): string {
  const unweighted = formatCount(figure.base.unweighted);
  return figure.query.weighting ? `${unweighted}; weighted ${formatCount(figure.base.weighted)}` : unweighted;
}

/** "Base: all parents ... (2,006)", one entry per distinct base, in order. */
function generateBase(figures: Figure[]): string {
  const entries = unique(figures.map((figure) => `${baseGroup(figure)} (${baseCount(figure)})`));
  return `Base: ${entries.join('; ')}`;
}

/** Question wording, the weighting and any low or suppressed bases, as the notes under a chart. */
function generateNotes(figures: Figure[], type: PressChartType): string {
  // A Likert chart's categories already name its statements; elsewhere a statement is part of the question.
  const questions = unique(
    figures.map((figure) => (figure.statementText && type !== 'likert' ? `${figure.questionText} ${figure.statementText}` : figure.questionText)),
  );
  const lines = questions.map((text) => `Question: "${text}"`);
  const weighted = unique(figures.flatMap((figure) => (figure.query.weighting ? [figure.query.weighting] : [])));
  if (weighted.length > 0) lines.push(`Figures are weighted (${weighted.join(', ')}).`);
  if (figures.some((figure) => figure.base.flag === 'low')) lines.push(`* Low base (under ${LOW_BASE}): treat with caution.`);
  if (figures.some((figure) => figure.base.flag === 'suppressed' || figure.base.flag === 'empty')) lines.push('Figures on bases under 10 are not shown.');
  return lines.join('\n');
}

/** A figure's label on the chart: its rounded percentage, starred on a low base, blank when not shown. */
function labelOf(figure: Figure | undefined): string {
  if (!figure || figure.percent === null) return '';
  return `${formatChartPercent(figure.percent)}${figure.base.flag === 'low' ? '*' : ''}`;
}

/** Black or white text, whichever reads better on a fill (WCAG relative luminance). */
export function textColourOn(fill: string): string {
  const hex = fill.replace('#', '');
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
  // Contrast with white (1.05 / (L + 0.05)) against contrast with near-black text (#0b0c0c, L about 0.0037).
  return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.0537 ? WHITE : TEXT;
}

/** A colour mixed with white, for the milder points of a scale. */
function tint(fill: string, amount: number): string {
  const hex = fill.replace('#', '');
  const mix = (offset: number) => Math.round(parseInt(hex.slice(offset, offset + 2), 16) * (1 - amount) + 255 * amount);
  return `#${[0, 2, 4].map((offset) => mix(offset).toString(16).padStart(2, '0')).join('').toUpperCase()}`;
}

const isDefaultPalette = (colours: string[]) =>
  colours.length === 0 || colours.every((colour, i) => colour.toUpperCase() === ANALYSIS_FUNCTION_PALETTE[i]?.toUpperCase());

/** Fills of a Likert chart's points in series order: the palette's diverging orange and blue by default,
 * or the brand's first (agree) and second (disagree) colours with lighter tints for the milder points. */
function likertFills(series: PressChartSeries[], brand: PressChartBrand): string[] {
  const negatives = series.filter((s) => s.role === 'negative').length;
  const positives = series.filter((s) => s.role === 'positive').length;
  const neutral = '#BFC1C3';
  const dontKnow = '#6F777B';
  let negativeFills: string[];
  let positiveFills: string[];
  if (isDefaultPalette(brand.colours)) {
    const points = Math.max(negatives, positives) * 2;
    const scale = scaleColours(points).map((colour) => colour.fill);
    negativeFills = scale.slice(Math.max(negatives, positives) - negatives, Math.max(negatives, positives));
    positiveFills = scale.slice(Math.max(negatives, positives), Math.max(negatives, positives) + positives);
  } else {
    const agree = brand.colours[0]!;
    const disagree = brand.colours[1] ?? brand.colours[0]!;
    negativeFills = Array.from({ length: negatives }, (_, i) => (i === 0 ? disagree : tint(disagree, Math.min(0.6, 0.45 * i))));
    positiveFills = Array.from({ length: positives }, (_, i) => (i === positives - 1 ? agree : tint(agree, Math.min(0.6, 0.45 * (positives - 1 - i)))));
  }
  let n = 0;
  let p = 0;
  return series.map((s) => (s.role === 'negative' ? negativeFills[n++]! : s.role === 'positive' ? positiveFills[p++]! : s.role === 'dontKnow' ? dontKnow : neutral));
}

/** The end of a value axis that starts at zero: the largest bar's next 10%, never past 100. */
function axisMax(percents: number[]): number {
  const largest = percents.reduce((most, p) => Math.max(most, p), 0);
  return Math.min(100, Math.max(10, Math.ceil(largest / 10 - 1e-9) * 10));
}

/** The grid of figures: figure at [category][series], or undefined where the spec has none. */
function gridOf(figures: Figure[], settings: PressChartSettings): (Figure | undefined)[][] {
  const grid = settings.categories.map(() => settings.series.map((): Figure | undefined => undefined));
  settings.cells.forEach((cell, i) => {
    const row = grid[cell.category];
    if (row && cell.series < row.length && figures[i]) row[cell.series] = figures[i];
  });
  return grid;
}

const percentOf = (figure: Figure | undefined) => figure?.percent ?? 0;

/** A Likert row's shares: disagree (negative points), agree (positive), neither, don't know. */
function likertShares(row: (Figure | undefined)[], series: PressChartSeries[]) {
  const sum = (role: LikertRole) => row.reduce((total, figure, s) => total + (series[s]!.role === role ? percentOf(figure) : 0), 0);
  return { negative: sum('negative'), positive: sum('positive'), neutral: sum('neutral'), dontKnow: sum('dontKnow') };
}

function generateTitle(grid: (Figure | undefined)[][], settings: PressChartSettings, figures: Figure[]): string {
  const first = figures[0];
  if (!first) return '';
  const answer = first.answerLabel.toLowerCase();
  // With a figure not shown (an empty or tiny base) no message can be claimed: name what is charted.
  if (figures.some((figure) => figure.percent === null)) return first.statementText ?? first.questionText;
  switch (settings.type) {
    case 'groups': {
      // Mid-sentence, a group's leading article reads in lower case ("75% of the public"); the rest of
      // the label is left alone, since group names are often proper nouns the title may not bend.
      const inSentence = (category: string) => category.replace(/^(The|A|An) /, (article) => article.toLowerCase());
      const parts = settings.categories.map((category, c) => `${formatChartPercent(grid[c]![0]?.percent ?? null)} of ${inSentence(category)}`);
      return `${parts.join(' vs ')} (${answer})`;
    }
    case 'options': {
      let top = 0;
      grid.forEach((row, c) => {
        if (percentOf(row[0]) > percentOf(grid[top]![0])) top = c;
      });
      return `${formatChartPercent(grid[top]![0]?.percent ?? null)} answered "${settings.categories[top]}"`;
    }
    case 'likert': {
      const parts = settings.categories.map((category, c) => {
        const shares = likertShares(grid[c]!, settings.series);
        return { category, agree: shares.positive };
      });
      const top = parts.reduce((best, part) => (part.agree > best.agree ? part : best), parts[0]!);
      return `${formatChartPercent(top.agree)} agree: ${top.category}`;
    }
    case 'grouped':
      return `${first.statementText ?? first.questionText}${settings.seriesTitle ? ` by ${settings.seriesTitle.toLowerCase()}` : ''}`;
  }
}

const TYPE_WORDS: Record<PressChartType, string> = {
  options: 'Horizontal bar chart',
  groups: 'Horizontal bar chart comparing groups',
  likert: 'Diverging stacked bar chart centred at zero, disagreement to the left and agreement to the right',
  grouped: 'Grouped horizontal bar chart',
};

/** Alt text: what the chart is, its title, every figure in reading order, and its source. */
function generateAltText(grid: (Figure | undefined)[][], settings: PressChartSettings, texts: Omit<Required<PressChartTexts>, 'altText'>): string {
  const rows = settings.categories.map((category, c) => {
    const row = grid[c]!;
    if (settings.type === 'options' || settings.type === 'groups') return `${category}: ${labelOf(row[0]) || 'not shown'}`;
    const parts = settings.series.flatMap((series, s) => (row[s] ? [`${series.label.toLowerCase()} ${labelOf(row[s]) || 'not shown'}`] : []));
    return `${category}: ${parts.join(', ')}`;
  });
  return [`${TYPE_WORDS[settings.type]}. ${texts.title}.`, texts.subtitle ? `${texts.subtitle}.` : '', `${rows.join('; ')}.`, texts.source, texts.base]
    .filter(Boolean)
    .join(' ');
}

function buildTable(figures: Figure[], settings: PressChartSettings, caption: string): PressChartTable {
  const multiSeries = settings.type === 'likert' || settings.type === 'grouped';
  const weighted = figures.some((figure) => figure.query.weighting);
  const head = [
    settings.type === 'groups' ? 'Group' : settings.type === 'likert' ? 'Statement or group' : 'Answer',
    ...(multiSeries ? [settings.type === 'likert' ? 'Answer' : settings.seriesTitle || 'Group'] : []),
    'Percentage',
    'Base (unweighted)',
    ...(weighted ? ['Base (weighted)'] : []),
  ];
  const rows = settings.cells.flatMap((cell, i) => {
    const figure = figures[i];
    if (!figure) return [];
    return [
      [
        settings.categories[cell.category] ?? '',
        ...(multiSeries ? [settings.series[cell.series]?.label ?? ''] : []),
        figure.percent === null ? 'not shown (base under 10)' : labelOf(figure),
        formatCount(figure.base.unweighted),
        ...(weighted ? [formatCount(figure.base.weighted)] : []),
      ],
    ];
  });
  return { caption, head, rows };
}

/** Builds a press chart: its chart.js configuration, words, data table and export size. */
export function buildPressChart(figures: Figure[], settings: PressChartSettings, brand: PressChartBrand): BuiltPressChart {
  const grid = gridOf(figures, settings);
  const generatedWithoutAlt = {
    title: generateTitle(grid, settings, figures),
    subtitle: figures.length > 0 ? generateSubtitle(figures) : '',
    notes: generateNotes(figures, settings.type),
    source: figures.length > 0 ? generateSource(figures) : '',
    base: figures.length > 0 ? generateBase(figures) : '',
  };
  const pick = (key: keyof PressChartTexts, generated: string) => {
    const given = settings.texts[key]?.trim();
    return given ? given : generated;
  };
  const chosen = {
    title: pick('title', generatedWithoutAlt.title),
    subtitle: pick('subtitle', generatedWithoutAlt.subtitle),
    notes: pick('notes', generatedWithoutAlt.notes),
    source: pick('source', generatedWithoutAlt.source),
    base: pick('base', generatedWithoutAlt.base),
  };
  const generated = { ...generatedWithoutAlt, altText: generateAltText(grid, settings, chosen) };
  const texts = { ...chosen, altText: pick('altText', generateAltText(grid, settings, chosen)) };

  const colours = brand.colours.length > 0 ? brand.colours : [...ANALYSIS_FUNCTION_PALETTE];
  const isLikert = settings.type === 'likert';
  const categoryLabels = settings.categories.map((category, c) => {
    if (!isLikert) return wrapLabel(category, 32);
    // Don't know sits outside the diverging bar: it is named beside the statement instead.
    const shares = likertShares(grid[c]!, settings.series);
    const hasDontKnow = settings.series.some((series, s) => series.role === 'dontKnow' && grid[c]![s]);
    return wrapLabel(hasDontKnow ? `${category} (don't know ${formatChartPercent(shares.dontKnow)})` : category, 32);
  });

  let datasets: PressChartConfig['data']['datasets'];
  let labelSets: PressLabelOptions['datasets'];
  let xScale: { min: number; max: number };
  if (isLikert) {
    // Each point is a floating bar [start, end]: disagree leftwards of zero (strongest outermost), agree
    // rightwards, and "neither" split across zero, so the bar is centred on the balance of opinion.
    const fills = likertFills(settings.series, brand);
    const drawn = settings.series.map((series, s) => ({ series, s })).filter(({ series }) => series.role !== 'dontKnow');
    const extents = settings.categories.map((_, c) => {
      const shares = likertShares(grid[c]!, settings.series);
      return { left: shares.negative + shares.neutral / 2, right: shares.positive + shares.neutral / 2 };
    });
    const rowRanges = settings.categories.map((_, c) => {
      const row = grid[c]!;
      const ranges = new Map<number, [number, number]>();
      const neutral = likertShares(row, settings.series).neutral / 2;
      // Negative points listed mildest last in scale order (strongly disagree first): stack outwards from -neutral.
      let left = -neutral;
      for (const { series, s } of [...drawn].reverse()) {
        if (series.role !== 'negative') continue;
        ranges.set(s, [left - percentOf(row[s]), left]);
        left -= percentOf(row[s]);
      }
      let right = neutral;
      for (const { series, s } of drawn) {
        if (series.role === 'neutral') ranges.set(s, [-neutral, neutral]);
        if (series.role !== 'positive') continue;
        ranges.set(s, [right, right + percentOf(row[s])]);
        right += percentOf(row[s]);
      }
      return ranges;
    });
    datasets = drawn.map(({ series, s }) => ({
      label: series.label,
      data: settings.categories.map((_, c) => rowRanges[c]!.get(s) ?? [0, 0]),
      backgroundColor: fills[s]!,
      borderColor: WHITE,
      borderWidth: 1,
      borderSkipped: false,
      grouped: false,
      barPercentage: 0.9,
      categoryPercentage: 0.8,
      maxBarThickness: 48,
    }));
    labelSets = drawn.map(({ s }) => ({ labels: settings.categories.map((_, c) => labelOf(grid[c]![s])), color: textColourOn(fills[s]!) }));
    const reach = axisMax(extents.flatMap((extent) => [extent.left, extent.right]));
    xScale = { min: -reach, max: reach };
  } else {
    const single = settings.type === 'options' || settings.type === 'groups';
    datasets = settings.series.map((series, s) => ({
      label: single ? figures[0]?.answerLabel ?? series.label : series.label,
      // Bars from unrounded figures; only the labels are rounded.
      data: settings.categories.map((_, c) => percentOf(grid[c]![s])),
      backgroundColor: colours[s % colours.length]!,
      borderWidth: 0,
      barPercentage: single ? 0.8 : 0.9,
      categoryPercentage: single ? 0.8 : 0.85,
      maxBarThickness: single ? 56 : 28,
    }));
    labelSets = settings.series.map((_, s) => ({ labels: settings.categories.map((_, c) => labelOf(grid[c]![s])), color: TEXT }));
    xScale = { min: 0, max: axisMax(figures.map(percentOf)) };
  }

  const legend = isLikert || settings.type === 'grouped';
  const band = settings.type === 'grouped' ? settings.series.length * 26 + 20 : 56;
  const mostLines = categoryLabels.reduce((most, lines) => Math.max(most, lines.length), 1);
  const plot = settings.categories.length * Math.max(band, mostLines * 20 + 16);
  const height = Math.max(PRESS_CHART_HEIGHT, plot + 360);
  const footerBlocks: PressFooterOptions['blocks'] = [
    ...(texts.notes ? [{ text: texts.notes, font: font(15), color: SECONDARY }] : []),
    { text: texts.base, font: font(15), color: SECONDARY },
    { text: texts.source, font: font(15, 'bold'), color: TEXT },
  ].filter((block) => block.text);

  const config: PressChartConfig = {
    type: 'bar',
    data: { labels: categoryLabels, datasets },
    options: {
      indexAxis: 'y',
      animation: false,
      responsive: false,
      maintainAspectRatio: false,
      events: [],
      layout: { padding: { top: PADDING, left: PADDING, right: PADDING + (isLikert ? 0 : 48), bottom: 8 } },
      scales: {
        x: { display: false, min: xScale.min, max: xScale.max, stacked: false },
        y: {
          grid: { display: false },
          border: { display: !isLikert, color: '#b1b4b6' },
          ticks: { color: TEXT, font: { family: FONT, size: 17, lineHeight: 20 / 17 }, crossAlign: 'far', autoSkip: false },
        },
      },
      plugins: {
        title: { display: Boolean(texts.title), text: wrapLabel(texts.title, 64), align: 'start', color: TEXT, font: { family: FONT, size: 30, weight: 'bold', lineHeight: 1.2 }, padding: { top: 0, bottom: 6 } },
        subtitle: { display: Boolean(texts.subtitle), text: wrapLabel(texts.subtitle, 100), align: 'start', color: SECONDARY, font: { family: FONT, size: 19, weight: 'normal', lineHeight: 1.25 }, padding: { top: 0, bottom: 16 } },
        legend: { display: legend, position: 'top', align: 'start', labels: { color: TEXT, font: { family: FONT, size: 16 }, boxWidth: 18, boxHeight: 18, padding: 14 } },
        tooltip: { enabled: false },
        attunePressBackground: { color: WHITE },
        attunePressLabels: { datasets: labelSets, position: isLikert ? 'center' : 'end', font: font(17, 'bold'), offset: 8 },
        attunePressFooter: {
          blocks: footerBlocks,
          logo: brand.logo ? { src: `data:${brand.logo.mediaType};base64,${brand.logo.base64}`, maxWidth: LOGO_HEIGHT * 4, height: LOGO_HEIGHT } : null,
          padding: PADDING / 2,
          lineHeight: 1.35,
          position: 'bottom',
          weight: 2000,
          fullSize: true,
        },
      },
    },
  };
  const caption = `${texts.title}. ${texts.base}`;
  return { config, texts, generated, table: buildTable(figures, settings, caption), width: PRESS_CHART_WIDTH, height };
}
