import { describe, expect, it } from 'vitest';
import {
  analyseQuestion,
  buildColumns,
  crosstab,
  NOT_ASKED,
  SKIPPED,
  tabulate,
  type Category,
  type Crosstab,
  type CrosstabTable,
  type SurveyColumns,
} from '../../server/analysis/index.ts';
import type { ChoiceColumns, GridColumns, MultipleChoiceColumns } from '../../server/analysis/columns.ts';
import { SCALES } from '../../server/surveys/scales.ts';
import { definitionFrom } from '../helpers.ts';
import { RESULTS_SURVEY_V1 } from '../results/results-fixture.ts';

// Expected figures are worked out by hand or from the published formulas, outside the implementation
// (the decimals were evaluated at 30 digits). With z = 1.959963984540054 (z² = 3.841458820694125):
//   Kish effective base  n_eff = (Σw)² / Σw²
//   Wilson (1927)        centre = (p + z²/2n)/(1 + z²/n), half = z·sqrt(p(1−p)/n + z²/4n²)/(1 + z²/n)
//   margin of error      z·sqrt(p(1−p)/n_eff)
//   two-proportion z     P = (p1·n1 + p2·n2)/(n1 + n2), z = (p1 − p2)/sqrt(P(1−P)(1/n1 + 1/n2)),
//                        two-sided p-value = erfc(|z|/√2), significant when below 0.05.

const label = (en: string) => ({ en });
const AGREE: Category[] = SCALES.agree5.points.map((point) => ({ code: point.code, label: point.label }));
const DK: Category = { code: '9', label: label("Don't know"), dontKnow: true };
const AGREE_NETS = SCALES.agree5.nets;
const [SD, D, N, A, SA, DONT] = [0, 1, 2, 3, 4, 5];

function choice(id: string, categories: Category[], values: number[], type: 'single-choice' | 'likert' = 'single-choice'): ChoiceColumns {
  return { id, text: label(`Question ${id}`), type, categories, nets: type === 'likert' ? AGREE_NETS : [], values: Int32Array.from(values) };
}

/** Rows from [how many, ...one value per column] groups, returned column by column. */
function expand(groups: number[][]): number[][] {
  const width = groups[0]!.length - 1;
  const columns: number[][] = Array.from({ length: width }, () => []);
  for (const [count, ...values] of groups) {
    for (let r = 0; r < count!; r++) values.forEach((value, c) => columns[c]!.push(value));
  }
  return columns;
}

function tableOf(result: Crosstab, questionId: string, statementId?: string): CrosstabTable {
  const found = result.tables.find((t) => t.questionId === questionId && t.statementId === statementId);
  if (!found) throw new Error(`no table for ${questionId} ${statementId ?? ''}`);
  return found;
}

function rowOf(table: CrosstabTable, id: string) {
  const found = table.rows.find((r) => r.id === id);
  if (!found) throw new Error(`no row ${id}`);
  return found;
}

// ---------------------------------------------------------------------------------------------
// Example 1, unweighted: "agree" (agree5, no don't know) by age band.
//             SD  D   N   A   SA   n    top-2 (A+SA)  bottom-2 (SD+D)
//   18-34 (A) 10  20  10  40  20   100  60            30
//   35-54 (B) 15  20  15  30  20   100  50            35
//   55+   (C) 20  25  15  25  15   100  40            45
//   under 18 (D): nobody.
//   age not asked: 20 rows, all "neither" (N): in Total only.
//   Total     45  65  60  95  55   320  150           110

const AGE: Category[] = [
  { code: '1', label: label('18-34') },
  { code: '2', label: label('35-54') },
  { code: '3', label: label('55+') },
  { code: '4', label: label('Under 18') },
];
const [ageValues, agreeValues] = expand([
  [10, 0, SD], [20, 0, D], [10, 0, N], [40, 0, A], [20, 0, SA],
  [15, 1, SD], [20, 1, D], [15, 1, N], [30, 1, A], [20, 1, SA],
  [20, 2, SD], [25, 2, D], [15, 2, N], [25, 2, A], [15, 2, SA],
  [20, NOT_ASKED, N],
]);
const example1: SurveyColumns = {
  rowCount: 320,
  questions: [choice('q_age', AGE, ageValues!), choice('q_agree', AGREE, agreeValues!, 'likert')],
};

