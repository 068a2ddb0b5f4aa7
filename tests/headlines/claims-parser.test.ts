import { describe, expect, it } from 'vitest';
import { checkClaims, parseClaims, surveyForGroup, type CandidateFigure } from '../../server/headlines/claims.ts';

describe('parseClaims', () => {
  it('pairs a phrase with its bracketed percentage and reads the group after "of"', () => {
    const parsed = parseClaims("Over half (53%) of parents believe advice such as 'cry it out' is outdated");
    expect(parsed.percentages).toMatchObject([{ text: '53%', value: 53, decimals: 0, group: 'parents' }]);
    expect(parsed.phrases).toMatchObject([{ text: 'Over half', wording: 'over half', group: 'parents', paired: 0 }]);
    expect(parsed.phrases[0]!.phrase.id).toBe('over-half');
    expect(parsed.comparisons).toEqual([]);
  });

  it('two percentages with their groups', () => {
    const parsed = parseClaims("97% of professionals and 75% of the public agreed early relationships are critical to children's development");
    expect(parsed.percentages.map((p) => [p.value, p.group])).toEqual([
      [97, 'professionals'],
      [75, 'the public'],
    ]);
    expect(parsed.phrases).toEqual([]);
  });

  it('a comparison, and "more than half" is not one', () => {
    const parsed = parseClaims('More professionals than members of the public agree that early relationships are critical. More than half of parents agree.');
    expect(parsed.comparisons).toMatchObject([{ higher: 'professionals', lower: 'members of the public' }]);
    expect(parsed.phrases.map((p) => p.phrase.id)).toEqual(['over-half']);
    const fewer = parseClaims('Fewer parents than professionals said yes.');
    expect(fewer.comparisons).toMatchObject([{ higher: 'professionals', lower: 'parents' }]);
  });

  it('per cent, decimals, hyphen variants, and sentences split only at a full stop and a space', () => {
    const parsed = parseClaims('Nearly two thirds (64.5 per cent) of adults agree. Almost one in three felt guilty.');
    expect(parsed.percentages).toMatchObject([{ value: 64.5, decimals: 1 }]);
    expect(parsed.phrases.map((p) => [p.phrase.id, p.paired])).toEqual([
      ['almost-two-thirds', 0],
      ['almost-a-third', null],
    ]);
    expect(parsed.phrases[1]!.sentence).toBe('Almost one in three felt guilty.');
  });

  it('"the most", "at most" and "the first half" are not proportion phrases', () => {
    expect(parseClaims('The most important finding came in the first half; at most 10% said no.').phrases).toEqual([]);
  });

  it('a percentage not in brackets is not paired', () => {
    const parsed = parseClaims('Over half of parents, 53%, agree.');
    expect(parsed.phrases[0]!.paired).toBeNull();
  });

  it('finds nothing in a text without claims', () => {
    expect(parseClaims('Parents want better support.')).toEqual({ percentages: [], phrases: [], comparisons: [] });
  });
});

const candidate = (overrides: Partial<CandidateFigure>): CandidateFigure => ({
  survey: 'parents',
  surveyWords: 'parents survey parents of babies',
  question: 'q_guilty',
  questionText: 'Have you ever felt guilty?',
  statement: null,
  statementText: null,
  answer: { kind: 'option', id: '1' },
  answerLabel: 'Yes',
  weighting: null,
  percent: 31,
  base: { unweighted: 2006, effective: 2006, flag: 'ok' },
  interval: null,
  ...overrides,
});

