import { describe, expect, it } from 'vitest';
import { NOT_ASKED, rake, summariseWeights, tabulate, type RakingVariable } from '../../server/analysis/index.ts';

// Builds parallel category columns from [category of each variable..., how many respondents] rows.
function columns(rows: number[][]): Int32Array[] {
  const width = rows[0]!.length - 1;
  const out: number[][] = Array.from({ length: width }, () => []);
  for (const row of rows) {
    const count = row[width]!;
    for (let r = 0; r < count; r++) for (let v = 0; v < width; v++) out[v]!.push(row[v]!);
  }
  return out.map((xs) => Int32Array.from(xs));
}

// Weighted share of each category, computed with the tabulation module rather than the raking code.
function shares(values: Int32Array, k: number, weights: Float64Array): number[] {
  const f = tabulate(values, k, { weights });
  return [...f.counts].map((c) => c / f.base.weighted);
}

const sum = (w: Float64Array) => w.reduce((a, b) => a + b, 0);

// 100 respondents by gender (M, F) and age (young, old): M-young 40, M-old 10, F-young 20, F-old 30.
// Targets: gender 50/50, age 40/60. Sample margins: gender 50/50 (already right), age 60/40.
const [gender2x2, age2x2] = columns([
  [0, 0, 40],
  [0, 1, 10],
  [1, 0, 20],
  [1, 1, 30],
]) as [Int32Array, Int32Array];
const twoByTwo: RakingVariable[] = [
  { name: 'gender', values: gender2x2, targets: [0.5, 0.5] },
  { name: 'age', values: age2x2, targets: [0.4, 0.6] },
];
// Respondent index of the first member of each cell.
const MY = 0, MO = 40, FY = 50, FO = 70;

