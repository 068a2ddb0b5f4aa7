import { percentOf, type Frequencies } from './frequencies.ts';

/** One net (e.g. top-2 "agree or strongly agree"), computed from unrounded counts. */
export interface NetResult {
  /** Weighted count of the categories in the net. */
  count: number;
  unweightedCount: number;
  /** Unrounded percentage of the same base as its parts; null on an empty base. */
  percent: number | null;
}

/** Sums the unrounded counts of some categories into a net, so a net can differ from the sum of its rounded parts. */
export function computeNet(frequencies: Frequencies, categoryIndexes: readonly number[]): NetResult {
  let count = 0;
  let unweightedCount = 0;
  for (const index of new Set(categoryIndexes)) {
    if (index < 0 || index >= frequencies.counts.length) throw new RangeError(`net category ${index} is outside the column`);
    count += frequencies.counts[index]!;
    unweightedCount += frequencies.unweightedCounts[index]!;
  }
  return { count, unweightedCount, percent: percentOf(count, frequencies.base.weighted) };
}
