// Proportion phrases of press releases ("over half (53%)", "almost a third (31%)", "four-fifths") and
// whether a survey figure supports them. Pure: percentages and effective bases in, verdicts out. The
// interval and the test come from inference.ts, so a phrase is judged with the very Wilson interval
// and z-test the tables show.
//
// Each phrase means an interval on the TRUE proportion. A phrase is
// - "true" of a figure when the unrounded point estimate lies in that interval, and
// - "supported" (at 95% confidence) when the whole Wilson interval on the effective base lies in it,
//   so sampling error alone could not make it false. For an open-ended phrase such as "over half" that
//   means the interval's lower end is above 50%.
//
// The catalogue (percent of the base; "[" includes the end, "(" leaves it out):
//
// | id                    | wordings (the first is the one suggested)                               | interval        | names |
// | --------------------- | ----------------------------------------------------------------------- | --------------- | ----- |
// | almost-all            | almost all, nearly all, virtually all                                   | [90, 100)       | 100   |
// | over-nine-in-ten      | more than nine in ten, over nine in ten                                 | (90, 100]       | 90    |
// | nine-in-ten           | nine in ten, nine out of ten                                            | [87.5, 92.5)    | 90    |
// | almost-nine-in-ten    | almost nine in ten, nearly nine in ten                                  | [85, 90)        | 90    |
// | over-four-fifths      | more than four-fifths, over four-fifths, more than eight in ten, ...    | (80, 100]       | 80    |
// | four-fifths           | four-fifths, four in five, eight in ten, eight out of ten               | [77.5, 82.5)    | 80    |
// | almost-four-fifths    | almost four-fifths, nearly four-fifths, almost eight in ten, ...        | [75, 80)        | 80    |
// | over-three-quarters   | more than three-quarters, over three-quarters, more than three in four  | (75, 100]       | 75    |
// | three-quarters        | three-quarters, three in four, three out of four                        | [72.5, 77.5)    | 75    |
// | almost-three-quarters | almost three-quarters, nearly three-quarters                            | [70, 75)        | 75    |
// | seven-in-ten          | seven in ten, seven out of ten                                          | [67.5, 72.5)    | 70    |
// | over-two-thirds       | more than two-thirds, over two-thirds, more than two in three           | (66.7, 100]     | 66.7  |
// | two-thirds            | two-thirds, two in three, two out of three                              | [64.2, 69.2)    | 66.7  |
// | almost-two-thirds     | almost two-thirds, nearly two-thirds                                    | [62, 66.7)      | 66.7  |
// | six-in-ten            | six in ten, three in five, six out of ten                               | [57.5, 62.5)    | 60    |
// | over-half             | over half, more than half                                               | (50, 100]       | 50    |
// | most                  | most, a majority, the majority                                          | (50, 100]       | 50    |
// | half                  | half, one in two                                                        | [47.5, 52.5)    | 50    |
// | almost-half           | almost half, nearly half                                                | [45, 50)        | 50    |
// | under-half            | less than half, fewer than half, under half, a minority                 | [0, 50)         | 50    |
// | four-in-ten           | four in ten, two in five, four out of ten                               | [37.5, 42.5)    | 40    |
// | over-a-third          | more than a third, over a third, more than one in three                 | (33.3, 100]     | 33.3  |
// | a-third               | a third, one in three, around a third, about a third, ...               | [30.8, 35.8)    | 33.3  |
// | almost-a-third        | almost a third, nearly a third, almost one in three, ...                | [28, 33.3)      | 33.3  |
// | three-in-ten          | three in ten, three out of ten                                          | [27.5, 32.5)    | 30    |
// | over-a-quarter        | more than a quarter, over a quarter, more than one in four              | (25, 100]       | 25    |
// | a-quarter             | a quarter, one in four, around a quarter, about a quarter               | [22.5, 27.5)    | 25    |
// | almost-a-quarter      | almost a quarter, nearly a quarter, almost one in four                  | [20, 25)        | 25    |
// | one-in-five           | one in five, a fifth, two in ten                                        | [17.5, 22.5)    | 20    |
// | one-in-ten            | one in ten, one out of ten                                              | [7.5, 12.5)     | 10    |
//
// Why these bounds:
// - a fraction said on its own ("a third", "four-fifths", "nine in ten") is read as "about" it: within
//   2.5 points either side, the distance at which a reader would expect the next landmark instead;
// - "almost/nearly X" is just under X: up to 5 points below it (a third allows 28%, as press offices use it);
// - "over/more than X" is anything above X, and "most"/"a majority" anything above half;
// - thirds are exact (33.33...%, 66.66...%); the table shows them to one decimal place.
//
// Suggestions: of the phrases true of a figure, those whose named fraction is within 10 points of it
// (so 97% is never offered as "over a quarter"), supported ones first, then the closest to the figure.

