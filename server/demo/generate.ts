import { listQuestions, netsOf, optionsOf, type Answers } from '../surveys/model.ts';
import { isAsked, screenOutCodes } from '../surveys/routing.ts';
import type { Language, Question, SurveyDefinition } from '../surveys/schema.ts';
import { isSplit, type DemoTarget, type Distribution, type PublishedFinding, type Shares } from './targets.ts';

// Synthetic respondents with exact shares: every share becomes a whole count for the base it applies
// to (largest remainder), and the counts are dealt to respondents by a seeded shuffle, so the same
// targets always give the same answers and a published 41% comes back as 41%, not "about 41%".

export interface GeneratedResponse {
  answers: Answers;
  language: Language;
}

/** A small, fast, seedable PRNG (mulberry32): deterministic demo data without a dependency. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A fixed seed per survey (FNV-1a of the slug), so each survey's demo data is stable across runs. */
export function seedOf(slug: string): number {
  let hash = 0x811c9dc5;
  for (const char of slug) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return hash;
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** Splits a whole number in proportion to weights by the largest-remainder (Hamilton) method:
 * every part is its quota rounded down or up, and the parts add up to the total exactly. */
export function allocateCounts(weights: readonly number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (total === 0 || sum === 0) return weights.map(() => 0);
  const quotas = weights.map((w) => (w / sum) * total);
  const counts = quotas.map((q) => Math.floor(q));
  let left = total - counts.reduce((a, b) => a + b, 0);
  // Ties go to the earlier weight, so the result never depends on sort stability.
  const order = quotas.map((q, i) => ({ i, rest: q - Math.floor(q) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    counts[i]!++;
    left--;
  }
  return counts;
}

/** Exact counts per code for a base. Codes that are reported together (a scale's top-2 and bottom-2
 * nets) are allocated as one block first, so the net, the figure a press release quotes, is the
 * nearest whole count to its share rather than the sum of two rounded parts. */
export function allocateCodes(shares: Shares, total: number, blocks: readonly (readonly string[])[] = []): Map<string, number> {
  const codes = Object.keys(shares);
  const inBlock = new Set(blocks.flat());
  const groups = [...blocks.map((block) => block.filter((code) => code in shares)), ...codes.filter((c) => !inBlock.has(c)).map((c) => [c])].filter(
    (group) => group.length > 0,
  );
  const groupCounts = allocateCounts(groups.map((group) => group.reduce((sum, code) => sum + shares[code]!, 0)), total);
  const counts = new Map<string, number>();
  groups.forEach((group, g) => {
    const within = allocateCounts(group.map((code) => shares[code]!), groupCounts[g]!);
    group.forEach((code, i) => counts.set(code, within[i]!));
  });
  return counts;
}

class TargetError extends Error {
  constructor(slug: string, where: string, message: string) {
    super(`Demo targets for ${slug}, ${where}: ${message}`);
    this.name = 'TargetError';
  }
}

/** Codes of the stored answer a split distribution is keyed on. */
function codeOf(value: Answers[string] | undefined): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

interface Context {
  slug: string;
  random: () => number;
  respondents: Answers[];
}

/** Checks shares against a question (known codes, nothing that screens out, summing to 1) and deals
 * them out to the given respondents. */
function dealShares(ctx: Context, question: Question, shares: Shares, members: number[], where: string): Map<number, string> {
  const err = (message: string) => new TargetError(ctx.slug, where, message);
  const total = Object.values(shares).reduce((a, b) => a + b, 0);
  if (Object.values(shares).some((share) => !(share >= 0))) throw err('shares must be 0 or more');
  if (Math.abs(total - 1) > 1e-6) throw err(`shares add up to ${Number(total.toFixed(6))}, not 1`);
  if (question.type === 'number') {
    for (const key of Object.keys(shares)) if (!Number.isFinite(Number(key))) throw err(`"${key}" is not a number`);
  } else {
    const known = new Set(optionsOf(question).map((option) => option.code));
    for (const code of Object.keys(shares)) if (!known.has(code)) throw err(`"${code}" is not an answer code`);
  }
  // Demo respondents are all eligible: a complete response can never carry a screening-out answer.
  for (const code of screenOutCodes(question)) if ((shares[code] ?? 0) > 0) throw err(`"${code}" screens respondents out`);

  const counts = allocateCodes(shares, members.length, netsOf(question).map((net) => net.codes));
  const dealt: string[] = [];
  for (const [code, count] of counts) for (let i = 0; i < count; i++) dealt.push(code);
  shuffle(dealt, ctx.random);
  return new Map(members.map((respondent, i) => [respondent, dealt[i]!]));
}

/** Deals a distribution, plain or split by an earlier answer, to the respondents who were asked. */
function dealDistribution(ctx: Context, question: Question, distribution: Distribution, asked: number[], where: string): Map<number, string> {
  if (!isSplit(distribution)) return dealShares(ctx, question, distribution, asked, where);
  const out = new Map<number, string>();
  const claimed = new Set<number>();
  distribution.groups.forEach((group, g) => {
    const wanted = new Set(group.in);
    const members = asked.filter((r) => wanted.has(codeOf(ctx.respondents[r]![distribution.by]) ?? ''));
    for (const r of members) {
      if (claimed.has(r)) throw new TargetError(ctx.slug, where, `respondents fall into more than one group of ${distribution.by}`);
      claimed.add(r);
    }
    for (const [r, code] of dealShares(ctx, question, group.shares, members, `${where} (group ${g + 1})`)) out.set(r, code);
  });
  if (claimed.size !== asked.length) {
    const orphan = asked.find((r) => !claimed.has(r))!;
    const answer = codeOf(ctx.respondents[orphan]![distribution.by]);
    throw new TargetError(ctx.slug, where, `no group of ${distribution.by} covers the answer ${JSON.stringify(answer ?? null)}`);
  }
  return out;
}

/** Ticks each option for an exact number of those asked, then makes sure nobody ticked nothing by
 * moving a tick from someone with two or more, which keeps every option's count unchanged. */
function dealSelections(ctx: Context, question: Question, selected: Readonly<Record<string, number>>, asked: number[], where: string) {
  const options = optionsOf(question).map((option) => option.code);
  for (const [code, share] of Object.entries(selected)) {
    if (!options.includes(code)) throw new TargetError(ctx.slug, where, `"${code}" is not an answer code`);
    if (!(share >= 0 && share <= 1)) throw new TargetError(ctx.slug, where, `share for "${code}" must be between 0 and 1`);
  }
  const ticks = new Map<number, Set<string>>(asked.map((r) => [r, new Set<string>()]));
  for (const code of options) {
    const count = Math.round((selected[code] ?? 0) * asked.length);
    for (const r of shuffle([...asked], ctx.random).slice(0, count)) ticks.get(r)!.add(code);
  }
  const donors = shuffle([...asked], ctx.random);
  let next = 0;
  for (const r of asked) {
    if (ticks.get(r)!.size > 0 || !question.required) continue;
    while (next < donors.length && ticks.get(donors[next]!)!.size < 2) next++;
    if (next === donors.length) throw new TargetError(ctx.slug, where, 'too few ticks for everyone asked to tick at least one option');
    const donor = ticks.get(donors[next]!)!;
    const moved = [...donor][0]!;
    donor.delete(moved);
    ticks.get(r)!.add(moved);
  }
  // Stored in the order the options are shown, as a respondent's form would send them.
  return new Map([...ticks].map(([r, set]) => [r, options.filter((code) => set.has(code))]));
}

/** Makes `size` complete responses to a survey that match its demo targets exactly, in a stable order.
 * Throws (naming the survey and question) when the targets do not fit the definition. */
export function generateDemoResponses(definition: SurveyDefinition, target: DemoTarget, size: number): GeneratedResponse[] {
  const ctx: Context = { slug: definition.slug, random: createRandom(seedOf(definition.slug)), respondents: Array.from({ length: size }, () => ({})) };
  const questions = listQuestions(definition);
  const ids = new Set(questions.map((question) => question.id));
  for (const id of Object.keys(target.questions)) {
    if (!ids.has(id)) throw new TargetError(definition.slug, id, `version ${definition.version} has no such question`);
  }

  for (const question of questions) {
    const where = question.id;
    // Conditions only look at earlier pages, which are already filled in by now.
    const asked = ctx.respondents.flatMap((answers, r) => (isAsked(question, answers) ? [r] : []));
    const goal = target.questions[question.id];
    if (!goal) {
      if (question.required && asked.length > 0) throw new TargetError(definition.slug, where, 'is required but has no demo target');
      continue;
    }
    switch (question.type) {
      case 'single-choice':
      case 'likert':
      case 'number': {
        if (goal.kind !== 'one') throw new TargetError(definition.slug, where, `a ${question.type} question needs kind "one"`);
        for (const [r, code] of dealDistribution(ctx, question, goal.shares, asked, where))
          ctx.respondents[r]![question.id] = question.type === 'number' ? Number(code) : code;
        break;
      }
      case 'likert-grid': {
        if (goal.kind !== 'grid') throw new TargetError(definition.slug, where, 'a likert-grid question needs kind "grid"');
        for (const id of Object.keys(goal.statements)) {
          if (!question.statements.some((statement) => statement.id === id)) throw new TargetError(definition.slug, where, `has no statement "${id}"`);
        }
        const rows = new Map<number, Record<string, string>>(asked.map((r) => [r, {}]));
        for (const statement of question.statements) {
          const distribution = goal.statements[statement.id];
          if (!distribution) {
            if (question.required) throw new TargetError(definition.slug, `${where}.${statement.id}`, 'is required but has no demo target');
            continue;
          }
          for (const [r, code] of dealDistribution(ctx, question, distribution, asked, `${where}.${statement.id}`)) rows.get(r)![statement.id] = code;
        }
        for (const [r, row] of rows) if (Object.keys(row).length > 0) ctx.respondents[r]![question.id] = row;
        break;
      }
      case 'multiple-choice': {
        if (goal.kind !== 'many') throw new TargetError(definition.slug, where, 'a multiple-choice question needs kind "many"');
        for (const [r, codes] of dealSelections(ctx, question, goal.selected, asked, where)) if (codes.length > 0) ctx.respondents[r]![question.id] = codes;
        break;
      }
      case 'short-text':
      case 'long-text':
        // Made-up free text could be quoted as if a real person said it; demo text answers stay blank.
        throw new TargetError(definition.slug, where, 'text questions are never given demo answers');
    }
  }

  const languages: Language[] = ctx.respondents.map(() => 'en');
  if (target.welsh) {
    if (!definition.languages.includes('cy')) throw new TargetError(definition.slug, 'welsh', 'the survey does not offer Welsh');
    const wanted = new Set(target.welsh.in);
    const eligible = ctx.respondents.flatMap((answers, r) => (wanted.has(codeOf(answers[target.welsh!.question]) ?? '') ? [r] : []));
    const count = Math.round(target.welsh.share * eligible.length);
    for (const r of shuffle(eligible, ctx.random).slice(0, count)) languages[r] = 'cy';
  }
  return ctx.respondents.map((answers, r) => ({ answers, language: languages[r]! }));
}

/** A published finding recomputed from answers: the base (those asked, within `among`), the count
 * giving one of the finding's codes, and the whole-number percentage. */
export function measureFinding(finding: PublishedFinding, responses: readonly Answers[]): { base: number; count: number; percent: number } {
  let base = 0;
  let count = 0;
  for (const answers of responses) {
    if (finding.among && !finding.among.in.includes(codeOf(answers[finding.among.question]) ?? '')) continue;
    const value = answers[finding.question];
    const codes =
      finding.statement !== undefined
        ? typeof value === 'object' && !Array.isArray(value) ? [value[finding.statement]] : []
        : Array.isArray(value) ? value : [codeOf(value)];
    const given = codes.filter((code): code is string => code !== undefined);
    if (given.length === 0) continue;
    base++;
    if (given.some((code) => finding.codes.includes(code))) count++;
  }
  return { base, count, percent: base === 0 ? 0 : Math.round((count / base) * 100) };
}
