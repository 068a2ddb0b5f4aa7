import { describe, expect, it } from 'vitest';
import { computeNet, effectiveBase, NOT_ASKED, percentOf, SKIPPED, tabulate } from '../../server/analysis/index.ts';
import { formatPercent } from '../../web/charts/format-figures.ts';

const col = (...values: number[]) => Int32Array.from(values);

describe('tabulate', () => {
  it('counts an unweighted column; not asked and skipped rows stay out of the base', () => {
    // Answers A, B, B, C, one not asked, one skipped: base 4, so 1/4, 2/4, 1/4.
    const f = tabulate(col(0, 1, 1, 2, NOT_ASKED, SKIPPED), 3);
    expect([...f.counts]).toEqual([1, 2, 1]);
    expect([...f.unweightedCounts]).toEqual([1, 2, 1]);
    expect(f.base).toEqual({ unweighted: 4, weighted: 4, sumSquaredWeights: 4 });
    expect(f.skipped).toEqual({ unweighted: 1, weighted: 1, sumSquaredWeights: 1 });
    expect(percentOf(f.counts[0]!, f.base.weighted)).toBe(25);
    expect(percentOf(f.counts[1]!, f.base.weighted)).toBe(50);
  });

  it('weights rows: weights [2, 1, 1, 0.5] on answers A, B, B, C', () => {
    // A = 2, B = 1 + 1 = 2, C = 0.5; weighted base 2 + 1 + 1 + 0.5 = 4.5, unweighted base 4.
    // A = 2 / 4.5 = 44.444...%, B = 44.444...%, C = 0.5 / 4.5 = 11.111...%.
    // Sum of squares 4 + 1 + 1 + 0.25 = 6.25, Kish effective base 4.5^2 / 6.25 = 20.25 / 6.25 = 3.24.
    const f = tabulate(col(0, 1, 1, 2), 3, { weights: Float64Array.from([2, 1, 1, 0.5]) });
    expect([...f.counts]).toEqual([2, 2, 0.5]);
    expect([...f.unweightedCounts]).toEqual([1, 2, 1]);
    expect(f.base.unweighted).toBe(4);
    expect(f.base.weighted).toBe(4.5);
    expect(f.base.sumSquaredWeights).toBe(6.25);
    expect(effectiveBase(f.base)).toBeCloseTo(3.24, 12);
    expect(percentOf(f.counts[0]!, f.base.weighted)).toBeCloseTo(400 / 9, 10);
    expect(percentOf(f.counts[2]!, f.base.weighted)).toBeCloseTo(100 / 9, 10);
  });

  it('keeps only masked-in rows, with and without weights', () => {
    // Mask drops row 2 (a B): A = 1, B = 1, C = 1 of 3.
    const mask = Uint8Array.from([1, 0, 1, 1]);
    const unweighted = tabulate(col(0, 1, 1, 2), 3, { mask });
    expect([...unweighted.counts]).toEqual([1, 1, 1]);
    expect(unweighted.base.unweighted).toBe(3);
    // Weighted: A = 2, B = 1, C = 0.5 of 3.5 -> 57.142857...%, 28.571428...%, 14.285714...%.
    const weighted = tabulate(col(0, 1, 1, 2), 3, { mask, weights: Float64Array.from([2, 1, 1, 0.5]) });
    expect([...weighted.counts]).toEqual([2, 1, 0.5]);
    expect(weighted.base).toEqual({ unweighted: 3, weighted: 3.5, sumSquaredWeights: 5.25 });
    expect(percentOf(weighted.counts[0]!, 3.5)).toBeCloseTo(400 / 7, 10);
    expect(percentOf(weighted.counts[2]!, 3.5)).toBeCloseTo(100 / 7, 10);
  });

  it('counts weighted skips separately', () => {
    // Rows: A (w 2), skipped (w 0.5), not asked (w 3): base 2, skipped 0.5, the not-asked weight nowhere.
    const f = tabulate(col(0, SKIPPED, NOT_ASKED), 2, { weights: Float64Array.from([2, 0.5, 3]) });
    expect(f.base).toEqual({ unweighted: 1, weighted: 2, sumSquaredWeights: 4 });
    expect(f.skipped).toEqual({ unweighted: 1, weighted: 0.5, sumSquaredWeights: 0.25 });
  });

  it('gives an empty base null percentages, never NaN', () => {
    const f = tabulate(col(NOT_ASKED, NOT_ASKED, SKIPPED), 2);
    expect(f.base).toEqual({ unweighted: 0, weighted: 0, sumSquaredWeights: 0 });
    expect(percentOf(f.counts[0]!, f.base.weighted)).toBeNull();
    expect(computeNet(f, [0, 1]).percent).toBeNull();
    expect(effectiveBase(f.base)).toBe(0);
    // No rows at all.
    const none = tabulate(new Int32Array(0), 3);
    expect(none.base.unweighted).toBe(0);
    expect(percentOf(0, none.base.weighted)).toBeNull();
  });

  it('treats a base whose weights are all 0 as empty for percentages', () => {
    const f = tabulate(col(0, 1), 2, { weights: Float64Array.from([0, 0]) });
    expect(f.base.unweighted).toBe(2);
    expect(f.base.weighted).toBe(0);
    expect(percentOf(f.counts[0]!, f.base.weighted)).toBeNull();
  });

  it('handles a base of 1: 100% and 0%', () => {
    const f = tabulate(col(NOT_ASKED, 1, NOT_ASKED), 2);
    expect(f.base.unweighted).toBe(1);
    expect(percentOf(f.counts[1]!, f.base.weighted)).toBe(100);
    expect(percentOf(f.counts[0]!, f.base.weighted)).toBe(0);
  });

  it('refuses weights and masks that do not fit', () => {
    expect(() => tabulate(col(0, 1), 2, { weights: Float64Array.from([1]) })).toThrow(RangeError);
    expect(() => tabulate(col(0, 1), 2, { mask: Uint8Array.from([1, 1, 1]) })).toThrow(RangeError);
    expect(() => tabulate(col(0, 1), 2, { weights: Float64Array.from([1, -1]) })).toThrow(/not a finite number/);
    expect(() => tabulate(col(0, 1), 2, { weights: Float64Array.from([1, NaN]) })).toThrow(RangeError);
    expect(() => tabulate(col(0, 5), 2)).toThrow(/outside/);
  });
});

