// Sampling error and column significance for survey percentages: pure arithmetic on proportions and
// effective bases, no SQL, no HTTP.
//
// Conventions (DOMAIN.md, "Margin of error", "Column significance", "Bases"):
// - every base here is the Kish effective base `n_eff = (sum w)^2 / sum w^2` (see `effectiveBase`),
//   because weighting inflates variance and the unweighted base would overstate precision;
// - proportions are fractions in [0, 1], never percentages, and never rounded;
// - "no answer" is null, never NaN: an empty base has no interval and no test.

import { effectiveBase, type Base } from './frequencies.ts';

/** The two-sided 95% standard normal quantile, Φ⁻¹(0.975), to double precision. */
export const Z_95 = 1.959963984540054;

/** Unweighted bases below this are flagged as low (DOMAIN.md, "Bases"). */
export const LOW_BASE = 50;

/** Percentages on unweighted bases below this are suppressed (DOMAIN.md, "Bases"). */
export const SUPPRESS_BASE = 10;

/** How far a base can be trusted: 'suppressed' (show no percentage), 'low' (flag it) or 'ok'. */
export type BaseFlag = 'suppressed' | 'low' | 'ok';

/** Classifies an unweighted base as 'suppressed' (< 10), 'low' (< 50) or 'ok'. */
export function baseFlag(unweightedBase: number): BaseFlag {
  // Written as !(n >= ...) so that a NaN base is suppressed rather than waved through as 'ok'.
  if (!(unweightedBase >= SUPPRESS_BASE)) return 'suppressed';
  if (unweightedBase < LOW_BASE) return 'low';
  return 'ok';
}

/** A confidence interval for a proportion, both ends in [0, 1]. */
export interface Interval {
  lower: number;
  upper: number;
}

function checkProportion(p: number): void {
  // A proportion outside [0, 1] (or a percentage passed by mistake) is a caller bug, not "no answer".
  if (!(p >= 0 && p <= 1)) throw new RangeError(`proportion ${p} is not in [0, 1]`);
}

function hasBase(nEff: number): boolean {
  return nEff > 0 && Number.isFinite(nEff);
}

/** The Wilson score interval for proportion p on effective base nEff; null when the base is empty. */
export function wilsonInterval(p: number, nEff: number, z: number = Z_95): Interval | null {
  checkProportion(p);
  if (!hasBase(nEff)) return null;
  // Wilson (1927): centre = (p + z²/2n) / (1 + z²/n),
  //                half   = z·sqrt(p(1−p)/n + z²/4n²) / (1 + z²/n).
  // Chosen over the Wald interval p ± z·sqrt(p(1−p)/n) because Wald collapses to a point at p = 0 or 1
  // and spills outside [0, 1] on small bases; Wilson does neither.
  const z2 = z * z;
  const denominator = 1 + z2 / nEff;
  const centre = (p + z2 / (2 * nEff)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / nEff + z2 / (4 * nEff * nEff))) / denominator;
  // At p = 0 the lower end is exactly 0 (centre = half), and at p = 1 the upper end is exactly 1, but
  // centre − half leaves a few ulps of rounding (3.5e-18 at n = 100); pin those ends, and clamp the
  // rest, so the interval never leaves [0, 1] and "0" compares equal to 0.
  return {
    lower: p === 0 ? 0 : Math.max(0, centre - half),
    upper: p === 1 ? 1 : Math.min(1, centre + half),
  };
}

/** The margin of error z·sqrt(p(1−p)/nEff) of proportion p; null when the base is empty. */
export function marginOfError(p: number, nEff: number, z: number = Z_95): number | null {
  checkProportion(p);
  if (!hasBase(nEff)) return null;
  // DOMAIN.md "Margin of error": 1.96·sqrt(p(1−p)/n_eff), the half-width of the Wald interval.
  return z * Math.sqrt((p * (1 - p)) / nEff);
}

// ---------------------------------------------------------------------------------------------
// The error function, after W. J. Cody, "Rational Chebyshev approximations for the error function",
// Math. Comp. 23 (1969) 631-637, as coded in his CALERF routine (SPECFUN, netlib, 1985/1990).
// Three intervals, each a rational approximation with relative error below about 1e-17:
//   |x| <= 0.46875      erf(x)  ≈ x·R1(x²)
//   0.46875 < |x| <= 4  erfc(x) ≈ exp(−x²)·R2(x)
//   |x| > 4             erfc(x) ≈ exp(−x²)/x·(1/√π − R3(1/x²)/x²)
// erfc is computed directly in the tails (never as 1 − erf), so tiny p-values keep their digits.

