import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, RespondentSessionRow } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { useInvitation } from '../fieldwork/invitations.ts';
import type { Quota } from '../fieldwork/schemas.ts';
import { findFullQuotaCell } from '../fieldwork/service.ts';
import { checkSubmission, isBlank, type Problem } from '../responses/answer-rules.ts';
import { recordSubmission } from '../responses/service.ts';
import type { SubmissionWriter } from '../responses/submission-writer.ts';
import { listQuestions, type Answers } from '../surveys/model.ts';
import { askedPageIndexes, findScreenOut, isAsked, screensOut } from '../surveys/routing.ts';
import type { Language, SurveyDefinition } from '../surveys/schema.ts';
import { getLatestSurvey, getSurveyVersion } from '../surveys/service.ts';
import * as queries from './queries.ts';

// The respondent journey: one session per browser and survey, answers kept on the server under a
// hash of an unguessable token, and every "where next?" decided from the definition's routing.

export interface RespondentSession {
  tokenHash: string;
  slug: string;
  version: number;
  submissionId: string;
  answers: Answers;
  language: Language;
  status: RespondentSessionRow['status'];
  responseId: string | null;
  startedAt: string;
  /** The respondent id a panel company passed in the start link, if any. */
  panelId: string | null;
  /** The invitation this session was opened through, if any. */
  invitationId: string | null;
  /** The definition of the version this session started on; it keeps it even if a newer one is published. */
  definition: SurveyDefinition;
}

/** Where a respondent goes next. */
export type Step =
  | { to: 'page'; pageId: string; returnToCheck: boolean }
  | { to: 'check' }
  | { to: 'screened-out' }
  | { to: 'quota-full' }
  | { to: 'done' }
  | { to: 'start' };

export interface Deps {
  db: Kysely<Database>;
  writer: SubmissionWriter;
}

// Problems that are about routing rather than about what the respondent typed: the answers
// concerned are dropped, never shown as errors.
const ROUTING_KINDS = new Set<Problem['kind']>(['not_asked', 'after_screen_out', 'unknown_question']);

/** A fresh respondent token (32 random bytes, base64url) and the hash under which it is stored. */
export function newRespondentToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashRespondentToken(token) };
}

/** The SHA-256 of a token: the database never holds a token a thief could replay. */
export function hashRespondentToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The language to use: the wanted one if the survey offers it, else English. */
export function pickLanguage(definition: SurveyDefinition, wanted: string | undefined): Language {
  return wanted === 'cy' && definition.languages.includes('cy') ? 'cy' : 'en';
}

/** Keeps only the answers the routing still asks for, in questionnaire order: answers to questions
 * that are no longer asked, or that come after a screen-out, are dropped. */
export function pruneAnswers(definition: SurveyDefinition, answers: Answers): Answers {
  const kept: Answers = {};
  for (const question of listQuestions(definition)) {
    const value = answers[question.id];
    if (value === undefined || isBlank(value) || !isAsked(question, kept)) continue;
    kept[question.id] = value;
    if (screensOut(question, value)) break;
  }
  return kept;
}

const pageIndexOfQuestion = (definition: SurveyDefinition) => {
  const index = new Map<string, number>();
  definition.pages.forEach((page, i) => page.questions.forEach((question) => index.set(question.id, i)));
  return index;
};

/** The problems a respondent must fix, keyed by question id or `id.statement`, each with its page index. */
function respondentProblems(definition: SurveyDefinition, answers: Answers): { key: string; page: number; problem: Problem }[] {
  const pageOf = pageIndexOfQuestion(definition);
  const out: { key: string; page: number; problem: Problem }[] = [];
  for (const [key, problem] of checkSubmission(definition, answers).problems) {
    if (ROUTING_KINDS.has(problem.kind)) continue;
    const page = pageOf.get(key.split('.')[0]!);
    if (page !== undefined) out.push({ key, page, problem });
  }
  return out;
}

