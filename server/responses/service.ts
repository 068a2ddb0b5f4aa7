import { randomInt, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { contentHash } from '../surveys/canonical-json.ts';
import type { Answers } from '../surveys/model.ts';
import type { Language } from '../surveys/schema.ts';
import { getSurveyVersion } from '../surveys/service.ts';
import { checkSubmission, problemsAsFields } from './answer-rules.ts';
import type { SubmissionWriter } from './submission-writer.ts';

export interface Submission {
  submissionId: string;
  version: number;
  answers: Answers;
  language?: Language;
  startedAt?: string;
  /** The respondent id a panel company passed in the start link (respondent pages only). */
  panelId?: string | null;
  /** The single-use invitation the respondent came through (respondent pages only). */
  invitationId?: string | null;
}

export interface RecordedSubmission {
  id: string;
  reference: string;
  status: 'complete' | 'screened_out';
  /** False when this submission id was already stored with the same payload (a replay). */
  created: boolean;
}

// Crockford's base32 without I, L, O and U: a reference read over the phone is never ambiguous.
const REFERENCE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A short reference a respondent can quote, e.g. `K7PM-3QX2`. */
export function newReference(): string {
  let out = '';
  for (let i = 0; i < 8; i++) out += REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)];
  return `${out.slice(0, 4)}-${out.slice(4)}`;
}

/** The fingerprint that tells a replay (same payload) from a conflicting reuse of a submission id. */
export function payloadHashOf(slug: string, submission: Pick<Submission, 'version' | 'answers'>): string {
  return contentHash({ slug, version: submission.version, answers: submission.answers });
}

/** Validates a submission against its version's definition and stores it exactly once.
 * Throws 404 for an unknown survey or version, 422 with a message per question for invalid
 * answers, 409 when the submission id was used for a different payload. */
export async function recordSubmission(
  deps: { db: Kysely<Database>; writer: SubmissionWriter },
  slug: string,
  submission: Submission,
  options: { source: 'web' | 'api' | 'demo'; isDemo?: boolean } = { source: 'api' },
): Promise<RecordedSubmission> {
  const survey = await getSurveyVersion(deps.db, slug, submission.version);
  const verdict = checkSubmission(survey.definition, submission.answers);
  if (verdict.problems.size > 0) {
    throw new AppError('invalid_answers', `${verdict.problems.size} answer(s) are not valid for ${slug} version ${submission.version}`, problemsAsFields(verdict.problems));
  }
  const language = submission.language && survey.definition.languages.includes(submission.language) ? submission.language : 'en';
  const payloadHash = payloadHashOf(slug, submission);
  const result = await deps.writer.write({
    id: randomUUID(),
    submission_id: submission.submissionId,
    payload_hash: payloadHash,
    survey_slug: slug,
    survey_version: submission.version,
    status: verdict.status,
    answers: JSON.stringify(submission.answers),
    reference: newReference(),
    source: options.source,
    is_demo: options.isDemo ? 1 : 0,
    language,
    started_at: submission.startedAt ?? null,
    submitted_at: new Date().toISOString(),
    panel_id: submission.panelId ?? null,
    invitation_id: submission.invitationId ?? null,
  });
  if (!result.created && result.payloadHash !== payloadHash) {
    throw new AppError('conflict', `Submission ${submission.submissionId} was already used for a different response`);
  }
  return { id: result.id, reference: result.reference, status: result.status, created: result.created };
}
