// The claim checker's two pure halves: a parser that finds percentages, proportion phrases and "more X
// than Y" comparisons in a sentence from a draft press release, and a judge that matches each to the
// figures of the chosen surveys. No database here: service.ts loads the candidate figures.
//
// Parsing rules (regular expressions, kept simple so a press officer can predict them):
// 1. The text is split into sentences at ".", "!" or "?" followed by white space; every claim is read
//    within its sentence, and the sentence's words decide which question it is about.
// 2. A percentage is a number with at most one decimal place followed by "%", "per cent" or "percent":
//    "53%", "52.5 per cent".
// 3. A proportion phrase is any wording of server/analysis/phrases.ts ("over half", "almost a third",
//    "four-fifths", "nine in ten", ...), case-insensitive, hyphens or spaces alike, longest first.
//    "most" and "half" are not phrases after "the", "at", "a", "first" or "second" ("the most
//    important", "at most", "the first half").
// 4. A phrase is paired with a percentage when the next thing after it in the sentence is a percentage
//    in brackets: "over half (53%)", "over half of parents (53%)". The pair is judged together: the
//    phrase against the figure the percentage matched.
// 5. A group is what follows "of" after a percentage or phrase, up to a verb, "and", "who", "that" or
//    punctuation: "97% of professionals and ..." -> "professionals". A group names a survey when its words
//    appear in the survey's slug, title or population ("the public" -> pif-public), which matters only
//    when several surveys are chosen. Subgroups within a survey (e.g. "teachers") are not searched.
// 6. A comparison is "more|fewer|less <group> than <group>" followed by a verb or punctuation:
//    "More professionals than members of the public agree ...". Each group must name a different chosen
//    survey; the figure compared is the best match for the sentence's words in each.
//
// Matching rules:
// - Candidates are every option and net of every choice, scale and grid question of the chosen surveys,
//   over all responses (Total column), unweighted and under each weighting scheme; suppressed figures
//   (base under 10) are never candidates.
// - A percentage matches the candidates that round to it at its written precision (53% covers
//   52.5 to 53.5). Among those, the best is the one sharing most words with the sentence (question and
//   statement wording first, then the answer label); a net beats a single option on a tie (press "agree"
//   means "agree or strongly agree"), then the closest to the written figure, then unweighted.
// - Two different questions or answers left tied are "ambiguous": the checker lists them.

import {
  assessComparison,
  assessPhrase,
  formatReasonPercent,

  PROPORTION_PHRASES,
  type Interval,
  type ProportionPhrase,
} from '../analysis/index.ts';

/** One reportable figure a claim could be about (the Total column of one option or net). */
export interface CandidateFigure {
  survey: string;
  /** Words that name the survey's people: slug, title and population. */
  surveyWords: string;
  question: string;
  questionText: string;
  statement: string | null;
  statementText: string | null;
  answer: { kind: 'option' | 'net'; id: string };
  answerLabel: string;
  weighting: string | null;
  /** Unrounded percentage. */
  percent: number;
  base: { unweighted: number; effective: number; flag: 'ok' | 'low' };
  interval: Interval | null;
}

export interface FoundPercent {
  kind: 'percent';
  text: string;
  start: number;
  value: number;
  /** Decimal places as written (0 for "53%"). */
  decimals: number;
  group: string | null;
  sentence: string;
}

export interface FoundPhrase {
  kind: 'phrase';
  text: string;
  start: number;
  phrase: ProportionPhrase;
  wording: string;
  group: string | null;
  sentence: string;
  /** The bracketed percentage paired with it (index into the parse's percentages). */
  paired: number | null;
}

export interface FoundComparison {
  kind: 'comparison';
  text: string;
  start: number;
  higher: string;
  lower: string;
  sentence: string;
}

export interface ParsedText {
  percentages: FoundPercent[];
  phrases: FoundPhrase[];
  comparisons: FoundComparison[];
}

