import { describe, expect, it } from 'vitest';
import { calendarDateIn, completionSeconds, countOnDays, countPerDay, medianOf, tallyDropOff } from '../../server/analysis/index.ts';

describe('medianOf', () => {
  it('takes the middle value of an odd count and the mean of the middle two of an even count', () => {
    expect(medianOf([300, 60, 120])).toBe(120);
    expect(medianOf([300, 60, 120, 90])).toBe(105);
    expect(medianOf([])).toBeNull();
  });
});

describe('completionSeconds', () => {
  it('times each pair and counts those without a usable start as untimed', () => {
    const timed = completionSeconds([
      { startedAt: '2026-03-01T10:00:00.000Z', submittedAt: '2026-03-01T10:05:30.000Z' },
      { startedAt: null, submittedAt: '2026-03-01T10:05:30.000Z' },
      { startedAt: '2026-03-01T11:00:00.000Z', submittedAt: '2026-03-01T10:59:00.000Z' },
    ]);
    expect(timed).toEqual({ seconds: [330], untimed: 2 });
  });
});

describe('calendarDateIn and countPerDay', () => {
  it('counts by the UK date: 23:30 UTC in summer is already the next day in London', () => {
    expect(calendarDateIn('2026-06-01T23:30:00.000Z')).toBe('2026-06-02');
    // In winter London is on UTC.
    expect(calendarDateIn('2026-01-10T23:30:00.000Z')).toBe('2026-01-10');
    expect(calendarDateIn('2026-06-01T23:30:00.000Z', 'UTC')).toBe('2026-06-01');
  });

  it('fills empty days between the first and the last, across a month end', () => {
    const days = countPerDay([
      '2026-05-31T09:00:00.000Z',
      '2026-06-02T22:59:59.000Z', // 23:59:59 BST on 2 June
      '2026-06-02T23:00:00.000Z', // 00:00 BST on 3 June
      '2026-05-31T10:00:00.000Z',
    ]);
    expect(days).toEqual([
      { date: '2026-05-31', count: 2 },
      { date: '2026-06-01', count: 0 },
      { date: '2026-06-02', count: 1 },
      { date: '2026-06-03', count: 1 },
    ]);
    expect(countPerDay([])).toEqual([]);
  });

  it('steps over the clocks going back without repeating or skipping a day', () => {
    const days = countPerDay(['2026-10-24T12:00:00.000Z', '2026-10-26T12:00:00.000Z']);
    expect(days.map((d) => d.date)).toEqual(['2026-10-24', '2026-10-25', '2026-10-26']);
  });

  it('counts a second series on the days of the first, ignoring other days', () => {
    const days = countOnDays(['2026-06-01T12:00:00.000Z', '2026-06-01T23:30:00.000Z', '2026-07-01T12:00:00.000Z'], ['2026-06-01', '2026-06-02']);
    expect(days).toEqual([
      { date: '2026-06-01', count: 1 },
      { date: '2026-06-02', count: 1 },
    ]);
  });

  it('refuses something that is not a timestamp', () => {
    expect(() => countPerDay(['yesterday'])).toThrow(RangeError);
  });
});

describe('tallyDropOff', () => {
  it('lists not-started first, then pages in order with zero rows kept, then unknown pages', () => {
    const { total, rows } = tallyDropOff(['p2', null, 'p2', 'old', 'p1'], ['p1', 'p2', 'p3']);
    expect(total).toBe(5);
    expect(rows).toEqual([
      { pageId: null, count: 1, percent: 20 },
      { pageId: 'p1', count: 1, percent: 20 },
      { pageId: 'p2', count: 2, percent: 40 },
      { pageId: 'p3', count: 0, percent: 0 },
      { pageId: 'old', count: 1, percent: 20 },
    ]);
  });

  it('has no shares when there are no partials', () => {
    expect(tallyDropOff([], ['p1']).rows).toEqual([
      { pageId: null, count: 0, percent: null },
      { pageId: 'p1', count: 0, percent: null },
    ]);
  });
});
