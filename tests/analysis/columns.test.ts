import { describe, expect, it } from 'vitest';
import { analyseSurvey, buildColumns, NOT_ASKED, SKIPPED, type QuestionResult } from '../../server/analysis/index.ts';
import type { Answers } from '../../server/surveys/model.ts';
import type { SurveyDefinition } from '../../server/surveys/schema.ts';
import { definitionFrom } from '../helpers.ts';
import { RESULTS_SURVEY_V1, RESULTS_SURVEY_V2 } from '../results/results-fixture.ts';

const v1 = definitionFrom(RESULTS_SURVEY_V1);
const v2 = definitionFrom(RESULTS_SURVEY_V2);

// Four complete responses (see the figures worked out in each test).
const answers: Answers[] = [
  { q_eligible: '1', q_parent: '1', q_support: '5', q_children: 2, q_age_child: '1', q_sources: ['family', 'nhs'], q_advice: { s_cry: '4', s_affection: '1' }, q_comments: 'Thanks' },
  { q_eligible: '1', q_parent: '1', q_support: '4', q_children: 1, q_age_child: '2', q_sources: ['nhs'], q_advice: { s_cry: '5', s_affection: '9' } },
  { q_eligible: '1', q_parent: '2', q_support: '9', q_advice: { s_cry: '2', s_affection: '2' }, q_comments: '  ' },
  { q_eligible: '1', q_parent: '2', q_support: '2', q_children: 4, q_sources: ['online'], q_advice: { s_cry: '4', s_affection: '3' } },
];

const records = (definition: SurveyDefinition, list: Answers[]) => list.map((a) => ({ definition, answers: a }));

function resultOf(results: QuestionResult[], id: string) {
  const found = results.find((r) => r.id === id);
  if (!found) throw new Error(`no ${id}`);
  return found;
}