describe('crosstab, unweighted', () => {
  const result = crosstab(example1, { breaks: ['q_age'] });
  const agree = tableOf(result, 'q_agree');

  it('lays out Total and one lettered column per answer of the break', () => {
    expect(result.columns.map((c) => [c.key, c.breakId, c.code, c.letter])).toEqual([
      ['total', null, null, null],
      ['q_age:1', 'q_age', '1', 'A'],
      ['q_age:2', 'q_age', '2', 'B'],
      ['q_age:3', 'q_age', '3', 'C'],
      ['q_age:4', 'q_age', '4', 'D'],
    ]);
    expect(result.columns[0]!.label.en).toBe('Total');
    expect(result.columns[1]!.label).toEqual(label('18-34'));
    // The break question gets its own table too (each column is 100% of its own answer).
    const own = tableOf(result, 'q_age');
    expect(own.rows.map((r) => r.cells[2]!.percent)).toEqual([0, 100, 0, 0]);
  });

  it('gives unweighted, weighted and effective bases and base flags', () => {
    // Without weights every weight is 1: weighted base = unweighted base = effective base.
    expect(agree.bases).toEqual([
      { unweighted: 320, weighted: 320, effective: 320, flag: 'ok' },
      { unweighted: 100, weighted: 100, effective: 100, flag: 'ok' },
      { unweighted: 100, weighted: 100, effective: 100, flag: 'ok' },
      { unweighted: 100, weighted: 100, effective: 100, flag: 'ok' },
      { unweighted: 0, weighted: 0, effective: 0, flag: 'empty' },
    ]);
    expect(agree.skipped.map((b) => b.unweighted)).toEqual([0, 0, 0, 0, 0]);
    expect(agree.dontKnowExcluded.map((b) => b.unweighted)).toEqual([0, 0, 0, 0, 0]);
  });

  it('gives counts and column percentages, then the nets from unrounded counts', () => {
    expect(agree.rows.map((r) => [r.kind, r.id])).toEqual([
      ['option', '1'], ['option', '2'], ['option', '3'], ['option', '4'], ['option', '5'], ['net', 'top2'], ['net', 'bottom2'],
    ]);
    // Total: 45/320 = 14.0625%, 65/320 = 20.3125%, 60/320 = 18.75%, 95/320 = 29.6875%, 55/320 = 17.1875%.
    expect(agree.rows.map((r) => r.cells[0]!.count)).toEqual([45, 65, 60, 95, 55, 150, 110]);
    expect(agree.rows.map((r) => r.cells[0]!.unweightedCount)).toEqual([45, 65, 60, 95, 55, 150, 110]);
    const totalPercents = [14.0625, 20.3125, 18.75, 29.6875, 17.1875, 46.875, 34.375];
    agree.rows.forEach((r, k) => expect(r.cells[0]!.percent).toBeCloseTo(totalPercents[k]!, 12));
    // 18-34: 10, 20, 10, 40, 20 of 100; top-2 60, bottom-2 30.
    agree.rows.forEach((r, k) => expect(r.cells[1]!.percent).toBeCloseTo([10, 20, 10, 40, 20, 60, 30][k]!, 12));
    // 55+: top-2 25 + 15 = 40, bottom-2 20 + 25 = 45.
    expect(rowOf(agree, 'top2').cells[3]!.percent).toBeCloseTo(40, 12);
    expect(rowOf(agree, 'bottom2').cells[3]!.percent).toBeCloseTo(45, 12);
    expect(rowOf(agree, 'top2').label).toEqual(SCALES.agree5.nets[0]!.label);
  });

  it('gives Wilson intervals and margins of error on the effective base', () => {
    // Total top-2: p = 150/320 = 0.46875, n = 320.
    //   z²/n = 0.012004558814669, centre = (0.46875 + 0.0060022794073) / 1.012004558814669 = 0.46912069246348
    //   half = z·sqrt(0.46875·0.53125/320 + z²/(4·320²)) / 1.012004558814669 = 0.05435156834210
    //   → [0.414769124121376, 0.523472260805581]; MoE = z·sqrt(0.46875·0.53125/320) = 0.0546755567113846.
    const total = rowOf(agree, 'top2').cells[0]!;
    expect(total.interval!.lower).toBeCloseTo(0.414769124121376, 12);
    expect(total.interval!.upper).toBeCloseTo(0.523472260805581, 12);
    expect(total.marginOfError).toBeCloseTo(0.0546755567113846, 12);
    // 18-34 top-2: p = 0.6, n = 100 → [0.502002586791062, 0.690598713567541]; MoE = z·sqrt(0.24/100) = 0.0960182335271062.
    const young = rowOf(agree, 'top2').cells[1]!;
    expect(young.interval!.lower).toBeCloseTo(0.502002586791062, 12);
    expect(young.interval!.upper).toBeCloseTo(0.690598713567541, 12);
    expect(young.marginOfError).toBeCloseTo(0.0960182335271062, 12);
  });

  it('letters the column that is significantly higher, and only that one', () => {
    // Top-2: A 0.60 vs C 0.40: P = 0.5, SE = sqrt(0.25·0.02) = 0.0707107, z = 2.8284, p = 0.0047 → A beats C.
    //        A 0.60 vs B 0.50: P = 0.55, SE = sqrt(0.2475·0.02) = 0.0703562, z = 1.4213, p = 0.155 → no.
    //        B 0.50 vs C 0.40: z = 1.4213, p = 0.155 → no.
    expect(rowOf(agree, 'top2').cells.map((c) => c.higherThan)).toEqual([[], ['C'], [], [], []]);
    // Bottom-2: C 0.45 vs A 0.30: P = 0.375, z = −2.1909, p = 0.0285 → C beats A.
    //           B 0.35 vs A 0.30: z = 0.7549, p = 0.450; C 0.45 vs B 0.35: z = 1.4434, p = 0.149 → no.
    expect(rowOf(agree, 'bottom2').cells.map((c) => c.higherThan)).toEqual([[], [], [], ['A'], []]);
    // At alpha = 0.01 the top-2 difference (p = 0.0047) stands and the bottom-2 one (p = 0.0285) does not.
    const strict = tableOf(crosstab(example1, { breaks: ['q_age'], alpha: 0.01 }), 'q_agree');
    expect(rowOf(strict, 'top2').cells.map((c) => c.higherThan)).toEqual([[], ['C'], [], [], []]);
    expect(rowOf(strict, 'bottom2').cells.map((c) => c.higherThan)).toEqual([[], [], [], [], []]);
  });

  it('gives a break answer nobody chose an empty column: no percentages, no intervals, no letters', () => {
    for (const row of agree.rows) {
      expect(row.cells[4]).toEqual({ count: 0, unweightedCount: 0, percent: null, interval: null, marginOfError: null, higherThan: [] });
    }
  });

  it('counts respondents not asked the break in Total only', () => {
    // "Neither": 10 + 15 + 15 = 40 in the age columns, 60 in Total (the 20 not asked about age).
    const neither = rowOf(agree, '3');
    expect(neither.cells.map((c) => c.count)).toEqual([60, 10, 15, 15, 0]);
    expect(agree.bases[0]!.unweighted).toBe(agree.bases.slice(1).reduce((sum, b) => sum + b.unweighted, 0) + 20);
  });
});

