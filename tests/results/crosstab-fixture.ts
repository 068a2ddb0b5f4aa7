import type { Answers } from '../../server/surveys/model.ts';

// A survey small enough to check every crosstab figure by hand: 20 version-1 respondents (10 women,
// 10 men) and 5 version-2 respondents. Version 2 swaps the meaning of q_reversed's codes (code 1 meant
// "Agree" and now means "Disagree"), so that question is reported once per version while the others
// are reported over both. Hand-worked figures are in tests/results/results-crosstab.test.ts.

const metadata = {
  organisation: 'Test Charity',
  population: 'parents in a test',
  geography: 'England',
  fieldwork: { start: '2024-02-23', end: '2024-03-01' },
  privacyNotice: { en: 'Test privacy notice.' },
};

const questions = (reversed: { one: string; two: string }) => [
  {
    id: 'q_gender',
    type: 'single-choice',
    text: { en: 'Are you a woman or a man?' },
    options: [
      { code: '1', label: { en: 'Woman' } },
      { code: '2', label: { en: 'Man' } },
    ],
  },
  {
    id: 'q_age',
    type: 'single-choice',
    text: { en: 'How old are you?' },
    options: [
      { code: '1', label: { en: 'Under 35' } },
      { code: '2', label: { en: '35 to 54' } },
      { code: '3', label: { en: '55 or over' } },
    ],
  },
  { id: 'q_support', type: 'likert', scale: 'agree5', dontKnow: true, text: { en: 'I would welcome support.' } },
  {
    id: 'q_sources',
    type: 'multiple-choice',
    text: { en: 'Where do you get advice?' },
    options: [
      { code: 'family', label: { en: 'Family' } },
      { code: 'nhs', label: { en: 'NHS' } },
      { code: 'online', label: { en: 'Online' } },
    ],
  },
  { id: 'q_children', type: 'number', min: 0, max: 10, text: { en: 'How many children do you have?' } },
  {
    id: 'q_reversed',
    type: 'single-choice',
    text: { en: 'Do you agree that the advice is clear?' },
    options: [
      { code: '1', label: { en: reversed.one } },
      { code: '2', label: { en: reversed.two } },
    ],
  },
];

/** Version 1, with two weighting schemes: one that rakes (women 30%, men 70%) and one that cannot
 * (a target for "55 or over", which nobody answered). */
export const CROSSTAB_SURVEY_V1 = {
  slug: 'crosstab-test',
  version: 1,
  title: { en: 'Crosstab test survey' },
  description: { en: 'A survey for testing banner tables.' },
  languages: ['en'],
  metadata,
  pages: [{ id: 'p_all', questions: questions({ one: 'Agree', two: 'Disagree' }) }],
  weighting: [
    { name: 'gender-30-70', description: 'Women 30%, men 70%', variables: [{ question: 'q_gender', targets: { '1': 0.3, '2': 0.7 } }] },
    { name: 'impossible-age', variables: [{ question: 'q_age', targets: { '1': 0.4, '2': 0.4, '3': 0.2 } }] },
  ],
};

/** Version 2: q_reversed's codes swap meaning (findMeaningChanges: code-takes-other-meaning). */
export const CROSSTAB_SURVEY_V2 = {
  ...CROSSTAB_SURVEY_V1,
  version: 2,
  pages: [{ id: 'p_all', questions: questions({ one: 'Disagree', two: 'Agree' }) }],
};

type Row = [gender: string, age: string, support: string, sources: string[], children: number, reversed: string];

const answersOf = ([gender, age, support, sources, children, reversed]: Row): Answers => ({
  q_gender: gender,
  q_age: age,
  q_support: support,
  q_sources: sources,
  q_children: children,
  q_reversed: reversed,
});

/** Version 1: women W1..W10, then men M11..M20. */
export const CROSSTAB_V1_ANSWERS: Answers[] = (
  [
    ['1', '1', '5', ['family', 'nhs'], 1, '1'],
    ['1', '1', '5', ['family', 'nhs'], 1, '1'],
    ['1', '1', '5', ['family', 'nhs'], 1, '1'],
    ['1', '1', '5', ['family', 'nhs'], 1, '1'],
    ['1', '1', '4', ['family', 'nhs'], 1, '1'],
    ['1', '1', '4', ['family', 'nhs'], 2, '1'],
    ['1', '1', '4', ['nhs'], 2, '1'],
    ['1', '2', '4', ['nhs'], 2, '1'],
    ['1', '2', '4', ['nhs', 'online'], 2, '1'],
    ['1', '2', '9', ['nhs', 'online'], 3, '1'],
    ['2', '1', '1', ['family', 'nhs'], 2, '2'],
    ['2', '1', '1', ['family', 'nhs'], 2, '2'],
    ['2', '1', '2', ['family', 'nhs'], 2, '2'],
    ['2', '1', '2', ['family'], 2, '2'],
    ['2', '1', '2', ['family'], 2, '2'],
    ['2', '2', '3', ['family'], 2, '2'],
    ['2', '2', '3', ['family'], 2, '2'],
    ['2', '2', '4', ['family'], 2, '2'],
    ['2', '2', '4', ['family'], 2, '2'],
    ['2', '2', '9', ['family'], 2, '2'],
  ] as Row[]
).map(answersOf);

/** Version 2: three women, two men. */
export const CROSSTAB_V2_ANSWERS: Answers[] = (
  [
    ['1', '1', '5', ['nhs'], 1, '2'],
    ['1', '1', '4', ['nhs'], 1, '2'],
    ['1', '2', '4', ['nhs'], 1, '2'],
    ['2', '1', '2', ['family'], 2, '1'],
    ['2', '2', '1', ['family'], 2, '1'],
  ] as Row[]
).map(answersOf);
