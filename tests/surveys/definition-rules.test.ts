import { describe, expect, it } from 'vitest';
import { checkDefinition, formatProblem } from '../../server/surveys/definition-rules.ts';
import { evaluateCondition } from '../../server/surveys/routing.ts';

/** A minimal valid document to break one rule at a time. */
function validDocument(): any {
  return {
    slug: 'rules-fixture',
    version: 1,
    title: { en: 'Rules' },
    description: { en: 'Checks the rules' },
    languages: ['en'],
    metadata: { organisation: 'Org', population: 'adults', geography: 'UK', privacyNotice: { en: 'Notice' } },
    pages: [
      {
        id: 'p_one',
        questions: [
          {
            id: 'q_role',
            type: 'single-choice',
            text: { en: 'Role?' },
            options: [
              { code: '1', label: { en: 'Teacher' } },
              { code: '2', label: { en: 'Other' } },
            ],
          },
        ],
      },
      {
        id: 'p_two',
        questions: [
          { id: 'q_grid', type: 'likert-grid', scale: 'agree5', text: { en: 'Agree?' }, statements: [{ id: 's_a', text: { en: 'A' } }] },
          {
            id: 'q_follow',
            type: 'multiple-choice',
            text: { en: 'Which?' },
            showIf: { question: 'q_role', in: ['1'] },
            options: [
              { code: '1', label: { en: 'One' } },
              { code: '2', label: { en: 'Two' } },
              { code: '3', label: { en: 'Three' } },
              { code: '4', label: { en: 'Four' } },
            ],
          },
        ],
      },
    ],
  };
}

function problemsOf(document: unknown): string[] {
  const check = checkDefinition(document);
  return check.ok ? [] : check.problems.map(formatProblem);
}