describe('rake', () => {
  it('rakes a 2x2 table to the analytic solution', () => {
    // IPF preserves the sample's cross-product (odds) ratio: (40*30)/(10*20) = 6. The fitted cell totals
    // with rows 50, 50 and columns 40, 60 are x, 50-x, 40-x, 10+x with x(10+x) / ((50-x)(40-x)) = 6,
    // i.e. x^2 - 110x + 2400 = 0, so x = 30 (the other root, 80, exceeds the margin). Cell totals are
    // 30, 20, 10, 40, so per-respondent weights are 30/40 = 0.75, 20/10 = 2, 10/20 = 0.5, 40/30 = 4/3.
    // (By hand, pass 1: gender already fits; age factors 40/60 and 60/40 give 2/3 and 1.5. Pass 2:
    // gender totals 41.67 and 58.33 give factors 1.2 and 6/7, and so on towards the values above.)
    const result = rake(twoByTwo);
    expect(result.converged).toBe(true);
    expect(result.reason).toBeUndefined();
    const w = result.weights;
    expect(w[MY]).toBeCloseTo(0.75, 9);
    expect(w[MO]).toBeCloseTo(2, 9);
    expect(w[FY]).toBeCloseTo(0.5, 9);
    expect(w[FO]).toBeCloseTo(4 / 3, 9);
    // Everyone in a cell shares the cell's weight.
    expect(w[MY + 39]).toBe(w[MY]);
    expect(sum(w)).toBeCloseTo(100, 9);
    expect(result.maxMarginError).toBeLessThan(1e-10);
  });

  it('is exact after one pass on a single variable: weight = target share / sample share', () => {
    // 60 in A and 40 in B, targets 50/50: A weighs 0.5/0.6 = 5/6, B weighs 0.5/0.4 = 1.25. The second
    // pass changes nothing, which is what confirms convergence, so iterations is 2.
    const [values] = columns([[0, 60], [1, 40]]) as [Int32Array];
    const result = rake([{ name: 'v', values, targets: [0.5, 0.5] }]);
    expect(result.converged).toBe(true);
    expect(result.iterations).toBe(2);
    expect(result.weights[0]).toBeCloseTo(5 / 6, 12);
    expect(result.weights[99]).toBeCloseTo(1.25, 12);
    expect(result.maxMarginError).toBeLessThan(1e-12);
  });

  it('converges to the targets within 1e-10 on a correlated three-variable sample', () => {
    // A fixed-seed sample of 5,000 where age depends on gender and region on age, so several passes are needed.
    let seed = 7;
    const random = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    const n = 5000;
    const gender = new Int32Array(n), age = new Int32Array(n), region = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      gender[i] = random() < 0.35 ? 0 : 1;
      age[i] = Math.min(3, Math.floor(random() * (gender[i] === 0 ? 2.5 : 4.5)));
      region[i] = Math.min(4, Math.floor(random() * (age[i]! < 2 ? 3 : 5.5)));
    }
    const targets = { gender: [0.49, 0.51], age: [0.2, 0.3, 0.25, 0.25], region: [0.1, 0.2, 0.3, 0.15, 0.25] };
    const result = rake([
      { name: 'gender', values: gender, targets: targets.gender },
      { name: 'age', values: age, targets: targets.age },
      { name: 'region', values: region, targets: targets.region },
    ]);
    expect(result.converged).toBe(true);
    expect(result.iterations).toBeGreaterThan(3);
    expect(sum(result.weights)).toBeCloseTo(n, 8);
    // Checked with the tabulation module, independently of raking's own margin error.
    const got = [shares(gender, 2, result.weights), shares(age, 4, result.weights), shares(region, 5, result.weights)];
    const want = [targets.gender, targets.age, targets.region];
    got.forEach((g, v) => g.forEach((share, c) => expect(Math.abs(share - want[v]![c]!)).toBeLessThan(1e-10)));
    expect(result.maxMarginError).toBeLessThan(1e-10);
  });

  it('reports non-convergence with the largest change and margin error when the budget runs out', () => {
    // One pass on the 2x2: gender already fits, age factors 2/3 and 1.5, so the largest change is 0.5
    // (old respondents 1 -> 1.5). Gender is then off: men weigh 40*2/3 + 10*1.5 = 41.67 of 100, an error
    // of 0.5 - 0.41667 = 1/12.
    const result = rake(twoByTwo, { maxIterations: 1 });
    expect(result.converged).toBe(false);
    expect(result.iterations).toBe(1);
    expect(result.reason).toBe('did not converge in 1 iteration: largest change 5.0e-1');
    expect(result.maxMarginError).toBeCloseTo(1 / 12, 12);
    expect(result.weights[MY]).toBeCloseTo(2 / 3, 12);
    expect(result.weights[MO]).toBeCloseTo(1.5, 12);
  });

  it('fails, naming the category, when a positive target has no respondents', () => {
    const [values] = columns([[0, 8], [1, 2]]) as [Int32Array];
    const result = rake([{ name: 'region', values, targets: [0.8, 0.15, 0.05], labels: ['England', 'Scotland', 'Wales'] }]);
    expect(result.converged).toBe(false);
    expect(result.iterations).toBe(0);
    expect(result.reason).toBe('target category "Wales" of region has no respondents');
    // The base weights come back untouched (all 1), so nothing downstream gets half-raked weights.
    expect([...result.weights]).toEqual(new Array(10).fill(1));
    // Without labels the index names it.
    expect(rake([{ name: 'region', values, targets: [0.8, 0.15, 0.05] }]).reason).toBe('target category 2 of region has no respondents');
  });

  it('gives weight 0 to respondents in a category whose target is 0', () => {
    // 5 in A, 3 in B, 2 in C; targets 0.6, 0.4, 0: C weighs 0; A carries 0.6 * 10 = 6 over 5, B 4 over 3.
    const [values] = columns([[0, 5], [1, 3], [2, 2]]) as [Int32Array];
    const result = rake([{ name: 'v', values, targets: [0.6, 0.4, 0] }]);
    expect(result.converged).toBe(true);
    expect(result.weights[0]).toBeCloseTo(1.2, 12);
    expect(result.weights[5]).toBeCloseTo(4 / 3, 12);
    expect(result.weights[8]).toBe(0);
    expect(result.weights[9]).toBe(0);
  });

  it('clips to the trim bounds and re-rakes until both the bounds and the margins hold', () => {
    // Untrimmed, the 10 old men weigh 2. With a cap of 1.8 the cell weights a, b, c, d (M-young, M-old,
    // F-young, F-old) must still meet the margins: 40a + 10b = 50, 20c + 30d = 50, 40a + 20c = 40,
    // 10b + 30d = 60, which leave one degree of freedom: a = (50 - 10b)/40, c = (b - 1)/2,
    // d = (60 - 10b)/30. Clipping from above settles on the cap, b = 1.8: a = 0.8, c = 0.4, d = 1.4.
    // Clip-and-re-rake converges linearly, so it gets a larger budget than the default 100.
    const result = rake(twoByTwo, { trim: { max: 1.8 }, maxIterations: 1000 });
    expect(result.converged).toBe(true);
    const w = result.weights;
    expect(Math.max(...w)).toBeLessThanOrEqual(1.8 + 1e-12);
    expect(w[MY]).toBeCloseTo(0.8, 8);
    expect(w[MO]).toBeCloseTo(1.8, 8);
    expect(w[FY]).toBeCloseTo(0.4, 8);
    expect(w[FO]).toBeCloseTo(1.4, 8);
    expect(sum(w)).toBeCloseTo(100, 9);
    expect(result.maxMarginError).toBeLessThan(1e-9);
    // A minimum works the same way: untrimmed, the young women weigh 0.5; a floor of 0.6 settles on
    // c = 0.6, so b = 2c + 1 = 2.2, a = (50 - 22)/40 = 0.7, d = (60 - 22)/30 = 38/30.
    const floored = rake(twoByTwo, { trim: { min: 0.6 }, maxIterations: 1000 });
    expect(floored.converged).toBe(true);
    expect(Math.min(...floored.weights)).toBeGreaterThanOrEqual(0.6 - 1e-12);
    expect(floored.weights[MY]).toBeCloseTo(0.7, 8);
    expect(floored.weights[MO]).toBeCloseTo(2.2, 8);
    expect(floored.weights[FY]).toBeCloseTo(0.6, 8);
    expect(floored.weights[FO]).toBeCloseTo(38 / 30, 8);
    expect(floored.maxMarginError).toBeLessThan(1e-9);
  });

  it('keeps the bounds and reports the margin error when trimming cannot meet the margins', () => {
    // One variable, 80 in A and 20 in B, targets 50/50: B needs 2.5 but the cap is 2. Trimming caps B at
    // 2 (total 40) and hands the rest of the 100 to A: 60/80 = 0.75. B's share is 40/100, 0.1 short.
    const [values] = columns([[0, 80], [1, 20]]) as [Int32Array];
    const result = rake([{ name: 'v', values, targets: [0.5, 0.5] }], { trim: { max: 2 } });
    expect(result.converged).toBe(false);
    expect(result.iterations).toBe(100);
    expect(result.reason).toMatch(/^trimming to \[0, 2\] did not converge in 100 iterations .*largest margin error 1\.0e-1$/);
    expect(result.weights[0]).toBeCloseTo(0.75, 12);
    expect(result.weights[99]).toBeCloseTo(2, 12);
    expect(result.maxMarginError).toBeCloseTo(0.1, 12);
  });

  it('starts from base weights and keeps their ratios within a category', () => {
    // A has base weights 1 and 3, B has 2; on the mean-1 scale (sum 6 over 3) that is 0.5, 1.5 and 1.
    // Targets 50/50 of a total of 3: A (total 2) is scaled by 1.5/2 = 0.75, B (total 1) by 1.5.
    const values = Int32Array.from([0, 0, 1]);
    const result = rake([{ name: 'v', values, targets: [0.5, 0.5] }], { baseWeights: Float64Array.from([1, 3, 2]) });
    expect(result.converged).toBe(true);
    expect(result.weights[0]).toBeCloseTo(0.375, 12);
    expect(result.weights[1]).toBeCloseTo(1.125, 12);
    expect(result.weights[2]).toBeCloseTo(1.5, 12);
    // A respondent with base weight 0 stays at 0: base 0, 1, 1 is 0, 1.5, 1.5 on the mean-1 scale, which
    // already meets 50/50 (A = 0 + 1.5, B = 1.5).
    const zero = rake([{ name: 'v', values, targets: [0.5, 0.5] }], { baseWeights: Float64Array.from([0, 1, 1]) });
    expect(zero.weights[0]).toBe(0);
    expect(zero.weights[1]).toBeCloseTo(1.5, 12);
    expect(zero.weights[2]).toBeCloseTo(1.5, 12);
  });

  it('refuses missing values by default, naming the variable and the count', () => {
    const values = Int32Array.from([0, 0, 1, NOT_ASKED]);
    expect(() => rake([{ name: 'region', values, targets: [0.5, 0.5] }])).toThrow(/region: 1 of 4 respondents have no value/);
  });

  it("with missing: 'keep', leaves respondents with no value out of that variable's step", () => {
    // 3 answered (2 A, 1 B) and 1 not asked; targets 50/50 among the 3 answered: A 1.5/2 = 0.75, B 1.5; the
    // unanswered respondent keeps 1 and the total stays 4.
    const values = Int32Array.from([0, 0, 1, NOT_ASKED]);
    const result = rake([{ name: 'region', values, targets: [0.5, 0.5] }], { missing: 'keep' });
    expect(result.converged).toBe(true);
    expect([...result.weights].map((w) => +w.toFixed(12))).toEqual([0.75, 0.75, 1.5, 1]);
  });

  it('rejects targets that do not sum to 1 and categories outside the targets', () => {
    const values = Int32Array.from([0, 1]);
    expect(() => rake([{ name: 'age', values, targets: [0.5, 0.49] }])).toThrow('targets for age sum to 0.99, not 1');
    expect(() => rake([{ name: 'age', values, targets: [1] }])).toThrow(/age has category 1 at row 1/);
    // Within 1e-9 is accepted.
    expect(rake([{ name: 'age', values, targets: [0.5, 0.5 + 5e-10] }]).converged).toBe(true);
  });
});