import { twoProportionZ, wilsonInterval, type Interval } from './inference.ts';

/** One phrase: its wordings and the interval of true proportions it asserts (proportions, 0..1). */
export interface ProportionPhrase {
  id: string;
  /** Wordings with the same meaning; the first is the one suggested. Lower case. */
  wordings: readonly string[];
  lower: number;
  lowerInclusive: boolean;
  upper: number;
  upperInclusive: boolean;
  /** The fraction the phrase names, for ranking suggestions. */
  names: number;
}

const THIRD = 1 / 3;
const TWO_THIRDS = 2 / 3;

/** [lower, upper): a phrase about a range. */
const band = (id: string, wordings: string[], lower: number, upper: number, names: number): ProportionPhrase => ({
  id,
  wordings,
  lower,
  lowerInclusive: true,
  upper,
  upperInclusive: false,
  names,
});
/** (lower, 1]: "over X". */
const above = (id: string, wordings: string[], lower: number): ProportionPhrase => ({
  id,
  wordings,
  lower,
  lowerInclusive: false,
  upper: 1,
  upperInclusive: true,
  names: lower,
});
/** About a fraction: 2.5 points either side. */
const about = (id: string, wordings: string[], names: number): ProportionPhrase => band(id, wordings, names - 0.025, names + 0.025, names);

/** Every phrase, in the order of the table above (highest first). */
export const PROPORTION_PHRASES: readonly ProportionPhrase[] = [
  band('almost-all', ['almost all', 'nearly all', 'virtually all'], 0.9, 1, 1),
  above('over-nine-in-ten', ['more than nine in ten', 'over nine in ten', 'more than nine out of ten'], 0.9),
  about('nine-in-ten', ['nine in ten', 'nine out of ten'], 0.9),
  band('almost-nine-in-ten', ['almost nine in ten', 'nearly nine in ten'], 0.85, 0.9, 0.9),
  above('over-four-fifths', ['more than four-fifths', 'over four-fifths', 'more than eight in ten', 'over eight in ten'], 0.8),
  about('four-fifths', ['four-fifths', 'four in five', 'eight in ten', 'eight out of ten', 'four out of five'], 0.8),
  band('almost-four-fifths', ['almost four-fifths', 'nearly four-fifths', 'almost eight in ten', 'nearly eight in ten'], 0.75, 0.8, 0.8),
  above('over-three-quarters', ['more than three-quarters', 'over three-quarters', 'more than three in four'], 0.75),
  about('three-quarters', ['three-quarters', 'three in four', 'three out of four'], 0.75),
  band('almost-three-quarters', ['almost three-quarters', 'nearly three-quarters', 'almost three in four', 'nearly three in four'], 0.7, 0.75, 0.75),
  about('seven-in-ten', ['seven in ten', 'seven out of ten'], 0.7),
  above('over-two-thirds', ['more than two-thirds', 'over two-thirds', 'more than two in three'], TWO_THIRDS),
  about('two-thirds', ['two-thirds', 'two in three', 'two out of three'], TWO_THIRDS),
  band('almost-two-thirds', ['almost two-thirds', 'nearly two-thirds', 'almost two in three', 'nearly two in three'], 0.62, TWO_THIRDS, TWO_THIRDS),
  about('six-in-ten', ['six in ten', 'three in five', 'six out of ten'], 0.6),
  above('over-half', ['over half', 'more than half'], 0.5),
  above('most', ['most', 'a majority', 'the majority'], 0.5),
  about('half', ['half', 'one in two'], 0.5),
  band('almost-half', ['almost half', 'nearly half'], 0.45, 0.5, 0.5),
  band('under-half', ['less than half', 'fewer than half', 'under half', 'a minority'], 0, 0.5, 0.5),
  about('four-in-ten', ['four in ten', 'two in five', 'four out of ten'], 0.4),
  above('over-a-third', ['more than a third', 'over a third', 'more than one in three'], THIRD),
  about('a-third', ['a third', 'one in three', 'around a third', 'about a third', 'roughly a third', 'one out of three'], THIRD),
  band('almost-a-third', ['almost a third', 'nearly a third', 'almost one in three', 'nearly one in three'], 0.28, THIRD, THIRD),
  about('three-in-ten', ['three in ten', 'three out of ten'], 0.3),
  above('over-a-quarter', ['more than a quarter', 'over a quarter', 'more than one in four'], 0.25),
  about('a-quarter', ['a quarter', 'one in four', 'around a quarter', 'about a quarter', 'one out of four'], 0.25),
  band('almost-a-quarter', ['almost a quarter', 'nearly a quarter', 'almost one in four', 'nearly one in four'], 0.2, 0.25, 0.25),
  about('one-in-five', ['one in five', 'a fifth', 'two in ten', 'one out of five'], 0.2),
  about('one-in-ten', ['one in ten', 'one out of ten'], 0.1),
];

