import { describe, expect, it } from 'vitest';
import { assessComparison, assessPhrase, findPhrase, PROPORTION_PHRASES, suggestPhrases, type ProportionPhrase } from '../../server/analysis/index.ts';

// Hand values: Wilson 95% intervals worked out outside this code with z = 1.959963984540054,
// centre = (p + z²/2n)/(1 + z²/n), half = z·sqrt(p(1−p)/n + z²/4n²)/(1 + z²/n):
//   53% of 2006 → [50.812%, 55.176%]   53% of 1500 → [50.470%, 55.515%]   53% of 600 → [49.000%, 56.962%]
//   51% of 200  → [44.119%, 57.844%]   73% of 2006 → [71.015%, 74.897%]   31% of 2006 → [29.014%, 33.059%]
//   31% of 800  → [27.892%, 34.289%]   80% of 2000 → [78.190%, 81.695%]   80% of 720  → [76.922%, 82.759%]
//   90% of 5000 → [89.138%, 90.801%]
// Pooled two-proportion z (P = (p1n1 + p2n2)/(n1 + n2), z = (p1 − p2)/sqrt(P(1−P)(1/n1 + 1/n2))):
//   97% of 1000 vs 75% of 2000: P = 0.82333, z = 14.894, p = 3.6e-50
//   52% of 100 vs 50% of 100:   P = 0.51,    z = 0.2829, p = 0.7773
//   52% of 3000 vs 50% of 3000: P = 0.51,    z = 1.5495, p = 0.1213

const phrase = (id: string): ProportionPhrase => {
  const found = findPhrase(id);
  if (!found) throw new Error(`no phrase ${id}`);
  return found;
};

describe('proportion phrases: truth table', () => {
  const rows: [string, number, number, boolean, boolean][] = [
    // phrase, percent, effective base, true?, supported?
    ['over half', 53, 2006, true, true], // lower end 50.81% > 50%
    ['over half', 53, 1500, true, true], // 50.47% > 50%
    ['over half', 53, 600, true, false], // weighted down to n_eff 600: lower end 49.00%
    ['over half', 51, 200, true, false], // lower end 44.12%
    ['over half', 50, 5000, false, false], // exactly half is not over half
    ['a majority', 53, 2006, true, true],
    ['more than two-thirds', 73, 2006, true, true], // lower end 71.02% > 66.67%
    ['three-quarters', 73, 2006, true, false], // [72.5, 77.5) holds 73, but 71.02% falls below
    ['almost three-quarters', 73, 2006, true, true], // [70, 75) holds 71.02..74.90
    ['almost a third', 31, 2006, true, true], // [28, 33.33) holds 29.01..33.06
    ['almost a third', 31, 800, true, false], // 27.89% < 28%
    ['almost a third', 34, 2006, false, false], // over a third already
    ['about a third', 31, 2006, true, false], // [30.83, 35.83): 29.01% is below
    ['four-fifths', 80, 2000, true, true], // [77.5, 82.5) holds 78.19..81.69
    ['four-fifths', 80, 720, true, false], // 76.92% < 77.5%
    ['four-fifths', 84, 2000, false, false],
    ['nine in ten', 90, 5000, true, true],
    ['almost all', 90, 5000, true, false], // [90, 100): 89.14% below
    ['almost all', 97, 1000, true, true], // [95.75%, 97.89%]
    ['almost all', 100, 1000, false, false], // all is not almost all
    ['almost half', 48, 2006, true, false],
    ['less than half', 41, 2006, true, true],
  ];
  it.each(rows)('%s of %d%% on n_eff %d: true %s, supported %s', (wording, percent, base, isTrue, supported) => {
    const verdict = assessPhrase(phrase(wording), percent, base, wording);
    expect(verdict.true).toBe(isTrue);
    expect(verdict.supported).toBe(supported);
  });

  it('20% of 2006 is "one in five", supported: the interval 18.30% to 21.80% stays within 17.5% to 22.5%', () => {
    // Wilson on 0.2, 2006: centre 0.20057, half 0.01753 → [0.18304, 0.21810].
    const verdict = assessPhrase(phrase('one in five'), 20, 2006);
    expect(verdict.interval!.lower).toBeCloseTo(0.18304, 4);
    expect(verdict.interval!.upper).toBeCloseTo(0.2181, 4);
    expect(verdict.supported).toBe(true);
  });

  it('says why, with the interval', () => {
    expect(assessPhrase(phrase('over half'), 53, 2006).reason).toBe("'over half' is supported: 95% interval 50.8% to 55.2%");
    expect(assessPhrase(phrase('over half'), 51, 200).reason).toBe(
      "'over half' is true of 51.0% but not supported at 95% confidence: the 95% interval 44.1% to 57.8% reaches down to 44.1%, and 'over half' means more than 50.0%",
    );
    expect(assessPhrase(phrase('four-fifths'), 84, 2000).reason).toBe("'four-fifths' is not true of 84.0%: it means from 77.5% up to just under 82.5%");
    expect(assessPhrase(phrase('almost a third'), 31, 2006).reason).toBe("'almost a third' is supported: 95% interval 29.0% to 33.1%");
  });

  it('an empty base is never supported', () => {
    const verdict = assessPhrase(phrase('over half'), 60, 0);
    expect(verdict).toMatchObject({ true: true, supported: false, interval: null });
    expect(verdict.reason).toMatch(/cannot be tested/);
  });

  it('knows every wording once, and reads hyphens and spacing loosely', () => {
    const all = PROPORTION_PHRASES.flatMap((p) => p.wordings);
    expect(new Set(all).size).toBe(all.length);
    expect(findPhrase('More  than two thirds')?.id).toBe('over-two-thirds');
    expect(findPhrase('four – fifths')?.id).toBe('four-fifths');
    expect(findPhrase('a great many')).toBeUndefined();
  });
});