const ERF_A = [3.16112374387056560e0, 1.13864154151050156e2, 3.77485237685302021e2, 3.20937758913846947e3, 1.85777706184603153e-1];
const ERF_B = [2.36012909523441209e1, 2.44024637934444173e2, 1.28261652607737228e3, 2.84423683343917062e3];
const ERFC_C = [
  5.64188496988670089e-1, 8.88314979438837594e0, 6.61191906371416295e1, 2.98635138197400131e2, 8.81952221241769090e2,
  1.71204761263407058e3, 2.05107837782607147e3, 1.23033935479799725e3, 2.15311535474403846e-8,
];
const ERFC_D = [
  1.57449261107098347e1, 1.17693950891312499e2, 5.37181101862009858e2, 1.62138957456669019e3, 3.29079923573345963e3,
  4.36261909014324716e3, 3.43936767414372164e3, 1.23033935480374942e3,
];
const ERFC_P = [
  3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1, 1.60837851487422766e-2, 6.58749161529837803e-4,
  1.63153871373020978e-2,
];
const ERFC_Q = [2.56852019228982242e0, 1.87295284992346047e0, 5.27905102951428412e-1, 6.05183413124413191e-2, 2.33520497626869185e-3];
/** 1/√π. */
const ONE_OVER_SQRT_PI = 0.56418958354775628695;
/** Beyond this erfc(x) underflows to 0 in double precision (Cody's XBIG). */
const ERFC_UNDERFLOW = 26.543;

function c(coefficients: number[], i: number): number {
  return coefficients[i]!;
}

/** exp(−y²) computed as exp(−ŷ²)·exp(−(y−ŷ)(y+ŷ)) with ŷ = y rounded down to 1/16, so y² loses no bits. */
function expMinusSquare(y: number): number {
  const yHat = Math.trunc(y * 16) / 16;
  const del = (y - yHat) * (y + yHat);
  return Math.exp(-yHat * yHat) * Math.exp(-del);
}

/** erfc(y) for y > 0.46875 (Cody's second and third intervals). */
function erfcTail(y: number): number {
  if (y <= 4) {
    let num = c(ERFC_C, 8) * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + c(ERFC_C, i)) * y;
      den = (den + c(ERFC_D, i)) * y;
    }
    return expMinusSquare(y) * ((num + c(ERFC_C, 7)) / (den + c(ERFC_D, 7)));
  }
  if (y >= ERFC_UNDERFLOW) return 0;
  const ysq = 1 / (y * y);
  let num = c(ERFC_P, 5) * ysq;
  let den = ysq;
  for (let i = 0; i < 4; i++) {
    num = (num + c(ERFC_P, i)) * ysq;
    den = (den + c(ERFC_Q, i)) * ysq;
  }
  const r = (ysq * (num + c(ERFC_P, 4))) / (den + c(ERFC_Q, 4));
  return expMinusSquare(y) * ((ONE_OVER_SQRT_PI - r) / y);
}

/** erf(x) for |x| <= 0.46875 (Cody's first interval). */
function erfCentre(x: number): number {
  const ysq = x * x;
  let num = c(ERF_A, 4) * ysq;
  let den = ysq;
  for (let i = 0; i < 3; i++) {
    num = (num + c(ERF_A, i)) * ysq;
    den = (den + c(ERF_B, i)) * ysq;
  }
  return (x * (num + c(ERF_A, 3))) / (den + c(ERF_B, 3));
}

/** The error function erf(x) = 2/√π ∫₀ˣ exp(−t²) dt, to about 1e-16 relative (W. J. Cody's approximations). */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const y = Math.abs(x);
  if (y <= 0.46875) return erfCentre(x);
  const result = 1 - erfcTail(y);
  return x < 0 ? -result : result;
}