/** Suggestions stay within this distance of the fraction a phrase names (proportion). */
const SUGGESTION_REACH = 0.1;

/** A phrase by id or by any of its wordings (case-insensitive); undefined when unknown. */
export function findPhrase(idOrWording: string): ProportionPhrase | undefined {
  // "two thirds", "two – thirds" and "two-thirds" are one wording: fractions are catalogued hyphenated.
  const key = idOrWording
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/ ?[-\u2010\u2011\u2013] ?/g, '-')
    .replace(/\b(two|three|four) (thirds|quarters|fifths)\b/g, '$1-$2');
  return PROPORTION_PHRASES.find((phrase) => phrase.id === key || phrase.wordings.includes(key));
}

const inLower = (phrase: ProportionPhrase, p: number) => (phrase.lowerInclusive ? p >= phrase.lower : p > phrase.lower);
const inUpper = (phrase: ProportionPhrase, p: number) => (phrase.upperInclusive ? p <= phrase.upper : p < phrase.upper);

/** True when proportion p lies in the phrase's interval. */
export function isPhraseTrueOf(phrase: ProportionPhrase, p: number): boolean {
  return inLower(phrase, p) && inUpper(phrase, p);
}

/** A percentage to one decimal place for reasons ("51.0%"); reasons quote the unrounded figure. */
export function formatReasonPercent(proportion: number): string {
  return `${(Math.round(proportion * 1000 + 1e-9) / 10).toFixed(1)}%`;
}

/** The phrase's interval in words, e.g. "more than 50%" or "from 28.0% up to 33.3%". */
export function describePhraseRange(phrase: ProportionPhrase): string {
  if (phrase.upper === 1 && phrase.upperInclusive) return `${phrase.lowerInclusive ? 'at least' : 'more than'} ${formatReasonPercent(phrase.lower)}`;
  if (phrase.lower === 0 && phrase.lowerInclusive) return `less than ${formatReasonPercent(phrase.upper)}`;
  return `from ${formatReasonPercent(phrase.lower)} up to ${phrase.upperInclusive ? 'and including' : 'just under'} ${formatReasonPercent(phrase.upper)}`;
}

/** A phrase judged against one figure. */
export interface PhraseVerdict {
  phrase: string;
  /** The wording judged (the suggested one unless a claim used another). */
  wording: string;
  /** True of the unrounded point estimate. */
  true: boolean;
  /** The whole 95% Wilson interval lies inside the phrase's interval; false when there is no interval. */
  supported: boolean;
  interval: Interval | null;
  reason: string;
}

