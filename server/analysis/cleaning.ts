import type { SurveyColumns } from './columns.ts';
import { NOT_ASKED, SKIPPED } from './frequencies.ts';
import { summariseNumeric } from './numeric.ts';

// Data-quality flags a researcher reviews before trusting a sample. Pure functions over columnar
// arrays, like the rest of the analysis module; which responses are then excluded is a human decision
// taken in server/cleaning.
//
// Definitions:
// - duration: seconds from start to submission. A row without a start, or whose clocks disagree
//   (submitted before started), has no duration (NaN); it never counts towards the median and is
//   never a speeder, because there is no evidence either way.
// - speeder: a duration strictly under a third of the median duration; exactly a third is not.
// - straight-liner: on some likert grid, the respondent answered at least STRAIGHT_LINE_MIN_STATEMENTS
//   statements and gave every one of them the same code ("don't know" on all of them included: it is
//   as little considered as any other repeated answer). Statements the respondent was not asked (routing
//   or an older version without them) or left blank do not count either way: only answers are evidence,
//   so five identical answers flag even if a sixth was skipped, and four never do.
// - duplicate panel id: rows sharing a panel id that is not blank (compared after trimming). Every
//   row of a group is flagged; the first in dataset order is named so a researcher can keep it.

/** The fewest answered statements of a likert grid on which identical answers count as straight-lining. */
export const STRAIGHT_LINE_MIN_STATEMENTS = 5;

/** The completion time of one row in seconds, or NaN when it cannot be timed. */
export function durationSeconds(startedAt: string | null, submittedAt: string): number {
  if (startedAt === null) return NaN;
  const elapsed = (Date.parse(submittedAt) - Date.parse(startedAt)) / 1000;
  return Number.isFinite(elapsed) && elapsed >= 0 ? elapsed : NaN;
}

/** Every row's completion time in seconds (NaN where it cannot be timed), parallel to the rows. */
export function durationsOf(rows: readonly { startedAt: string | null; submittedAt: string }[]): Float64Array {
  const seconds = new Float64Array(rows.length);
  rows.forEach((row, i) => {
    seconds[i] = durationSeconds(row.startedAt, row.submittedAt);
  });
  return seconds;
}

/** Speeders among rows with durations (NaN = untimed): 1 where the duration is under a third of the median. */
export function flagSpeeders(seconds: Float64Array): { medianSeconds: number | null; speeders: Uint8Array } {
  const medianSeconds = summariseNumeric(seconds).median;
  const speeders = new Uint8Array(seconds.length);
  if (medianSeconds === null) return { medianSeconds, speeders };
  for (let i = 0; i < seconds.length; i++) {
    // 3s < median rather than s < median / 3: the product of an exact duration is exact, the quotient is not.
    if (3 * seconds[i]! < medianSeconds) speeders[i] = 1;
  }
  return { medianSeconds, speeders };
}

/** Straight-liners over the likert grids among `columns`: 1 where some grid has at least five answered
 * statements that all carry the same code. Grids with fewer statements can never flag anyone. */
export function flagStraightLiners(columns: SurveyColumns): Uint8Array {
  const flagged = new Uint8Array(columns.rowCount);
  for (const question of columns.questions) {
    if (question.type !== 'likert-grid' || question.statements.length < STRAIGHT_LINE_MIN_STATEMENTS) continue;
    for (let i = 0; i < columns.rowCount; i++) {
      if (flagged[i] === 1) continue;
      let first = NOT_ASKED;
      let answered = 0;
      let same = true;
      for (const statement of question.statements) {
        const value = statement.values[i]!;
        if (value === NOT_ASKED || value === SKIPPED) continue;
        if (answered === 0) first = value;
        else if (value !== first) {
          same = false;
          break;
        }
        answered += 1;
      }
      if (same && answered >= STRAIGHT_LINE_MIN_STATEMENTS) flagged[i] = 1;
    }
  }
  return flagged;
}

/** Rows sharing a non-blank panel id: `firstRow[i]` is the index of the first row with row i's id
 * (itself for the first), or -1 when row i's id is blank or unique. */
export function flagDuplicatePanelIds(panelIds: readonly (string | null)[]): { duplicates: Uint8Array; firstRow: Int32Array } {
  const duplicates = new Uint8Array(panelIds.length);
  const firstRow = new Int32Array(panelIds.length).fill(-1);
  const seen = new Map<string, number>();
  panelIds.forEach((raw, i) => {
    const id = raw?.trim() ?? '';
    if (id === '') return;
    const first = seen.get(id);
    if (first === undefined) {
      seen.set(id, i);
      return;
    }
    duplicates[first] = 1;
    firstRow[first] = first;
    duplicates[i] = 1;
    firstRow[i] = first;
  });
  return { duplicates, firstRow };
}