describe('suggestPhrases', () => {
  const ids = (percent: number, base: number) => suggestPhrases(percent, base).map((v) => `${v.phrase}${v.supported ? '' : '?'}`);

  it('53% of 2006: over half, most', () => {
    expect(ids(53, 2006)).toEqual(['over-half', 'most']);
  });

  it('73% of 2006: almost three-quarters and more than two-thirds supported, three-quarters not', () => {
    expect(ids(73, 2006)).toEqual(['almost-three-quarters', 'over-two-thirds', 'three-quarters?']);
  });

  it('31% of 2006: almost a third and over a quarter, then three in ten and a third (not supported)', () => {
    // three-in-ten [27.5, 32.5): 33.06% is above, so not supported; almost a third [28, 33.33) is.
    expect(ids(31, 2006)).toEqual(['almost-a-third', 'over-a-quarter', 'three-in-ten?', 'a-third?']);
  });

  it('97% never suggests a phrase naming a fraction far below it', () => {
    const suggested = ids(97, 1000);
    expect(suggested).toEqual(['almost-all', 'over-nine-in-ten']);
  });

  it('a tiny base supports nothing but the widest phrase', () => {
    // 80% of 12: Wilson [51.73%, 93.72%]: no suggested phrase (fractions within 10 points of 80%) fits it.
    expect(suggestPhrases(80, 12).every((v) => !v.supported)).toBe(true);
  });
});

describe('assessComparison', () => {
  it('97% of professionals vs 75% of the public is supported', () => {
    const verdict = assessComparison({ label: 'professionals', percent: 97, effectiveBase: 1000 }, { label: 'the public', percent: 75, effectiveBase: 2000 });
    expect(verdict.supported).toBe(true);
    expect(verdict.z).toBeCloseTo(14.894, 3);
    expect(verdict.reason).toBe("'more professionals than the public' is supported: 97.0% vs 75.0%, z = 14.89, p < 0.001");
  });

  it('52% vs 50% on bases of 100 is true but not supported', () => {
    const verdict = assessComparison({ label: 'parents', percent: 52, effectiveBase: 100 }, { label: 'professionals', percent: 50, effectiveBase: 100 });
    expect(verdict).toMatchObject({ true: true, supported: false });
    expect(verdict.z).toBeCloseTo(0.2829, 4);
    expect(verdict.pValue).toBeCloseTo(0.7773, 4);
    expect(verdict.reason).toMatch(/not supported at 95% confidence: 52.0% vs 50.0%, z = 0.28, p = 0.777/);
  });

  it('52% vs 50% on bases of 3000 is still not significant (z = 1.55)', () => {
    const verdict = assessComparison({ label: 'a', percent: 52, effectiveBase: 3000 }, { label: 'b', percent: 50, effectiveBase: 3000 });
    expect(verdict.supported).toBe(false);
    expect(verdict.pValue).toBeCloseTo(0.1213, 4);
  });

  it('the wrong way round is not true', () => {
    const verdict = assessComparison({ label: 'the public', percent: 75, effectiveBase: 2000 }, { label: 'professionals', percent: 97, effectiveBase: 1000 });
    expect(verdict).toMatchObject({ true: false, supported: false });
  });

  it('an empty base cannot be tested', () => {
    expect(assessComparison({ label: 'a', percent: 60, effectiveBase: 0 }, { label: 'b', percent: 40, effectiveBase: 100 })).toMatchObject({ supported: false, z: null });
  });
});
