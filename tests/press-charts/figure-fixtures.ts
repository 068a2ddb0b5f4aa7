import type { Figure, FigureQuery } from '../../server/press-items/figures.ts';

// Hand-made figures for the pure chart builder and the renderer: the shapes computeFigure returns,
// with the Parent-Infant Foundation's published shares.

const PIF_SURVEY = (slug: string, population: string): Figure['survey'] => ({
  slug,
  organisation: 'Parent-Infant Foundation',
  commissioner: null,
  conductedBy: null,
  population,
  geography: 'United Kingdom',
  method: 'online',
  fieldwork: { start: '2024-02-12', end: '2024-03-08' },
});

export const PROFESSIONALS = PIF_SURVEY('pif-professionals', 'teachers, early years workers and health professionals');
export const PUBLIC = PIF_SURVEY('pif-public', 'adults aged 18 or over');
export const PARENTS: Figure['survey'] = {
  slug: 'start-for-life-parents',
  organisation: 'Department of Health and Social Care',
  commissioner: 'DHSC',
  conductedBy: 'Censuswide',
  population: 'parents (aged 17+) of under 2 year olds',
  geography: 'England',
  method: 'online',
  fieldwork: { start: '2024-02-23', end: '2024-03-01' },
};

const flagOf = (n: number): Figure['base']['flag'] => (n === 0 ? 'empty' : n < 10 ? 'suppressed' : n < 50 ? 'low' : 'ok');

/** One figure: `percent` of a base of `n` (unweighted unless `weighted` is given). */
export function figure(options: {
  survey: Figure['survey'];
  percent: number | null;
  n: number;
  answerLabel?: string;
  questionText?: string;
  statementText?: string | null;
  subgroupLabel?: string | null;
  weighted?: number;
  query?: Partial<FigureQuery>;
}): Figure {
  const weighting = options.weighted === undefined ? null : 'population';
  return {
    query: { survey: options.survey.slug, question: 'q_views', answer: { kind: 'net', id: 'top2' }, weighting, ...options.query },
    surveyTitle: options.survey.slug,
    questionText: options.questionText ?? 'How far do you agree or disagree with each of these statements?',
    statementText: options.statementText === undefined ? 'Early relationships are critical to development' : options.statementText,
    answerLabel: options.answerLabel ?? 'Agree or strongly agree',
    percent: flagOf(options.n) === 'suppressed' || flagOf(options.n) === 'empty' ? null : options.percent,
    count: ((options.percent ?? 0) / 100) * (options.weighted ?? options.n),
    base: { unweighted: options.n, weighted: options.weighted ?? options.n, effective: options.n, flag: flagOf(options.n) },
    interval: null,
    marginOfError: null,
    survey: options.survey,
    subgroupLabel: options.subgroupLabel ?? null,
    provenance: {
      versions: [1],
      weighting,
      filters: [],
      excludedResponses: 0,
      responses: options.n,
      dataCutOff: '2024-03-08T12:00:00.000Z',
      computedAt: '2026-11-23T00:00:00.000Z',
    },
  };
}
