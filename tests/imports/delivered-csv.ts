import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { generateDemoResponses } from '../../server/demo/generate.ts';
import { DEMO_TARGETS } from '../../server/demo/targets.ts';
import type { Answers } from '../../server/surveys/model.ts';
import { checkDefinition } from '../../server/surveys/definition-rules.ts';
import type { SurveyDefinition } from '../../server/surveys/schema.ts';

// Delivered data files generated on demand, as a polling company would send them, so that no large
// file is committed: the Start for Life answers come from the demo generator (valid, complete, with
// the published shares), written one row a respondent with the optional columns filled in.

// Not through tests/helpers.ts, which needs vitest: the timing script runs this outside vitest.
const checked = checkDefinition(JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'surveys', 'start-for-life-parents.v1.json'), 'utf8')));
if (!checked.ok) throw new Error('surveys/start-for-life-parents.v1.json is not a valid definition');
export const START_FOR_LIFE_DEFINITION: SurveyDefinition = checked.definition;

const COLUMNS = [
  'respondent_id',
  'duration_seconds',
  'completed_at',
  'q_age_band',
  'q_parent_under2',
  'q_region',
  'q_gender',
  'q_children_under2',
  'q_aware_mh_before_2',
  'q_confidence_emotional',
  'q_welcome_support',
  'q_advice_outdated.s_any_advice',
  'q_advice_outdated.s_cry_it_out',
  'q_advice_outdated.s_limit_affection',
  'q_felt_guilty',
  'q_guilt_detail',
];

/** The generated answers of `rows` Start for Life respondents (every 40th who felt guilty also
 * writes a comment with a comma, quotes and a line break, to exercise CSV quoting). */
export function startForLifeAnswers(rows: number): Answers[] {
  const target = DEMO_TARGETS.find((t) => t.slug === 'start-for-life-parents')!;
  return generateDemoResponses(START_FOR_LIFE_DEFINITION, target, rows).map(({ answers }, i) =>
    answers.q_felt_guilty === '1' && i % 40 === 0 ? { ...answers, q_guilt_detail: `When she cried, "let her settle" felt wrong,\nso I picked her up (${i})` } : answers,
  );
}

/** A delivered CSV for Start for Life: respondent ids CW000001..., completion times between 4 and
 * 20 minutes, completion timestamps during the published fieldwork (23 February to 1 March 2024). */
export function startForLifeCsv(rows: number, options: { respondentIds?: boolean } = {}): string {
  const withIds = options.respondentIds ?? true;
  const columns = withIds ? COLUMNS : COLUMNS.filter((column) => column !== 'respondent_id');
  const fieldworkStart = Date.parse('2024-02-23T08:00:00Z');
  const records = startForLifeAnswers(rows).map((answers, i) => {
    const grid = (answers.q_advice_outdated ?? {}) as Record<string, string>;
    const cells: Record<string, string | number> = {
      respondent_id: `CW${String(i + 1).padStart(6, '0')}`,
      duration_seconds: 240 + ((i * 37) % 960),
      completed_at: new Date(fieldworkStart + ((i * 7919) % (7 * 24 * 3600)) * 1000).toISOString(),
      'q_advice_outdated.s_any_advice': grid.s_any_advice ?? '',
      'q_advice_outdated.s_cry_it_out': grid.s_cry_it_out ?? '',
      'q_advice_outdated.s_limit_affection': grid.s_limit_affection ?? '',
    };
    return columns.map((column) => {
      if (column in cells) return cells[column];
      const value = answers[column];
      return value === undefined ? '' : Array.isArray(value) ? value.join(';') : String(value);
    });
  });
  return stringify([columns, ...records]);
}

/** Builds a small CSV from a header and rows of cells (quoting as needed). */
export function csvOf(header: string[], ...rows: (string | number)[][]): string {
  return stringify([header, ...rows]);
}

/** A file's text as the byte stream an import reads. */
export async function* bytesOf(text: string | Uint8Array): AsyncGenerator<Uint8Array> {
  yield typeof text === 'string' ? new TextEncoder().encode(text) : text;
}