describe('buildColumns', () => {
  const columns = buildColumns(v1, records(v1, answers));

  it('codes routing: not asked for routed-past rows, skipped for blank optional answers', () => {
    const age = columns.questions.find((q) => q.id === 'q_age_child');
    expect(age?.type).toBe('single-choice');
    if (age?.type !== 'single-choice') return;
    expect([...age.values]).toEqual([0, 1, NOT_ASKED, NOT_ASKED]);
    const sources = columns.questions.find((q) => q.id === 'q_sources');
    if (sources?.type !== 'multiple-choice') throw new Error('expected multiple choice');
    // One 0/1 column per option; response 3 ticked nothing on an optional question.
    expect(sources.selected.map((c) => [...c])).toEqual([
      [1, 0, SKIPPED, 0],
      [1, 1, SKIPPED, 0],
      [0, 0, SKIPPED, 1],
    ]);
    const children = columns.questions.find((q) => q.id === 'q_children');
    if (children?.type !== 'number') throw new Error('expected number');
    expect([...children.values]).toEqual([2, 1, NaN, 4]);
    expect([...children.asked]).toEqual([1, 1, 1, 1]);
  });

  it('analyses every question type with hand-worked figures', () => {
    const results = analyseSurvey(columns);
    const support = resultOf(results, 'q_support');
    if (support.type !== 'likert') throw new Error('expected likert');
    // Disagree, agree, strongly agree, don't know: one each of 4, don't know stays in the base.
    expect(support.base.unweighted).toBe(4);
    expect(support.options.map((o) => [o.code, o.count, o.percent])).toEqual([
      ['1', 0, 0], ['2', 1, 25], ['3', 0, 0], ['4', 1, 25], ['5', 1, 25], ['9', 1, 25],
    ]);
    expect(support.nets.map((n) => [n.id, n.count, n.percent])).toEqual([['top2', 2, 50], ['bottom2', 1, 25]]);

    // Routed: only the two parents were asked; 1 each of 2.
    const age = resultOf(results, 'q_age_child');
    expect(age.base.unweighted).toBe(2);
    if (age.type === 'single-choice') expect(age.options.map((o) => o.percent)).toEqual([50, 50]);

    // Multiple choice: 3 answered, 1 skipped; family 1/3, NHS 2/3, online 1/3 (adds to more than 100).
    const sources = resultOf(results, 'q_sources');
    if (sources.type !== 'multiple-choice') throw new Error('expected multiple choice');
    expect(sources.base.unweighted).toBe(3);
    expect(sources.skipped.unweighted).toBe(1);
    expect(sources.options[0]!.percent).toBeCloseTo(100 / 3, 10);
    expect(sources.options[1]!.percent).toBeCloseTo(200 / 3, 10);
    expect(sources.options[2]!.percent).toBeCloseTo(100 / 3, 10);

    // Grid: cry it out = agree, strongly agree, disagree, agree -> top-2 3/4, bottom-2 1/4.
    // Affection = strongly disagree, don't know, disagree, neither -> top-2 0, bottom-2 2/4, don't know 1/4.
    const advice = resultOf(results, 'q_advice');
    if (advice.type !== 'likert-grid') throw new Error('expected grid');
    expect(advice.base.unweighted).toBe(4);
    const [cry, affection] = advice.statements;
    expect(cry!.nets.map((n) => n.percent)).toEqual([75, 25]);
    expect(affection!.nets.map((n) => n.percent)).toEqual([0, 50]);
    expect(affection!.options.find((o) => o.code === '9')!.percent).toBe(25);

    // Number: answers 2, 1, 4 (one skipped): mean 7/3, median 2.
    const children = resultOf(results, 'q_children');
    if (children.type !== 'number') throw new Error('expected number');
    expect(children.base.unweighted).toBe(3);
    expect(children.skipped.unweighted).toBe(1);
    expect(children.numeric.mean).toBeCloseTo(7 / 3, 12);
    expect(children.numeric).toMatchObject({ median: 2, min: 1, max: 4 });

    // Text: one real answer, one blank-only answer and two omitted count as skipped; no words kept.
    const comments = resultOf(results, 'q_comments');
    expect(comments.base.unweighted).toBe(1);
    expect(comments.skipped.unweighted).toBe(3);
    expect(JSON.stringify(comments)).not.toContain('Thanks');
  });

  it('weights whole-survey results: weights [2, 1, 1, 0.5]', () => {
    const results = analyseSurvey(columns, { weights: Float64Array.from([2, 1, 1, 0.5]) });
    // q_support: strongly agree 2, agree 1, don't know 1, disagree 0.5 of 4.5:
    // top-2 = 3 / 4.5 = 66.666...%, bottom-2 = 0.5 / 4.5 = 11.111...%.
    const support = resultOf(results, 'q_support');
    if (support.type !== 'likert') throw new Error('expected likert');
    expect(support.base).toMatchObject({ unweighted: 4, weighted: 4.5 });
    expect(support.nets[0]!.percent).toBeCloseTo(200 / 3, 10);
    expect(support.nets[1]!.percent).toBeCloseTo(100 / 9, 10);
    // q_sources (rows 1, 2, 4 answered): base 2 + 1 + 0.5 = 3.5; NHS 3 / 3.5 = 85.714...%.
    const sources = resultOf(results, 'q_sources');
    if (sources.type !== 'multiple-choice') throw new Error('expected multiple choice');
    expect(sources.base.weighted).toBe(3.5);
    expect(sources.options[1]!.percent).toBeCloseTo(600 / 7, 10);
    // q_children: (2*2 + 1*1 + 0.5*4) / 3.5 = 7 / 3.5 = 2.
    const children = resultOf(results, 'q_children');
    if (children.type !== 'number') throw new Error('expected number');
    expect(children.numeric.mean).toBe(2);
  });

  it('gives an empty survey null percentages', () => {
    const results = analyseSurvey(buildColumns(v1, []));
    const support = resultOf(results, 'q_support');
    if (support.type !== 'likert') throw new Error('expected likert');
    expect(support.base.unweighted).toBe(0);
    expect(support.options.every((o) => o.percent === null)).toBe(true);
    expect(support.nets.every((n) => n.percent === null)).toBe(true);
    expect(JSON.stringify(results)).not.toMatch(/NaN|Infinity/);
  });

  it('reports across versions by code: latest labels, older-only codes kept, new questions not asked of old rows', () => {
    const v1Only = definitionFrom({
      ...RESULTS_SURVEY_V1,
      pages: [
        RESULTS_SURVEY_V1.pages[0],
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
                { code: '4', label: { en: 'Grandparent' } },
              ],
            },
          ],
        },
        RESULTS_SURVEY_V1.pages[2],
      ],
    });
    // A grandparent is routed past the child's age question, so that answer goes.
    const { q_age_child: _routedPast, ...grandparent } = answers[0]!;
    const rows = [
      { definition: v1Only, answers: { ...grandparent, q_parent: '4' } },
      { definition: v2, answers: { ...answers[1]!, q_parent: '3', q_new: '2' } },
      { definition: v2, answers: { ...answers[0]!, q_new: '1' } },
    ];
    const results = analyseSurvey(buildColumns(v2, rows));
    const parent = resultOf(results, 'q_parent');
    if (parent.type !== 'single-choice') throw new Error('expected single choice');
    expect(parent.options.map((o) => [o.code, o.label.en, o.count])).toEqual([
      ['1', 'Yes, a parent', 1],
      ['2', 'No', 0],
      ['3', 'A carer', 1],
      ['4', 'Grandparent', 1],
    ]);
    const fresh = resultOf(results, 'q_new');
    expect(fresh.base.unweighted).toBe(2);
  });
});
