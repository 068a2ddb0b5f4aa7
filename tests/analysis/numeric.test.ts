import { describe, expect, it } from 'vitest';
import { summariseNumeric } from '../../server/analysis/index.ts';

const nums = (...values: number[]) => Float64Array.from(values);

describe('summariseNumeric', () => {
  it('summarises an even count: median is the mean of the two middle values', () => {
    // Sorted 1, 1, 3, 4, 5, 9: median (3 + 4) / 2 = 3.5; mean 23 / 6 = 3.8333...
    const s = summariseNumeric(nums(3, 1, 4, 1, 5, 9));
    expect(s.base).toEqual({ unweighted: 6, weighted: 6, sumSquaredWeights: 6 });
    expect(s.median).toBe(3.5);
    expect(s.mean).toBeCloseTo(23 / 6, 12);
    expect(s.min).toBe(1);
    expect(s.max).toBe(9);
  });

  it('summarises an odd count and ignores blanks (NaN)', () => {
    const s = summariseNumeric(nums(3, NaN, 1, 2));
    expect(s.base.unweighted).toBe(3);
    expect(s.median).toBe(2);
    expect(s.mean).toBe(2);
  });

  it('tells skipped from not asked with the asked column', () => {
    // Row 1 asked and blank (skipped), row 2 not asked.
    const s = summariseNumeric(nums(5, NaN, NaN), { asked: Uint8Array.from([1, 1, 0]) });
    expect(s.base.unweighted).toBe(1);
    expect(s.skipped.unweighted).toBe(1);
  });

  it('weights the mean and median as frequency weights', () => {
    // Values 1, 2, 3, 4 with weights 1, 1, 1, 3 behave like 1, 2, 3, 4, 4, 4:
    // mean (1 + 2 + 3 + 12) / 6 = 3; cumulative weight reaches exactly half (3) at value 3,
    // so the median is (3 + 4) / 2 = 3.5, as for the expanded list.
    const even = summariseNumeric(nums(4, 1, 3, 2), { weights: nums(3, 1, 1, 1) });
    expect(even.base).toEqual({ unweighted: 4, weighted: 6, sumSquaredWeights: 12 });
    expect(even.mean).toBe(3);
    expect(even.median).toBe(3.5);
    // Weights 1, 1, 1, 4 behave like 1, 2, 3, 4, 4, 4, 4: mean 22 / 7, median 4.
    const odd = summariseNumeric(nums(1, 2, 3, 4), { weights: nums(1, 1, 1, 4) });
    expect(odd.mean).toBeCloseTo(22 / 7, 12);
    expect(odd.median).toBe(4);
    // Equal fractional weights give the unweighted answer: (2 + 3) / 2.
    expect(summariseNumeric(nums(1, 2, 3, 4), { weights: nums(0.1, 0.1, 0.1, 0.1) }).median).toBe(2.5);
  });

  it('leaves a zero-weight row out of the mean and median but not the range', () => {
    const s = summariseNumeric(nums(1, 2, 100), { weights: nums(1, 1, 0) });
    expect(s.mean).toBe(1.5);
    expect(s.median).toBe(1.5);
    expect(s.max).toBe(100);
    expect(s.base.unweighted).toBe(3);
  });

  it('applies a mask', () => {
    const s = summariseNumeric(nums(1, 50, 3), { mask: Uint8Array.from([1, 0, 1]) });
    expect(s.median).toBe(2);
    expect(s.max).toBe(3);
  });

  it('returns nulls for an empty base and a single value for a base of 1', () => {
    const empty = summariseNumeric(nums(NaN, NaN));
    expect(empty).toMatchObject({ mean: null, median: null, min: null, max: null });
    expect(empty.base.unweighted).toBe(0);
    expect(JSON.stringify(empty)).not.toContain('NaN');
    const one = summariseNumeric(nums(NaN, 7));
    expect(one).toMatchObject({ mean: 7, median: 7, min: 7, max: 7 });
  });
});
