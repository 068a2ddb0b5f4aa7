import type { NetDefinition } from '../surveys/scales.ts';
import type { Label } from '../surveys/schema.ts';
import type { Category, ChoiceColumns, MultipleChoiceColumns, SurveyColumns } from './columns.ts';
import { checkOptions, effectiveBase, emptyBase, NOT_ASKED, percentOf, SKIPPED, type Base, type Frequencies } from './frequencies.ts';
import { baseFlag, columnSignificance, marginOfError, significanceColumn, wilsonInterval, type BaseFlag, type Interval } from './inference.ts';
import { computeNet } from './nets.ts';

// Banner tables: every question of a SurveyColumns tabulated by a Total column plus one column per
// answer of each break question, with bases, nets, Wilson intervals, margins of error, column
// significance letters (tested within one break's span only) and base flags.
//
// Speed: a crosstab of a million rows must take well under half a second, so the rows are read once
// per question (never once per column with a mask). Which "cell" a row falls in (its combination of
// break answers, or filtered out) is worked out once per crosstab; each question then adds each row's
// weight once into a flat Float64Array indexed [cell][category], and folds the cells into the columns
// (Total and each break answer) afterwards. Adding a row once rather than once per column it counts
// in (Total + one per break) made the pass three times faster. Everything after the fold works on a
// few numbers per column, with the shared helpers of frequencies.ts, nets.ts and inference.ts.

/** A crosstab column: Total, or one answer of one break question. */
export interface CrosstabColumn {
  /** 'total', or `${breakId}:${code}`. */
  key: string;
  /** The break question's id; null for Total. */
  breakId: string | null;
  /** The answer code of the break; null for Total. */
  code: string | null;
  label: Label;
  /** Letter used by significance marks: Total has none; columns are lettered A, B, C, ... across all spans. */
  letter: string | null;
}

/** One option or net in one column. Proportions are 0..1; percent is 0..100; nothing is rounded. */
export interface CrosstabCell {
  count: number;
  unweightedCount: number;
  /** null when the base weighs nothing or is suppressed (unweighted base < 10). */
  percent: number | null;
  /** Wilson 95% interval on the effective base (proportions); null where percent is null. */
  interval: Interval | null;
  /** 1.96·sqrt(p(1−p)/n_eff) as a proportion; null where percent is null. */
  marginOfError: number | null;
  /** Letters of the columns in the same span this column is significantly higher than (95%). */
  higherThan: string[];
}

export interface CrosstabBase {
  unweighted: number;
  weighted: number;
  /** Kish effective base. */
  effective: number;
  flag: BaseFlag | 'empty';
}

export interface CrosstabRow {
  kind: 'option' | 'net';
  /** The option code, or the net id ('top2' | 'bottom2'). */
  id: string;
  label: Label;
  /** One cell per crosstab column, in column order. */
  cells: CrosstabCell[];
}

/** One table: a single-choice, likert or multiple-choice question, or one statement of a grid. */
export interface CrosstabTable {
  questionId: string;
  /** The grid statement this table is for; absent otherwise. */
  statementId?: string;
  type: 'single-choice' | 'likert' | 'multiple-choice' | 'likert-grid';
  text: Label;
  statementText?: Label;
  /** One base per column. */
  bases: CrosstabBase[];
  /** Asked but left blank, per column (outside the base). */
  skipped: Base[];
  /** "Don't know" answers taken out of the base per column when dontKnow is 'exclude' (zeros otherwise). */
  dontKnowExcluded: Base[];
  rows: CrosstabRow[];
}

export interface CrosstabSpec {
  /** Per-row weights (mean 1 or not); every row weighs 1 when absent. */
  weights?: Float64Array;
  /** 1 keeps a row (filters), 0 drops it; every row kept when absent. */
  mask?: Uint8Array;
  /** Ids of single-choice or likert questions of `columns` whose answers become columns. */
  breaks: string[];
  /** 'include' (default, DOMAIN.md): "don't know" stays in the base. 'exclude': taken out of the base and rows. */
  dontKnow?: 'include' | 'exclude';
  /** Significance level; default 0.05. */
  alpha?: number;
}

export interface Crosstab {
  columns: CrosstabColumn[];
  tables: CrosstabTable[];
}

const TOTAL_LABEL: Label = { en: 'Total', cy: 'Cyfanswm' };