describe('survey definition rules', () => {
  it('accepts the valid fixture and fills in defaults', () => {
    const check = checkDefinition(validDocument());
    expect(check.ok).toBe(true);
    if (check.ok) {
      expect(check.definition.pages[0]!.questions[0]!.required).toBe(true);
      expect(check.definition.metadata.method).toBe('online');
    }
  });

  it('names a duplicate option code by its full path', () => {
    const doc = validDocument();
    doc.pages[1].questions[1].options[2].code = '2';
    expect(problemsOf(doc)).toEqual(['pages[1].questions[1].options[2].code: duplicate code "2"']);
  });

  it('reports every problem at once, each with its path', () => {
    const doc = validDocument();
    doc.slug = 'Not A Slug';
    doc.version = 1.5;
    doc.pages[0].questions[0].type = 'dropdown';
    doc.pages[1].questions[0].statements[0].text = { en: '' };
    doc.pages[1].questions[1].colour = 'red';
    const problems = problemsOf(doc);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^slug: must be lower-case words joined by hyphens/),
        'version: must be a whole number',
        expect.stringMatching(/^pages\[0\]\.questions\[0\]\.type: unknown question type "dropdown"/),
        'pages[1].questions[0].statements[0].text.en: must not be empty',
        'pages[1].questions[1].colour: unknown key "colour"',
      ]),
    );
    expect(problems).toHaveLength(5);
  });

  it('refuses duplicate question, page and statement ids', () => {
    const doc = validDocument();
    doc.pages[1].id = 'p_one';
    doc.pages[1].questions[1].id = 'q_role';
    doc.pages[1].questions[0].statements.push({ id: 's_a', text: { en: 'Again' } });
    expect(problemsOf(doc)).toEqual([
      'pages[1].id: duplicate page id "p_one" (also pages[0])',
      'pages[1].questions[0].statements[1].id: duplicate statement id "s_a"',
      'pages[1].questions[1].id: duplicate question id "q_role"',
    ]);
  });

  it('allows showIf only on questions of earlier pages, with codes they have', () => {
    const forward = validDocument();
    forward.pages[1].questions[1].showIf = { question: 'q_grid', statement: 's_a', in: ['4'] };
    expect(problemsOf(forward)).toEqual([
      'pages[1].questions[1].showIf.question: "q_grid" is a question on this or a later page: showIf may only use questions on earlier pages',
    ]);
    const typo = validDocument();
    typo.pages[1].questions[1].showIf = { all: [{ question: 'q_rol', in: ['1'] }, { question: 'q_role', in: ['7'] }] };
    expect(problemsOf(typo)).toEqual([
      'pages[1].questions[1].showIf.all[0].question: "q_rol" is not a question in this survey: showIf may only use questions on earlier pages',
      'pages[1].questions[1].showIf.all[1].in[0]: "q_role" has no answer code "7"',
    ]);
  });

  it('checks screening questions: real codes, required, and only screeners after them on a page', () => {
    const doc = validDocument();
    doc.pages[0].questions[0].screenOut = ['3'];
    doc.pages[0].questions[0].required = false;
    doc.pages[0].questions.push({ id: 'q_after', type: 'short-text', text: { en: 'After' } });
    expect(problemsOf(doc)).toEqual([
      'pages[0].questions[0].screenOut[0]: "3" is not an answer code of this question',
      'pages[0].questions[0].required: a screening question must be required',
      'pages[0].questions[1]: only screening questions may follow a screening question on the same page',
    ]);
  });

  it('needs a Welsh label everywhere when the survey offers Welsh', () => {
    const doc = validDocument();
    doc.languages = ['en', 'cy'];
    const problems = problemsOf(doc);
    expect(problems).toContain('title.cy: missing Welsh label: the survey offers Welsh');
    expect(problems).toContain('pages[0].questions[0].options[1].label.cy: missing Welsh label: the survey offers Welsh');
    expect(problems).toContain('pages[1].questions[0].statements[0].text.cy: missing Welsh label: the survey offers Welsh');
  });

  it('checks number limits, maxSelections and the languages list', () => {
    const doc = validDocument();
    doc.languages = ['cy'];
    doc.pages[1].questions[1].maxSelections = 9;
    doc.pages[1].questions.push({ id: 'q_n', type: 'number', text: { en: 'N' }, min: 5, max: 1 });
    expect(problemsOf(doc)).toEqual([
      'languages: must include "en"',
    ]);
    doc.languages = ['en'];
    expect(problemsOf(doc)).toEqual([
      'pages[1].questions[1].maxSelections: is 9 but there are only 4 options',
      'pages[1].questions[2].min: is greater than max (1)',
    ]);
  });
});

describe('showIf conditions', () => {
  const answers = { q_role: '1', q_many: ['2', '3'], q_grid: { s_a: '5' }, q_text: '  ' };

  it('evaluates in, answered, all, any and not as data', () => {
    expect(evaluateCondition({ question: 'q_role', in: ['1'] }, answers)).toBe(true);
    expect(evaluateCondition({ question: 'q_role', in: ['2'] }, answers)).toBe(false);
    expect(evaluateCondition({ question: 'q_many', in: ['3', '9'] }, answers)).toBe(true);
    expect(evaluateCondition({ question: 'q_grid', statement: 's_a', in: ['4', '5'] }, answers)).toBe(true);
    expect(evaluateCondition({ question: 'q_grid', statement: 's_b', answered: false }, answers)).toBe(true);
    expect(evaluateCondition({ question: 'q_text', answered: true }, answers)).toBe(false);
    expect(evaluateCondition({ question: 'q_missing', in: ['1'] }, answers)).toBe(false);
    expect(evaluateCondition({ not: { question: 'q_missing', in: ['1'] } }, answers)).toBe(true);
    expect(
      evaluateCondition({ all: [{ question: 'q_role', in: ['1'] }, { any: [{ question: 'q_many', in: ['9'] }, { question: 'q_text', answered: false }] }] }, answers),
    ).toBe(true);
  });

  it('never runs code found in a definition', () => {
    const hostile = { question: 'constructor', in: ['process.exit(1)'] };
    expect(evaluateCondition(hostile, { constructor: 'x' } as never)).toBe(false);
  });
});
