import type { Kysely } from 'kysely';
import { recordAudit, type AuditActor } from '../audit/service.ts';
import type { Database, ResponseRow } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { isBlank } from '../responses/answer-rules.ts';
import { localise, optionsOf, type Answers, type AnswerValue } from '../surveys/model.ts';
import { findScreenOut, isAsked } from '../surveys/routing.ts';
import type { Question, QuestionType, SurveyDefinition } from '../surveys/schema.ts';
import { getSurveyVersion, listVersions } from '../surveys/service.ts';
import * as queries from './queries.ts';
import type { ResponseCursor, ResponseFilters } from './queries.ts';

// Reading individual responses: the list a researcher pages through and one response shown with the
// wording and labels its respondent saw. Only researchers and admins reach this (press never do), and
// every look at a single response is written to the audit log.

/** One response in the list. */
export interface ResponseListItem {
  id: string;
  reference: string;
  version: number;
  status: ResponseRow['status'];
  source: ResponseRow['source'];
  isDemo: boolean;
  panelId: string | null;
  language: string;
  startedAt: string | null;
  submittedAt: string;
}

export interface ResponseListPage {
  items: ResponseListItem[];
  /** How many responses match the filters in all. */
  total: number;
  limit: number;
  /** The page number, when the page was asked for by number (the list page always is). */
  page: number | null;
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
  /** Every published version of the survey, for the version filter. */
  versions: number[];
}

const toItem = (row: Pick<ResponseRow, 'id' | 'reference' | 'survey_version' | 'status' | 'source' | 'is_demo' | 'panel_id' | 'language' | 'started_at' | 'submitted_at'>): ResponseListItem => ({
  id: row.id,
  reference: row.reference,
  version: row.survey_version,
  status: row.status,
  source: row.source,
  isDemo: row.is_demo === 1,
  panelId: row.panel_id,
  language: row.language,
  startedAt: row.started_at,
  submittedAt: row.submitted_at,
});

/** An opaque cursor for the page after this response. */
export function encodeCursor(cursor: ResponseCursor): string {
  return Buffer.from(JSON.stringify([cursor.submittedAt, cursor.id])).toString('base64url');
}

/** Reads a cursor back, or throws a 400 naming the `cursor` field. */
export function decodeCursor(text: string): ResponseCursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
      return { submittedAt: value[0], id: value[1] };
    }
  } catch {
    // Falls through to the error below.
  }
  throw new AppError('validation_failed', 'The cursor is not valid', { cursor: 'must be the nextCursor of an earlier page' });
}

/** One page of a survey's responses, newest first, by page number or after a cursor; 404 for an unknown survey. */
export async function listSurveyResponses(
  db: Kysely<Database>,
  slug: string,
  request: { filters: ResponseFilters; limit: number; page?: number; cursor?: string },
): Promise<ResponseListPage> {
  const versions = (await listVersions(db, slug)).map((v) => v.version);
  const after = request.cursor === undefined ? undefined : decodeCursor(request.cursor);
  const page = after ? null : (request.page ?? 1);
  const [rows, total] = await Promise.all([
    queries.listResponsesPage(db, slug, request.filters, {
      // One more than asked, to know whether there is a next page without a second query.
      limit: request.limit + 1,
      ...(after ? { after } : { offset: (page! - 1) * request.limit }),
    }),
    queries.countMatchingResponses(db, slug, request.filters),
  ]);
  const items = rows.slice(0, request.limit).map(toItem);
  const last = items[items.length - 1];
  const nextCursor = rows.length > request.limit && last ? encodeCursor({ submittedAt: last.submittedAt, id: last.id }) : null;
  return { items, total, limit: request.limit, page, nextCursor, versions };
}

/** How one question was answered, in words. */
export type AnswerDisplay =
  | { state: 'not-asked'; reason: 'routing' | 'screened-out' }
  | { state: 'skipped' }
  | { state: 'answered'; text: string }
  | { state: 'answered'; labels: string[] }
  | { state: 'answered'; statements: { id: string; text: string; answer: string | null }[] };

