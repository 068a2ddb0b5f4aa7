// Writes a headline from one figure. Pure: a Figure in, words out. The rules are deliberately simple
// and predictable, because the press officer edits the sentence before saving it:
//
//   sentence = "<rounded percent>% of <who> <verb phrase>"
//   who      = the subgroup in words ("Woman") when there is one, else the survey's population
//              ("parents (aged 17+) of under 2 year olds")
//   verb     = for an agree net or option ("Agree or strongly agree", "Agree", "Strongly agree"):
//                "agreed that <statement>"  (a grid statement, or what follows "agree or disagree:" in
//                the question, with its first letter lower-cased unless the second is a capital: "UK")
//              for a disagree net or option: "disagreed that <statement>"
//              otherwise: said "<answer label>" when asked "<question (and statement)>"
//   base     = "Base: <unweighted base> <population> in <geography>", then the subgroup, weighting and
//              effective base in brackets when they apply
//   margin   = "Margin of error: ±<1.96·sqrt(p(1−p)/n_eff) in points, one decimal>"

import { assessPhrase, findPhrase, suggestPhrases, type PhraseVerdict } from '../analysis/index.ts';
import type { Figure } from '../press-items/figures.ts';
import { withArticle } from '../methodology/note.ts';

const agreeLabel = /^(strongly )?agree\b/i;
const disagreeLabel = /^(strongly )?disagree\b/i;

/** First-person words of a statement as reported speech ("I would welcome support for my baby" ->
 * "they would welcome support for their baby"); the verbs that change with the person come first. */
const REPORTED_SPEECH: [RegExp, string][] = [
  [/\bI am\b/g, 'they are'],
  [/\bI was\b/g, 'they were'],
  [/\bI['’]m\b/g, 'they’re'],
  [/\bI['’](ve|d|ll)\b/g, 'they’$1'],
  [/\bI\b/g, 'they'],
  [/\bmyself\b/gi, 'themselves'],
  [/\bmy\b/gi, 'their'],
  [/\bme\b/gi, 'them'],
  [/\bmine\b/gi, 'theirs'],
];

/** A statement as the clause after "agreed that": first person turned into reported speech, and the
 * first letter lower-cased unless it starts an acronym ("UK Government"). */
function lowerFirst(text: string): string {
  const reported = REPORTED_SPEECH.reduce((clause, [pattern, replacement]) => clause.replace(pattern, replacement), text);
  if (reported.length > 1 && reported[1] === reported[1]!.toUpperCase() && /[A-Z]/.test(reported[1]!)) return reported;
  return reported.charAt(0).toLowerCase() + reported.slice(1);
}

/** What was agreed with: the grid statement, or the part of the question after "agree or disagree:". */
function statementOf(figure: Figure): string | null {
  if (figure.statementText) return figure.statementText.replace(/[.?!]\s*$/, '');
  const after = /agree or disagree\s*(?:that|:|,|-|–)\s*(.+)$/i.exec(figure.questionText);
  return after ? after[1]!.replace(/[.?!]\s*$/, '') : null;
}

/** The verb phrase for the figure's answer (see the rules at the top of the file). */
export function verbPhraseOf(figure: Figure): string {
  const statement = statementOf(figure);
  const label = figure.answerLabel.trim();
  if (statement && agreeLabel.test(label)) return `${/^strongly /i.test(label) ? 'strongly agreed' : 'agreed'} that ${lowerFirst(statement)}`;
  if (statement && disagreeLabel.test(label)) return `${/^strongly /i.test(label) ? 'strongly disagreed' : 'disagreed'} that ${lowerFirst(statement)}`;
  const asked = figure.statementText ? `${figure.questionText.replace(/\s+$/, '')} ${figure.statementText}` : figure.questionText;
  return `said "${label}" when asked "${asked.trim()}"`;
}

/** Who the figure is about: the subgroup in words, or the survey's population. */
export function whoOf(figure: Figure): string {
  return figure.subgroupLabel ?? figure.survey.population;
}

/** The headline sentence, or null when the figure has no percentage (empty or suppressed base). */
export function writeSentence(figure: Figure): string | null {
  if (figure.percent === null) return null;
  return `${Math.round(figure.percent)}% of ${whoOf(figure)} ${verbPhraseOf(figure)}`;
}

const count = (n: number) => Math.round(n).toLocaleString('en-GB');

/** "Base: 2,006 parents (aged 17+) of under 2 year olds in England", with subgroup and weighting when they apply. */
export function writeBaseLine(figure: Figure): string {
  const notes: string[] = [];
  if (figure.subgroupLabel) notes.push(`subgroup: ${figure.subgroupLabel}`);
  if (figure.provenance.weighting) notes.push(`weighted by ${figure.provenance.weighting}; effective base ${count(figure.base.effective)}`);
  const tail = notes.length > 0 ? ` (${notes.join('; ')})` : '';
  return `Base: ${count(figure.base.unweighted)} ${figure.survey.population} in ${withArticle(figure.survey.geography)}${tail}`;
}

/** "Margin of error: ±1.9 points", or null when there is no figure. */
export function writeMarginLine(figure: Figure): string | null {
  if (figure.marginOfError === null || figure.percent === null) return null;
  return `Margin of error: ±${(figure.marginOfError * 100).toFixed(1)} points`;
}

/** What a press officer should know before using the figure. */
export function headlineWarnings(figure: Figure, chosen: PhraseVerdict | null): string[] {
  const warnings: string[] = [];
  if (figure.base.flag === 'empty') warnings.push('Nobody is in the base: there is no figure to report.');
  if (figure.base.flag === 'suppressed') warnings.push(`Suppressed: the base is ${figure.base.unweighted}, under 10, so no percentage is reported.`);
  if (figure.base.flag === 'low') warnings.push(`Low base: ${figure.base.unweighted} respondents, under 50. Report the base beside the figure.`);
  if (chosen?.true && !chosen.supported) warnings.push(`Phrase not supported: ${chosen.reason}.`);
  return warnings;
}

/** Everything a headline draft shows: the sentence, base and margin lines, suggested phrases and warnings. */
export interface HeadlineDraft {
  figure: Figure;
  sentence: string | null;
  baseLine: string;
  marginOfError: string | null;
  phrases: PhraseVerdict[];
  /** The phrase asked for, judged (null when none was asked for). */
  phrase: PhraseVerdict | null;
  warnings: string[];
}

/** Drafts a headline from a figure; `phrase` (an id or wording) is judged and, when true, leads the sentence ("Over half (53%) of ..."). */
export function draftFromFigure(figure: Figure, phrase?: string | null): HeadlineDraft {
  const phrases = figure.percent === null ? [] : suggestPhrases(figure.percent, figure.base.effective);
  const known = phrase ? findPhrase(phrase) : undefined;
  const chosen = known && figure.percent !== null ? assessPhrase(known, figure.percent, figure.base.effective) : null;
  let sentence = writeSentence(figure);
  if (sentence && chosen?.true && figure.percent !== null) {
    const wording = chosen.wording;
    sentence = `${wording.charAt(0).toUpperCase()}${wording.slice(1)} (${Math.round(figure.percent)}%) of ${whoOf(figure)} ${verbPhraseOf(figure)}`;
  }
  const warnings = headlineWarnings(figure, chosen);
  if (phrase && !known) warnings.push(`"${phrase}" is not a phrase Attune knows, so it was not checked.`);
  if (chosen && !chosen.true) warnings.unshift(`Phrase not true: ${chosen.reason}.`);
  return { figure, sentence, baseLine: writeBaseLine(figure), marginOfError: writeMarginLine(figure), phrases, phrase: chosen, warnings };
}