/** Problems with one page's answers, in the page's question order. */
export function checkPage(definition: SurveyDefinition, answers: Answers, pageIndex: number): Map<string, Problem> {
  const order = definition.pages[pageIndex]?.questions.map((question) => question.id) ?? [];
  const found = respondentProblems(definition, answers).filter((entry) => entry.page === pageIndex);
  found.sort((a, b) => order.indexOf(a.key.split('.')[0]!) - order.indexOf(b.key.split('.')[0]!));
  return new Map(found.map((entry) => [entry.key, entry.problem]));
}

/** The first asked page that still needs an answer, or undefined when every asked page is done. */
export function findFrontier(definition: SurveyDefinition, answers: Answers): number | undefined {
  const asked = new Set(askedPageIndexes(definition, answers));
  const pages = respondentProblems(definition, answers)
    .map((entry) => entry.page)
    .filter((page) => asked.has(page));
  return pages.length === 0 ? undefined : Math.min(...pages);
}

/** Where someone returning to the survey should carry on. */
export function resumeStep(session: RespondentSession): Step {
  if (session.status === 'complete') return { to: 'done' };
  if (session.status === 'screened_out') return { to: 'screened-out' };
  if (session.status === 'quota_full') return { to: 'quota-full' };
  const frontier = findFrontier(session.definition, session.answers);
  if (frontier === undefined) return { to: 'check' };
  return { to: 'page', pageId: session.definition.pages[frontier]!.id, returnToCheck: false };
}

/** Whether a page may be shown now; if not, where to go instead (skipping ahead by URL, a page
 * routing no longer asks, or a survey already finished). */
export function redirectForPage(session: RespondentSession, pageIndex: number): Step | undefined {
  if (session.status !== 'in_progress') return resumeStep(session);
  const asked = askedPageIndexes(session.definition, session.answers);
  const frontier = findFrontier(session.definition, session.answers);
  if (!asked.includes(pageIndex) || (frontier !== undefined && pageIndex > frontier)) return resumeStep(session);
  return undefined;
}

/** Whether the check-your-answers page may be shown now; if not, where to go instead. */
export function redirectForCheck(session: RespondentSession): Step | undefined {
  const step = resumeStep(session);
  return step.to === 'check' ? undefined : step;
}

/** The page numbers a respondent sees: this page's place among the asked pages, and how many there are. */
export function progressOf(session: RespondentSession, pageIndex: number): { current: number; total: number } {
  const asked = askedPageIndexes(session.definition, session.answers);
  return { current: asked.indexOf(pageIndex) + 1, total: asked.length };
}

/** The asked page before this one, or undefined for the first. */
export function previousPageId(session: RespondentSession, pageIndex: number): string | undefined {
  const before = askedPageIndexes(session.definition, session.answers).filter((index) => index < pageIndex);
  const previous = before[before.length - 1];
  return previous === undefined ? undefined : session.definition.pages[previous]!.id;
}

/** The last asked page, which the check page's Back link leads to. */
export function lastPageId(session: RespondentSession): string | undefined {
  const asked = askedPageIndexes(session.definition, session.answers);
  const last = asked[asked.length - 1];
  return last === undefined ? undefined : session.definition.pages[last]!.id;
}

function toSession(row: RespondentSessionRow, definition: SurveyDefinition): RespondentSession {
  return {
    tokenHash: row.token_hash,
    slug: row.survey_slug,
    version: row.survey_version,
    submissionId: row.submission_id,
    answers: JSON.parse(row.answers) as Answers,
    language: pickLanguage(definition, row.language),
    status: row.status,
    responseId: row.response_id,
    startedAt: row.started_at,
    panelId: row.panel_id,
    invitationId: row.invitation_id,
    definition,
  };
}

/** The session a respondent token opens for this survey, or undefined for no, unknown or foreign tokens. */
export async function loadSession(db: Kysely<Database>, slug: string, token: string | undefined): Promise<RespondentSession | undefined> {
  if (!token) return undefined;
  const row = await queries.findSessionByTokenHash(db, hashRespondentToken(token));
  if (!row || row.survey_slug !== slug) return undefined;
  const survey = await getSurveyVersion(db, slug, row.survey_version);
  return toSession(row, survey.definition);
}

/** Starts a session on the survey's latest version, with its own submission id fixed now so that
 * however often the final page is sent, one response results; a panel id and an invitation, when
 * given, stay with the session and its response. */
