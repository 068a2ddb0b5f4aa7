import { randomUUID } from 'node:crypto';
import type { NewResponseRow, RespondentSessionRow } from '../../server/db/schema.ts';
import { definitionFrom, type TestContext } from '../helpers.ts';

/** A four-page survey with screening, routing, a grid, multiple choice and an optional text question. */
export function monitorSurvey(slug: string, version = 1, gridWording = 'Parents get enough support') {
  return definitionFrom({
    slug,
    version,
    title: { en: `Monitoring test ${slug}` },
    description: { en: 'A survey for monitoring tests.' },
    languages: ['en'],
    metadata: { organisation: 'Test Charity', population: 'adults', geography: 'England', privacyNotice: { en: 'We keep answers safe.' } },
    pages: [
      {
        id: 'p_screen',
        title: { en: 'About you' },
        questions: [
          {
            id: 'q_age',
            type: 'single-choice',
            text: { en: 'How old are you?' },
            options: [
              { code: '1', label: { en: 'Under 18' } },
              { code: '2', label: { en: '18 to 34' } },
              { code: '3', label: { en: '35 or over' } },
            ],
            screenOut: ['1'],
          },
        ],
      },
      {
        id: 'p_views',
        title: { en: 'Your views' },
        questions: [
          {
            id: 'q_parent',
            type: 'single-choice',
            text: { en: 'Are you a parent?' },
            options: [
              { code: 'y', label: { en: 'Yes' } },
              { code: 'n', label: { en: 'No' } },
            ],
          },
          {
            id: 'q_grid',
            type: 'likert-grid',
            scale: 'agree5',
            text: { en: 'How far do you agree?' },
            statements: [
              { id: 's_support', text: { en: gridWording } },
              { id: 's_early', text: { en: 'The early years matter most' } },
            ],
          },
        ],
      },
      {
        id: 'p_kids',
        questions: [
          {
            id: 'q_kids',
            type: 'number',
            text: { en: 'How many children do you have?' },
            unit: { en: 'children' },
            min: 1,
            max: 20,
            showIf: { question: 'q_parent', in: ['y'] },
          },
        ],
      },
      {
        id: 'p_more',
        questions: [
          {
            id: 'q_sources',
            type: 'multiple-choice',
            text: { en: 'Where do you get advice?' },
            options: [
              { code: 'tv', label: { en: 'Television' } },
              { code: 'web', label: { en: 'Websites' } },
              { code: 'friends', label: { en: 'Friends and family' } },
            ],
          },
          { id: 'q_comment', type: 'long-text', required: false, text: { en: 'Anything else?' } },
        ],
      },
    ],
  });
}

/** Answers of a complete respondent; `parent` false routes past the number of children. */
export function completeAnswers(parent = true) {
  return {
    q_age: '2',
    q_parent: parent ? 'y' : 'n',
    ...(parent ? { q_kids: 2 } : {}),
    q_grid: { s_support: '4', s_early: '5' },
    q_sources: ['tv', 'friends'],
  };
}

/** Inserts a response row directly, for figures that depend on chosen times. */
export async function insertResponse(ctx: TestContext, row: Partial<NewResponseRow> & { survey_slug: string; submitted_at: string }) {
  const id = row.id ?? randomUUID();
  await ctx.database.db
    .insertInto('responses')
    .values({
      id,
      submission_id: randomUUID(),
      payload_hash: 'test',
      survey_version: 1,
      status: 'complete',
      answers: JSON.stringify(completeAnswers()),
      reference: `T${id.slice(0, 3).toUpperCase()}-${id.slice(3, 7).toUpperCase()}`,
      source: 'api',
      is_demo: 0,
      language: 'en',
      started_at: null,
      panel_id: null,
      invitation_id: null,
      ...row,
    })
    .execute();
  return id;
}

/** Inserts a respondent session directly, as the respondent flow would leave it. */
export async function insertSession(
  ctx: TestContext,
  slug: string,
  status: RespondentSessionRow['status'],
  lastPageId: string | null,
) {
  const now = new Date().toISOString();
  await ctx.database.db
    .insertInto('respondent_sessions')
    .values({
      token_hash: randomUUID(),
      survey_slug: slug,
      survey_version: 1,
      submission_id: randomUUID(),
      answers: '{}',
      language: 'en',
      status,
      response_id: null,
      started_at: now,
      updated_at: now,
      panel_id: null,
      invitation_id: null,
      last_page_id: lastPageId,
    })
    .execute();
}

/** The visible text of an HTML page, tags removed and whitespace collapsed, for asserting figures as read. */
export function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}
