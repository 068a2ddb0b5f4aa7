import { checkOptions, emptyBase, type AnalysisOptions, type Base } from './frequencies.ts';

/** Summary of a numeric column; every statistic is null when nobody answered. */
export interface NumericSummary {
  base: Base;
  skipped: Base;
  /** Weighted mean. */
  mean: number | null;
  /** Weighted median; with equal weights and an even count, the mean of the two middle values. */
  median: number | null;
  /** Smallest and largest answer among the answered rows kept by the mask (weights do not change a range). */
  min: number | null;
  max: number | null;
}

/** Summarises a numeric column (NaN = no answer) into base, weighted mean and median, min and max.
 * `asked` (1 = shown the question) separates "skipped" from "not asked"; without it blanks are not asked. */
export function summariseNumeric(values: Float64Array, options: AnalysisOptions & { asked?: Uint8Array } = {}): NumericSummary {
  checkOptions(values.length, options);
  const { weights, mask, asked } = options;
  if (asked && asked.length !== values.length) throw new RangeError(`asked has ${asked.length} rows, the column has ${values.length}`);
  const base = emptyBase();
  const skipped = emptyBase();
  let weightedSum = 0;
  let min = Infinity;
  let max = -Infinity;
  const kept: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (mask && mask[i] === 0) continue;
    const x = values[i]!;
    const w = weights ? weights[i]! : 1;
    if (Number.isNaN(x)) {
      if (asked && asked[i] === 1) {
        skipped.unweighted += 1;
        skipped.weighted += w;
        skipped.sumSquaredWeights += w * w;
      }
      continue;
    }
    base.unweighted += 1;
    base.weighted += w;
    base.sumSquaredWeights += w * w;
    weightedSum += w * x;
    if (x < min) min = x;
    if (x > max) max = x;
    if (w > 0) kept.push(i);
  }
  if (base.unweighted === 0) return { base, skipped, mean: null, median: null, min: null, max: null };
  const mean = base.weighted > 0 ? weightedSum / base.weighted : null;
  return { base, skipped, mean, median: weightedMedian(values, weights, kept, base.weighted), min, max };
}

/** The weighted median of the given rows: the first value whose cumulative weight passes half the
 * total; when the cumulative weight lands exactly on half, the mean of that value and the next, which
 * with equal weights is the textbook median for even counts. */
function weightedMedian(values: Float64Array, weights: Float64Array | undefined, rows: number[], total: number): number | null {
  if (rows.length === 0 || total <= 0) return null;
  rows.sort((a, b) => values[a]! - values[b]!);
  const half = total / 2;
  // Fractional weights sum with rounding error; treat "within a hair of half" as exactly half.
  const tolerance = total * 1e-12;
  let cumulative = 0;
  for (let r = 0; r < rows.length; r++) {
    cumulative += weights ? weights[rows[r]!]! : 1;
    if (Math.abs(cumulative - half) <= tolerance && r + 1 < rows.length) {
      return (values[rows[r]!]! + values[rows[r + 1]!]!) / 2;
    }
    if (cumulative > half) return values[rows[r]!]!;
  }
  return values[rows[rows.length - 1]!]!;
}