export async function startSession(
  db: Kysely<Database>,
  slug: string,
  language: string | undefined,
  origin: { panelId?: string | null; invitationId?: string | null } = {},
): Promise<{ token: string; session: RespondentSession }> {
  const survey = await getLatestSurvey(db, slug);
  const { token, tokenHash } = newRespondentToken();
  const now = new Date().toISOString();
  const row: RespondentSessionRow = {
    token_hash: tokenHash,
    survey_slug: slug,
    survey_version: survey.version,
    submission_id: randomUUID(),
    answers: '{}',
    language: pickLanguage(survey.definition, language),
    status: 'in_progress',
    response_id: null,
    panel_id: origin.panelId ?? null,
    invitation_id: origin.invitationId ?? null,
    last_page_id: null,
    started_at: now,
    updated_at: now,
  };
  await queries.insertSession(db, row);
  return { token, session: toSession(row, survey.definition) };
}

/** Opens the one session of an invitation for this browser: the existing one (given a new token, so
 * a second browser can carry on what the first began) or a new one. Two browsers opening a fresh
 * link at once cannot make two sessions: the unique index lets one insert win and the other resumes it. */
export async function openInvitationSession(
  db: Kysely<Database>,
  slug: string,
  invitationId: string,
  language: string | undefined,
  panelId: string | null,
): Promise<{ token: string; session: RespondentSession }> {
  const rekey = async (row: RespondentSessionRow) => {
    const { token, tokenHash } = newRespondentToken();
    await queries.updateSessionTokenHash(db, row.token_hash, tokenHash, new Date().toISOString());
    const survey = await getSurveyVersion(db, slug, row.survey_version);
    return { token, session: toSession({ ...row, token_hash: tokenHash }, survey.definition) };
  };
  const existing = await queries.findSessionByInvitationId(db, invitationId);
  if (existing) return rekey(existing);
  try {
    return await startSession(db, slug, language, { panelId, invitationId });
  } catch (error) {
    const winner = await queries.findSessionByInvitationId(db, invitationId);
    if (winner) return rekey(winner);
    throw error;
  }
}

/** Whether an invitation already has a session (in any browser). */
export async function hasInvitationSession(db: Kysely<Database>, invitationId: string): Promise<boolean> {
  return (await queries.findSessionByInvitationId(db, invitationId)) !== undefined;
}

/** Remembers the language a respondent switched to. */
export async function changeLanguage(db: Kysely<Database>, session: RespondentSession, language: Language): Promise<void> {
  if (session.language === language) return;
  await queries.updateSessionLanguage(db, session.tokenHash, language, new Date().toISOString());
  session.language = language;
}

export type PageOutcome =
  | { ok: false; problems: Map<string, Problem>; values: Answers }
  | { ok: true; next: Step };

/** Saves one page's answers and decides where to go next. Invalid answers are not saved (the
 * page's valid ones are), and answers that routing no longer asks for are dropped. A screening
 * answer that ends the survey records a screened-out response with the answers up to it. */
export async function savePage(
  deps: Deps,
  session: RespondentSession,
  pageIndex: number,
  pageAnswers: Answers,
  returnToCheck: boolean,
  quotas: Quota[] = [],
): Promise<PageOutcome> {
  const { definition } = session;
  const page = definition.pages[pageIndex]!;
  const before = session.answers;
  const candidate: Answers = { ...before };
  for (const question of page.questions) delete candidate[question.id];
  Object.assign(candidate, pageAnswers);

  const problems = checkPage(definition, candidate, pageIndex);
  if (problems.size > 0) {
    // Keep what was valid on this page; leave the previous answer where the new one is not valid.
    const partial: Answers = { ...candidate };
    for (const key of problems.keys()) {
      const id = key.split('.')[0]!;
      if (before[id] === undefined) delete partial[id];
      else partial[id] = before[id];
    }
    await storeAnswers(deps.db, session, pruneAnswers(definition, partial));
    return { ok: false, problems, values: pageAnswers };
  }

  const answers = pruneAnswers(definition, candidate);
  if (findScreenOut(definition, answers)) {
    await finishSession(deps, session, answers);
    return { ok: true, next: { to: 'screened-out' } };
  }
  // Quotas are checked where their question is answered (see fieldwork/service.ts on overshoot).
  const full = await findFullQuotaCell(deps.db, session.slug, quotas, page.questions.map((q) => q.id), answers);
  if (full) {
    await queries.markSessionQuotaFull(deps.db, session.tokenHash, { answers: JSON.stringify(answers), lastPageId: page.id, updatedAt: new Date().toISOString() });
    if (session.invitationId) await useInvitation(deps.db, session.invitationId, null);
    session.status = 'quota_full';
    session.answers = answers;
    return { ok: true, next: { to: 'quota-full' } };
  }
  await storeAnswers(deps.db, session, answers, page.id);
  return { ok: true, next: nextStep(definition, before, answers, pageIndex, returnToCheck) };
}