const STOP_VERBS = [
  'agree', 'agreed', 'agrees', 'disagree', 'disagreed', 'disagrees', 'believe', 'believed', 'believes', 'say', 'said', 'says',
  'think', 'thought', 'thinks', 'feel', 'felt', 'feels', 'would', 'will', 'are', 'were', 'is', 'was', 'have', 'had', 'has', 'do',
  'did', 'does', 'want', 'wanted', 'support', 'supported', 'know', 'knew', 'reported', 'report', 'told', 'see', 'saw',
  'find', 'found', 'and', 'or', 'who', 'that', 'which', 'than', 'in', 'on', 'across', 'when', 'while', 'to', 'with', 'for',
];
const STOP = new Set(STOP_VERBS);

/** Words that carry no topic. */
const FILLER = new Set([
  'the', 'and', 'for', 'are', 'was', 'were', 'that', 'this', 'these', 'those', 'with', 'their', 'they', 'them', 'have', 'has', 'had',
  'who', 'what', 'which', 'such', 'from', 'into', 'about', 'than', 'more', 'most', 'over', 'half', 'almost', 'nearly', 'each',
  'you', 'your', 'our', 'how', 'far', 'any', 'all', 'per', 'cent', 'percent', 'would', 'should', 'could', 'its', 'his', 'her',
  'been', 'being', 'some', 'other', 'also', 'very', 'not', 'did', 'does', 'said', 'say', 'says', 'believe', 'believes', 'think',
  'members', 'people', 'third', 'thirds', 'quarter', 'quarters', 'fifths', 'four', 'three', 'two', 'one', 'nine', 'eight',
  'seven', 'six', 'ten', 'out', 'majority', 'minority', 'less', 'fewer', 'under',
]);