/** Column letters as spreadsheets name columns: A..Z, then AA, AB, ... */
function letterFor(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/**
 * Rows grouped by their answers to some breaks: a "cell" is one combination of those answers, so that
 * a question's pass over the rows adds each row once (into its cell), not once per column it counts
 * in. The cells are folded into columns afterwards, which costs nothing next to a million rows.
 */
interface CellGroup {
  /** The cell of each row; −1 when the row is filtered out. */
  cellOfRow: Int32Array;
  cellCount: number;
  /** For each cell, the columns its rows count in: Total (first group only) and their answer's column of each break. */
  columnsOfCell: number[][];
}

/** The columns of a crosstab and how rows fall into them. */
interface Layout {
  columns: CrosstabColumn[];
  /** Column indexes of each break's span, in order (Total is in no span). */
  spans: number[][];
  /** Usually one; more only when the breaks' answers have too many combinations for one accumulator. */
  groups: CellGroup[];
}

/** Combinations of break answers one accumulator may hold (4096 cells of a few slots stay in cache). */
const MAX_CELLS = 4096;

/** The break questions, checked: known, single-choice or likert, each given once. */
function findBreaks(columns: SurveyColumns, breakIds: readonly string[]): ChoiceColumns[] {
  const breaks: ChoiceColumns[] = [];
  for (const id of breakIds) {
    const question = columns.questions.find((candidate) => candidate.id === id);
    if (!question) throw new RangeError(`break "${id}" is not a question of this survey`);
    if (question.type !== 'single-choice' && question.type !== 'likert') {
      throw new RangeError(`break "${id}" is a ${question.type} question; breaks must be single-choice or likert`);
    }
    if (breaks.includes(question)) throw new RangeError(`break "${id}" is given twice`);
    if (question.values.length !== columns.rowCount) {
      throw new RangeError(`break "${id}" has ${question.values.length} rows, the survey has ${columns.rowCount}`);
    }
    breaks.push(question);
  }
  return breaks;
}

/** Lays out the columns (Total, then each break's answers, lettered A, B, C, ...) and each row's cell. */
function layOutColumns(columns: SurveyColumns, breakIds: readonly string[], mask: Uint8Array | undefined): Layout {
  const breaks = findBreaks(columns, breakIds);
  const layoutColumns: CrosstabColumn[] = [{ key: 'total', breakId: null, code: null, label: TOTAL_LABEL, letter: null }];
  const spans = breaks.map((question) =>
    question.categories.map((category) => {
      layoutColumns.push({
        key: `${question.id}:${category.code}`,
        breakId: question.id,
        code: category.code,
        label: category.label,
        letter: letterFor(layoutColumns.length - 1),
      });
      return layoutColumns.length - 1;
    }),
  );

  // Each break contributes a digit to the cell number: 0 for "not in this break" (not asked or
  // skipped it: Total only), 1..k for its answers. Breaks share a group while the digits fit.
  const partition: number[][] = [[]];
  let cellCount = 1;
  breaks.forEach((question, b) => {
    const levels = question.categories.length + 1;
    if (cellCount * levels > MAX_CELLS && partition.at(-1)!.length > 0) {
      partition.push([]);
      cellCount = 1;
    }
    partition.at(-1)!.push(b);
    cellCount *= levels;
  });

  const rowCount = columns.rowCount;
  const groups = partition.map((members, g): CellGroup => {
    const cellOfRow = new Int32Array(rowCount);
    let count = 1;
    for (const b of members) {
      const question = breaks[b]!;
      const levels = question.categories.length + 1;
      const { values } = question;
      for (let i = 0; i < rowCount; i++) {
        const value = values[i]!;
        if (value >= levels - 1) throw new RangeError(`break "${question.id}": category ${value} at row ${i} is outside 0..${levels - 2}`);
        cellOfRow[i] = cellOfRow[i]! * levels + (value >= 0 ? value + 1 : 0);
      }
      count *= levels;
    }
    if (mask) {
      for (let i = 0; i < rowCount; i++) if (mask[i] === 0) cellOfRow[i] = -1;
    }
    const columnsOfCell = Array.from({ length: count }, (_, cell) => {
      const cellColumns: number[] = [];
      // Digits come off the cell number last break first.
      for (let m = members.length - 1, rest = cell; m >= 0; m--) {
        const b = members[m]!;
        const levels = breaks[b]!.categories.length + 1;
        const level = rest % levels;
        rest = Math.floor(rest / levels);
        if (level > 0) cellColumns.unshift(spans[b]![level - 1]!);
      }
      if (g === 0) cellColumns.unshift(0);
      return cellColumns;
    });
    return { cellOfRow, cellCount: count, columnsOfCell };
  });
  return { columns: layoutColumns, spans, groups };
}

/** Weighted count, unweighted count and sum of squared weights, each indexed [column * slots + slot]. */
interface Tally {
  slots: number;
  counts: Float64Array;
  unweighted: Float64Array;
  squares: Float64Array;
}

/** A per-cell accumulator: weighted count, unweighted count and sum of squared weights interleaved at [(cell * slots + slot) * 3]. */
function emptyCellTally(group: CellGroup, slots: number): Float64Array {
  return new Float64Array(group.cellCount * slots * 3);
}

/** Adds a group's per-cell accumulator into the columns its cells count in. */
function foldCells(tally: Tally, group: CellGroup, cells: Float64Array): void {
  const { slots } = tally;
  group.columnsOfCell.forEach((cellColumns, cell) => {
    for (const column of cellColumns) {
      for (let slot = 0; slot < slots; slot++) {
        const from = (cell * slots + slot) * 3;
        const to = column * slots + slot;
        tally.counts[to]! += cells[from]!;
        tally.unweighted[to]! += cells[from + 1]!;
        tally.squares[to]! += cells[from + 2]!;
      }
    }
  });
}

/** Sums each column's figures over every group of cells, one pass over the rows per group. */
function tallyByCells(layout: Layout, slots: number, pass: (group: CellGroup, cells: Float64Array) => void): Tally {
  const size = layout.columns.length * slots;
  const tally: Tally = { slots, counts: new Float64Array(size), unweighted: new Float64Array(size), squares: new Float64Array(size) };
  for (const group of layout.groups) {
    const cells = emptyCellTally(group, slots);
    pass(group, cells);
    foldCells(tally, group, cells);
  }
  return tally;
}

/** The Base of some slots of one column, summed. */
function baseOf(tally: Tally, column: number, slotsToSum: readonly number[]): Base {
  const base = emptyBase();
  for (const slot of slotsToSum) {
    const k = column * tally.slots + slot;
    base.unweighted += tally.unweighted[k]!;
    base.weighted += tally.counts[k]!;
    base.sumSquaredWeights += tally.squares[k]!;
  }
  return base;
}

/**
 * One pass over a categorical column (category index, NOT_ASKED or SKIPPED per row) per cell group.
 * Slots 0..k−1 are the categories, slot k the skipped.
 */
function tallyCategorical(values: Int32Array, categoryCount: number, layout: Layout, weights: Float64Array): Tally {
  const slots = categoryCount + 1;
  return tallyByCells(layout, slots, ({ cellOfRow }, cells) => {
    for (let i = 0; i < values.length; i++) {
      const cell = cellOfRow[i]!;
      const value = values[i]!;
      if (cell < 0) continue;
      let slot: number;
      if (value >= 0) {
        if (value >= categoryCount) throw new RangeError(`category ${value} at row ${i} is outside 0..${categoryCount - 1}`);
        slot = value;
      } else if (value === SKIPPED) slot = categoryCount;
      else continue;
      const w = weights[i]!;
      const k = (cell * slots + slot) * 3;
      cells[k]! += w;
      cells[k + 1]! += 1;
      cells[k + 2]! += w * w;
    }
  });
}

/**
 * One pass over a multiple-choice question per cell group. Slots 0..k−1 count the respondents who
 * ticked each option; slot k is everyone who answered (the base), k+1 the skipped, k+2 the "don't
 * know" answers taken out of the base.
 */
function tallyMultipleChoice(question: MultipleChoiceColumns, excluded: readonly number[], layout: Layout, weights: Float64Array): Tally {
  const { selected } = question;
  const optionCount = selected.length;
  const slots = optionCount + 3;
  // Every option column carries the same asked / skipped status (columns.ts), so the first one decides.
  const status = selected[0];
  return tallyByCells(layout, slots, ({ cellOfRow }, cells) => {
    if (!status) return;
    const add = (cell: number, slot: number, w: number) => {
      const k = (cell * slots + slot) * 3;
      cells[k]! += w;
      cells[k + 1]! += 1;
      cells[k + 2]! += w * w;
    };
    for (let i = 0; i < status.length; i++) {
      const cell = cellOfRow[i]!;
      const answered = status[i]!;
      if (cell < 0 || answered === NOT_ASKED) continue;
      const w = weights[i]!;
      if (answered === SKIPPED) {
        add(cell, optionCount + 1, w);
        continue;
      }
      let dontKnow = false;
      for (const k of excluded) if (selected[k]![i] === 1) dontKnow = true;
      if (dontKnow) {
        add(cell, optionCount + 2, w);
        continue;
      }
      add(cell, optionCount, w);
      for (let k = 0; k < optionCount; k++) {
        const ticked = selected[k]![i]!;
        if (ticked === 1) add(cell, k, w);
        else if (ticked !== 0) throw new RangeError(`option ${k} of "${question.id}" is ${ticked} at row ${i}, expected 0 or 1`);
      }
    }
  });
}

/** One row's unrounded counts per column, before percentages, intervals and letters. */
interface RowFigures {
  kind: CrosstabRow['kind'];
  id: string;
  label: Label;
  counts: number[];
  unweightedCounts: number[];
}

/** Turns the raw figures of one row into cells: percent, interval and MoE per column, then letters within each span. */
function buildRow(figures: RowFigures, bases: readonly Base[], layout: Layout, alpha: number): CrosstabRow {
  const cells = bases.map((base, c): CrosstabCell => {
    const count = figures.counts[c]!;
    const shown = base.unweighted > 0 && baseFlag(base.unweighted) !== 'suppressed' ? percentOf(count, base.weighted) : null;
    // A net is summed in a different order from its base, so it can exceed it by an ulp: clamp.
    const p = shown === null ? null : Math.min(1, Math.max(0, count / base.weighted));
    const nEff = effectiveBase(base);
    return {
      count,
      unweightedCount: figures.unweightedCounts[c]!,
      percent: shown,
      interval: p === null ? null : wilsonInterval(p, nEff),
      marginOfError: p === null ? null : marginOfError(p, nEff),
      higherThan: [],
    };
  });
  for (const span of layout.spans) {
    const tested = columnSignificance(
      span.map((c) => significanceColumn(layout.columns[c]!.letter!, figures.counts[c]!, bases[c]!)),
      alpha,
    );
    span.forEach((c, s) => {
      cells[c]!.higherThan = tested[s]!.higherThan;
    });
  }
  return { kind: figures.kind, id: figures.id, label: figures.label, cells };
}

function describeBase(base: Base): CrosstabBase {
  return {
    unweighted: base.unweighted,
    weighted: base.weighted,
    effective: effectiveBase(base),
    flag: base.unweighted === 0 ? 'empty' : baseFlag(base.unweighted),
  };
}

const columnIndexes = (layout: Layout) => layout.columns.map((_, c) => c);

/** A table for a single-choice or likert question or a grid statement, from its tally. */
function categoricalTable(
  tally: Tally,
  categories: readonly Category[],
  nets: readonly NetDefinition[],
  layout: Layout,
  excludeDontKnow: boolean,
  alpha: number,
): Pick<CrosstabTable, 'bases' | 'skipped' | 'dontKnowExcluded' | 'rows'> {
  const categoryCount = categories.length;
  const excluded = (k: number) => excludeDontKnow && categories[k]!.dontKnow === true;
  const inBase = categories.flatMap((_, k) => (excluded(k) ? [] : [k]));
  const outOfBase = categories.flatMap((_, k) => (excluded(k) ? [k] : []));
  const columns = columnIndexes(layout);
  const bases = columns.map((c) => baseOf(tally, c, inBase));
  // computeNet reads a column's unrounded counts through the same Frequencies shape tabulate returns.
  const frequencies = columns.map(
    (c): Frequencies => ({
      counts: tally.counts.subarray(c * tally.slots, c * tally.slots + categoryCount),
      unweightedCounts: tally.unweighted.subarray(c * tally.slots, c * tally.slots + categoryCount),
      base: bases[c]!,
      skipped: baseOf(tally, c, [categoryCount]),
    }),
  );
  const indexOf = new Map(categories.map((category, k) => [category.code, k]));
  const optionRows = inBase.map(
    (k): RowFigures => ({
      kind: 'option',
      id: categories[k]!.code,
      label: categories[k]!.label,
      counts: frequencies.map((f) => f.counts[k]!),
      unweightedCounts: frequencies.map((f) => f.unweightedCounts[k]!),
    }),
  );
  const netRows = nets.map((net): RowFigures => {
    const indexes = net.codes.flatMap((code) => (indexOf.has(code) && !excluded(indexOf.get(code)!) ? [indexOf.get(code)!] : []));
    const results = frequencies.map((f) => computeNet(f, indexes));
    return {
      kind: 'net',
      id: net.id,
      label: net.label,
      counts: results.map((r) => r.count),
      unweightedCounts: results.map((r) => r.unweightedCount),
    };
  });
  return {
    bases: bases.map(describeBase),
    skipped: frequencies.map((f) => f.skipped),
    dontKnowExcluded: columns.map((c) => baseOf(tally, c, outOfBase)),
    rows: [...optionRows, ...netRows].map((row) => buildRow(row, bases, layout, alpha)),
  };
}

/** A multiple-choice table: each option over everyone who answered the question, as analyseQuestion reports it. */
function multipleChoiceTable(
  question: MultipleChoiceColumns,
  layout: Layout,
  weights: Float64Array,
  excludeDontKnow: boolean,
  alpha: number,
): Pick<CrosstabTable, 'bases' | 'skipped' | 'dontKnowExcluded' | 'rows'> {
  const { categories } = question;
  const optionCount = categories.length;
  const excluded = excludeDontKnow ? categories.flatMap((category, k) => (category.dontKnow ? [k] : [])) : [];
  const tally = tallyMultipleChoice(question, excluded, layout, weights);
  const columns = columnIndexes(layout);
  const bases = columns.map((c) => baseOf(tally, c, [optionCount]));
  const rows = categories.flatMap((category, k): RowFigures[] =>
    excluded.includes(k)
      ? []
      : [
          {
            kind: 'option',
            id: category.code,
            label: category.label,
            counts: columns.map((c) => tally.counts[c * tally.slots + k]!),
            unweightedCounts: columns.map((c) => tally.unweighted[c * tally.slots + k]!),
          },
        ],
  );
  return {
    bases: bases.map(describeBase),
    skipped: columns.map((c) => baseOf(tally, c, [optionCount + 1])),
    dontKnowExcluded: columns.map((c) => baseOf(tally, c, [optionCount + 2])),
    rows: rows.map((row) => buildRow(row, bases, layout, alpha)),
  };
}

/** Tabulates every categorical question of `columns` by Total and the break columns. */
export function crosstab(columns: SurveyColumns, spec: CrosstabSpec): Crosstab {
  checkOptions(columns.rowCount, spec);
  const alpha = spec.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha ${alpha} is not between 0 and 1`);
  const dontKnow = spec.dontKnow ?? 'include';
  if (dontKnow !== 'include' && dontKnow !== 'exclude') throw new RangeError(`dontKnow must be 'include' or 'exclude', not "${String(dontKnow)}"`);
  const excludeDontKnow = dontKnow === 'exclude';
  const layout = layOutColumns(columns, spec.breaks, spec.mask);
  // Unweighted is weighted by ones: one code path, and the sums of squares equal the counts exactly.
  const weights = spec.weights ?? new Float64Array(columns.rowCount).fill(1);

  const tables: CrosstabTable[] = [];
  for (const question of columns.questions) {
    const about = { questionId: question.id, text: question.text };
    switch (question.type) {
      case 'single-choice':
      case 'likert': {
        const tally = tallyCategorical(question.values, question.categories.length, layout, weights);
        tables.push({ ...about, type: question.type, ...categoricalTable(tally, question.categories, question.nets, layout, excludeDontKnow, alpha) });
        break;
      }
      case 'likert-grid':
        for (const statement of question.statements) {
          const tally = tallyCategorical(statement.values, question.categories.length, layout, weights);
          tables.push({
            ...about,
            statementId: statement.id,
            type: 'likert-grid',
            statementText: statement.text,
            ...categoricalTable(tally, question.categories, question.nets, layout, excludeDontKnow, alpha),
          });
        }
        break;
      case 'multiple-choice':
        tables.push({ ...about, type: 'multiple-choice', ...multipleChoiceTable(question, layout, weights, excludeDontKnow, alpha) });
        break;
      default:
        // Numbers and text have no categories to put in a banner table.
        break;
    }
  }
  return { columns: layout.columns, tables };
}

export type { Category };
