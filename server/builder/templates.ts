// Starting points for a new survey, kept as data: each is a definition document without slug,
// version and title, which the new-survey form supplies. Codes follow the conventions the example
// surveys and the weighting targets use (gender 1-4, age bands 1-6, English regions 1-9), so a
// survey started here can be weighted and compared with the others without recoding.

/** A template as the new-survey page lists it. */
export interface SurveyTemplate {
  id: string;
  name: string;
  summary: string;
  /** The document without slug, version and title. */
  document: Record<string, unknown>;
}

const option = (code: string, en: string) => ({ code, label: { en } });

/** A single-choice question whose options are coded 1, 2, 3... in the order given. */
const singleChoice = (id: string, en: string, labels: string[], extra: Record<string, unknown> = {}) => ({
  id,
  type: 'single-choice',
  text: { en },
  ...extra,
  options: labels.map((label, i) => option(String(i + 1), label)),
});

const DEMOGRAPHICS_PAGE = {
  id: 'p_about_you',
  title: { en: 'About you' },
  questions: [
    singleChoice('q_gender', 'How would you describe your gender?', ['Woman', 'Man', 'In another way', 'Prefer not to say']),
    singleChoice('q_age_band', 'How old are you?', ['18 to 24', '25 to 34', '35 to 44', '45 to 54', '55 to 64', '65 or over']),
    singleChoice('q_region', 'Where in England do you live?', [
      'North East',
      'North West',
      'Yorkshire and the Humber',
      'East Midlands',
      'West Midlands',
      'East of England',
      'London',
      'South East',
      'South West',
    ]),
  ],
};

const PRIVACY_NOTICE = {
  en: 'Taking part is voluntary and you can stop at any time. We do not ask for your name or contact details. Your answers are stored securely and reported only as part of group statistics.',
};

/** Every template offered on the new-survey page, in the order shown. */
export const SURVEY_TEMPLATES: SurveyTemplate[] = [
  {
    id: 'attitudes-poll',
    name: 'Attitudes poll: 5-point agree scale and standard demographics',
    summary: "Gender, age band and English region, then a grid of statements on the strongly disagree to strongly agree scale with don't know.",
    document: {
      description: { en: 'We would like to know what you think. The survey takes about 5 minutes.' },
      languages: ['en'],
      metadata: {
        organisation: '',
        population: 'adults aged 18 and over',
        geography: 'England',
        method: 'online',
        privacyNotice: PRIVACY_NOTICE,
      },
      pages: [
        DEMOGRAPHICS_PAGE,
        {
          id: 'p_attitudes',
          title: { en: 'What you think' },
          questions: [
            {
              id: 'q_attitudes',
              type: 'likert-grid',
              text: { en: 'How much do you agree or disagree with each of these statements?' },
              scale: 'agree5',
              dontKnow: true,
              statements: [
                { id: 's_statement_1', text: { en: 'First statement (replace with your own wording)' } },
                { id: 's_statement_2', text: { en: 'Second statement (replace with your own wording)' } },
              ],
            },
          ],
        },
      ],
    },
  },
  {
    id: 'professionals-survey',
    name: 'Professionals survey with role screening',
    summary: 'A screening question on the respondent’s role that ends the survey for people outside the audience, then years in role and an agree-scale question.',
    document: {
      description: { en: 'We would like to hear from professionals about their work. The survey takes about 7 minutes.' },
      languages: ['en'],
      metadata: {
        organisation: '',
        population: 'professionals working with children and families',
        geography: 'United Kingdom',
        method: 'online',
        privacyNotice: PRIVACY_NOTICE,
      },
      screenOutMessage: {
        en: 'Thank you for your time. This survey is for professionals working with children and families, so we do not need to ask you any more questions.',
      },
      pages: [
        {
          id: 'p_your_work',
          title: { en: 'Your work' },
          questions: [
            singleChoice(
              'q_role',
              'Which of these best describes your main role?',
              [
                'Teacher or other professional working in a school',
                'Early years worker',
                'Health professional',
                'Another role working with children or families',
                'None of these',
              ],
              { hint: { en: 'If you have more than one role, choose the one you spend most of your working time in' }, screenOut: ['5'] },
            ),
          ],
        },
        {
          id: 'p_experience',
          title: { en: 'Your experience' },
          questions: [
            singleChoice('q_years_in_role', 'How long have you worked in this kind of role?', ['Less than 2 years', '2 to 5 years', '6 to 10 years', 'More than 10 years']),
            {
              id: 'q_enough_support',
              type: 'likert',
              text: { en: 'How much do you agree or disagree: families I work with get enough support?' },
              scale: 'agree5',
              dontKnow: true,
            },
          ],
        },
      ],
    },
  },
];

/** A template by id. */
export function findTemplate(id: string): SurveyTemplate | undefined {
  return SURVEY_TEMPLATES.find((template) => template.id === id);
}
