import { describe, expect, it } from 'vitest';
import {
  baseFlag,
  columnSignificance,
  erf,
  erfc,
  LOW_BASE,
  marginOfError,
  normalCdf,
  significanceColumn,
  SUPPRESS_BASE,
  twoProportionZ,
  wilsonInterval,
  Z_95,
} from '../../server/analysis/index.ts';

// Every expected value below was worked out from the formula outside this code (50-digit arithmetic),
// with the intermediate steps shown. z = 1.959963984540054, z² = 3.841458820694125.
// Wilson: centre = (p + z²/2n)/(1 + z²/n), half = z·sqrt(p(1−p)/n + z²/4n²)/(1 + z²/n).

describe('wilsonInterval', () => {
  it('p = 0.75 on n = 2006 (the Start for Life sample)', () => {
    // z²/n = 0.0019149844569761, z²/2n = 0.00095749222848807, 1 + z²/n = 1.0019149844569761
    // centre = 0.75095749222848807 / 1.0019149844569761 = 0.74952216892483796
    // p(1−p)/n = 0.1875/2006 = 0.000093469591226321, z²/4n² = 0.00000023865708586442
    // sqrt(0.000093708248312185) = 0.0096803020775276, half = z·0.0096803020775276 / 1.0019149844569761
    //   = 0.018936779792454657
    // → [0.73058538913238331, 0.76845894871729262]
    const ci = wilsonInterval(0.75, 2006)!;
    expect(ci.lower).toBeCloseTo(0.73058538913238331, 9);
    expect(ci.upper).toBeCloseTo(0.76845894871729262, 9);
  });

  it('p = 0.5 on n = 100 is symmetric about 0.5', () => {
    // centre = (0.5 + 0.019207294103471)/(1.0384145882069413) = 0.5 exactly (numerator is half the denominator)
    // p(1−p)/n = 0.0025, z²/4n² = 0.000096036470517353, sqrt(0.0025960364705174) = 0.050951314708428802
    // half = z·0.050951314708428802 / 1.0384145882069413 = 0.096168469634004362
    // → [0.40383153036599564, 0.59616846963400436]
    const ci = wilsonInterval(0.5, 100)!;
    expect(ci.lower).toBeCloseTo(0.40383153036599564, 9);
    expect(ci.upper).toBeCloseTo(0.59616846963400436, 9);
    expect(ci.lower + ci.upper).toBeCloseTo(1, 12);
  });

  it('p = 0 and p = 1 stay inside [0, 1] without collapsing to a point', () => {
    // p = 0, n = 100: centre = half = (z²/2n)/(1 + z²/n) = 0.019207294103471/1.0384145882069413
    //   = 0.018496749103492838, so [0, 0.036993498206985676]; p = 1 is its mirror image.
    const zero = wilsonInterval(0, 100)!;
    expect(zero.lower).toBe(0);
    expect(zero.upper).toBeCloseTo(0.036993498206985676, 9);
    const one = wilsonInterval(1, 100)!;
    expect(one.lower).toBeCloseTo(0.96300650179301432, 9);
    expect(one.upper).toBe(1);
    // Where Wald would give the degenerate [0, 0] and [1, 1], Wilson has width.
    expect(zero.upper - zero.lower).toBeGreaterThan(0.03);
    expect(one.upper - one.lower).toBeGreaterThan(0.03);
  });

  it('a base of one respondent gives a wide but valid interval', () => {
    // n = 1, p = 1: centre = (1 + z²/2)/(1 + z²), half = (z·z/2)/(1 + z²), so
    //   lower = 1/(1 + z²) = 1/4.841458820694125 = 0.20654931437723743, upper = 1.
    const yes = wilsonInterval(1, 1)!;
    expect(yes.lower).toBeCloseTo(0.20654931437723743, 9);
    expect(yes.upper).toBe(1);
    // n = 1, p = 0.5: half = z·sqrt(0.25 + z²/4)/(1 + z²) = (z/2)/sqrt(1 + z²) = 0.44537924447114803
    const half = wilsonInterval(0.5, 1)!;
    expect(half.lower).toBeCloseTo(0.05462075552885197, 9);
    expect(half.upper).toBeCloseTo(0.94537924447114803, 9);
    // n = 1, p = 0: [0, 2·0.39672534281138129]
    const no = wilsonInterval(0, 1)!;
    expect(no.lower).toBe(0);
    expect(no.upper).toBeCloseTo(0.79345068562276257, 9);
  });

  it('an empty base has no interval, and a percentage passed by mistake is refused', () => {
    expect(wilsonInterval(0.5, 0)).toBeNull();
    expect(wilsonInterval(0.5, -3)).toBeNull();
    expect(wilsonInterval(0.5, Number.NaN)).toBeNull();
    expect(() => wilsonInterval(75, 100)).toThrow(RangeError);
    expect(() => wilsonInterval(Number.NaN, 100)).toThrow(RangeError);
  });

  it('accepts another z (90%: z = 1.6448536269514722)', () => {
    // p = 0.5, n = 100: z² = 2.7055434540954129, 1 + z²/n = 1.0270554345409541,
    // half = z·sqrt(0.0025 + 2.7055434540954129/40000)/1.0270554345409541 = 0.081152203887470493
    // (the 95% interval above is 2·0.096168469634004362 = 0.19233693926800872 wide)
    const ci = wilsonInterval(0.5, 100, 1.6448536269514722)!;
    expect(ci.lower).toBeCloseTo(0.5 - 0.081152203887470493, 9);
    expect(ci.upper).toBeCloseTo(0.5 + 0.081152203887470493, 9);
    expect(ci.upper - ci.lower).toBeLessThan(0.19233693926800872);
  });
});

