import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { checkSubmission, problemsAsFields } from '../responses/answer-rules.ts';
import { countResponses, deleteDemoResponses } from '../responses/queries.ts';
import { recordSubmission } from '../responses/service.ts';
import { createSubmissionWriter } from '../responses/submission-writer.ts';
import { getLatestSurvey, type PublishedSurvey } from '../surveys/service.ts';
import { generateDemoResponses, measureFinding } from './generate.ts';
import { DEMO_TARGETS, type DemoTarget } from './targets.ts';

export interface DemoFillOutcome {
  slug: string;
  /** Demo responses written by this call. */
  added: number;
  /** Demo responses the survey already had; a survey that has any is left alone. */
  existing: number;
  /** Why nothing was added, when nothing was. */
  skipped?: 'already-has-demo' | 'not-published';
}

// Writes are fired in chunks so the group-committing writer batches them, without queueing thousands
// of promises (and their rows) at once.
const CHUNK = 250;

async function findPublished(db: Kysely<Database>, slug: string): Promise<PublishedSurvey | undefined> {
  try {
    return await getLatestSurvey(db, slug);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') return undefined;
    throw error;
  }
}

async function countDemo(db: Kysely<Database>, slug: string): Promise<number> {
  const rows = await countResponses(db, slug);
  return rows.filter((row) => Number(row.is_demo) === 1).reduce((sum, row) => sum + Number(row.count), 0);
}

/** Generates a survey's demo responses and refuses them, before anything is stored, unless every one
 * is a valid complete response and, at the published sample size, every published finding comes back. */
function prepare(survey: PublishedSurvey, target: DemoTarget, size: number) {
  const generated = generateDemoResponses(survey.definition, target, size);
  generated.forEach(({ answers }, i) => {
    const verdict = checkSubmission(survey.definition, answers);
    if (verdict.problems.size > 0 || verdict.status !== 'complete') {
      const fields = JSON.stringify(problemsAsFields(verdict.problems));
      throw new Error(`Demo response ${i + 1} for ${survey.slug} is not a valid complete response (${verdict.status}): ${fields}`);
    }
  });
  if (size === target.sampleSize) {
    const answers = generated.map((response) => response.answers);
    for (const finding of target.findings) {
      const measured = measureFinding(finding, answers);
      if (measured.percent !== finding.percent) {
        throw new Error(`Demo data for ${survey.slug} gives ${measured.percent}% where ${finding.percent}% was published: ${finding.text}`);
      }
    }
  }
  return generated;
}

/** Fills every example survey that has demo targets with synthetic responses flagged as demo data,
 * skipping surveys that already have demo responses (remove them first to regenerate). */
export async function fillDemoResponses(db: Kysely<Database>, options: { perSurvey?: number } = {}): Promise<DemoFillOutcome[]> {
  const outcomes: DemoFillOutcome[] = [];
  const writer = createSubmissionWriter(db);
  for (const target of DEMO_TARGETS) {
    const survey = await findPublished(db, target.slug);
    if (!survey) {
      outcomes.push({ slug: target.slug, added: 0, existing: 0, skipped: 'not-published' });
      continue;
    }
    // Skip rather than add or replace: a second run never doubles the data, and never silently
    // swaps the numbers someone has already looked at.
    const existing = await countDemo(db, target.slug);
    if (existing > 0) {
      outcomes.push({ slug: target.slug, added: 0, existing, skipped: 'already-has-demo' });
      continue;
    }
    const generated = prepare(survey, target, options.perSurvey ?? target.sampleSize);
    let added = 0;
    try {
      for (let start = 0; start < generated.length; start += CHUNK) {
        const recorded = await Promise.all(
          generated.slice(start, start + CHUNK).map(({ answers, language }) =>
            recordSubmission(
              { db, writer },
              survey.slug,
              { submissionId: randomUUID(), version: survey.version, answers, language },
              { source: 'demo', isDemo: true },
            ),
          ),
        );
        added += recorded.filter((r) => r.created).length;
      }
    } catch (error) {
      // Half a demo sample would show wrong percentages and block a re-run (it "already has demo"
      // responses), so take this survey's demo rows out again before reporting the failure.
      await deleteDemoResponses(db, survey.slug);
      throw error;
    }
    outcomes.push({ slug: survey.slug, added, existing: 0 });
  }
  return outcomes;
}

/** Deletes every demo response of every survey, and nothing else; returns how many were deleted. */
export function removeDemoResponses(db: Kysely<Database>): Promise<number> {
  return deleteDemoResponses(db);
}
