import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Answers } from '../surveys/model.ts';
import * as queries from './queries.ts';
import { parseStoredQuotas, type Quota, type QuotaCell } from './schemas.ts';

export type { Quota, QuotaCell } from './schemas.ts';

/** A quota with how many complete, non-demo responses each cell has so far. */
export interface QuotaFill {
  id: string;
  label: string;
  question: string;
  statement?: string;
  cells: { label: string; codes: string[]; target: number; achieved: number }[];
}

/** The code a set of answers gives the quota's question (or grid statement), if any. */
export function quotaCodeOf(quota: Pick<Quota, 'question' | 'statement'>, answers: Answers): string | undefined {
  const answer = answers[quota.question];
  if (quota.statement !== undefined) {
    if (answer && typeof answer === 'object' && !Array.isArray(answer)) return answer[quota.statement];
    return undefined;
  }
  return typeof answer === 'string' ? answer : undefined;
}

/** The index of the cell a set of answers falls in, or -1 when none (unanswered or an uncounted code). */
export function quotaCellIndexOf(quota: Pick<Quota, 'question' | 'statement' | 'cells'>, answers: Answers): number {
  const code = quotaCodeOf(quota, answers);
  if (code === undefined) return -1;
  return quota.cells.findIndex((cell) => cell.codes.includes(code));
}

/** Counts, for each quota cell, how many of the given answer sets fall in it. Pure, for tests and callers
 * that already hold the answers. */
export function countQuotaFill(quotas: Quota[], answerSets: Answers[]): QuotaFill[] {
  return quotas.map((quota) => {
    const achieved = quota.cells.map(() => 0);
    for (const answers of answerSets) {
      const index = quotaCellIndexOf(quota, answers);
      if (index >= 0) achieved[index]! += 1;
    }
    return {
      id: quota.id,
      label: quota.label,
      question: quota.question,
      ...(quota.statement !== undefined ? { statement: quota.statement } : {}),
      cells: quota.cells.map((cell: QuotaCell, i) => ({ label: cell.label, codes: [...cell.codes], target: cell.target, achieved: achieved[i]! })),
    };
  });
}

/** Every quota of a survey with its fill: complete, non-demo responses (of any version) per cell. */
export async function getQuotaFill(db: Kysely<Database>, slug: string): Promise<QuotaFill[]> {
  const row = await queries.findSurveySettings(db, slug);
  const quotas = parseStoredQuotas(row?.quotas);
  if (quotas.length === 0) return [];
  const rows = await queries.listCompleteRealAnswers(db, slug);
  return countQuotaFill(
    quotas,
    rows.map((r) => JSON.parse(r.answers) as Answers),
  );
}

/** How many complete, non-demo responses fall in each of the given cells of a question right now,
 * for the quota editor to show beside rows that are not saved yet. */
export async function countCellsNow(
  db: Kysely<Database>,
  slug: string,
  target: Pick<Quota, 'question' | 'statement'>,
  cells: { codes: string[] }[],
): Promise<number[]> {
  const rows = await queries.listCompleteRealAnswers(db, slug);
  const probe: Quota = {
    id: 'probe',
    label: 'probe',
    question: target.question,
    ...(target.statement !== undefined ? { statement: target.statement } : {}),
    cells: cells.map((cell, i) => ({ label: String(i), codes: cell.codes, target: 0 })),
  };
  const [fill] = countQuotaFill([probe], rows.map((r) => JSON.parse(r.answers) as Answers));
  return fill!.cells.map((cell) => cell.achieved);
}
