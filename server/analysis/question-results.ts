import type { NetDefinition } from '../surveys/scales.ts';
import type { Label } from '../surveys/schema.ts';
import type { QuestionColumns, SurveyColumns } from './columns.ts';
import { percentOf, tabulate, type AnalysisOptions, type Base, type Frequencies } from './frequencies.ts';
import { computeNet } from './nets.ts';
import { summariseNumeric } from './numeric.ts';

// Per-question results: the figures of every question, unrounded, with the codes and labels they
// belong to. Presentation (language, rounding, JSON shape) is left to the caller.

export interface OptionResult {
  code: string;
  label: Label;
  /** Weighted count, unrounded. */
  count: number;
  unweightedCount: number;
  /** Unrounded percentage of the base; null when the base is empty. */
  percent: number | null;
}

export interface NetSummary extends NetDefinition {
  count: number;
  unweightedCount: number;
  percent: number | null;
}

/** The distribution of answers to one categorical item. */
export interface Distribution {
  base: Base;
  skipped: Base;
  options: OptionResult[];
  nets: NetSummary[];
}

interface ResultBase {
  id: string;
  text: Label;
}

export type QuestionResult =
  | (ResultBase & { type: 'single-choice' | 'likert' | 'multiple-choice' } & Distribution)
  | (ResultBase & {
      type: 'likert-grid';
      /** Respondents who answered at least one statement. */
      base: Base;
      skipped: Base;
      statements: ({ id: string; text: Label } & Distribution)[];
    })
  | (ResultBase & {
      type: 'number';
      unit?: Label;
      base: Base;
      skipped: Base;
      numeric: { mean: number | null; median: number | null; min: number | null; max: number | null };
    })
  | (ResultBase & { type: 'short-text' | 'long-text'; base: Base; skipped: Base });

/** Options and nets of one tabulated categorical column. */
function describeDistribution(
  frequencies: Frequencies,
  categories: { code: string; label: Label }[],
  nets: NetDefinition[],
): Distribution {
  const indexOf = new Map(categories.map((category, k) => [category.code, k]));
  return {
    base: frequencies.base,
    skipped: frequencies.skipped,
    options: categories.map((category, k) => ({
      code: category.code,
      label: category.label,
      count: frequencies.counts[k]!,
      unweightedCount: frequencies.unweightedCounts[k]!,
      percent: percentOf(frequencies.counts[k]!, frequencies.base.weighted),
    })),
    nets: nets.map((net) => ({
      ...net,
      ...computeNet(
        frequencies,
        net.codes.flatMap((code) => (indexOf.has(code) ? [indexOf.get(code)!] : [])),
      ),
    })),
  };
}

/** Every figure for one question: bases, option counts and percentages, nets, or a numeric summary. */
export function analyseQuestion(question: QuestionColumns, options: AnalysisOptions = {}): QuestionResult {
  const base = { id: question.id, text: question.text };
  switch (question.type) {
    case 'single-choice':
    case 'likert':
      return {
        ...base,
        type: question.type,
        ...describeDistribution(tabulate(question.values, question.categories.length, options), question.categories, question.nets),
      };
    case 'multiple-choice': {
      // Each option is its own yes/no variable; its "yes" count over its own base is the option's figure.
      const perOption = question.selected.map((column) => tabulate(column, 2, options));
      const first = perOption[0]!;
      return {
        ...base,
        type: 'multiple-choice',
        base: first.base,
        skipped: first.skipped,
        options: question.categories.map((category, k) => {
          const frequencies = perOption[k]!;
          return {
            code: category.code,
            label: category.label,
            count: frequencies.counts[1]!,
            unweightedCount: frequencies.unweightedCounts[1]!,
            percent: percentOf(frequencies.counts[1]!, frequencies.base.weighted),
          };
        }),
        nets: [],
      };
    }
    case 'likert-grid': {
      const answered = tabulate(question.answered, 1, options);
      return {
        ...base,
        type: 'likert-grid',
        base: answered.base,
        skipped: answered.skipped,
        statements: question.statements.map((statement) => ({
          id: statement.id,
          text: statement.text,
          ...describeDistribution(tabulate(statement.values, question.categories.length, options), question.categories, question.nets),
        })),
      };
    }
    case 'number': {
      const summary = summariseNumeric(question.values, { ...options, asked: question.asked });
      return {
        ...base,
        type: 'number',
        ...(question.unit ? { unit: question.unit } : {}),
        base: summary.base,
        skipped: summary.skipped,
        numeric: { mean: summary.mean, median: summary.median, min: summary.min, max: summary.max },
      };
    }
    case 'short-text':
    case 'long-text': {
      const answered = tabulate(question.answered, 1, options);
      return { ...base, type: question.type, base: answered.base, skipped: answered.skipped };
    }
  }
}

/** Every question's results over the same rows, weights and mask. */
export function analyseSurvey(columns: SurveyColumns, options: AnalysisOptions = {}): QuestionResult[] {
  return columns.questions.map((question) => analyseQuestion(question, options));
}