describe('summariseWeights', () => {
  it('computes the Kish effective sample size, design effect and efficiency', () => {
    // Weights 2, 1, 1, 0.5: sum 4.5, sum of squares 4 + 1 + 1 + 0.25 = 6.25, n_eff = 4.5^2 / 6.25 = 3.24,
    // design effect 4 / 3.24 = 1.2345679..., efficiency 3.24 / 4 = 0.81.
    const s = summariseWeights(Float64Array.from([2, 1, 1, 0.5]));
    expect(s.n).toBe(4);
    expect(s.sum).toBe(4.5);
    expect(s.min).toBe(0.5);
    expect(s.max).toBe(2);
    expect(s.effectiveSampleSize).toBeCloseTo(3.24, 12);
    expect(s.designEffect).toBeCloseTo(4 / 3.24, 12);
    expect(s.efficiency).toBeCloseTo(0.81, 12);
  });

  it('is null where a ratio has no meaning', () => {
    expect(summariseWeights(new Float64Array(0))).toEqual({ n: 0, sum: 0, min: null, max: null, effectiveSampleSize: 0, designEffect: null, efficiency: null });
    expect(summariseWeights(Float64Array.from([0, 0])).designEffect).toBeNull();
    expect(() => summariseWeights([1, -1])).toThrow(/weight -1 at row 1/);
  });
});
