import { describe, expect, it } from 'vitest';
import type { Figure } from '../../server/press-items/figures.ts';
import { describeMoves, describePercentMove, labelFigures, pressItemHref } from '../../web/views/studio/press/press-home-page.tsx';

// The words of the press studio home: labels that tell an item's figures apart, and "then and now"
// at the fewest decimals that show a move.

const figure = (over: Partial<Figure> & { question?: string }): Figure =>
  ({
    query: { survey: 's', question: over.question ?? 'q_a', answer: { kind: 'net', id: 'top2' } },
    surveyTitle: 'Survey S',
    questionText: 'Question A',
    statementText: null,
    answerLabel: 'Agree or strongly agree',
    percent: 75,
    count: 75,
    base: { unweighted: 100, weighted: 100, effective: 100, flag: 'ok' },
    interval: null,
    marginOfError: null,
    survey: { slug: 's', organisation: 'O', commissioner: null, conductedBy: null, population: 'p', geography: 'g', method: 'online', fieldwork: null },
    subgroupLabel: null,
    provenance: { versions: [1], weighting: null, filters: [], excludedResponses: 0, responses: 100, dataCutOff: null, computedAt: '2026-01-01T00:00:00Z' },
    ...over,
  }) as Figure;

describe('press home wording', () => {
  it('shows then and now at whole numbers, or at the decimals that tell them apart', () => {
    expect(describePercentMove(75, 74)).toBe('75% then, 74% now');
    expect(describePercentMove(75.02, 75.08)).toBe('75.0% then, 75.1% now');
    expect(describePercentMove(75.06, 75.11)).toBe('75.06% then, 75.11% now');
    expect(describePercentMove(40, null)).toBe('40% then, – now');
  });

  it('labels figures by what differs between them', () => {
    expect(labelFigures([figure({})])).toEqual(['Agree or strongly agree']);
    expect(labelFigures([figure({ subgroupLabel: 'Woman' })])).toEqual(['Agree or strongly agree, Woman']);
    expect(labelFigures([figure({ subgroupLabel: 'Woman' }), figure({ subgroupLabel: 'Man' })])).toEqual(['Woman', 'Man']);
    expect(labelFigures([figure({}), figure({ subgroupLabel: 'Man' })])).toEqual(['Everyone', 'Man']);
    const professionals = figure({ surveyTitle: 'Professionals', survey: { ...figure({}).survey, slug: 'pros' } });
    expect(labelFigures([professionals, figure({ surveyTitle: 'Public' })])).toEqual(['Professionals', 'Public']);
    expect(labelFigures([figure({ answerLabel: 'Agree' }), figure({ answerLabel: 'Disagree' })])).toEqual(['Agree', 'Disagree']);
  });

  it('describes only the figures that moved, and those that can no longer be computed', () => {
    const frozen = [figure({ subgroupLabel: 'Woman' }), figure({ subgroupLabel: 'Man', percent: 60 })];
    const moves = describeMoves(
      {
        moved: true,
        figures: [
          { frozen: frozen[0]!, live: figure({ subgroupLabel: 'Woman', percent: 75.01 }), error: null, percentChange: 0.01, baseChange: 0 },
          { frozen: frozen[1]!, live: null, error: 'Survey "s" has no weighting scheme "w"', percentChange: null, baseChange: -100 },
        ],
      },
      labelFigures(frozen),
    );
    expect(moves).toEqual(['Man: can no longer be computed (Survey "s" has no weighting scheme "w"); 60% when saved']);
    expect(pressItemHref({ id: 'abc', kind: 'chart' })).toBe('/studio/press/charts/abc');
    expect(pressItemHref({ id: 'abc', kind: 'headline' })).toBe('/studio/press/headlines/abc');
  });
});
