// A small survey with every question type, routing, an optional question and a screener, used by the
// analysis and results tests. Version 2 rewords an option, adds one and adds a question.

const metadata = {
  organisation: 'Test Charity',
  population: 'parents in a test',
  geography: 'England',
  fieldwork: { start: '2024-02-23', end: '2024-03-01' },
  privacyNotice: { en: 'Test privacy notice.' },
};

/** Version 1 of the `results-test` survey. */
export const RESULTS_SURVEY_V1 = {
  slug: 'results-test',
  version: 1,
  title: { en: 'Results test survey' },
  description: { en: 'A survey for testing results.' },
  languages: ['en'],
  metadata,
  pages: [
    {
      id: 'p_screen',
      questions: [
        {
          id: 'q_eligible',
          type: 'single-choice',
          text: { en: 'Do you live in England?' },
          options: [
            { code: '1', label: { en: 'Yes' } },
            { code: '2', label: { en: 'No' } },
          ],
          screenOut: ['2'],
        },
      ],
    },
    {
      id: 'p_about',
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
      ],
    },
    {
      id: 'p_views',
      questions: [
        { id: 'q_support', type: 'likert', scale: 'agree5', dontKnow: true, text: { en: 'I would welcome support.' } },
        { id: 'q_children', type: 'number', required: false, min: 0, max: 10, text: { en: 'How many children do you have?' } },
        {
          id: 'q_age_child',
          type: 'single-choice',
          showIf: { question: 'q_parent', in: ['1'] },
          text: { en: 'How old is your youngest child?' },
          options: [
            { code: '1', label: { en: 'Under 1' } },
            { code: '2', label: { en: '1 to 2' } },
          ],
        },
        {
          id: 'q_sources',
          type: 'multiple-choice',
          required: false,
          text: { en: 'Where do you get advice?' },
          options: [
            { code: 'family', label: { en: 'Family' } },
            { code: 'nhs', label: { en: 'NHS' } },
            { code: 'online', label: { en: 'Online' } },
          ],
        },
        {
          id: 'q_advice',
          type: 'likert-grid',
          scale: 'agree5',
          dontKnow: true,
          text: { en: 'How far do you agree that this advice is outdated?' },
          statements: [
            { id: 's_cry', text: { en: "Letting the baby 'cry it out'" } },
            { id: 's_affection', text: { en: 'Limiting physical affection' } },
          ],
        },
        { id: 'q_comments', type: 'long-text', required: false, text: { en: 'Anything else?' } },
      ],
    },
  ],
};

/** Version 2: q_parent code 1 reworded, code 3 added, and a new question q_new. */
export const RESULTS_SURVEY_V2 = {
  ...RESULTS_SURVEY_V1,
  version: 2,
  pages: [
    RESULTS_SURVEY_V1.pages[0],
    {
      id: 'p_about',
      questions: [
        {
          id: 'q_parent',
          type: 'single-choice',
          text: { en: 'Are you a parent or carer?' },
          options: [
            { code: '1', label: { en: 'Yes, a parent' } },
            { code: '2', label: { en: 'No' } },
            { code: '3', label: { en: 'A carer' } },
          ],
        },
        {
          id: 'q_new',
          type: 'single-choice',
          text: { en: 'A question new in version 2' },
          options: [
            { code: '1', label: { en: 'One' } },
            { code: '2', label: { en: 'Two' } },
          ],
        },
      ],
    },
    RESULTS_SURVEY_V1.pages[2],
  ],
};