describe('marginOfError', () => {
  it('p = 0.5 on n = 1000 is about 3.1 points', () => {
    // sqrt(0.25/1000) = 0.015811388300841897; × 1.959963984540054 = 0.030989751615228078
    // (with the rounded 1.96 of DOMAIN.md: 0.030990321069650117; both ≈ 0.030990)
    expect(marginOfError(0.5, 1000)).toBeCloseTo(0.030989751615228078, 12);
    expect(marginOfError(0.5, 1000, 1.96)).toBeCloseTo(0.030990321069650117, 12);
    expect(marginOfError(0.5, 1000, Z_95)).toBeCloseTo(0.03099, 5);
  });

  it('is zero at p = 0 and null on an empty base', () => {
    expect(marginOfError(0, 500)).toBe(0);
    expect(marginOfError(0.3, 0)).toBeNull();
  });
});

describe('normal distribution', () => {
  it('Φ at known points to 1e-12', () => {
    // Reference values (50-digit arithmetic): Φ(1.96) = 0.97500210485177957, Φ(−3) = 0.0013498980316300945.
    expect(Math.abs(normalCdf(1.96) - 0.9750021048517795)).toBeLessThan(1e-12);
    expect(Math.abs(normalCdf(-3) - 0.0013498980316301)).toBeLessThan(1e-12);
    expect(normalCdf(0)).toBe(0.5);
    // Φ(Z_95) is 0.975 by definition of the quantile.
    expect(Math.abs(normalCdf(Z_95) - 0.975)).toBeLessThan(1e-12);
  });

  it('keeps relative precision far in the tails', () => {
    // Φ(−8) = 6.2209605742717841e-16, Φ(5) = 0.99999971334842812.
    expect(Math.abs(normalCdf(-8) / 6.2209605742717841e-16 - 1)).toBeLessThan(1e-13);
    expect(Math.abs(normalCdf(5) - 0.99999971334842812)).toBeLessThan(1e-15);
    expect(normalCdf(-40)).toBe(0);
    expect(normalCdf(40)).toBe(1);
  });

  it('erf and erfc across Cody’s three intervals', () => {
    // erf(0.3) = 0.32862675945912743, erf(1) = 0.84270079294971487, erfc(2) = 0.0046777349810472658,
    // erfc(5) = 1.5374597944280349e-12 (third interval, |x| > 4); both are odd/even as they should be.
    expect(Math.abs(erf(0.3) - 0.32862675945912743)).toBeLessThan(1e-15);
    expect(Math.abs(erf(1) - 0.84270079294971487)).toBeLessThan(1e-15);
    expect(Math.abs(erfc(2) / 0.0046777349810472658 - 1)).toBeLessThan(1e-14);
    expect(Math.abs(erfc(5) / 1.5374597944280349e-12 - 1)).toBeLessThan(1e-14);
    expect(erf(-1)).toBe(-erf(1));
    expect(erfc(-2)).toBeCloseTo(2 - erfc(2), 15);
    expect(erf(0)).toBe(0);
    expect(erfc(0)).toBe(1);
  });
});

