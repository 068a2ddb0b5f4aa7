import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../server/db/schema.ts';
import { definitionFrom, type TestContext } from '../helpers.ts';

/** A small bilingual survey with a screener, a quota question and a scale question. */
export const fieldworkSurvey = definitionFrom({
  slug: 'fw-test',
  version: 1,
  title: { en: 'Parents poll', cy: 'Arolwg rhieni' },
  description: { en: 'About being a parent.', cy: 'Am fod yn rhiant.' },
  languages: ['en', 'cy'],
  metadata: {
    organisation: 'Example Charity',
    population: 'parents',
    geography: 'Wales',
    privacyNotice: { en: 'We keep your answers safe.', cy: 'Rydym yn cadw eich atebion yn ddiogel.' },
  },
  pages: [
    {
      id: 'p_screen',
      questions: [
        {
          id: 'q_parent',
          type: 'single-choice',
          text: { en: 'Are you a parent?', cy: 'Ydych chi’n rhiant?' },
          options: [
            { code: '1', label: { en: 'Yes', cy: 'Ydw' } },
            { code: '2', label: { en: 'No', cy: 'Nac ydw' } },
          ],
          screenOut: ['2'],
        },
      ],
    },
    {
      id: 'p_about',
      questions: [
        {
          id: 'q_gender',
          type: 'single-choice',
          text: { en: 'Gender', cy: 'Rhywedd' },
          options: [
            { code: '1', label: { en: 'Man', cy: 'Dyn' } },
            { code: '2', label: { en: 'Woman', cy: 'Menyw' } },
            { code: '3', label: { en: 'Another way', cy: 'Mewn ffordd arall' } },
          ],
        },
      ],
    },
    {
      id: 'p_view',
      questions: [
        { id: 'q_agree', type: 'likert', scale: 'agree5', text: { en: 'Parenting is hard', cy: 'Mae magu plant yn anodd' } },
        {
          id: 'q_grid',
          type: 'likert-grid',
          scale: 'agree5',
          text: { en: 'How far do you agree?', cy: 'I ba raddau rydych chi’n cytuno?' },
          statements: [{ id: 's_one', text: { en: 'Statement one', cy: 'Datganiad un' } }],
        },
      ],
    },
  ],
});

/** Form answers page by page for a complete response of the given gender. */
export const formsFor = (gender: string) => ({
  p_screen: { q_parent: '1' },
  p_about: { q_gender: gender },
  p_view: { q_agree: '4', 'q_grid.s_one': '5' },
});

/** Writes fieldwork settings straight to the database, for tests about their effect. */
export async function setSettings(
  ctx: TestContext,
  settings: Partial<{ opens_at: string | null; closes_at: string | null; target_sample: number | null; invitation_only: number; quotas: string; redirects: string }>,
) {
  const row = { survey_slug: fieldworkSurvey.slug, updated_at: new Date().toISOString(), ...settings };
  await ctx.database.db
    .insertInto('survey_settings')
    .values(row)
    .onConflict((oc) => oc.column('survey_slug').doUpdateSet(settings))
    .execute();
}

/** Stores a complete response directly (demo or real) with the given gender. */
export async function insertComplete(db: Kysely<Database>, gender: string, isDemo = false) {
  const id = randomUUID();
  await db
    .insertInto('responses')
    .values({
      id,
      submission_id: randomUUID(),
      payload_hash: 'x',
      survey_slug: fieldworkSurvey.slug,
      survey_version: 1,
      status: 'complete',
      answers: JSON.stringify({ q_parent: '1', q_gender: gender, q_agree: '3', q_grid: { s_one: '3' } }),
      reference: id.slice(0, 9),
      source: isDemo ? 'demo' : 'api',
      is_demo: isDemo ? 1 : 0,
      language: 'en',
      started_at: null,
      submitted_at: new Date().toISOString(),
    })
    .execute();
  return id;
}

export const hoursFromNow = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
