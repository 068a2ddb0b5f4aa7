import { randomUUID } from 'node:crypto';
import type { NewResponseRow } from '../../server/db/schema.ts';
import type { Answers } from '../../server/surveys/model.ts';
import { definitionFrom, type TestContext } from '../helpers.ts';

// A small two-version survey for the export tests: a single choice (the weighting variable), a scale
// with "don't know", a five-statement grid (so straight-lining can be flagged), an optional multiple
// choice that gains an option in version 2, a routed number that accepts negatives, an optional text,
// and a question only version 2 asks.

export const SLUG = 'export-test';

const grid = ['s1', 's2', 's3', 's4', 's5'];

function exportSurvey(version: 1 | 2) {
  return definitionFrom({
    slug: SLUG,
    version,
    title: { en: 'Export test' },
    description: { en: 'A survey for export tests.' },
    languages: ['en'],
    metadata: { organisation: 'Test Charity', population: 'adults', geography: 'England', privacyNotice: { en: 'We keep answers safe.' } },
    pages: [
      {
        id: 'p_one',
        questions: [
          {
            id: 'q_gender',
            type: 'single-choice',
            text: { en: 'Are you a man or a woman?' },
            options: [
              { code: '1', label: { en: 'Man' } },
              { code: '2', label: { en: 'Woman' } },
            ],
          },
          { id: 'q_view', type: 'likert', scale: 'agree5', dontKnow: true, text: { en: version === 1 ? 'Parents get enough support' : 'Parents get enough support today' } },
          {
            id: 'q_grid',
            type: 'likert-grid',
            scale: 'agree5',
            dontKnow: true,
            text: { en: 'How far do you agree?' },
            statements: grid.map((id, k) => ({ id, text: { en: `Statement ${k + 1}` } })),
          },
          {
            id: 'q_sources',
            type: 'multiple-choice',
            required: false,
            text: { en: 'Where do you get advice?' },
            options: [
              { code: 'tv', label: { en: 'Television' } },
              { code: 'web', label: { en: 'Websites' } },
              { code: 'friends', label: { en: 'Friends, family' } },
              ...(version === 2 ? [{ code: 'radio', label: { en: 'Radio' } }] : []),
            ],
          },
        ],
      },
      {
        id: 'p_two',
        questions: [
          { id: 'q_kids', type: 'number', text: { en: 'How many children under 2?' }, min: -5, max: 20, unit: { en: 'children' }, showIf: { question: 'q_gender', in: ['2'] } },
          { id: 'q_comment', type: 'short-text', required: false, text: { en: 'Anything else?' } },
        ],
      },
      ...(version === 2
        ? [
            {
              id: 'p_three',
              questions: [
                {
                  id: 'q_new',
                  type: 'single-choice',
                  text: { en: 'Is this question new?' },
                  options: [
                    { code: 'a', label: { en: 'Yes' } },
                    { code: 'b', label: { en: 'No' } },
                    { code: 'c', label: { en: 'Not sure' } },
                  ],
                },
              ],
            },
          ]
        : []),
    ],
  });
}

export const EXPORT_V1 = exportSurvey(1);
export const EXPORT_V2 = exportSurvey(2);

const gridOf = (codes: string) => Object.fromEntries(grid.map((id, k) => [id, codes[k]!]));

export interface FixtureResponse {
  name: string;
  row: Partial<NewResponseRow>;
  answers: Answers;
  excluded?: string;
}

/** Six responses in submission order (r5 excluded while cleaning, r6 demo data). Timed durations are
 * 600, 540, -, 60, 300 and 480 seconds: the median is 480, so only r4 (60 < 160) is a speeder. r1
 * straight-lines the grid; r3 (version 1) and r4 (version 2) share a panel id. */
export const RESPONSES: FixtureResponse[] = [
  {
    name: 'r1',
    row: { survey_version: 1, source: 'web', started_at: '2026-03-01T10:00:00.000Z', submitted_at: '2026-03-01T10:10:00.000Z' },
    answers: { q_gender: '1', q_view: '4', q_grid: gridOf('33333'), q_sources: ['tv'], q_comment: '=SUM(1)' },
  },
  {
    name: 'r2',
    row: { survey_version: 1, source: 'web', started_at: '2026-03-02T10:00:00.000Z', submitted_at: '2026-03-02T10:09:00.000Z' },
    answers: { q_gender: '2', q_view: '9', q_grid: gridOf('12345'), q_sources: ['web', 'friends'], q_kids: -1, q_comment: '+1' },
  },
  {
    name: 'r3',
    row: { survey_version: 1, source: 'api', started_at: null, submitted_at: '2026-03-03T10:00:00.000Z', panel_id: 'P1' },
    answers: { q_gender: '2', q_view: '2', q_grid: gridOf('22334'), q_kids: 3, q_comment: '-1' },
  },
  {
    name: 'r4',
    row: { survey_version: 2, source: 'web', started_at: '2026-03-04T10:00:00.000Z', submitted_at: '2026-03-04T10:01:00.000Z', panel_id: 'P1' },
    answers: { q_gender: '2', q_view: '5', q_grid: gridOf('44445'), q_sources: ['radio', 'tv'], q_kids: 0, q_comment: '@x', q_new: 'b' },
  },
  {
    name: 'r5',
    row: { survey_version: 2, source: 'web', started_at: '2026-03-05T10:00:00.000Z', submitted_at: '2026-03-05T10:05:00.000Z' },
    answers: { q_gender: '1', q_view: '1', q_grid: gridOf('12121'), q_sources: ['friends'], q_comment: '\tTab', q_new: 'a' },
    excluded: 'Tested the survey, "not" real',
  },
  {
    name: 'r6',
    row: { survey_version: 2, source: 'demo', is_demo: 1, started_at: '2026-03-06T10:00:00.000Z', submitted_at: '2026-03-06T10:08:00.000Z' },
    answers: { q_gender: '1', q_view: '3', q_grid: gridOf('54549'), q_sources: ['web'], q_comment: '\rCR "q"', q_new: 'a' },
  },
];

/** Stores the fixture responses (and r5's exclusion) directly, with chosen times and ids; returns ids by name. */
export async function insertFixtureResponses(ctx: TestContext): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const [k, response] of RESPONSES.entries()) {
    const id = randomUUID();
    ids[response.name] = id;
    await ctx.database.db
      .insertInto('responses')
      .values({
        id,
        submission_id: `sub-${k + 1}`,
        payload_hash: 'test',
        survey_slug: SLUG,
        survey_version: 1,
        status: 'complete',
        answers: JSON.stringify(response.answers),
        reference: `REF-000${k + 1}`,
        source: 'web',
        is_demo: 0,
        language: 'en',
        started_at: null,
        submitted_at: '',
        panel_id: null,
        invitation_id: null,
        ...response.row,
      })
      .execute();
    if (response.excluded) {
      await ctx.database.db
        .insertInto('response_exclusions')
        .values({ response_id: id, survey_slug: SLUG, reason: response.excluded, flag: null, excluded_at: new Date().toISOString(), excluded_by: null })
        .execute();
    }
  }
  return ids;
}
