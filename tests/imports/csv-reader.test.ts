import { describe, expect, it } from 'vitest';
import { parseTimestamp, readResponsesCsv } from '../../server/imports/csv-reader.ts';
import { payloadHashOf } from '../../server/responses/service.ts';
import { allQuestionTypes } from '../fixtures/all-question-types.ts';
import { bytesOf, csvOf, START_FOR_LIFE_DEFINITION, startForLifeCsv } from './delivered-csv.ts';
import { fixture } from './support.ts';

// The pure part of importing: timestamps, line numbers, the stored hash, and reading a file that
// arrives in pieces. Whole imports through HTTP are in import-page.test.ts.

const importedAt = '2026-01-01T00:00:00.000Z';

describe('completion timestamps', () => {
  it('takes ISO 8601 with a time zone and stores UTC', () => {
    expect(parseTimestamp('2024-02-23T14:05:00Z')).toBe('2024-02-23T14:05:00.000Z');
    expect(parseTimestamp('2024-02-23T14:05:00.000Z')).toBe('2024-02-23T14:05:00.000Z');
    expect(parseTimestamp('2024-02-23 14:05Z')).toBe('2024-02-23T14:05:00.000Z');
    expect(parseTimestamp('2024-06-23T14:05:00+01:00')).toBe('2024-06-23T13:05:00.000Z');
    expect(parseTimestamp('2024-06-23T14:05:00+0100')).toBe('2024-06-23T13:05:00.000Z');
    expect(parseTimestamp('2024-02-29T23:59:59.250-05:00')).toBe('2024-03-01T04:59:59.250Z');
  });

  it('refuses times without a zone, dates alone and impossible dates', () => {
    for (const text of ['2024-02-23T14:05:00', '2024-02-23', '2023-02-29T10:00:00Z', '2023-02-29T10:00:00.000Z', '2024-04-31T10:00:00Z', '2024-02-23T14:65:00.000Z', '2024-02-23T24:00:00Z', '2024-13-01T10:00:00Z', '23/02/2024 14:05']) {
      expect(parseTimestamp(text), text).toBeUndefined();
    }
  });
});

describe('reading a delivered file', () => {
  it('stores the same payload hash as a web or API submission of the same answers', async () => {
    const start = await readResponsesCsv(bytesOf(startForLifeCsv(300)), START_FOR_LIFE_DEFINITION, { importedAt });
    const all = await readResponsesCsv(bytesOf(fixture('all-types-valid.csv')), allQuestionTypes, { importedAt });
    expect(start.problems.count + all.problems.count).toBe(0);
    const rows = [...start.prepared.map((row) => [START_FOR_LIFE_DEFINITION, row] as const), ...all.prepared.map((row) => [allQuestionTypes, row] as const)];
    expect(rows).toHaveLength(304);
    for (const [definition, row] of rows) {
      expect(row.payloadHash).toBe(payloadHashOf(definition.slug, { version: definition.version, answers: JSON.parse(row.answersJson) }));
    }
  });

  it('numbers rows from the first respondent and lines from the header, across multi-line cells and blank lines', async () => {
    const text = 'q_role,q_topics,q_critical,q_grid.s_one,q_grid.s_two,q_years,q_key_stage,q_comments\n' +
      'eyw,1,5,4,4,3,,"two\nlines"\n' + // row 1, lines 2-3
      '\n' + // line 4: skipped
      'eyw,1,8,4,4,3,,\n' + // row 2, line 5: unknown code
      ',,,,,,,\n' + // row 3, line 6: every cell empty, skipped with a warning
      'eyw,1,5,4,4,x,,"and\nmore\nlines"\n' + // row 4, lines 7-9: bad number
      'eyw,1,5,4,4,3,,ok\n'; // row 5, line 10
    const read = await readResponsesCsv(bytesOf(text), allQuestionTypes, { importedAt });
    expect(read.problems.listed).toEqual([
      { row: 2, line: 5, column: 'q_critical', message: 'unknown code "8" (the codes are 1, 2, 3, 4, 5, 9)' },
      { row: 4, line: 7, column: 'q_years', message: 'bad number "x"' },
    ]);
    expect(read.rowCount).toBe(5);
    expect(read.emptyRows).toBe(1);
    expect(read.warnings).toContain('1 row with every cell empty was skipped.');
    expect(read.prepared.map((row) => [row.row, row.line])).toEqual([
      [1, 2],
      [5, 10],
    ]);
  });

  it('reads a file that arrives in small pieces, split inside characters and rows', async () => {
    const bytes = new TextEncoder().encode(csvOf(['q_role', 'q_topics', 'q_critical', 'q_grid.s_one', 'q_grid.s_two', 'q_years', 'q_key_stage', 'q_comments'], ['teacher', '2', '5', '4', '4', '3', 'ks1', 'Diolch – café ☕']));
    async function* inPieces() {
      for (let i = 0; i < bytes.length; i += 3) yield bytes.slice(i, i + 3);
    }
    const read = await readResponsesCsv(inPieces(), allQuestionTypes, { importedAt });
    expect(read.problems.listed).toEqual([]);
    expect(JSON.parse(read.prepared[0]!.answersJson).q_comments).toBe('Diolch – café ☕');
  });
});
