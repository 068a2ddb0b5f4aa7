import { describe, expect, it } from 'vitest';
import { draftFromFigure, writeBaseLine, writeMarginLine, writeSentence } from '../../server/headlines/sentence.ts';
import type { Figure } from '../../server/press-items/figures.ts';

// The sentence writer on hand-built figures: every word comes from the figure, so these pin the rules.

function figureOf(overrides: Partial<Figure> = {}): Figure {
  return {
    query: { survey: 'pif-public', question: 'q_attitudes', statement: 's_early_relationships_critical', answer: { kind: 'net', id: 'top2' } },
    surveyTitle: 'Public attitudes',
    questionText: 'How far do you agree or disagree with each of these statements?',
    statementText: "Early relationships are critical to children's development",
    answerLabel: 'Agree or strongly agree',
    percent: 74.6,
    count: 1492,
    base: { unweighted: 2000, weighted: 2000, effective: 2000, flag: 'ok' },
    interval: null,
    // 1.96·sqrt(0.746·0.254/2000) = 0.019078
    marginOfError: 0.019078,
    survey: {
      slug: 'pif-public',
      organisation: 'Parent-Infant Foundation',
      commissioner: null,
      conductedBy: null,
      population: 'adults aged 18 or over',
      geography: 'the United Kingdom',
      method: 'online',
      fieldwork: null,
    },
    subgroupLabel: null,
    provenance: { versions: [1], weighting: null, filters: [], excludedResponses: 0, responses: 2000, dataCutOff: null, computedAt: '2026-11-23T00:00:00Z' },
    ...overrides,
  };
}

describe('writeSentence', () => {
  it('an agree net of a grid statement: "agreed that ..." with the rounded percent and the population', () => {
    expect(writeSentence(figureOf())).toBe("75% of adults aged 18 or over agreed that early relationships are critical to children's development");
  });

  it('a disagree net keeps an acronym capitalised', () => {
    const figure = figureOf({ statementText: 'The UK Government is doing enough to protect children from trauma', answerLabel: 'Disagree or strongly disagree', percent: 80.4 });
    expect(writeSentence(figure)).toBe('80% of adults aged 18 or over disagreed that the UK Government is doing enough to protect children from trauma');
    const acronym = figureOf({ statementText: 'UK services are enough', answerLabel: 'Disagree or strongly disagree', percent: 80.4 });
    expect(writeSentence(acronym)).toBe('80% of adults aged 18 or over disagreed that UK services are enough');
  });

  it('a scale question of its own: the statement after "agree or disagree:"', () => {
    const figure = figureOf({
      statementText: null,
      questionText: 'How far do you agree or disagree: I would welcome support in nurturing my connection with my baby',
      answerLabel: 'Strongly agree',
      percent: 31.2,
    });
    expect(writeSentence(figure)).toBe('31% of adults aged 18 or over strongly agreed that they would welcome support in nurturing their connection with their baby');
  });

  it('turns first-person statements into reported speech, verbs of "I am" and "I was" included', () => {
    const said = (statementText: string) => writeSentence(figureOf({ statementText }));
    expect(said("I am confident I'm doing the right thing for my baby")).toBe('75% of adults aged 18 or over agreed that they are confident they’re doing the right thing for their baby');
    expect(said('I was told to leave my baby to cry by people around me')).toBe('75% of adults aged 18 or over agreed that they were told to leave their baby to cry by people around them');
    expect(said('Imagination matters to me and mine')).toBe('75% of adults aged 18 or over agreed that imagination matters to them and theirs');
  });

  it('any other answer: said "<label>" when asked "<question>"', () => {
    const figure = figureOf({ statementText: null, questionText: 'Have you ever felt guilty?', answerLabel: 'Yes', percent: 30.99 });
    expect(writeSentence(figure)).toBe('31% of adults aged 18 or over said "Yes" when asked "Have you ever felt guilty?"');
  });

  it('a subgroup replaces the population', () => {
    expect(writeSentence(figureOf({ subgroupLabel: 'Woman' }))).toMatch(/^75% of Woman agreed that/);
  });

  it('no sentence without a percentage (suppressed or empty base)', () => {
    expect(writeSentence(figureOf({ percent: null, marginOfError: null, base: { unweighted: 7, weighted: 7, effective: 7, flag: 'suppressed' } }))).toBeNull();
  });
});

