import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allocateCodes, allocateCounts, generateDemoResponses, measureFinding } from '../../server/demo/generate.ts';
import { DEMO_TARGETS, type DemoTarget } from '../../server/demo/targets.ts';
import { checkSubmission } from '../../server/responses/answer-rules.ts';
import type { SurveyDefinition } from '../../server/surveys/schema.ts';
import { definitionFrom, EXAMPLE_SURVEYS_DIR } from '../helpers.ts';

const definitionOf = (slug: string): SurveyDefinition =>
  definitionFrom(JSON.parse(readFileSync(join(EXAMPLE_SURVEYS_DIR, `${slug}.v1.json`), 'utf8')));
const targetOf = (slug: string): DemoTarget => DEMO_TARGETS.find((t) => t.slug === slug)!;

describe('largest-remainder allocation', () => {
  it('gives every part its quota rounded down or up, adding up to the total', () => {
    expect(allocateCounts([0.59, 0.41], 2006)).toEqual([1184, 822]);
    expect(allocateCounts([1, 1, 1], 10)).toEqual([4, 3, 3]);
    expect(allocateCounts([0.5, 0.5], 0)).toEqual([0, 0]);
    const parts = allocateCounts([0.047, 0.132, 0.097, 0.086, 0.105, 0.112, 0.155, 0.165, 0.101], 2006);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(2006);
  });

  it('allocates a net as one block, so the net is its own nearest count, not the sum of two roundings', () => {
    // Quotas 0.5, 0.5, 1.5, 1.5 of 4: rounded part by part the net 4+5 would be 1 + 1 = 2 (50%, not 25%).
    const shares = { '4': 0.125, '5': 0.125, '1': 0.375, '2': 0.375 };
    expect(allocateCounts([shares['4'], shares['5'], shares['1'], shares['2']], 4)).toEqual([1, 1, 1, 1]);
    const counts = allocateCodes(shares, 4, [['4', '5']]);
    expect(counts.get('4')! + counts.get('5')!).toBe(1);
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(4);
  });
});

describe('demo response generation', () => {
  it('is deterministic for a survey', () => {
    const definition = definitionOf('pif-public');
    const a = generateDemoResponses(definition, targetOf('pif-public'), 200);
    const b = generateDemoResponses(definition, targetOf('pif-public'), 200);
    expect(a).toEqual(b);
  });

  it('hits every published finding at the published sample size, and within a point at 500', () => {
    for (const target of DEMO_TARGETS) {
      const definition = definitionOf(target.slug);
      for (const size of [target.sampleSize, 500]) {
        const answers = generateDemoResponses(definition, target, size).map((r) => r.answers);
        for (const answer of answers) expect(checkSubmission(definition, answer).problems.size).toBe(0);
        for (const finding of target.findings) {
          const measured = measureFinding(finding, answers);
          if (size === target.sampleSize) expect(measured.percent, finding.text).toBe(finding.percent);
          else expect(Math.abs(measured.percent - finding.percent), finding.text).toBeLessThanOrEqual(1);
        }
      }
    }
  });

  it('fails loudly when targets do not fit the definition', () => {
    const definition = definitionOf('start-for-life-parents');
    const base = targetOf('start-for-life-parents');
    const withQuestion = (id: string, goal: DemoTarget['questions'][string]): DemoTarget => ({ ...base, questions: { ...base.questions, [id]: goal } });

    expect(() => generateDemoResponses(definition, withQuestion('q_region', { kind: 'one', shares: { '1': 0.9, '10': 0.1 } }), 50)).toThrow(
      /q_region: "10" screens respondents out/,
    );
    expect(() => generateDemoResponses(definition, withQuestion('q_felt_guilty', { kind: 'one', shares: { '1': 0.31, '2': 0.6 } }), 50)).toThrow(
      /q_felt_guilty: shares add up to 0.91, not 1/,
    );
    expect(() => generateDemoResponses(definition, withQuestion('q_felt_guilty', { kind: 'one', shares: { '1': 0.5, '7': 0.5 } }), 50)).toThrow(
      /"7" is not an answer code/,
    );
    expect(() => generateDemoResponses(definition, withQuestion('q_no_such', { kind: 'one', shares: { '1': 1 } }), 50)).toThrow(/no such question/);
    const { q_felt_guilty: _dropped, ...rest } = base.questions;
    expect(() => generateDemoResponses(definition, { ...base, questions: rest }, 50)).toThrow(/q_felt_guilty: is required but has no demo target/);
  });
});