/** The complementary error function erfc(x) = 1 − erf(x), accurate in relative terms far into the tails. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const y = Math.abs(x);
  if (y <= 0.46875) return 1 - erfCentre(x);
  const tail = erfcTail(y);
  return x < 0 ? 2 - tail : tail;
}

/** The standard normal cumulative distribution Φ(x) = erfc(−x/√2)/2. */
export function normalCdf(x: number): number {
  // erfc of −x/√2 rather than (1 + erf(x/√2))/2, so the lower tail keeps full relative precision.
  return 0.5 * erfc(-x / Math.SQRT2);
}

// ---------------------------------------------------------------------------------------------

/** The result of a two-proportion z-test: the statistic and its two-sided p-value. */
export interface ZTest {
  /** Positive when the first proportion is the higher. */
  z: number;
  /** Two-sided p-value, 2·(1 − Φ(|z|)). */
  pValue: number;
}

/** The pooled two-proportion z-test of p1 on effective base n1 against p2 on n2; null when no test is possible. */
export function twoProportionZ(p1: number, n1: number, p2: number, n2: number): ZTest | null {
  checkProportion(p1);
  checkProportion(p2);
  if (!hasBase(n1) || !hasBase(n2)) return null;
  // Pooled under H0 (p1 = p2): P = (p1·n1 + p2·n2)/(n1 + n2), SE = sqrt(P(1−P)(1/n1 + 1/n2)),
  // z = (p1 − p2)/SE. With P = 0 or 1 both columns are unanimous and identical: SE = 0, nothing to test.
  const pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
  if (!(pooled > 0 && pooled < 1)) return null;
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const z = (p1 - p2) / se;
  // 2·(1 − Φ(|z|)) = erfc(|z|/√2), taken directly so that a large |z| keeps a meaningful p-value.
  return { z, pValue: erfc(Math.abs(z) / Math.SQRT2) };
}

/** One column of a banner span, as the significance test needs it. */
export interface SignificanceColumn {
  /** The column's letter in the data table (A, B, C, ...). */
  letter: string;
  /** The weighted proportion in [0, 1]; null when the column's base is empty. */
  p: number | null;
  /** The Kish effective base of the column. */
  nEff: number;
  /** The unweighted base, which decides suppression; when absent nEff stands in (never larger, so never laxer). */
  unweighted?: number;
}

/** The letters one column beats, or why it was not tested. */
export interface ColumnLetters {
  letter: string;
  /** Letters of the columns this column is significantly higher than, in input order. */
  higherThan: string[];
  /** False when the column's base is empty or suppressed, so it took part in no test. */
  tested: boolean;
}

/** A significance column for the share `count` of `base`, using the Kish effective base of `base`. */
export function significanceColumn(letter: string, count: number, base: Base): SignificanceColumn {
  const p = base.weighted > 0 ? Math.min(1, Math.max(0, count / base.weighted)) : null;
  return { letter, p, nEff: effectiveBase(base), unweighted: base.unweighted };
}

/** For each column of one banner span, the letters of the columns it is significantly higher than at level alpha. */
export function columnSignificance(columns: readonly SignificanceColumn[], alpha = 0.05): ColumnLetters[] {
  // DOMAIN.md "Column significance": pairwise two-proportion z-tests on effective bases, and "the higher
  // column carries the letter of the column it beats". Callers pass one span at a time, because letters
  // are tested within a span only. No multiple-comparison correction, as in published banner tables.
  const testable = columns.map(
    (col) => col.p !== null && hasBase(col.nEff) && baseFlag(col.unweighted ?? col.nEff) !== 'suppressed',
  );
  const result: ColumnLetters[] = columns.map((col, i) => ({ letter: col.letter, higherThan: [], tested: testable[i]! }));
  for (let i = 0; i < columns.length; i++) {
    for (let j = i + 1; j < columns.length; j++) {
      if (!testable[i] || !testable[j]) continue;
      const a = columns[i]!;
      const b = columns[j]!;
      const test = twoProportionZ(a.p!, a.nEff, b.p!, b.nEff);
      // A tie gives z = 0 and p-value 1: neither column gets a letter.
      if (!test || !(test.pValue < alpha)) continue;
      if (test.z > 0) result[i]!.higherThan.push(b.letter);
      else if (test.z < 0) result[j]!.higherThan.push(a.letter);
    }
  }
  // Pairs are visited in input order, so each list is already in the order the columns appear.
  return result;
}
