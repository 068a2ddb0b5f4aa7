import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { checkDefinition, checkWeightingSchemeDocument, formatProblem } from '../../server/surveys/definition-rules.ts';
import { WeightingSchemeSchema } from '../../server/surveys/schema.ts';
import { EXAMPLE_SURVEYS_DIR } from '../helpers.ts';

// The one scheme schema (shape, sums, trim bounds) and the cross-references a scheme must meet in
// its survey: a survey file carrying `weighting`, and a scheme checked on its own for the API.

const document = JSON.parse(readFileSync(join(EXAMPLE_SURVEYS_DIR, 'start-for-life-parents.v1.json'), 'utf8')) as Record<string, unknown>;
const definition = (() => {
  const check = checkDefinition(document);
  if (!check.ok) throw new Error('example survey invalid');
  return check.definition;
})();

const gender = { question: 'q_gender', targets: { '1': 0.52, '2': 0.48 } };
const problemsOf = (scheme: unknown) => {
  const check = checkWeightingSchemeDocument(scheme, definition);
  return check.ok ? [] : check.problems.map(formatProblem);
};

describe('the weighting scheme schema', () => {
  it('accepts a scheme of several variables with a description and trim', () => {
    const scheme = {
      name: 'england-parents',
      description: 'ONS mid-2022 estimates',
      variables: [gender, { question: 'q_region', targets: { '1': 0.5, '7': 0.5 } }],
      trim: { min: 0.2, max: 5 },
    };
    expect(v.parse(WeightingSchemeSchema, scheme)).toEqual(scheme);
    expect(problemsOf(scheme)).toEqual([]);
  });

  it('accepts targets that sum to 1 within 1e-6 (percentages typed by hand) and refuses more', () => {
    expect(problemsOf({ name: 'a', variables: [{ question: 'q_gender', targets: { '1': 0.333333, '2': 0.333333, '3': 0.333334 } }] })).toEqual([]);
    expect(problemsOf({ name: 'a', variables: [{ question: 'q_gender', targets: { '1': 0.3333333, '2': 0.3333333, '4': 0.3333333 } }] })).toEqual([]);
    expect(problemsOf({ name: 'a', variables: [{ question: 'q_gender', targets: { '1': 0.5, '2': 0.49999 } }] })).toEqual([
      'variables[0].targets: must sum to 1 (100%), not 0.99999 (99.999%)',
    ]);
    expect(problemsOf({ name: 'a', variables: [{ question: 'q_gender', targets: { '1': 0.6, '2': 0.6 } }] })).toEqual([
      'variables[0].targets: must sum to 1 (100%), not 1.2 (120%)',
    ]);
  });

  it('refuses bad names, negative or non-numeric targets, no variables, unknown keys and bad trim bounds', () => {
    expect(problemsOf({ name: 'GB Parents', variables: [gender] })).toEqual([
      'name: must be lower-case letters and digits in words joined by hyphens, e.g. "gb-parents"',
    ]);
    expect(problemsOf({ variables: [gender] })).toEqual(['name: is required']);
    expect(problemsOf({ name: 'a', variables: [] })).toEqual(['variables: needs at least 1 variable']);
    expect(problemsOf({ name: 'a', variables: [{ question: 'q_gender', targets: { '1': -0.1, '2': 1.1 } }] })).toEqual([
      'variables[0].targets.1: must be 0 or more',
      'variables[0].targets.2: must be at most 1',
    ]);
    expect(problemsOf({ name: 'a', variables: [{ question: 'q_gender', targets: { '1': '0.5', '2': 0.5 } }] })).toEqual(['variables[0].targets.1: must be a number']);
    expect(problemsOf({ name: 'a', variables: [{ question: 'q_gender', targets: {} }] })).toEqual(['variables[0].targets: needs a target for at least one code']);
    expect(problemsOf({ name: 'a', variables: [gender], source: 'workspace' })).toEqual(['source: unknown key "source"']);
    expect(problemsOf({ name: 'a', variables: [gender], trim: { min: 0 } })).toEqual(['trim.min: must be more than 0']);
    expect(problemsOf({ name: 'a', variables: [gender], trim: { min: 1.5, max: 0.5 } })).toEqual([
      'trim.min: must be at most 1 (weights have mean 1)',
      'trim.max: must be at least 1 (weights have mean 1)',
    ]);
    expect(problemsOf({ name: 'a', variables: [gender], trim: {} })).toEqual(['trim: give a minimum, a maximum or both (or leave trim out)']);
    // The bounds 1 and 1 are allowed: every weight would be 1 (which raking can then not improve on).
    expect(problemsOf({ name: 'a', variables: [gender], trim: { min: 1, max: 1 } })).toEqual([]);
  });

  it('checks the references of a scheme: unknown question, not single-choice, unknown code, a question twice', () => {
    expect(
      problemsOf({
        name: 'a',
        variables: [
          { question: 'q_nope', targets: { '1': 1 } },
          { question: 'q_welcome_support', targets: { '5': 1 } },
          { question: 'q_region', targets: { '7': 0.5, '13': 0.5 } },
          { question: 'q_gender', targets: { '1': 1 } },
          { question: 'q_gender', targets: { '2': 1 } },
        ],
      }),
    ).toEqual([
      'variables[0].question: "q_nope" is not a question in this survey',
      'variables[1].question: "q_welcome_support" is a likert question: weighting needs a single-choice question',
      'variables[2].targets.13: "q_region" has no answer code "13"',
      'variables[4].question: "q_gender" is used twice: weight on each question once',
    ]);
  });
});

describe('a survey file with a weighting list', () => {
  it('round-trips through the definition schema with its schemes', () => {
    const weighting = [{ name: 'england-parents', variables: [gender], trim: { max: 4 } }];
    const check = checkDefinition({ ...document, weighting });
    expect(check.ok).toBe(true);
    if (check.ok) expect(check.definition.weighting).toEqual(weighting);
  });

  it('reports every scheme problem with its path in the file, and duplicate names', () => {
    const check = checkDefinition({
      ...document,
      weighting: [
        { name: 'one', variables: [{ question: 'q_gender', targets: { '1': 0.5, '9': 0.5 } }] },
        { name: 'one', variables: [{ question: 'q_children_under2', targets: { '1': 1 } }] },
      ],
    });
    expect(check.ok).toBe(false);
    if (!check.ok)
      expect(check.problems.map(formatProblem)).toEqual([
        'weighting[0].variables[0].targets.9: "q_gender" has no answer code "9"',
        'weighting[1].name: duplicate weighting scheme name "one" (also weighting[0])',
        'weighting[1].variables[0].question: "q_children_under2" is a number question: weighting needs a single-choice question',
      ]);
  });

  it('reports a shape problem of a scheme in the file with its full path', () => {
    const check = checkDefinition({ ...document, weighting: [{ name: 'one', variables: [{ question: 'q_gender', targets: { '1': 0.9 } }] }] });
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.problems.map(formatProblem)).toEqual(['weighting[0].variables[0].targets: must sum to 1 (100%), not 0.9 (90%)']);
  });
});