describe('twoProportionZ', () => {
  it('97% of 500 professionals against 75% of 2,000 members of the public', () => {
    // pooled P = (0.97·500 + 0.75·2000)/2500 = (485 + 1500)/2500 = 0.794
    // SE = sqrt(0.794·0.206·(1/500 + 1/2000)) = sqrt(0.163564·0.0025) = sqrt(0.00040891) = 0.020221523186941186
    // z = 0.22/0.020221523186941186 = 10.879496958076498, p = erfc(z/√2) = 1.4435740162163301e-27
    const t = twoProportionZ(0.97, 500, 0.75, 2000)!;
    expect(t.z).toBeCloseTo(10.879496958076498, 9);
    expect(t.pValue / 1.4435740162163301e-27).toBeCloseTo(1, 9);
  });

  it('55% against 50% on 1,000 each, a borderline difference', () => {
    // P = 0.525, SE = sqrt(0.525·0.475·0.002) = sqrt(0.00049875) = 0.022332711434127295
    // z = 0.05/0.022332711434127295 = 2.238868314198225, p = 2(1 − Φ(2.2389)) = 0.025164485700318536
    const t = twoProportionZ(0.55, 1000, 0.5, 1000)!;
    expect(t.z).toBeCloseTo(2.238868314198225, 9);
    expect(t.pValue).toBeCloseTo(0.025164485700318536, 12);
    // Swapping the columns flips the sign of z, not the p-value.
    const swapped = twoProportionZ(0.5, 1000, 0.55, 1000)!;
    expect(swapped.z).toBeCloseTo(-2.238868314198225, 9);
    expect(swapped.pValue).toBeCloseTo(t.pValue, 15);
  });

  it('equal proportions give z = 0 and p = 1', () => {
    expect(twoProportionZ(0.4, 300, 0.4, 700)).toEqual({ z: 0, pValue: 1 });
  });

  it('no test when the pooled proportion is 0 or 1, or a base is empty', () => {
    expect(twoProportionZ(0, 100, 0, 200)).toBeNull();
    expect(twoProportionZ(1, 100, 1, 200)).toBeNull();
    expect(twoProportionZ(0.5, 0, 0.3, 200)).toBeNull();
    expect(twoProportionZ(0.5, 100, 0.3, 0)).toBeNull();
  });
});

describe('baseFlag', () => {
  it('suppresses under 10, flags under 50', () => {
    expect(SUPPRESS_BASE).toBe(10);
    expect(LOW_BASE).toBe(50);
    expect(baseFlag(0)).toBe('suppressed');
    expect(baseFlag(9)).toBe('suppressed');
    expect(baseFlag(10)).toBe('low');
    expect(baseFlag(49)).toBe('low');
    expect(baseFlag(50)).toBe('ok');
    expect(baseFlag(2006)).toBe('ok');
    expect(baseFlag(Number.NaN)).toBe('suppressed');
  });
});

