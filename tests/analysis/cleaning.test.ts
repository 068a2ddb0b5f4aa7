import { describe, expect, it } from 'vitest';
import {
  buildColumns,
  durationSeconds,
  durationsOf,
  flagDuplicatePanelIds,
  flagSpeeders,
  flagStraightLiners,
} from '../../server/analysis/index.ts';
import { computeDatasetFlags, flagDataset } from '../../server/cleaning/service.ts';
import type { Dataset, DatasetRow } from '../../server/datasets/service.ts';
import type { Answers } from '../../server/surveys/model.ts';
import { definitionFrom } from '../helpers.ts';
import { CLEANING_SURVEY, sameOnFive, VARIED } from '../cleaning/cleaning-fixture.ts';

const definition = definitionFrom(CLEANING_SURVEY);
const columnsOf = (answers: Answers[]) => buildColumns(definition, answers.map((a) => ({ definition, answers: a })));

describe('durations', () => {
  it('times start to submission and leaves untimeable rows as NaN', () => {
    expect(durationSeconds('2026-03-01T10:00:00.000Z', '2026-03-01T10:05:30.000Z')).toBe(330);
    expect(durationSeconds(null, '2026-03-01T10:05:30.000Z')).toBeNaN();
    // Submitted before started: clocks disagree, so there is no duration rather than a negative one.
    expect(durationSeconds('2026-03-01T11:00:00.000Z', '2026-03-01T10:59:00.000Z')).toBeNaN();
    expect([...durationsOf([{ startedAt: '2026-03-01T10:00:00Z', submittedAt: '2026-03-01T10:00:00Z' }])]).toEqual([0]);
  });
});