/** After a page is saved: onward through the questionnaire, or back to the check page when the
 * respondent came from it, visiting first any page the change has newly opened or left unanswered. */
export function nextStep(definition: SurveyDefinition, before: Answers, after: Answers, pageIndex: number, returnToCheck: boolean): Step {
  const asked = askedPageIndexes(definition, after);
  if (returnToCheck) {
    const askedBefore = new Set(askedPageIndexes(definition, before));
    const opened = asked.find((index) => index > pageIndex && !askedBefore.has(index));
    const target = opened ?? findFrontier(definition, after);
    return target === undefined ? { to: 'check' } : { to: 'page', pageId: definition.pages[target]!.id, returnToCheck: true };
  }
  const next = asked.find((index) => index > pageIndex);
  return next === undefined ? { to: 'check' } : { to: 'page', pageId: definition.pages[next]!.id, returnToCheck: false };
}

async function storeAnswers(db: Kysely<Database>, session: RespondentSession, answers: Answers, lastPageId?: string) {
  await queries.updateSessionAnswers(db, session.tokenHash, JSON.stringify(answers), new Date().toISOString(), lastPageId);
  session.answers = answers;
}

/** Records the response exactly once under the session's submission id and closes the session. */
async function finishSession(deps: Deps, session: RespondentSession, answers: Answers): Promise<'complete' | 'screened_out'> {
  const recorded = await recordSubmission(
    deps,
    session.slug,
    {
      submissionId: session.submissionId,
      version: session.version,
      answers,
      language: session.language,
      startedAt: session.startedAt,
      panelId: session.panelId,
      invitationId: session.invitationId,
    },
    { source: 'web' },
  );
  await queries.markSessionFinished(deps.db, session.tokenHash, {
    status: recorded.status,
    responseId: recorded.id,
    answers: JSON.stringify(answers),
    updatedAt: new Date().toISOString(),
  });
  if (session.invitationId) await useInvitation(deps.db, session.invitationId, recorded.id);
  session.status = recorded.status;
  session.responseId = recorded.id;
  session.answers = answers;
  return recorded.status;
}

/** Sends the answers from the check page. Sending again (a double click, a resubmitted form) lands
 * on the same single response; answers that are not complete send the respondent back to them. */
export async function submitSession(deps: Deps, session: RespondentSession): Promise<Step> {
  if (session.status !== 'in_progress') return resumeStep(session);
  const pending = redirectForCheck(session);
  if (pending) return pending;
  let status: 'complete' | 'screened_out';
  try {
    status = await finishSession(deps, session, pruneAnswers(session.definition, session.answers));
  } catch (error) {
    // Someone else finished this session between our read and our write: show where it ended.
    if (error instanceof AppError && error.code === 'conflict') {
      const fresh = await queries.findSessionByTokenHash(deps.db, session.tokenHash);
      if (fresh && fresh.status !== 'in_progress') {
        return fresh.status === 'complete' ? { to: 'done' } : fresh.status === 'quota_full' ? { to: 'quota-full' } : { to: 'screened-out' };
      }
    }
    throw error;
  }
  return status === 'complete' ? { to: 'done' } : { to: 'screened-out' };
}

/** The reference a finished session's response can be quoted by. */
export async function findReference(db: Kysely<Database>, session: RespondentSession): Promise<string | undefined> {
  return session.responseId ? queries.findResponseReference(db, session.responseId) : undefined;
}
