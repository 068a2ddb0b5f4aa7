// Weighted tabulation of one categorical column. Everything that counts respondents goes through
// here, so that a base, a count and a percentage are computed one way everywhere.
//
// Column coding (shared by every categorical column built in columns.ts):
//   0..k-1     the category the respondent gave
//   NOT_ASKED  routing never showed the question: outside the base, always
//   SKIPPED    shown but left blank (only possible on optional questions): outside the base too,
//              because a percentage of people who gave no answer says nothing about the answers;
//              it is reported separately as `skipped` so nobody can hide it.

/** The code for a respondent whom routing never showed the question. */
export const NOT_ASKED = -1;
/** The code for a respondent who was shown an optional question but gave no answer. */
export const SKIPPED = -2;

/** A base in both currencies: how many people, and how much weight they carry. */
export interface Base {
  unweighted: number;
  weighted: number;
  /** Sum of squared weights of the rows in the base, kept so the Kish effective base
   * `(sum w)^2 / sum w^2` (for intervals and significance) needs no second pass. */
  sumSquaredWeights: number;
}

/** Row selection and weighting shared by every analysis function. */
export interface AnalysisOptions {
  /** One non-negative finite weight per row; every row weighs 1 when absent. */
  weights?: Float64Array;
  /** 1 keeps a row, 0 drops it (a filter or a crosstab column); every row is kept when absent. */
  mask?: Uint8Array;
}

/** The unrounded result of tabulating one categorical column. */
export interface Frequencies {
  /** Weighted count per category (never rounded). */
  counts: Float64Array;
  /** Number of respondents per category. */
  unweightedCounts: Float64Array;
  /** Everyone asked who gave an answer. */
  base: Base;
  /** Asked, but left the question blank. */
  skipped: Base;
}

/** Checks that weights and mask line up with the column and that weights are usable. */
export function checkOptions(rowCount: number, options: AnalysisOptions): void {
  const { weights, mask } = options;
  if (weights && weights.length !== rowCount) throw new RangeError(`weights has ${weights.length} rows, the column has ${rowCount}`);
  if (mask && mask.length !== rowCount) throw new RangeError(`mask has ${mask.length} rows, the column has ${rowCount}`);
  if (weights) {
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i]!;
      // A negative or NaN weight would silently corrupt every figure downstream.
      if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`weight ${w} at row ${i} is not a finite number >= 0`);
    }
  }
}

/** An empty base, for accumulating. */
export function emptyBase(): Base {
  return { unweighted: 0, weighted: 0, sumSquaredWeights: 0 };
}

/** Tabulates a categorical column (category indexes, NOT_ASKED or SKIPPED per row) into weighted counts. */
export function tabulate(values: Int32Array, categoryCount: number, options: AnalysisOptions = {}): Frequencies {
  checkOptions(values.length, options);
  const { weights, mask } = options;
  const counts = new Float64Array(categoryCount);
  const unweightedCounts = new Float64Array(categoryCount);
  const skipped = emptyBase();
  for (let i = 0; i < values.length; i++) {
    if (mask && mask[i] === 0) continue;
    const value = values[i]!;
    const w = weights ? weights[i]! : 1;
    if (value >= 0) {
      if (value >= categoryCount) throw new RangeError(`category ${value} at row ${i} is outside 0..${categoryCount - 1}`);
      counts[value]! += w;
      unweightedCounts[value]! += 1;
    } else if (value === SKIPPED) {
      skipped.unweighted += 1;
      skipped.weighted += w;
      skipped.sumSquaredWeights += w * w;
    }
  }
  const base = emptyBase();
  for (let k = 0; k < categoryCount; k++) {
    base.unweighted += unweightedCounts[k]!;
    base.weighted += counts[k]!;
  }
  // Sum of squares needs the rows, not the category totals: a second pass only over answered rows.
  if (weights) {
    for (let i = 0; i < values.length; i++) {
      if ((mask && mask[i] === 0) || values[i]! < 0) continue;
      base.sumSquaredWeights += weights[i]! * weights[i]!;
    }
  } else {
    base.sumSquaredWeights = base.unweighted;
  }
  return { counts, unweightedCounts, base, skipped };
}

/** A count as a percentage of a base, unrounded; null (never NaN) when the base weighs nothing. */
export function percentOf(count: number, baseWeighted: number): number | null {
  return baseWeighted > 0 ? (count / baseWeighted) * 100 : null;
}

/** The Kish effective base `(sum w)^2 / sum w^2`, equal to the unweighted base without weights; 0 when empty. */
export function effectiveBase(base: Base): number {
  return base.sumSquaredWeights > 0 ? (base.weighted * base.weighted) / base.sumSquaredWeights : 0;
}
