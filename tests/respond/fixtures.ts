import { join } from 'node:path';
import { readSurveyFile } from '../../server/surveys/service.ts';
import type { SurveyDefinition } from '../../server/surveys/schema.ts';
import { definitionFrom, EXAMPLE_SURVEYS_DIR } from '../helpers.ts';

/** The Start for Life example alone, so other example files landing in surveys/ cannot affect these tests. */
export async function readStartForLife(): Promise<SurveyDefinition> {
  const file = await readSurveyFile(join(EXAMPLE_SURVEYS_DIR, 'start-for-life-parents.v1.json'));
  if (!file.definition) throw new Error(`Start for Life example is invalid: ${JSON.stringify(file.problems)}`);
  return file.definition;
}

/** A small bilingual survey of our own, so Welsh tests do not depend on the example files. */
export const bilingualSurvey = definitionFrom({
  slug: 'dwyieithog',
  version: 1,
  title: { en: 'Family life survey', cy: 'Arolwg bywyd teulu' },
  description: { en: 'Tell us about family life.', cy: 'Dywedwch wrthym am fywyd teulu.' },
  languages: ['en', 'cy'],
  metadata: {
    organisation: 'Example Charity',
    population: 'adults',
    geography: 'Wales',
    privacyNotice: { en: 'We keep your answers safe.', cy: 'Rydym yn cadw eich atebion yn ddiogel.' },
  },
  pages: [
    {
      id: 'p_one',
      title: { en: 'About you', cy: 'Amdanoch chi' },
      questions: [
        {
          id: 'q_agree',
          type: 'likert',
          scale: 'agree5',
          text: { en: 'Early relationships matter', cy: 'Mae perthnasoedd cynnar yn bwysig' },
        },
        {
          id: 'q_sources',
          type: 'multiple-choice',
          maxSelections: 2,
          text: { en: 'Where do you get advice?', cy: "O ble rydych chi'n cael cyngor?" },
          options: [
            { code: 'a', label: { en: 'Family', cy: 'Teulu' } },
            { code: 'b', label: { en: 'Health visitor', cy: 'Ymwelydd iechyd' } },
            { code: 'c', label: { en: 'Internet', cy: 'Rhyngrwyd' } },
          ],
        },
      ],
    },
    {
      id: 'p_two',
      questions: [
        {
          id: 'q_town',
          type: 'short-text',
          required: false,
          text: { en: 'Which town do you live in?', cy: "Ym mha dref rydych chi'n byw?" },
        },
      ],
    },
  ],
});