describe('checkClaims on hand-made candidates', () => {
  const candidates = [
    candidate({}),
    candidate({ question: 'q_support', questionText: 'Would you welcome support?', percent: 30.6 }),
    candidate({ question: 'q_aware', questionText: 'Did you know this?', answerLabel: 'No', answer: { kind: 'option', id: '2' }, percent: 41.2 }),
    candidate({ question: 'q_aware', questionText: 'Did you know this?', answerLabel: 'No', answer: { kind: 'option', id: '2' }, percent: 39.7, weighting: 'census' }),
  ];

  it('the words of the sentence pick one of two figures that round alike', () => {
    const [claim] = checkClaims('31% of parents felt guilty', candidates, 'parents');
    expect(claim).toMatchObject({ verdict: 'supported', matches: [{ question: 'q_guilty' }] });
    expect(claim!.reason).toBe("31% matches parents q_guilty 'Yes' (option) 31.0% (base 2,006)");
  });

  it('two figures rounding alike with nothing to tell them apart are ambiguous', () => {
    const [claim] = checkClaims('31% said so', candidates, 'parents');
    expect(claim!.verdict).toBe('ambiguous');
    expect(claim!.matches.map((m) => m.question).sort()).toEqual(['q_guilty', 'q_support']);
  });

  it('a weighted figure matches when only it rounds to the claim, and says so', () => {
    const [claim] = checkClaims('40% did not know this', candidates, 'parents');
    expect(claim).toMatchObject({ verdict: 'supported', matches: [{ question: 'q_aware', weighting: 'census' }] });
    expect(claim!.reason).toMatch(/weighted by census/);
  });

  it('no figure rounds to it', () => {
    expect(checkClaims('61% of parents', candidates, 'parents')[0]).toMatchObject({ verdict: 'not_found', reason: 'no figure in parents rounds to 61%' });
  });

  it('a decimal claim must match to one decimal place', () => {
    expect(checkClaims('41.2% did not know this', candidates, 'parents')[0]!.verdict).toBe('supported');
    expect(checkClaims('41.0% did not know this', candidates, 'parents')[0]!.verdict).toBe('not_found');
  });

  it('a phrase paired with an ambiguous figure stands when it holds for every one of them', () => {
    // 31.0% and 30.6% of 2006: Wilson [29.01%, 33.06%] and [28.62%, 32.65%], both inside [28%, 33.33%).
    const claims = checkClaims('Almost a third (31%) said so', candidates, 'parents');
    expect(claims.map((c) => [c.kind, c.verdict])).toEqual([
      ['phrase', 'supported'],
      ['percent', 'ambiguous'],
    ]);
    expect(claims[0]!.matches).toHaveLength(2);
  });

  it('and is ambiguous when it holds for one figure but not another', () => {
    // 31.4% of 2006: Wilson [29.41%, 33.46%] reaches above a third; 30.6% stays inside.
    const split = [candidates[1]!, candidate({ percent: 31.4 })];
    const claims = checkClaims('Almost a third (31%) said so', split, 'parents');
    expect(claims[0]).toMatchObject({ kind: 'phrase', verdict: 'ambiguous' });
    expect(claims[0]!.reason).toMatch(/depends on which figure is meant/);
  });

  it('a phrase without a figure is judged against the figure the sentence is about', () => {
    const claims = checkClaims('Four in ten did not know this.', candidates, 'parents');
    // q_aware, unweighted 41.2% of 2006 (preferred to the weighted 39.7%): Wilson [39.06%, 43.37%],
    // inside four in ten [37.5%, 42.5%)? No: 43.37% is above.
    expect(claims).toMatchObject([{ kind: 'phrase', verdict: 'not_supported', matches: [{ question: 'q_aware', weighting: null }] }]);
  });
});

describe('surveyForGroup', () => {
  const surveys = [
    { slug: 'pif-public', words: 'pif public Public attitudes adults aged 18 or over' },
    { slug: 'pif-professionals', words: 'pif professionals Professionals teachers, early years workers and health professionals' },
  ];
  it('names the survey whose words the group shares', () => {
    expect(surveyForGroup('the public', surveys)).toBe('pif-public');
    expect(surveyForGroup('members of the public', surveys)).toBe('pif-public');
    expect(surveyForGroup('professionals', surveys)).toBe('pif-professionals');
    expect(surveyForGroup('parents', surveys)).toBeNull();
    expect(surveyForGroup('professionals', surveys.slice(0, 1))).toBeNull();
  });
});
