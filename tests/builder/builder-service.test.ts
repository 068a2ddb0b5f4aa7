import { describe, expect, it } from 'vitest';
import { readSurveyDoc } from '../../server/builder/document.ts';
import {
  applyLabel,
  conditionOf,
  generateId,
  nextOptionCode,
  placeProblems,
  routingModelOf,
  slugFromTitle,
} from '../../server/builder/service.ts';
import type { Condition } from '../../server/surveys/schema.ts';

// The pure rules of the builder, without a database: ids, codes, labels, routing models, and where
// a definition problem is shown.

describe('generated ids', () => {
  it('takes the telling words of the wording, in the id format, unique', () => {
    expect(generateId('q', 'How old are you?', new Set())).toBe('q_old');
    expect(generateId('q', 'Which region of England do you live in?', new Set())).toBe('q_region_england_live');
    expect(generateId('q', 'How old are you?', new Set(['q_old', 'q_old_2']))).toBe('q_old_3');
    expect(generateId('s', 'Ça va? Élève', new Set())).toBe('s_ca_va_eleve');
    expect(generateId('p', '', new Set())).toBe('p_1');
    expect(generateId('p', '', new Set(['p_1']))).toBe('p_2');
    expect(generateId('q', '2024 results', new Set())).toMatch(/^q_2024_results$/);
    for (const id of [generateId('q', 'x'.repeat(200), new Set()), generateId('q', 'a'.repeat(40) + ' b', new Set())])
      expect(id).toMatch(/^[a-z][a-z0-9_]{0,62}$/);
  });

  it('makes slugs from titles', () => {
    expect(slugFromTitle('Start for Life: parents’ survey 2024')).toBe('start-for-life-parents-survey-2024');
    expect(slugFromTitle('???')).toBe('survey');
  });
});

describe('option codes', () => {
  const options = (...codes: string[]) => codes.map((code) => ({ code, label: { en: code } }));
  it('is one more than any code in use or ever published', () => {
    expect(nextOptionCode([])).toBe('1');
    expect(nextOptionCode(options('1', '3'))).toBe('4');
    expect(nextOptionCode(options('1', '2'), new Set(['7']))).toBe('8');
    expect(nextOptionCode(options('a', '2', 'dk'))).toBe('3');
  });
});

describe('labels', () => {
  it('keeps Welsh the form did not show, and drops empty optional labels', () => {
    expect(applyLabel({ en: 'Old', cy: 'Hen' }, { en: 'New' }, true, true)).toEqual({ en: 'New', cy: 'Hen' });
    expect(applyLabel({ en: 'Old', cy: 'Hen' }, { en: 'New', cy: '' }, true, true)).toEqual({ en: 'New' });
    expect(applyLabel({ en: 'Old', cy: 'Hen' }, { en: 'New', cy: 'Newydd' }, false, true)).toEqual({ en: 'New', cy: 'Hen' });
    expect(applyLabel(undefined, { en: ' ', cy: '' }, true, false)).toBeUndefined();
    expect(applyLabel(undefined, { en: '', cy: '' }, true, true)).toEqual({ en: '' });
  });
});

describe('routing models', () => {
  const cases: Condition[] = [
    { question: 'q_a', in: ['1'] },
    { not: { question: 'q_a', in: ['1', '2'] } },
    { all: [{ question: 'q_a', in: ['1'] }, { question: 'q_grid', statement: 's_x', in: ['4', '5'] }] },
    { not: { any: [{ question: 'q_a', in: ['1'] }, { question: 'q_text', answered: false }] } },
    { question: 'q_text', answered: true },
  ];
  it('round-trips every condition the editor can show', () => {
    for (const condition of cases) expect(conditionOf(routingModelOf(condition)!)).toEqual(condition);
  });
  it('declines conditions nested deeper than it shows, and an empty model is no condition', () => {
    expect(routingModelOf({ all: [{ any: [{ question: 'q_a', in: ['1'] }] }] })).toBeUndefined();
    expect(conditionOf({ mode: 'all', negate: false, clauses: [] })).toBeUndefined();
  });
});

describe('placing problems', () => {
  const doc = readSurveyDoc({ pages: [{ id: 'p_a', questions: [] }, { id: 'p_b', questions: [{ id: 'q_x', type: 'single-choice', text: { en: 'X' }, options: [] }] }] });
  it('maps each path to the builder item it concerns', () => {
    const placed = placeProblems(doc, [
      { path: 'pages[1].questions[0].options[2].code', message: 'duplicate code "4"' },
      { path: 'pages[1].questions[0].statements[0].text.cy', message: 'missing Welsh label' },
      { path: 'pages[1].questions[0].showIf.any[1].in[0]', message: 'no such code' },
      { path: 'pages[1].questions[0].text.cy', message: 'missing Welsh label' },
      { path: 'pages[0].questions', message: 'a page needs at least 1 question' },
      { path: 'metadata.privacyNotice.cy', message: 'missing Welsh label' },
      { path: 'pages', message: 'a survey needs at least 1 page' },
    ]);
    expect(placed.map((p) => [p.anchor, p.field])).toEqual([
      ['question-1-0-option-2', 'Code'],
      ['question-1-0-statement-0', 'Text (Welsh)'],
      ['question-1-0-routing', 'Routing'],
      ['question-1-0', 'Text (Welsh)'],
      ['page-0', 'Questions'],
      ['details', 'Privacy notice (Welsh)'],
      ['pages', 'Pages'],
    ]);
    expect(placed[0]!.item).toBe('Page 2, question 1 (q_x), option 3');
  });
});
