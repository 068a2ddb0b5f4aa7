import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../server/db/schema.ts';

// A survey for the cleaning tests. The example surveys' grids have three statements, too few to judge
// straight-lining, so this one has a five-statement grid (optional, so statements can be left blank),
// a four-statement grid that can never flag, and a screener-free single page a test can answer fast.

const metadata = {
  organisation: 'Test Charity',
  population: 'parents in a test',
  geography: 'England',
  fieldwork: { start: '2024-02-23', end: '2024-03-01' },
  privacyNotice: { en: 'Test privacy notice.' },
};

const statement = (id: string, text: string) => ({ id, text: { en: text } });

/** Version 1 of the `cleaning-test` survey. */
export const CLEANING_SURVEY = {
  slug: 'cleaning-test',
  version: 1,
  title: { en: 'Cleaning test survey' },
  description: { en: 'A survey for testing cleaning flags.' },
  languages: ['en'],
  metadata,
  pages: [
    {
      id: 'p_views',
      questions: [
        {
          id: 'q_parent',
          type: 'single-choice',
          text: { en: 'Are you a parent?' },
          options: [
            { code: '1', label: { en: 'Yes' } },
            { code: '2', label: { en: 'No' } },
          ],
        },
        {
          id: 'q_five',
          type: 'likert-grid',
          scale: 'agree5',
          dontKnow: true,
          required: false,
          text: { en: 'How far do you agree with each of these?' },
          statements: [
            statement('s1', 'Early relationships matter.'),
            statement('s2', 'Support should be offered.'),
            statement('s3', 'Advice is easy to find.'),
            statement('s4', 'Cry it out is outdated.'),
            statement('s5', 'The Government does enough.'),
          ],
        },
        {
          id: 'q_four',
          type: 'likert-grid',
          scale: 'agree5',
          dontKnow: true,
          text: { en: 'And each of these?' },
          statements: [statement('t1', 'One.'), statement('t2', 'Two.'), statement('t3', 'Three.'), statement('t4', 'Four.')],
        },
      ],
    },
  ],
};

/** Answers to the five-statement grid: the same code on every statement. */
export const sameOnFive = (code: string) => ({ s1: code, s2: code, s3: code, s4: code, s5: code });

/** Answers that vary across the five-statement grid; the four-statement grid gets one code throughout
 * on purpose, because a grid that short must never raise the flag. */
export const VARIED = { q_parent: '1', q_five: { s1: '1', s2: '2', s3: '3', s4: '4', s5: '5' }, q_four: { t1: '4', t2: '4', t3: '4', t4: '4' } };

/** One response to plant: its duration in seconds (null: no recorded start), answers and panel id. */
export interface PlantedResponse {
  seconds: number | null;
  answers: object;
  panelId?: string | null;
}

/** Seven responses with hand-worked flags, submitted a minute apart in this order (r1..r7).
 * Timed: 600, 300, 90, 420, 360, 60 (r5 has no start) -> sorted 60, 90, 300, 360, 420, 600, median
 * (300 + 360) / 2 = 330, a third is 110: speeders r3 (90) and r7 (60). Straight-liners: r4 (agree to
 * all five) and r5 (don't know to all five). Duplicate panel id P1: r2 (first) and r4; r5's blank id
 * and r7's unique P2 are not duplicates. */
export const PLANTED: PlantedResponse[] = [
  { seconds: 600, answers: VARIED },
  { seconds: 300, answers: VARIED, panelId: 'P1' },
  { seconds: 90, answers: VARIED },
  { seconds: 420, answers: { ...VARIED, q_five: sameOnFive('4') }, panelId: 'P1' },
  { seconds: null, answers: { ...VARIED, q_five: sameOnFive('9') }, panelId: ' ' },
  { seconds: 360, answers: VARIED },
  { seconds: 60, answers: VARIED, panelId: 'P2' },
];

/** Inserts complete responses directly (the API stamps the submission time itself, and durations must
 * be chosen), a minute apart from a fixed start; returns their ids in order. */
export async function plantResponses(db: Kysely<Database>, slug: string, planted: PlantedResponse[]): Promise<string[]> {
  const ids: string[] = [];
  const start = Date.parse('2026-03-02T09:00:00.000Z');
  for (const [i, response] of planted.entries()) {
    const id = randomUUID();
    const submitted = start + i * 60_000;
    await db
      .insertInto('responses')
      .values({
        id,
        submission_id: randomUUID(),
        payload_hash: 'test',
        survey_slug: slug,
        survey_version: 1,
        status: 'complete',
        answers: JSON.stringify(response.answers),
        reference: `CLN-${String(i + 1).padStart(4, '0')}-${id.slice(0, 4).toUpperCase()}`,
        source: 'api',
        is_demo: 0,
        language: 'en',
        started_at: response.seconds === null ? null : new Date(submitted - response.seconds * 1000).toISOString(),
        submitted_at: new Date(submitted).toISOString(),
        panel_id: response.panelId ?? null,
        invitation_id: null,
      })
      .execute();
    ids.push(id);
  }
  return ids;
}