describe('columnSignificance', () => {
  it('letters for a span with a tie, a suppressed column and an empty column', () => {
    // A 60% of 400, B 50% of 400, C 60% of 300 (ties A), D 90% of 8 (suppressed), E nobody.
    // A vs B: P = 0.55, SE = sqrt(0.55·0.45·(2/400)) = 0.0351781182, z = 2.842676218, p = 0.00447 → A beats B
    // C vs B: P = (180 + 200)/700 = 0.5428571429, SE = 0.03804758925, z = 2.628287415, p = 0.00858 → C beats B
    // A vs C: equal proportions, z = 0, p = 1 → no letter either way
    // D would beat everyone at 90%, but a base of 8 is suppressed, so it is not tested at all.
    const letters = columnSignificance([
      { letter: 'A', p: 0.6, nEff: 400, unweighted: 400 },
      { letter: 'B', p: 0.5, nEff: 400, unweighted: 400 },
      { letter: 'C', p: 0.6, nEff: 300, unweighted: 300 },
      { letter: 'D', p: 0.9, nEff: 8, unweighted: 8 },
      { letter: 'E', p: null, nEff: 0, unweighted: 0 },
    ]);
    expect(letters).toEqual([
      { letter: 'A', higherThan: ['B'], tested: true },
      { letter: 'B', higherThan: [], tested: true },
      { letter: 'C', higherThan: ['B'], tested: true },
      { letter: 'D', higherThan: [], tested: false },
      { letter: 'E', higherThan: [], tested: false },
    ]);
  });

  it('alpha decides what counts as significant', () => {
    // A vs B has p = 0.00447 (above): significant at 0.05 and 0.01, not at 0.001.
    const span = [
      { letter: 'A', p: 0.6, nEff: 400 },
      { letter: 'B', p: 0.5, nEff: 400 },
    ];
    expect(columnSignificance(span, 0.01)[0]!.higherThan).toEqual(['B']);
    expect(columnSignificance(span, 0.001)[0]!.higherThan).toEqual([]);
  });

  it('the higher column carries the letter, whatever the order', () => {
    // Same pair as above with the higher column last.
    const letters = columnSignificance([
      { letter: 'A', p: 0.5, nEff: 400 },
      { letter: 'B', p: 0.6, nEff: 400 },
    ]);
    expect(letters.map((l) => l.higherThan)).toEqual([[], ['A']]);
  });

  it('tests on the effective base, and suppresses on the unweighted base', () => {
    // 60% vs 50% on unweighted 400 each, but weighting halves the effective bases to 200:
    // P = 0.55, SE = sqrt(0.2475·(2/200)) = 0.04974937186, z = 2.010075631, p = 0.0444 → still significant;
    // at n_eff = 150 each: SE = sqrt(0.2475·(2/150)) = 0.05744562647, z = 1.740776560, p = 0.0817 → not.
    const at200 = columnSignificance([
      { letter: 'A', p: 0.6, nEff: 200, unweighted: 400 },
      { letter: 'B', p: 0.5, nEff: 200, unweighted: 400 },
    ]);
    expect(at200[0]!.higherThan).toEqual(['B']);
    const at150 = columnSignificance([
      { letter: 'A', p: 0.6, nEff: 150, unweighted: 400 },
      { letter: 'B', p: 0.5, nEff: 150, unweighted: 400 },
    ]);
    expect(at150[0]!.higherThan).toEqual([]);
    // Unweighted 12 is low but not suppressed even though n_eff is 9, so it is tested:
    // 100% of 9 vs 20% of 400: P = (9 + 80)/409 = 0.217603912, SE = 0.1390775681, z = 5.752185711, p = 8.8e-9.
    const small = columnSignificance([
      { letter: 'A', p: 1, nEff: 9, unweighted: 12 },
      { letter: 'B', p: 0.2, nEff: 400, unweighted: 400 },
    ]);
    expect(small[0]).toEqual({ letter: 'A', higherThan: ['B'], tested: true });
  });

  it('builds columns from tabulated bases via the Kish effective base', () => {
    // Weights 2, 1, 1, 0.5 (the frequencies test): weighted 4.5, sum w² 6.25, n_eff = 20.25/6.25 = 3.24.
    const col = significanceColumn('A', 2, { unweighted: 4, weighted: 4.5, sumSquaredWeights: 6.25 });
    expect(col.letter).toBe('A');
    expect(col.p).toBeCloseTo(2 / 4.5, 15);
    expect(col.nEff).toBeCloseTo(3.24, 12);
    expect(col.unweighted).toBe(4);
    const empty = significanceColumn('B', 0, { unweighted: 0, weighted: 0, sumSquaredWeights: 0 });
    expect(empty).toEqual({ letter: 'B', p: null, nEff: 0, unweighted: 0 });
    // Four respondents are a suppressed base: the column is carried but not tested.
    expect(columnSignificance([col, empty])).toEqual([
      { letter: 'A', higherThan: [], tested: false },
      { letter: 'B', higherThan: [], tested: false },
    ]);
  });
});