// ---------------------------------------------------------------------------------------------
// Example 2, weighted: a likert question with "don't know" (code 9) by gender, one optional skip.
//   Men,   weight 2   (6): SA SA A A D D
//   Men,   weight 1   (6): SA A A D SD DK
//   Women, weight 0.5 (10): SA A D D D SD SD SD DK DK
//   Women, weight 1.5 (10): SA SA A A D D D SD SD DK
//   Women, weight 1   (1): skipped
// Men:   SA 2·2+1 = 5, A 2·2+2 = 6, D 2·2+1 = 5, SD 1, DK 1; base 18 (12 people),
//        Σw² = 6·4 + 6·1 = 30, n_eff = 18²/30 = 10.8; top-2 11, bottom-2 6.
// Women: SA 0.5+3 = 3.5, A 0.5+3 = 3.5, D 1.5+4.5 = 6, SD 1.5+3 = 4.5, DK 1+1.5 = 2.5; base 20 (20 people),
//        Σw² = 10·0.25 + 10·2.25 = 25, n_eff = 400/25 = 16; top-2 7, bottom-2 10.5.
// Total: base 38 (32 people), Σw² = 55, n_eff = 1444/55 = 26.254545...; top-2 18, bottom-2 16.5.

const GENDER: Category[] = [
  { code: '1', label: label('Men') },
  { code: '2', label: label('Women') },
];
const [genderValues, viewValues, weightValues] = expand([
  [2, 0, SA, 2], [2, 0, A, 2], [2, 0, D, 2],
  [1, 0, SA, 1], [2, 0, A, 1], [1, 0, D, 1], [1, 0, SD, 1], [1, 0, DONT, 1],
  [1, 1, SA, 0.5], [1, 1, A, 0.5], [3, 1, D, 0.5], [3, 1, SD, 0.5], [2, 1, DONT, 0.5],
  [2, 1, SA, 1.5], [2, 1, A, 1.5], [3, 1, D, 1.5], [2, 1, SD, 1.5], [1, 1, DONT, 1.5],
  [1, 1, SKIPPED, 1],
]);
const example2: SurveyColumns = {
  rowCount: 33,
  questions: [choice('q_gender', GENDER, genderValues!), choice('q_view', [...AGREE, DK], viewValues!, 'likert')],
};
const weights2 = Float64Array.from(weightValues!);