describe('flagSpeeders', () => {
  it('uses the middle value of an odd count; exactly a third of the median is not a speeder', () => {
    // Sorted 60, 99, 100, 300, 900, 1000, 1200: median 300 (the 4th of 7), a third is 100.
    const { medianSeconds, speeders } = flagSpeeders(Float64Array.from([300, 100, 99, 900, 60, 1000, 1200]));
    expect(medianSeconds).toBe(300);
    expect([...speeders]).toEqual([0, 0, 1, 0, 1, 0, 0]);
  });

  it('uses the mean of the middle two of an even count, ignoring untimed rows', () => {
    // Timed: 30, 90, 150, 600 -> median (90 + 150) / 2 = 120, a third is 40. NaN rows are never speeders.
    const { medianSeconds, speeders } = flagSpeeders(Float64Array.from([150, NaN, 30, 600, 90, NaN]));
    expect(medianSeconds).toBe(120);
    expect([...speeders]).toEqual([0, 0, 1, 0, 0, 0]);
    // Adding 39.99 and 40 moves the median: 30, 39.99, 40, 90, 150, 600 -> (40 + 90) / 2 = 65, a third 21.67.
    const moved = flagSpeeders(Float64Array.from([150, NaN, 30, 600, 90, NaN, 39.99, 40]));
    expect(moved.medianSeconds).toBe(65);
    expect([...moved.speeders]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('compares a fractional median exactly: 33.5 against a median of 100.5 is a third, not under it', () => {
    // Median of 33.5, 100, 101, 500 is (100 + 101) / 2 = 100.5; a third of it is 33.5.
    const { medianSeconds, speeders } = flagSpeeders(Float64Array.from([33.5, 100, 101, 500, 33.49]));
    expect(medianSeconds).toBe(100);
    expect([...speeders]).toEqual([0, 0, 0, 0, 0]);
    const four = flagSpeeders(Float64Array.from([33.5, 100, 101, 500]));
    expect(four.medianSeconds).toBe(100.5);
    expect([...four.speeders]).toEqual([0, 0, 0, 0]);
    const under = flagSpeeders(Float64Array.from([33.49, 100, 101, 500]));
    expect([...under.speeders]).toEqual([1, 0, 0, 0]);
  });

  it('flags nobody when nothing can be timed, or on an empty dataset', () => {
    expect(flagSpeeders(Float64Array.from([NaN, NaN]))).toEqual({ medianSeconds: null, speeders: new Uint8Array(2) });
    expect(flagSpeeders(new Float64Array(0))).toEqual({ medianSeconds: null, speeders: new Uint8Array(0) });
  });

  it('a single timed row is its own median and not a speeder', () => {
    const { medianSeconds, speeders } = flagSpeeders(Float64Array.from([45]));
    expect(medianSeconds).toBe(45);
    expect([...speeders]).toEqual([0]);
  });
});

describe('flagStraightLiners', () => {
  it('flags the same code on all five statements, "don\'t know" included, and nothing else', () => {
    const flagged = flagStraightLiners(
      columnsOf([
        { ...VARIED, q_five: sameOnFive('4') }, // agree to everything
        { ...VARIED, q_five: sameOnFive('9') }, // don't know to everything
        VARIED, // varied on the five, identical on the four-statement grid
        { ...VARIED, q_five: { ...sameOnFive('4'), s5: '5' } }, // one statement differs
        { ...VARIED, q_five: { ...sameOnFive('4'), s5: '9' } }, // four agrees and a don't know
      ]),
    );
    expect([...flagged]).toEqual([1, 1, 0, 0, 0]);
  });

  it('never flags on a four-statement grid, however identical', () => {
    const flagged = flagStraightLiners(columnsOf([{ q_parent: '1', q_five: {}, q_four: { t1: '9', t2: '9', t3: '9', t4: '9' } }]));
    expect([...flagged]).toEqual([0]);
  });

  it('judges on answered statements only: four identical answers and a blank do not flag', () => {
    const { s5: _, ...fourOfFive } = sameOnFive('2');
    const flagged = flagStraightLiners(columnsOf([{ ...VARIED, q_five: fourOfFive }, { ...VARIED, q_five: {} }]));
    expect([...flagged]).toEqual([0, 0]);
  });

  it('flags on a grid of six when five are answered identically and one is blank', () => {
    const six = definitionFrom({
      ...CLEANING_SURVEY,
      pages: [{ id: 'p', questions: [{ ...CLEANING_SURVEY.pages[0]!.questions[1]!, statements: [...(CLEANING_SURVEY.pages[0]!.questions[1] as { statements: unknown[] }).statements, { id: 's6', text: { en: 'Six.' } }] }] }],
    });
    const columns = buildColumns(six, [
      { definition: six, answers: { q_five: sameOnFive('3') } },
      { definition: six, answers: { q_five: { ...sameOnFive('3'), s6: '3' } } },
      { definition: six, answers: { q_five: { ...sameOnFive('3'), s6: '1' } } },
    ]);
    expect([...flagStraightLiners(columns)]).toEqual([1, 1, 0]);
  });

  it('does not count statements a respondent\'s own (older) version did not ask', () => {
    // Version 1 of this grid had four statements; version 2 adds s5. A v1 respondent answered four.
    const v2 = definitionFrom({ ...CLEANING_SURVEY, version: 2 });
    const grid = CLEANING_SURVEY.pages[0]!.questions[1] as { statements: unknown[] };
    const v1 = definitionFrom({
      ...CLEANING_SURVEY,
      pages: [{ id: 'p_views', questions: [CLEANING_SURVEY.pages[0]!.questions[0]!, { ...grid, statements: grid.statements.slice(0, 4) }] }],
    });
    const columns = buildColumns(v2, [
      { definition: v1, answers: { q_parent: '1', q_five: { s1: '5', s2: '5', s3: '5', s4: '5', s5: '5' } } },
      { definition: v2, answers: { ...VARIED, q_five: sameOnFive('5') } },
    ]);
    expect([...flagStraightLiners(columns)]).toEqual([0, 1]);
  });
});

describe('flagDuplicatePanelIds', () => {
  it('flags every row of a shared id and names the first; blank and unique ids are not flagged', () => {
    const { duplicates, firstRow } = flagDuplicatePanelIds(['A1', null, 'B2', 'A1', '', ' ', 'C3', ' A1 ', 'B2', '']);
    expect([...duplicates]).toEqual([1, 0, 1, 1, 0, 0, 0, 1, 1, 0]);
    expect([...firstRow]).toEqual([0, -1, 2, 0, -1, -1, -1, 0, 2, -1]);
  });

  it('handles no rows', () => {
    expect(flagDuplicatePanelIds([])).toEqual({ duplicates: new Uint8Array(0), firstRow: new Int32Array(0) });
  });
});

describe('flagDataset', () => {
  const row = (i: number, seconds: number | null, panelId: string | null = null): DatasetRow => {
    const submitted = Date.parse('2026-03-01T12:00:00.000Z') + i * 60_000;
    return {
      id: `r${i}`,
      submissionId: `s${i}`,
      version: 1,
      isDemo: false,
      source: 'web',
      language: 'en',
      panelId,
      startedAt: seconds === null ? null : new Date(submitted - seconds * 1000).toISOString(),
      submittedAt: new Date(submitted).toISOString(),
      exclusion: null,
    };
  };

  it('combines the three flags per row in CLEANING_FLAGS order, with durations and first rows', () => {
    const answers: Answers[] = [{ ...VARIED, q_five: sameOnFive('1') }, VARIED, VARIED, VARIED, VARIED];
    const rows = [row(0, 90, 'P1'), row(1, 600), row(2, 300, 'P1'), row(3, null, ''), row(4, 200)];
    const dataset = {
      slug: 'cleaning-test',
      reportedVersion: 1,
      reporting: definition,
      versions: [1],
      definitions: new Map([[1, definition]]),
      rows,
      records: answers.map((a) => ({ definition, answers: a })),
      columns: columnsOf(answers),
    } satisfies Dataset;
    // Timed: 90, 600, 300, 200 -> median (200 + 300) / 2 = 250; a third is 83.3, so 90 is not a speeder.
    expect(flagDataset(dataset)).toEqual({
      medianSeconds: 250,
      flags: [['straight_liner', 'duplicate_panel_id'], [], ['duplicate_panel_id'], [], []],
    });
    rows[0] = row(0, 83, 'P1');
    // Now 83, 200, 300, 600 -> median 250 still; 83 * 3 = 249 < 250, a speeder.
    const details = computeDatasetFlags(dataset);
    expect(details.flags.flags[0]).toEqual(['speeder', 'straight_liner', 'duplicate_panel_id']);
    expect(details.seconds).toEqual([83, 600, 300, null, 200]);
    expect(details.firstOfPanelId).toEqual([0, null, 0, null, null]);
  });
});