/** Crude stems: lower case letters, first five characters, so "agreed" meets "agree" and "critical" meets "critically". */
export function stemsOf(text: string): Set<string> {
  const stems = new Set<string>();
  for (const word of text.toLowerCase().replace(/[’']s\b/g, '').split(/[^a-z]+/)) {
    if (word.length < 3 || FILLER.has(word)) continue;
    stems.add(word.slice(0, 5));
  }
  return stems;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every wording, longest first, with a hyphen matching a hyphen, a dash or a space. */
const PHRASE_PATTERN = (() => {
  const wordings = PROPORTION_PHRASES.flatMap((phrase) => phrase.wordings).sort((a, b) => b.length - a.length);
  const alternatives = wordings.map((wording) => escapeRegExp(wording).replace(/-/g, '[-\u2010\u2011\u2013 ]').replace(/ /g, '\\s+'));
  return new RegExp(`(?<![A-Za-z])(${alternatives.join('|')})(?![A-Za-z])`, 'gi');
})();

const PERCENT_PATTERN = /(?<![\d.])(\d{1,3}(?:\.\d)?)\s?(?:%|per\s?cent\b)/gi;
const COMPARISON_PATTERN = /\b(more|fewer|less)\s+([A-Za-z][A-Za-z'’ -]*?)\s+than\s+([A-Za-z][A-Za-z'’ -]*?)(?=\s+(?:agree|agreed|agrees|disagree|disagreed|believe|believed|believes|say|said|says|think|thought|thinks|feel|felt|would|are|were|have|had|want|wanted|support|supported|know|knew|reported|told)\b|\s*[,.;:!?]|\s*$)/gi;
/** "most"/"half" after these words are not proportion phrases. */
const NOT_A_PHRASE_AFTER = /\b(the|at|a|first|second)\s+$/i;

/** The group after "of" at the start of `rest`, up to a stop word or punctuation. */
function groupAfter(rest: string): string | null {
  const match = /^\s*of\s+([^,.;:!?()]+)/i.exec(rest);
  if (!match) return null;
  const words: string[] = [];
  for (const word of match[1]!.trim().split(/\s+/)) {
    if (STOP.has(word.toLowerCase()) && words.length > 0) break;
    words.push(word);
    if (words.length === 6) break;
  }
  return words.length > 0 ? words.join(' ') : null;
}

/** The sentences of a text with their start offsets. */
function splitSentences(text: string): { text: string; start: number }[] {
  const sentences: { text: string; start: number }[] = [];
  const boundary = /[.!?](?=\s+|$)/g;
  let start = 0;
  for (const match of text.matchAll(boundary)) {
    const end = match.index + 1;
    // "2.5%" never splits: the boundary needs white space or the end after the full stop.
    sentences.push({ text: text.slice(start, end), start });
    start = end;
  }
  if (start < text.length) sentences.push({ text: text.slice(start), start });
  return sentences.filter((s) => s.text.trim() !== '').map((s) => {
    const lead = s.text.length - s.text.trimStart().length;
    return { text: s.text.trim(), start: s.start + lead };
  });
}

/** Finds the percentages, phrases and comparisons of a text (see the rules at the top of this file). */
export function parseClaims(text: string): ParsedText {
  const percentages: FoundPercent[] = [];
  const phrases: FoundPhrase[] = [];
  const comparisons: FoundComparison[] = [];
  for (const sentence of splitSentences(text)) {
    const s = sentence.text;
    const sentencePercents: FoundPercent[] = [];
    for (const match of s.matchAll(PERCENT_PATTERN)) {
      const end = match.index + match[0].length;
      const afterBracket = s.slice(end).replace(/^\)/, '');
      const found: FoundPercent = {
        kind: 'percent',
        text: match[0],
        start: sentence.start + match.index,
        value: Number(match[1]),
        decimals: match[1]!.includes('.') ? 1 : 0,
        group: groupAfter(afterBracket),
        sentence: s,
      };
      sentencePercents.push(found);
      percentages.push(found);
    }
    const comparisonSpans: [number, number][] = [];
    for (const match of s.matchAll(COMPARISON_PATTERN)) {
      const higher = match[2]!.trim();
      // "more than half" is a phrase, not a comparison: the first group must not be empty or a number word.
      if (/^(than|half|a|one|two|three|four|nine|eight|seven|six)\b/i.test(higher)) continue;
      const [a, b] = match[1]!.toLowerCase() === 'more' ? [higher, match[3]!.trim()] : [match[3]!.trim(), higher];
      comparisons.push({ kind: 'comparison', text: match[0], start: sentence.start + match.index, higher: a, lower: b, sentence: s });
      comparisonSpans.push([match.index, match.index + match[0].length]);
    }
    for (const match of s.matchAll(PHRASE_PATTERN)) {
      const wording = match[1]!.toLowerCase().replace(/\s+/g, ' ').replace(/[\u2010\u2011\u2013]/g, '-');
      const phrase = PROPORTION_PHRASES.find((p) => p.wordings.some((w) => w === wording || w === wording.replace(/ /g, '-') || w.replace(/-/g, ' ') === wording));
      if (!phrase) continue;
      if ((phrase.id === 'most' || phrase.id === 'half') && NOT_A_PHRASE_AFTER.test(s.slice(0, match.index))) continue;
      if (comparisonSpans.some(([from, to]) => match.index >= from && match.index < to)) continue;
      const end = match.index + match[0].length;
      const rest = s.slice(end);
      // Rule 4: the next percentage, if bracketed and nothing else claims it first, is the phrase's figure.
      const nextPercent = sentencePercents.find((p) => p.start - sentence.start >= end);
      let paired: number | null = null;
      if (nextPercent) {
        const between = s.slice(end, nextPercent.start - sentence.start);
        const otherPhrase = new RegExp(PHRASE_PATTERN.source, 'i').test(between);
        if (!otherPhrase && /\(\s*$/.test(between) && !/[.;]/.test(between)) paired = percentages.indexOf(nextPercent);
      }
      const group = groupAfter(rest.replace(/^\s*\([^)]*\)/, '')) ?? (paired !== null ? percentages[paired]!.group : null);
      phrases.push({ kind: 'phrase', text: match[0], start: sentence.start + match.index, phrase, wording: phrase.wordings.includes(wording) ? wording : phrase.wordings[0]!, group, sentence: s, paired });
      if (paired !== null && percentages[paired]!.group === null) percentages[paired]!.group = group;
    }
  }
  return { percentages, phrases, comparisons };
}

// ---------------------------------------------------------------------------------------------
// Judging

export type ClaimKind = 'percent' | 'phrase' | 'comparison';
export type Verdict = 'supported' | 'not_supported' | 'not_found' | 'ambiguous';

/** A figure a claim was matched to, as the API reports it. */
export interface ClaimMatch {
  survey: string;
  question: string;
  statement: string | null;
  answer: { kind: 'option' | 'net'; id: string };
  answerLabel: string;
  weighting: string | null;
  percent: number;
  base: { unweighted: number; effective: number; flag: 'ok' | 'low' };
  interval: Interval | null;
}

export interface ClaimResult {
  text: string;
  kind: ClaimKind;
  verdict: Verdict;
  reason: string;
  matches: ClaimMatch[];
}

const keyOf = (c: CandidateFigure) => `${c.survey}/${c.question}/${c.statement ?? ''}/${c.answer.kind}:${c.answer.id}`;

function toMatch(c: CandidateFigure): ClaimMatch {
  return {
    survey: c.survey,
    question: c.question,
    statement: c.statement,
    answer: c.answer,
    answerLabel: c.answerLabel,
    weighting: c.weighting,
    percent: c.percent,
    base: c.base,
    interval: c.interval,
  };
}

/** "start-for-life-parents q_advice_outdated s_cry_it_out 'Agree or strongly agree' (net) 53.0% (base 2,006)". */
export function describeMatch(c: ClaimMatch | CandidateFigure): string {
  const where = [c.survey, c.question, c.statement].filter(Boolean).join(' ');
  const weighting = c.weighting ? `, weighted by ${c.weighting}` : '';
  const low = c.base.flag === 'low' ? ', a low base (under 50)' : '';
  return `${where} '${c.answerLabel}' (${c.answer.kind}) ${formatReasonPercent(c.percent / 100)} (base ${c.base.unweighted.toLocaleString('en-GB')}${weighting}${low})`;
}

/** How well a candidate fits a sentence: shared topic words, then shared answer words. */
function scoreOf(c: CandidateFigure, sentence: Set<string>): [number, number] {
  let topic = 0;
  const topicStems = stemsOf(`${c.questionText} ${c.statementText ?? ''}`);
  for (const stem of sentence) if (topicStems.has(stem)) topic++;
  let answer = 0;
  for (const stem of stemsOf(c.answerLabel)) if (sentence.has(stem)) answer++;
  return [topic, answer];
}

/** Candidates ranked for a sentence: best first, by the matching rules at the top of the file. */
function rank(candidates: CandidateFigure[], sentence: string, target: number | null): { candidate: CandidateFigure; score: number }[] {
  const stems = stemsOf(sentence);
  return candidates
    .map((candidate) => {
      const [topic, answer] = scoreOf(candidate, stems);
      return { candidate, score: topic + answer };
    })
    .sort(
      (a, b) =>
        b.score - a.score ||
        Number(b.candidate.answer.kind === 'net') - Number(a.candidate.answer.kind === 'net') ||
        (target === null ? 0 : Math.abs(a.candidate.percent - target) - Math.abs(b.candidate.percent - target)) ||
        Number(a.candidate.weighting !== null) - Number(b.candidate.weighting !== null),
    );
}

/** The best candidates: one per question and answer; several when different ones tie at the top. */
function best(candidates: CandidateFigure[], sentence: string, target: number | null): CandidateFigure[] {
  const ranked = rank(candidates, sentence, target);
  if (ranked.length === 0) return [];
  const top = ranked[0]!;
  const tied = ranked.filter(
    (r) => r.score === top.score && (r.candidate.answer.kind === 'net') === (top.candidate.answer.kind === 'net') && keyOf(r.candidate) !== keyOf(top.candidate),
  );
  const seen = new Set([keyOf(top.candidate)]);
  const result = [top.candidate];
  for (const r of tied) {
    if (seen.has(keyOf(r.candidate))) continue;
    seen.add(keyOf(r.candidate));
    result.push(r.candidate);
  }
  return result;
}

/** Rounds like the figure was written: 52.5 <= x < 53.5 for "53%". */
function roundsTo(percent: number, value: number, decimals: number): boolean {
  const factor = 10 ** decimals;
  return Math.round(percent * factor + 1e-9) / factor === value;
}

/** The surveys a group's words name, or null when they name none (or several equally). */
export function surveyForGroup(group: string | null, surveys: { slug: string; words: string }[]): string | null {
  if (!group || surveys.length < 2) return null;
  const stems = stemsOf(group);
  const scored = surveys.map((s) => {
    const words = stemsOf(s.words);
    let score = 0;
    for (const stem of stems) if (words.has(stem)) score++;
    return { slug: s.slug, score };
  });
  const top = Math.max(...scored.map((s) => s.score));
  const winners = scored.filter((s) => s.score === top);
  return top > 0 && winners.length === 1 ? winners[0]!.slug : null;
}

function surveysOf(candidates: CandidateFigure[]): { slug: string; words: string }[] {
  const seen = new Map<string, string>();
  for (const c of candidates) if (!seen.has(c.survey)) seen.set(c.survey, c.surveyWords);
  return [...seen].map(([slug, words]) => ({ slug, words }));
}

interface PercentOutcome {
  result: ClaimResult;
  matched: CandidateFigure[];
}

function judgePercent(found: FoundPercent, candidates: CandidateFigure[], surveyNames: string): PercentOutcome {
  const survey = surveyForGroup(found.group, surveysOf(candidates));
  const pool = survey ? candidates.filter((c) => c.survey === survey) : candidates;
  const written = `${found.value.toFixed(found.decimals)}%`;
  const rounding = pool.filter((c) => roundsTo(c.percent, found.value, found.decimals));
  if (rounding.length === 0) {
    return { result: { text: found.text, kind: 'percent', verdict: 'not_found', reason: `no figure in ${survey ?? surveyNames} rounds to ${written}`, matches: [] }, matched: [] };
  }
  const matched = best(rounding, found.sentence, found.value);
  if (matched.length === 1) {
    return { result: { text: found.text, kind: 'percent', verdict: 'supported', reason: `${written} matches ${describeMatch(matched[0]!)}`, matches: matched.map(toMatch) }, matched };
  }
  const listed = matched.slice(0, 4).map(describeMatch).join('; ');
  return {
    result: {
      text: found.text,
      kind: 'percent',
      verdict: 'ambiguous',
      reason: `${written} fits ${matched.length} figures equally well: ${listed}${matched.length > 4 ? '; ...' : ''}`,
      matches: matched.map(toMatch),
    },
    matched,
  };
}

function judgePhrase(found: FoundPhrase, pairedOutcome: PercentOutcome | null, candidates: CandidateFigure[]): ClaimResult {
  const base = { text: found.text, kind: 'phrase' as const };
  let figures: CandidateFigure[];
  if (pairedOutcome) {
    figures = pairedOutcome.matched;
    if (figures.length === 0) return { ...base, verdict: 'not_found', reason: `'${found.wording}' cannot be checked: ${pairedOutcome.result.reason}`, matches: [] };
  } else {
    const survey = surveyForGroup(found.group, surveysOf(candidates));
    const pool = survey ? candidates.filter((c) => c.survey === survey) : candidates;
    // Without a figure, the phrase is about the figure that best fits the sentence's words.
    figures = best(pool, found.sentence, null);
    const stems = stemsOf(found.sentence);
    if (figures.length === 0 || scoreOf(figures[0]!, stems).reduce((a, b) => a + b) === 0) {
      return { ...base, verdict: 'not_found', reason: `'${found.wording}': no question of the survey matches the words of the sentence`, matches: [] };
    }
  }
  const verdicts = figures.map((c) => ({ c, verdict: assessPhrase(found.phrase, c.percent, c.base.effective, found.wording) }));
  const first = verdicts[0]!;
  if (verdicts.length === 1) {
    return { ...base, verdict: first.verdict.supported ? 'supported' : 'not_supported', reason: `${first.verdict.reason} (${describeMatch(first.c)})`, matches: [toMatch(first.c)] };
  }
  // Several figures fit: the verdict stands only if it is the same for every one of them.
  if (verdicts.every((v) => v.verdict.supported === first.verdict.supported)) {
    const word = first.verdict.supported ? 'supported' : 'not supported';
    return {
      ...base,
      verdict: first.verdict.supported ? 'supported' : 'not_supported',
      reason: `'${found.wording}' is ${word} by each of the ${verdicts.length} figures that fit: ${verdicts.map((v) => v.verdict.reason).join('; ')}`,
      matches: figures.map(toMatch),
    };
  }
  return {
    ...base,
    verdict: 'ambiguous',
    reason: `'${found.wording}' depends on which figure is meant: ${verdicts.map((v) => `${describeMatch(v.c)}: ${v.verdict.reason}`).join('; ')}`,
    matches: figures.map(toMatch),
  };
}

function judgeComparison(found: FoundComparison, candidates: CandidateFigure[]): ClaimResult {
  const base = { text: found.text, kind: 'comparison' as const };
  const surveys = surveysOf(candidates);
  const higherSurvey = surveyForGroup(found.higher, surveys);
  const lowerSurvey = surveyForGroup(found.lower, surveys);
  if (!higherSurvey || !lowerSurvey || higherSurvey === lowerSurvey) {
    const missing = !higherSurvey ? found.higher : !lowerSurvey ? found.lower : `${found.higher}' and '${found.lower}`;
    return {
      ...base,
      verdict: 'not_found',
      reason: `cannot tell which chosen survey '${missing}' ${higherSurvey && lowerSurvey ? 'are in: both name the same survey' : 'is about'}; choose one survey for each group`,
      matches: [],
    };
  }
  const higherFigures = best(candidates.filter((c) => c.survey === higherSurvey && c.weighting === null), found.sentence, null);
  const top = higherFigures[0];
  if (!top) return { ...base, verdict: 'not_found', reason: `no figure in ${higherSurvey} to compare`, matches: [] };
  // The other survey's figure: the best fit for the sentence, preferring the same statement and answer.
  const lowerPool = candidates.filter((c) => c.survey === lowerSurvey && c.weighting === null);
  const ranked = rank(lowerPool, found.sentence, null);
  const topScore = ranked[0]?.score;
  const lower =
    ranked.find((r) => r.score === topScore && r.candidate.statement === top.statement && r.candidate.answer.kind === top.answer.kind && r.candidate.answer.id === top.answer.id)
      ?.candidate ?? ranked[0]?.candidate;
  if (!lower) return { ...base, verdict: 'not_found', reason: `no figure in ${lowerSurvey} to compare`, matches: [] };
  const verdict = assessComparison(
    { label: found.higher, percent: top.percent, effectiveBase: top.base.effective },
    { label: found.lower, percent: lower.percent, effectiveBase: lower.base.effective },
  );
  return {
    ...base,
    verdict: verdict.supported ? 'supported' : 'not_supported',
    reason: `${verdict.reason} (${describeMatch(top)} against ${describeMatch(lower)})`,
    matches: [toMatch(top), toMatch(lower)],
  };
}

/** Checks every claim the parser finds in `text` against the candidate figures, in the order they appear. */
export function checkClaims(text: string, candidates: CandidateFigure[], surveyNames: string): ClaimResult[] {
  const parsed = parseClaims(text);
  const percentOutcomes = parsed.percentages.map((found) => judgePercent(found, candidates, surveyNames));
  const ordered: { start: number; result: ClaimResult }[] = [];
  parsed.percentages.forEach((found, i) => ordered.push({ start: found.start, result: percentOutcomes[i]!.result }));
  for (const found of parsed.phrases) {
    ordered.push({ start: found.start, result: judgePhrase(found, found.paired === null ? null : percentOutcomes[found.paired]!, candidates) });
  }
  for (const found of parsed.comparisons) ordered.push({ start: found.start, result: judgeComparison(found, candidates) });
  return ordered.sort((a, b) => a.start - b.start).map((o) => o.result);
}