describe('crosstab, weighted', () => {
  const view = tableOf(crosstab(example2, { breaks: ['q_gender'], weights: weights2 }), 'q_view');

  it('gives unweighted, weighted and Kish effective bases, and flags bases under 50 as low', () => {
    expect(view.bases.map((b) => [b.unweighted, b.weighted, b.flag])).toEqual([
      [32, 38, 'low'],
      [12, 18, 'low'],
      [20, 20, 'low'],
    ]);
    expect(view.bases[0]!.effective).toBeCloseTo(1444 / 55, 12);
    expect(view.bases[1]!.effective).toBeCloseTo(10.8, 12);
    expect(view.bases[2]!.effective).toBeCloseTo(16, 12);
    // The skipped woman (weight 1) is outside the base, reported beside it.
    expect(view.skipped).toEqual([
      { unweighted: 1, weighted: 1, sumSquaredWeights: 1 },
      { unweighted: 0, weighted: 0, sumSquaredWeights: 0 },
      { unweighted: 1, weighted: 1, sumSquaredWeights: 1 },
    ]);
  });

  it('gives weighted counts, percentages and nets', () => {
    expect(view.rows.map((r) => r.id)).toEqual(['1', '2', '3', '4', '5', '9', 'top2', 'bottom2']);
    expect(view.rows.map((r) => r.cells[1]!.count)).toEqual([1, 5, 0, 6, 5, 1, 11, 6]);
    expect(view.rows.map((r) => r.cells[1]!.unweightedCount)).toEqual([1, 3, 0, 4, 3, 1, 7, 4]);
    expect(view.rows.map((r) => r.cells[2]!.count)).toEqual([4.5, 6, 0, 3.5, 3.5, 2.5, 7, 10.5]);
    // Men top-2 11/18 = 61.1111%, women 7/20 = 35%, Total 18/38 = 47.368421%; DK stays in the base:
    // women 2.5/20 = 12.5%.
    expect(rowOf(view, 'top2').cells[1]!.percent).toBeCloseTo(61.111111111111, 10);
    expect(rowOf(view, 'top2').cells[2]!.percent).toBeCloseTo(35, 12);
    expect(rowOf(view, 'top2').cells[0]!.percent).toBeCloseTo(47.368421052632, 10);
    expect(rowOf(view, '9').cells[2]!.percent).toBeCloseTo(12.5, 12);
    expect(rowOf(view, 'bottom2').cells[2]!.percent).toBeCloseTo(52.5, 12);
  });

  it('puts Wilson intervals and margins of error on the effective, not the unweighted, base', () => {
    // Men top-2: p = 11/18, n_eff = 10.8 → [0.330557235147463, 0.833360857263373], MoE 0.290742868393493.
    const men = rowOf(view, 'top2').cells[1]!;
    expect(men.interval!.lower).toBeCloseTo(0.330557235147463, 12);
    expect(men.interval!.upper).toBeCloseTo(0.833360857263373, 12);
    expect(men.marginOfError).toBeCloseTo(0.290742868393493, 12);
    // Women top-2: p = 0.35, n_eff = 16 → [0.167170588207485, 0.590911715952846], MoE 0.233710809777264.
    const women = rowOf(view, 'top2').cells[2]!;
    expect(women.interval!.lower).toBeCloseTo(0.167170588207485, 12);
    expect(women.interval!.upper).toBeCloseTo(0.590911715952846, 12);
    expect(women.marginOfError).toBeCloseTo(0.233710809777264, 12);
    // Total top-2: p = 18/38, n_eff = 1444/55 → [0.298625311961841, 0.655461012283035], MoE 0.190991259593622.
    const total = rowOf(view, 'top2').cells[0]!;
    expect(total.interval!.lower).toBeCloseTo(0.298625311961841, 12);
    expect(total.interval!.upper).toBeCloseTo(0.655461012283035, 12);
    expect(total.marginOfError).toBeCloseTo(0.190991259593622, 12);
  });

  it('finds no significant difference on small effective bases', () => {
    // Top-2 men 11/18 on 10.8 vs women 0.35 on 16: P = (6.6 + 5.6)/26.8 = 0.455224, z = 1.3314, p = 0.183.
    expect(rowOf(view, 'top2').cells.map((c) => c.higherThan)).toEqual([[], [], []]);
  });

  it("takes don't know out of the base and its row when asked to, and says how much", () => {
    const excluded = tableOf(crosstab(example2, { breaks: ['q_gender'], weights: weights2, dontKnow: 'exclude' }), 'q_view');
    expect(excluded.rows.map((r) => r.id)).toEqual(['1', '2', '3', '4', '5', 'top2', 'bottom2']);
    // Men lose 1 DK (weight 1): base 17 (11 people), Σw² 29, n_eff 289/29 = 9.9655.
    // Women lose 2 at 0.5 and 1 at 1.5: 2.5 (3 people), Σw² 0.5 + 2.25 = 2.75; base 17.5 (17), Σw² 22.25.
    expect(excluded.dontKnowExcluded).toEqual([
      { unweighted: 4, weighted: 3.5, sumSquaredWeights: 3.75 },
      { unweighted: 1, weighted: 1, sumSquaredWeights: 1 },
      { unweighted: 3, weighted: 2.5, sumSquaredWeights: 2.75 },
    ]);
    expect(excluded.bases.map((b) => [b.unweighted, b.weighted])).toEqual([[28, 34.5], [11, 17], [17, 17.5]]);
    expect(excluded.bases[1]!.effective).toBeCloseTo(289 / 29, 12);
    expect(excluded.bases[2]!.effective).toBeCloseTo(306.25 / 22.25, 12);
    // Men top-2 11/17 = 64.705882%, women 7/17.5 = 40%, Total 18/34.5 = 52.173913%.
    expect(rowOf(excluded, 'top2').cells[1]!.percent).toBeCloseTo(64.705882352941, 10);
    expect(rowOf(excluded, 'top2').cells[2]!.percent).toBeCloseTo(40, 12);
    expect(rowOf(excluded, 'top2').cells[0]!.percent).toBeCloseTo(52.173913043478, 10);
    // Men top-2: p = 11/17 on n_eff 9.9655 → Wilson [0.350773764727150, 0.861512725057527], MoE 0.296702506359599.
    const men = rowOf(excluded, 'top2').cells[1]!;
    expect(men.interval!.lower).toBeCloseTo(0.35077376472715, 12);
    expect(men.interval!.upper).toBeCloseTo(0.861512725057527, 12);
    expect(men.marginOfError).toBeCloseTo(0.296702506359599, 12);
  });
});