describe('computeNet', () => {
  it('sums unrounded parts: 37.5% + 37.5% is a 75% net although the rounded parts show 38% + 38%', () => {
    // Base 8 on agree5: strongly disagree 0, disagree 1, neither 1, agree 3, strongly agree 3.
    const f = tabulate(col(1, 2, 3, 3, 3, 4, 4, 4), 5);
    const top2 = computeNet(f, [3, 4]);
    expect(top2.count).toBe(6);
    expect(top2.percent).toBe(75);
    expect(formatPercent(percentOf(f.counts[3]!, 8))).toBe('38%');
    expect(formatPercent(percentOf(f.counts[4]!, 8))).toBe('38%');
    expect(formatPercent(top2.percent)).toBe('75%');
  });

  it('sums thirds: 1/3 + 1/3 is 66.67% (67%), not 33% + 33% = 66%', () => {
    const f = tabulate(col(0, 1, 2), 3);
    const net = computeNet(f, [0, 1]);
    expect(net.percent).toBeCloseTo(200 / 3, 10);
    expect(formatPercent(percentOf(f.counts[0]!, 3))).toBe('33%');
    expect(formatPercent(net.percent)).toBe('67%');
  });

  it('keeps don\'t know in the base: agree, strongly agree, don\'t know, disagree gives a 50% top-2', () => {
    // Categories agree5 + don't know: 0..4 scale points, 5 = don't know.
    const f = tabulate(col(3, 4, 5, 1), 6);
    expect(f.base.unweighted).toBe(4);
    expect(computeNet(f, [3, 4]).percent).toBe(50);
    expect(computeNet(f, [0, 1]).percent).toBe(25);
    expect(percentOf(f.counts[5]!, f.base.weighted)).toBe(25);
  });

  it('weights a net: weights [2, 1, 1, 0.5] on agree, strongly agree, disagree, agree', () => {
    // Top-2 = 2 + 1 + 0.5 = 3.5 of 4.5 = 77.777...%; bottom-2 = 1 of 4.5 = 22.222...%.
    const f = tabulate(col(3, 4, 1, 3), 5, { weights: Float64Array.from([2, 1, 1, 0.5]) });
    const top2 = computeNet(f, [3, 4]);
    expect(top2.count).toBe(3.5);
    expect(top2.unweightedCount).toBe(3);
    expect(top2.percent).toBeCloseTo(700 / 9, 10);
    expect(computeNet(f, [0, 1]).percent).toBeCloseTo(200 / 9, 10);
  });

  it('counts a category listed twice once', () => {
    const f = tabulate(col(0, 1), 2);
    expect(computeNet(f, [0, 0]).count).toBe(1);
  });
});

describe('formatPercent', () => {
  it('shows whole numbers, * under 0.5 and - for exactly zero', () => {
    expect(formatPercent(0)).toBe('-');
    expect(formatPercent(0.2)).toBe('*');
    expect(formatPercent(0.5)).toBe('1%');
    expect(formatPercent(2.4999999999999996)).toBe('3%');
    expect(formatPercent(66.6666)).toBe('67%');
    expect(formatPercent(100)).toBe('100%');
    expect(formatPercent(null)).toBe('–');
    expect(formatPercent(12.345, 1)).toBe('12.3%');
  });
});