export interface AnsweredQuestion {
  id: string;
  type: QuestionType;
  text: string;
  /** The stored value (codes, number or text), undefined when there is none. */
  value?: AnswerValue;
  display: AnswerDisplay;
}

export interface AnsweredPage {
  id: string;
  number: number;
  title: string | null;
  questions: AnsweredQuestion[];
}

/** The label of a code, or the code itself marked as unknown (a code no option of this version has). */
function labelOf(question: Question, code: string): string {
  const option = optionsOf(question).find((o) => o.code === code);
  return option ? localise(option.label, 'en') : `Unknown code "${code}"`;
}

function displayOf(question: Question, value: AnswerValue): AnswerDisplay {
  switch (question.type) {
    case 'single-choice':
    case 'likert':
      return { state: 'answered', labels: [labelOf(question, String(value))] };
    case 'multiple-choice':
      return { state: 'answered', labels: (Array.isArray(value) ? value : [String(value)]).map((code) => labelOf(question, code)) };
    case 'likert-grid': {
      const codes = typeof value === 'object' && !Array.isArray(value) ? value : {};
      return {
        state: 'answered',
        statements: question.statements.map((s) => ({
          id: s.id,
          text: localise(s.text, 'en'),
          answer: codes[s.id] === undefined ? null : labelOf(question, codes[s.id]!),
        })),
      };
    }
    case 'number': {
      const unit = question.unit ? ` ${localise(question.unit, 'en')}` : '';
      return { state: 'answered', text: `${typeof value === 'number' ? value.toLocaleString('en-GB') : String(value)}${unit}` };
    }
    default:
      return { state: 'answered', text: String(value) };
  }
}

/** Every question of the definition in questionnaire order with how these answers answer it: labels
 * (not codes), "skipped" where an optional question was left blank, and "not asked" where routing
 * skipped it or the survey had already ended on a screening answer. */
export function describeAnswers(definition: SurveyDefinition, answers: Answers): AnsweredPage[] {
  const screenedAt = findScreenOut(definition, answers);
  let afterScreenOut = false;
  return definition.pages.map((page, index) => ({
    id: page.id,
    number: index + 1,
    title: page.title ? localise(page.title, 'en') : null,
    questions: page.questions.map((question) => {
      const value = answers[question.id];
      let display: AnswerDisplay;
      if (afterScreenOut) display = { state: 'not-asked', reason: 'screened-out' };
      else if (!isAsked(question, answers)) display = { state: 'not-asked', reason: 'routing' };
      else if (value === undefined || isBlank(value)) display = { state: 'skipped' };
      else display = displayOf(question, value);
      if (question === screenedAt) afterScreenOut = true;
      return { id: question.id, type: question.type, text: localise(question.text, 'en'), ...(value === undefined ? {} : { value }), display };
    }),
  }));
}

export interface ResponseDetail extends ResponseListItem {
  slug: string;
  surveyTitle: string;
  invitationId: string | null;
  pages: AnsweredPage[];
}

/** One response with every answer described against its own version's questionnaire, and an audit
 * entry saying who looked at it; 404 when the survey has no such response. */
export async function viewResponse(
  db: Kysely<Database>,
  slug: string,
  id: string,
  viewer: { actor: AuditActor; ip: string | null; via: 'page' | 'api' },
): Promise<ResponseDetail> {
  const row = await queries.findSurveyResponse(db, slug, id);
  if (!row) throw new AppError('not_found', `Survey "${slug}" has no response ${id}`);
  const { definition } = await getSurveyVersion(db, slug, row.survey_version);
  const detail: ResponseDetail = {
    ...toItem(row),
    slug,
    surveyTitle: localise(definition.title, 'en'),
    invitationId: row.invitation_id,
    pages: describeAnswers(definition, JSON.parse(row.answers) as Answers),
  };
  await recordAudit(db, {
    actor: viewer.actor,
    action: 'responses.viewed',
    subject: `${slug}/responses/${id}`,
    detail: { slug, responseId: id, reference: row.reference, via: viewer.via },
    ip: viewer.ip,
  });
  return detail;
}