/** Judges a phrase against a figure: percent 0..100 (unrounded) on an effective base. */
export function assessPhrase(phrase: ProportionPhrase, percent: number, effectiveBase: number, wording: string = phrase.wordings[0]!): PhraseVerdict {
  const p = percent / 100;
  const interval = wilsonInterval(p, effectiveBase);
  const isTrue = isPhraseTrueOf(phrase, p);
  const meaning = `'${wording}' means ${describePhraseRange(phrase)}`;
  if (!isTrue) {
    return { phrase: phrase.id, wording, true: false, supported: false, interval, reason: `'${wording}' is not true of ${formatReasonPercent(p)}: it means ${describePhraseRange(phrase)}` };
  }
  if (!interval) {
    return { phrase: phrase.id, wording, true: true, supported: false, interval, reason: `'${wording}' is true of ${formatReasonPercent(p)} but cannot be tested: the base is empty` };
  }
  const span = `95% interval ${formatReasonPercent(interval.lower)} to ${formatReasonPercent(interval.upper)}`;
  // Both ends must satisfy the phrase; an inclusive end may touch the bound, an exclusive one may not.
  const supported = inLower(phrase, interval.lower) && inUpper(phrase, interval.upper);
  if (supported) return { phrase: phrase.id, wording, true: true, supported: true, interval, reason: `'${wording}' is supported: ${span}` };
  const side = !inLower(phrase, interval.lower) ? `reaches down to ${formatReasonPercent(interval.lower)}` : `reaches up to ${formatReasonPercent(interval.upper)}`;
  return {
    phrase: phrase.id,
    wording,
    true: true,
    supported: false,
    interval,
    reason: `'${wording}' is true of ${formatReasonPercent(p)} but not supported at 95% confidence: the ${span} ${side}, and ${meaning}`,
  };
}

/** The phrases a figure can carry, best first: true of the point estimate, naming a fraction within 10
 * points of it, supported ones first, then the closest. */
export function suggestPhrases(percent: number, effectiveBase: number): PhraseVerdict[] {
  const p = percent / 100;
  return PROPORTION_PHRASES.filter((phrase) => isPhraseTrueOf(phrase, p) && Math.abs(phrase.names - p) <= SUGGESTION_REACH + 1e-12)
    .map((phrase) => ({ phrase, verdict: assessPhrase(phrase, percent, effectiveBase), distance: Math.abs(phrase.names - p) }))
    .sort((a, b) => Number(b.verdict.supported) - Number(a.verdict.supported) || a.distance - b.distance)
    .map(({ verdict }) => verdict);
}

/** One side of a comparison: a group's proportion (percent 0..100, unrounded) on its effective base. */
export interface ComparedGroup {
  label: string;
  percent: number;
  effectiveBase: number;
}

export interface ComparisonVerdict {
  /** The first group's percentage is higher than the second's (point estimates). */
  true: boolean;
  /** Significantly higher: two-proportion z-test on effective bases, two-sided, 95%. */
  supported: boolean;
  z: number | null;
  pValue: number | null;
  reason: string;
}

/** A p-value in words: "p < 0.001" below a thousandth, otherwise to three places. */
export function formatPValue(pValue: number): string {
  return pValue < 0.001 ? 'p < 0.001' : `p = ${pValue.toFixed(3)}`;
}

/** Judges "more <higher.label> than <lower.label>": supported when the z-test is significant at 95% with the right sign. */
export function assessComparison(higher: ComparedGroup, lower: ComparedGroup): ComparisonVerdict {
  const claim = `'more ${higher.label} than ${lower.label}'`;
  const figures = `${formatReasonPercent(higher.percent / 100)} vs ${formatReasonPercent(lower.percent / 100)}`;
  const test = twoProportionZ(higher.percent / 100, higher.effectiveBase, lower.percent / 100, lower.effectiveBase);
  const isTrue = higher.percent > lower.percent;
  if (!test) return { true: isTrue, supported: false, z: null, pValue: null, reason: `${claim} cannot be tested: ${figures}, and a base is empty or both groups are unanimous` };
  const stats = `z = ${test.z.toFixed(2)}, ${formatPValue(test.pValue)}`;
  if (!isTrue) return { true: false, supported: false, z: test.z, pValue: test.pValue, reason: `${claim} is not true: ${figures}` };
  const supported = test.z > 0 && test.pValue < 0.05;
  return {
    true: true,
    supported,
    z: test.z,
    pValue: test.pValue,
    reason: supported ? `${claim} is supported: ${figures}, ${stats}` : `${claim} is not supported at 95% confidence: ${figures}, ${stats}, so the gap could be sampling error`,
  };
}