// ---------------------------------------------------------------------------------------------
// Example 3: small columns. Yes/No by region: North 8 people all Yes (suppressed), South 15 Yes 15 No
// (30, low), East 30 Yes 30 No (60, ok). Were North tested it would beat South: 1.0 vs 0.5,
// P = 23/38, z = 2.5707, p = 0.0101; a suppressed column takes part in no test.

const REGION: Category[] = [
  { code: 'N', label: label('North') },
  { code: 'S', label: label('South') },
  { code: 'E', label: label('East') },
];
const YES_NO: Category[] = [
  { code: '1', label: label('Yes') },
  { code: '2', label: label('No') },
];
const [regionValues, yesValues] = expand([
  [8, 0, 0],
  [15, 1, 0], [15, 1, 1],
  [30, 2, 0], [30, 2, 1],
]);
const example3: SurveyColumns = {
  rowCount: 98,
  questions: [choice('q_region', REGION, regionValues!), choice('q_yes', YES_NO, yesValues!)],
};

describe('crosstab, small bases', () => {
  const yes = tableOf(crosstab(example3, { breaks: ['q_region'] }), 'q_yes');

  it('suppresses percentages under 10 and flags bases under 50', () => {
    expect(yes.bases.map((b) => [b.unweighted, b.flag])).toEqual([[98, 'ok'], [8, 'suppressed'], [30, 'low'], [60, 'ok']]);
    const north = rowOf(yes, '1').cells[1]!;
    // The counts stay (they are not percentages); the percentage and everything built on it go.
    expect(north).toEqual({ count: 8, unweightedCount: 8, percent: null, interval: null, marginOfError: null, higherThan: [] });
    expect(rowOf(yes, '1').cells[2]!.percent).toBe(50);
    expect(rowOf(yes, '1').cells[0]!.percent).toBeCloseTo((53 / 98) * 100, 12);
  });

  it('leaves a suppressed column out of every test', () => {
    // South and East are both 50%: z = 0, nobody wins; North (A) is untested.
    expect(yes.rows.flatMap((r) => r.cells.flatMap((c) => c.higherThan))).toEqual([]);
  });

  it('tabulates only the rows a filter mask keeps', () => {
    // Drop North and 10 of East's No: North is then empty, East 30 Yes of 50 = 60% (ok),
    // South still 15 of 30; Total 45 of 80 = 56.25%. South 0.5 vs East 0.6: z = −0.8729, p = 0.383.
    const mask = new Uint8Array(98).fill(1);
    mask.fill(0, 0, 8);
    mask.fill(0, 98 - 10, 98);
    const filtered = tableOf(crosstab(example3, { breaks: ['q_region'], mask }), 'q_yes');
    expect(filtered.bases.map((b) => [b.unweighted, b.flag])).toEqual([[80, 'ok'], [0, 'empty'], [30, 'low'], [50, 'ok']]);
    expect(rowOf(filtered, '1').cells.map((c) => c.percent)).toEqual([56.25, null, 50, 60]);
    expect(filtered.rows.flatMap((r) => r.cells.flatMap((c) => c.higherThan))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Example 4: multiple choice "Where do you get advice?" (family, NHS, online, "Don’t know") by gender.
//   Men:   4 family+NHS, 3 NHS, 2 online, 1 don't know; 2 skipped; 1 not asked → base 10.
//   Women: 6 family, 3 family+online, 3 don't know → base 12.

function multipleChoice(id: string, categories: Category[], rows: (number[] | typeof NOT_ASKED | typeof SKIPPED)[]): MultipleChoiceColumns {
  const selected = categories.map((_, k) =>
    Int32Array.from(rows.map((row) => (typeof row === 'number' ? row : row.includes(k) ? 1 : 0))),
  );
  return { id, text: label(`Question ${id}`), type: 'multiple-choice', categories, selected };
}

const SOURCES: Category[] = [
  { code: 'family', label: label('Family') },
  { code: 'nhs', label: label('NHS') },
  { code: 'online', label: label('Online') },
  { code: 'dk', label: label('Don’t know'), dontKnow: true },
];
const sourceRows: { gender: number; ticks: number[] | typeof NOT_ASKED | typeof SKIPPED }[] = [
  ...Array.from({ length: 4 }, () => ({ gender: 0, ticks: [0, 1] })),
  ...Array.from({ length: 3 }, () => ({ gender: 0, ticks: [1] })),
  ...Array.from({ length: 2 }, () => ({ gender: 0, ticks: [2] })),
  { gender: 0, ticks: [3] },
  { gender: 0, ticks: SKIPPED },
  { gender: 0, ticks: SKIPPED },
  { gender: 0, ticks: NOT_ASKED },
  ...Array.from({ length: 6 }, () => ({ gender: 1, ticks: [0] })),
  ...Array.from({ length: 3 }, () => ({ gender: 1, ticks: [0, 2] })),
  ...Array.from({ length: 3 }, () => ({ gender: 1, ticks: [3] })),
];
const example4: SurveyColumns = {
  rowCount: sourceRows.length,
  questions: [
    choice('q_gender', GENDER, sourceRows.map((r) => r.gender)),
    multipleChoice('q_sources', SOURCES, sourceRows.map((r) => r.ticks)),
  ],
};

describe('crosstab, multiple choice', () => {
  it('puts each option over everyone who answered the question', () => {
    const sources = tableOf(crosstab(example4, { breaks: ['q_gender'] }), 'q_sources');
    expect(sources.type).toBe('multiple-choice');
    expect(sources.bases.map((b) => [b.unweighted, b.flag])).toEqual([[22, 'low'], [10, 'low'], [12, 'low']]);
    expect(sources.skipped.map((b) => b.unweighted)).toEqual([2, 2, 0]);
    // Men: family 4/10, NHS 7/10, online 2/10, DK 1/10; women: family 9/12, NHS 0, online 3/12, DK 3/12.
    // Options overlap, so the column adds up to more than 100%.
    expect(sources.rows.map((r) => [r.id, ...r.cells.map((c) => c.count)])).toEqual([
      ['family', 13, 4, 9], ['nhs', 7, 7, 0], ['online', 5, 2, 3], ['dk', 4, 1, 3],
    ]);
    expect(rowOf(sources, 'nhs').cells.map((c) => c.percent)).toEqual([(7 / 22) * 100, 70, 0]);
    expect(rowOf(sources, 'family').cells[2]!.percent).toBe(75);
    // Men NHS: p = 0.7 on 10 → Wilson [0.396778147461145, 0.892208732593699], MoE 0.284025765089325.
    const menNhs = rowOf(sources, 'nhs').cells[1]!;
    expect(menNhs.interval!.lower).toBeCloseTo(0.396778147461145, 12);
    expect(menNhs.interval!.upper).toBeCloseTo(0.892208732593699, 12);
    expect(menNhs.marginOfError).toBeCloseTo(0.284025765089325, 12);
    // NHS: men 0.7 on 10 vs women 0 on 12: P = 7/22, z = 3.5100, p = 0.00045 → men (A) beat women (B).
    // Family: women 0.75 vs men 0.4: P = 13/22, z = 1.6626, p = 0.096 → no letter.
    expect(rowOf(sources, 'nhs').cells.map((c) => c.higherThan)).toEqual([[], ['B'], []]);
    expect(rowOf(sources, 'family').cells.map((c) => c.higherThan)).toEqual([[], [], []]);
  });

  it("takes respondents who ticked don't know out of the base when asked to", () => {
    const sources = tableOf(crosstab(example4, { breaks: ['q_gender'], dontKnow: 'exclude' }), 'q_sources');
    expect(sources.rows.map((r) => r.id)).toEqual(['family', 'nhs', 'online']);
    expect(sources.bases.map((b) => b.unweighted)).toEqual([18, 9, 9]);
    expect(sources.dontKnowExcluded.map((b) => b.unweighted)).toEqual([4, 1, 3]);
    // Total: family 13 of 18 = 72.2222%, online 5 of 18. Women: family 9 of 9, but taking don't know
    // out leaves a base of 9, under 10, so the column is suppressed (and so is men's).
    expect(rowOf(sources, 'family').cells[0]!.percent).toBeCloseTo(72.222222222222, 10);
    expect(rowOf(sources, 'online').cells[0]!.percent).toBeCloseTo(100 * 5 / 18, 12);
    expect(sources.bases.map((b) => b.flag)).toEqual(['low', 'suppressed', 'suppressed']);
    expect(rowOf(sources, 'family').cells[2]).toMatchObject({ count: 9, percent: null });
  });

  it('agrees with analyseQuestion on the Total column', () => {
    const sources = tableOf(crosstab(example4, { breaks: [] }), 'q_sources');
    const single = analyseQuestion(example4.questions[1]!);
    if (single.type !== 'multiple-choice') throw new Error('expected multiple choice');
    expect(sources.bases[0]!.weighted).toBe(single.base.weighted);
    expect(sources.rows.map((r) => r.cells[0]!.percent)).toEqual(single.options.map((o) => o.percent));
  });
});

// ---------------------------------------------------------------------------------------------
// Example 5: a likert grid with don't know, two statements, no breaks (Total only).
//   s_cry:       4 SA, 4 A, 2 D, 2 DK                        → base 12, top-2 8/12, DK 2/12
//   s_affection: 6 SD, 3 N, 2 not asked (older version), 1 skipped → base 9, bottom-2 6/9

describe('crosstab, likert grid', () => {
  const cryValues = [SA, SA, SA, SA, A, A, A, A, D, D, DONT, DONT];
  const affectionValues = [SD, SD, SD, SD, SD, SD, N, N, N, NOT_ASKED, NOT_ASKED, SKIPPED];
  const grid: GridColumns = {
    id: 'q_advice',
    text: label('How far do you agree?'),
    type: 'likert-grid',
    categories: [...AGREE, DK],
    nets: AGREE_NETS,
    statements: [
      { id: 's_cry', text: label("'Cry it out' is outdated"), values: Int32Array.from(cryValues) },
      { id: 's_affection', text: label('I limit physical affection'), values: Int32Array.from(affectionValues) },
    ],
    answered: new Int32Array(12),
  };
  const example5: SurveyColumns = { rowCount: 12, questions: [grid] };

  it('gives one table per statement', () => {
    const result = crosstab(example5, { breaks: [] });
    expect(result.columns.map((c) => c.key)).toEqual(['total']);
    expect(result.tables.map((t) => [t.questionId, t.statementId, t.type])).toEqual([
      ['q_advice', 's_cry', 'likert-grid'],
      ['q_advice', 's_affection', 'likert-grid'],
    ]);
    const cryTable = tableOf(result, 'q_advice', 's_cry');
    expect(cryTable.statementText).toEqual(label("'Cry it out' is outdated"));
    expect(cryTable.bases[0]!.unweighted).toBe(12);
    // top-2 8/12 = 66.67%: Wilson on n = 12 → [0.390622088872800, 0.861879908908787], MoE 0.266717315353073.
    const top2 = rowOf(cryTable, 'top2').cells[0]!;
    expect(top2.percent).toBeCloseTo(200 / 3, 12);
    expect(top2.interval!.lower).toBeCloseTo(0.3906220888728, 12);
    expect(top2.interval!.upper).toBeCloseTo(0.861879908908787, 12);
    expect(top2.marginOfError).toBeCloseTo(0.266717315353073, 12);
    expect(rowOf(cryTable, '9').cells[0]!.percent).toBeCloseTo(100 / 6, 12);
    const affectionTable = tableOf(result, 'q_advice', 's_affection');
    expect(affectionTable.bases[0]).toEqual({ unweighted: 9, weighted: 9, effective: 9, flag: 'suppressed' });
    expect(affectionTable.skipped[0]!.unweighted).toBe(1);
    // Base 9 < 10: counts only.
    expect(rowOf(affectionTable, 'bottom2').cells[0]!.count).toBe(6);
    expect(rowOf(affectionTable, 'bottom2').cells[0]!.percent).toBeNull();
  });

  it("drops a statement's don't know when asked to", () => {
    const cryTable = tableOf(crosstab(example5, { breaks: [], dontKnow: 'exclude' }), 'q_advice', 's_cry');
    // 8 of the 10 who gave a view = 80%.
    expect(cryTable.bases[0]!.unweighted).toBe(10);
    expect(cryTable.dontKnowExcluded[0]!.unweighted).toBe(2);
    expect(rowOf(cryTable, 'top2').cells[0]!.percent).toBe(80);
    expect(cryTable.rows.some((r) => r.id === '9')).toBe(false);
  });
});

describe('crosstab, bad input', () => {
  it('names an unknown break, or a break that is not single-choice or likert', () => {
    expect(() => crosstab(example1, { breaks: ['q_nope'] })).toThrow(RangeError);
    expect(() => crosstab(example1, { breaks: ['q_nope'] })).toThrow(/q_nope/);
    expect(() => crosstab(example4, { breaks: ['q_sources'] })).toThrow(/q_sources.*multiple-choice/);
    expect(() => crosstab(example1, { breaks: ['q_age', 'q_age'] })).toThrow(/q_age/);
  });

  it('rejects weights or a mask of the wrong length, and a bad alpha', () => {
    expect(() => crosstab(example1, { breaks: [], weights: new Float64Array(3) })).toThrow(RangeError);
    expect(() => crosstab(example1, { breaks: [], mask: new Uint8Array(3) })).toThrow(RangeError);
    expect(() => crosstab(example1, { breaks: [], alpha: 5 })).toThrow(/alpha/);
  });
});

// ---------------------------------------------------------------------------------------------
// The one-pass accumulator against the plain definition: every column tabulated separately with
// tabulate() and a mask. Four breaks of 12, 12, 12 and 3 answers have 13³·4 combinations, more than
// one accumulator holds, so this also covers the breaks being split across several groups of cells.

describe('crosstab against tabulate() per column', () => {
  let seed = 7;
  const random = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const rows = 2000;
  const draw = (k: number) =>
    Int32Array.from({ length: rows }, () => {
      const u = random();
      return u < 0.05 ? NOT_ASKED : u < 0.08 ? SKIPPED : Math.floor(random() * k);
    });
  const cats = (k: number) => Array.from({ length: k }, (_, i): Category => ({ code: String(i + 1), label: label(`c${i + 1}`) }));
  const breaks: ChoiceColumns[] = ['b1', 'b2', 'b3', 'b4'].map((id, b) => ({
    id, text: label(id), type: 'single-choice', categories: cats(b < 3 ? 12 : 3), nets: [], values: draw(b < 3 ? 12 : 3),
  }));
  const likert = choice('q_likert', [...AGREE, DK], [...draw(6)], 'likert');
  const columns: SurveyColumns = { rowCount: rows, questions: [...breaks, likert] };
  const weights = Float64Array.from({ length: rows }, () => 0.2 + 2 * random());
  const mask = Uint8Array.from({ length: rows }, () => (random() < 0.9 ? 1 : 0));

  it('gives the same bases and counts in every column, including AA.. letters past Z', () => {
    for (const dontKnow of ['include', 'exclude'] as const) {
      const result = crosstab(columns, { breaks: ['b1', 'b2', 'b3', 'b4'], weights, mask, dontKnow });
      expect(result.columns).toHaveLength(1 + 12 * 3 + 3);
      expect(result.columns[27]!.letter).toBe('AA');
      const table = tableOf(result, 'q_likert');
      result.columns.forEach((column, c) => {
        const columnMask = Uint8Array.from(mask, (keep, i) => {
          if (!keep) return 0;
          if (column.breakId === null) return 1;
          const question = breaks.find((b) => b.id === column.breakId)!;
          return question.values[i] === Number(column.code) - 1 ? 1 : 0;
        });
        // 'exclude' is tabulating with don't know (index 5) turned into a non-answer.
        const values = dontKnow === 'exclude' ? likert.values.map((v) => (v === 5 ? NOT_ASKED : v)) : likert.values;
        const expected = tabulate(values, 6, { weights, mask: columnMask });
        expect(table.bases[c]!.unweighted).toBe(expected.base.unweighted);
        expect(table.bases[c]!.weighted).toBeCloseTo(expected.base.weighted, 9);
        expect(table.skipped[c]!.weighted).toBeCloseTo(expected.skipped.weighted, 9);
        table.rows
          .filter((r) => r.kind === 'option')
          .forEach((r) => {
            const k = Number(r.id === '9' ? 6 : r.id) - 1;
            expect(r.cells[c]!.count).toBeCloseTo(expected.counts[k]!, 9);
            expect(r.cells[c]!.unweightedCount).toBe(expected.unweightedCounts[k]);
          });
      });
    }
  });
});

describe("buildColumns marks don't know", () => {
  it("marks the scale's don't know and a choice option labelled \"Don't know\" with any apostrophe", () => {
    const document = structuredClone(RESULTS_SURVEY_V1) as typeof RESULTS_SURVEY_V1;
    const parent = document.pages[1]!.questions[0] as { options: { code: string; label: { en: string } }[] };
    parent.options.push({ code: '8', label: { en: 'Don’t know / not sure' } }, { code: '7', label: { en: 'Donkey' } });
    const definition = definitionFrom(document);
    const columns = buildColumns(definition, []);
    const categoriesOf = (id: string) => {
      const question = columns.questions.find((q) => q.id === id);
      if (!question || !('categories' in question)) throw new Error(`no categories for ${id}`);
      return question.categories.map((c) => [c.code, c.dontKnow === true]);
    };
    expect(categoriesOf('q_parent')).toEqual([['1', false], ['2', false], ['8', true], ['7', false]]);
    expect(categoriesOf('q_support')).toEqual([['1', false], ['2', false], ['3', false], ['4', false], ['5', false], ['9', true]]);
  });
});
