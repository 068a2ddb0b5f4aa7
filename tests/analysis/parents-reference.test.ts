import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { ChoiceColumns } from '../../server/analysis/columns.ts';
import { buildColumns, crosstab, rake, summariseWeights, type CrosstabTable } from '../../server/analysis/index.ts';
import type { Answers } from '../../server/surveys/model.ts';
import { definitionFrom, EXAMPLE_SURVEYS_DIR } from '../helpers.ts';

// The analysis module against an independent statistics package: the 2,006-parent poll
// (tests/fixtures/parents-2006) raked to gender, age band and region targets and crosstabbed by gender,
// compared with what R's survey package and the published formulas give (reference.R wrote
// reference.json). Agreement is required to 6 decimal places on every figure. This test goes
// straight to the pure functions; tests/analysis-journey checks the same figures through import, the
// API, the crosstab page and the CSV export.

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'parents-2006');

interface ReferenceCell {
  count: number;
  percent: number | null;
  lower: number | null;
  upper: number | null;
  moe: number | null;
  higherThan: string[];
}
interface Reference {
  summary: { n: number; effectiveSampleSize: number; designEffect: number; efficiency: number; min: number; max: number };
  weights: Record<string, number>;
  tables: {
    table: string;
    columns: { key: string; unweighted: number; weighted: number; effective: number }[];
    rows: { kind: 'option' | 'net'; id: string; cells: ReferenceCell[] }[];
  }[];
}
interface Scheme {
  variables: { question: string; targets: Record<string, number> }[];
}

const reference = JSON.parse(readFileSync(join(FIXTURE, 'reference.json'), 'utf8')) as Reference;
const scheme = JSON.parse(readFileSync(join(FIXTURE, 'scheme.json'), 'utf8')) as Scheme;
const definition = definitionFrom(JSON.parse(readFileSync(join(EXAMPLE_SURVEYS_DIR, 'start-for-life-parents.v1.json'), 'utf8')));
const csvRows = parse(readFileSync(join(FIXTURE, 'parents-2006.csv')), { columns: true }) as Record<string, string>[];

/** The answers of one CSV row in the shape the web form stores. */
function answersOf(row: Record<string, string>): Answers {
  const answers: Answers = {};
  const grid: Record<string, string> = {};
  for (const [column, value] of Object.entries(row)) {
    if (value === '' || column === 'respondent_id' || column === 'duration_seconds') continue;
    if (column.startsWith('q_advice_outdated.')) grid[column.slice('q_advice_outdated.'.length)] = value;
    else if (column === 'q_children_under2') answers[column] = Number(value);
    else answers[column] = value;
  }
  answers.q_advice_outdated = grid;
  return answers;
}

const columns = buildColumns(definition, csvRows.map((row) => ({ definition, answers: answersOf(row) })));

/** Rakes to the scheme: each variable's category index mapped to the index of its code's target. */
function rakeToScheme() {
  return rake(
    scheme.variables.map(({ question, targets }) => {
      const column = columns.questions.find((q) => q.id === question) as ChoiceColumns;
      const codes = Object.keys(targets);
      const targetIndex = column.categories.map((category) => codes.indexOf(category.code));
      return { name: question, values: column.values.map((k) => (k >= 0 ? targetIndex[k]! : -1)), targets: Object.values(targets) };
    }),
    { missing: 'keep' },
  );
}

function tableFor(tables: CrosstabTable[], key: string): CrosstabTable {
  const [questionId, statementId] = key.split('.');
  const table = tables.find((t) => t.questionId === questionId && t.statementId === statementId);
  if (!table) throw new Error(`no table for ${key}`);
  return table;
}

describe('the 2,006-parent poll against R survey (reference.json)', () => {
  const raking = rakeToScheme();

  it('rakes to the same weights, respondent by respondent, and the same Kish summary', () => {
    expect(raking.converged).toBe(true);
    expect(raking.weights.length).toBe(2006);
    csvRows.forEach((row, i) => expect(raking.weights[i]).toBeCloseTo(reference.weights[row.respondent_id!]!, 6));
    const summary = summariseWeights(raking.weights);
    expect(summary.effectiveSampleSize).toBeCloseTo(reference.summary.effectiveSampleSize, 6);
    expect(summary.designEffect).toBeCloseTo(reference.summary.designEffect, 6);
    expect(summary.efficiency).toBeCloseTo(reference.summary.efficiency, 6);
    expect(summary.min).toBeCloseTo(reference.summary.min, 6);
    expect(summary.max).toBeCloseTo(reference.summary.max, 6);
  });

  it('gives the same weighted crosstab by gender: bases, percentages, nets, intervals, margins and letters', () => {
    const result = crosstab(columns, { weights: raking.weights, breaks: ['q_gender'] });
    expect(result.columns.map((c) => c.key)).toEqual(['total', 'q_gender:1', 'q_gender:2', 'q_gender:3', 'q_gender:4']);
    let compared = 0;
    for (const expected of reference.tables) {
      const table = tableFor(result.tables, expected.table);
      expected.columns.forEach((column, k) => {
        expect(table.bases[k]!.unweighted, `${expected.table} ${column.key} unweighted base`).toBe(column.unweighted);
        expect(table.bases[k]!.weighted).toBeCloseTo(column.weighted, 6);
        expect(table.bases[k]!.effective).toBeCloseTo(column.effective, 6);
      });
      // Nobody in the sample answered "in another way" or "prefer not to say": empty columns.
      expect(table.bases[3]!.flag).toBe('empty');
      expect(table.bases[4]!.flag).toBe('empty');
      for (const row of expected.rows) {
        const actual = table.rows.find((r) => r.kind === row.kind && r.id === row.id);
        expect(actual, `${expected.table} ${row.kind} ${row.id}`).toBeDefined();
        row.cells.forEach((cell, k) => {
          const got = actual!.cells[k]!;
          const where = `${expected.table} ${row.id} column ${expected.columns[k]!.key}`;
          expect(got.count, where).toBeCloseTo(cell.count, 6);
          expect(got.higherThan, where).toEqual(cell.higherThan);
          if (cell.percent === null) {
            expect(got.percent, where).toBeNull();
            return;
          }
          expect(got.percent, where).toBeCloseTo(cell.percent, 6);
          expect(got.interval!.lower, where).toBeCloseTo(cell.lower!, 6);
          expect(got.interval!.upper, where).toBeCloseTo(cell.upper!, 6);
          expect(got.marginOfError, where).toBeCloseTo(cell.moe!, 6);
          compared++;
        });
      }
    }
    // 9 tables, 3 non-empty columns each: make sure the comparison really ran over all of them.
    expect(compared).toBe(reference.tables.reduce((sum, t) => sum + t.rows.length * 3, 0));
  });
});