describe('base and margin lines', () => {
  it('unweighted: the base, population and geography; margin ±1.9 points', () => {
    expect(writeBaseLine(figureOf())).toBe('Base: 2,000 adults aged 18 or over in the United Kingdom');
    expect(writeMarginLine(figureOf())).toBe('Margin of error: ±1.9 points');
  });

  it('weighted with a subgroup: both in brackets, with the effective base', () => {
    const figure = figureOf({
      subgroupLabel: 'Woman',
      base: { unweighted: 1260, weighted: 1000.4, effective: 845.7, flag: 'ok' },
      provenance: { versions: [1], weighting: 'uk-adults', filters: [{ question: 'q_gender', codes: ['1'] }], excludedResponses: 0, responses: 2000, dataCutOff: null, computedAt: '' },
    });
    expect(writeBaseLine(figure)).toBe('Base: 1,260 adults aged 18 or over in the United Kingdom (subgroup: Woman; weighted by uk-adults; effective base 846)');
  });

  it('no margin without a figure', () => {
    expect(writeMarginLine(figureOf({ percent: null, marginOfError: null }))).toBeNull();
  });
});

describe('draftFromFigure', () => {
  it('leads with a true phrase and suggests phrases best first', () => {
    // 74.6% on 2000: Wilson [72.65%, 76.46%] (hand: centre 0.745528, half 0.019065).
    const draft = draftFromFigure(figureOf(), 'three-quarters');
    expect(draft.sentence).toBe("Three-quarters (75%) of adults aged 18 or over agreed that early relationships are critical to children's development");
    expect(draft.phrase).toMatchObject({ phrase: 'three-quarters', true: true, supported: true });
    // three-quarters [72.5, 77.5) and more than two-thirds hold the whole interval; almost three-quarters
    // [70, 75) holds 74.6 but not 76.46.
    expect(draft.phrases.map((p) => `${p.phrase}:${p.supported}`)).toEqual(['three-quarters:true', 'over-two-thirds:true', 'almost-three-quarters:false']);
    expect(draft.warnings).toEqual([]);
  });

  it('warns about a phrase that is not true and keeps the plain sentence', () => {
    const draft = draftFromFigure(figureOf(), 'four-fifths');
    expect(draft.sentence).toMatch(/^75% of/);
    expect(draft.warnings[0]).toBe("Phrase not true: 'four-fifths' is not true of 74.6%: it means from 77.5% up to just under 82.5%.");
  });

  it('warns about a low base and an unsupported phrase', () => {
    const figure = figureOf({ percent: 55, base: { unweighted: 40, weighted: 40, effective: 40, flag: 'low' } });
    const draft = draftFromFigure(figure, 'over half');
    expect(draft.warnings).toEqual([
      'Low base: 40 respondents, under 50. Report the base beside the figure.',
      // Wilson on 0.55, 40: [39.8%, 69.3%].
      "Phrase not supported: 'over half' is true of 55.0% but not supported at 95% confidence: the 95% interval 39.8% to 69.3% reaches down to 39.8%, and 'over half' means more than 50.0%.",
    ]);
  });

  it('a suppressed figure: no sentence, no phrases, a warning', () => {
    const draft = draftFromFigure(figureOf({ percent: null, marginOfError: null, base: { unweighted: 7, weighted: 7, effective: 7, flag: 'suppressed' } }));
    expect(draft).toMatchObject({ sentence: null, phrases: [], marginOfError: null });
    expect(draft.warnings).toEqual(['Suppressed: the base is 7, under 10, so no percentage is reported.']);
  });

  it('an unknown phrase is named in a warning', () => {
    expect(draftFromFigure(figureOf(), 'loads').warnings).toEqual(['"loads" is not a phrase Attune knows, so it was not checked.']);
  });
});
