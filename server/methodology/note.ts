import type { SurveyMetadata } from '../surveys/schema.ts';

// The notes-to-editors paragraph and the British Polling Council disclosure checklist, as pure
// functions of what is known about a survey: its metadata, the responses that count and the answers
// a press officer gave. No database here, so every wording rule can be tested directly.

/** What the survey file and its data say, gathered once for the note and the checklist. */
export interface SurveyFacts {
  slug: string;
  title: string;
  metadata: SurveyMetadata;
  /** Complete responses counted in results (excluded ones left out), with their first and last dates (YYYY-MM-DD, UK time). */
  responses: { count: number; firstDate: string | null; lastDate: string | null };
}

/** Answers to the checklist items the survey file cannot give; null when not given. */
export interface DisclosureAnswers {
  /** The web address where the full tables are published. */
  tablesUrl: string | null;
  /** The statement on the research company's code-of-conduct membership, written by whoever can vouch for it. */
  codeOfConduct: string | null;
}

export const EMPTY_ANSWERS: DisclosureAnswers = { tablesUrl: null, codeOfConduct: null };

/** How the data were weighted, for the note: the scheme's weighting variables, as short names. */
export interface NoteWeighting {
  /** e.g. ["gender", "age band", "region"]. */
  variables: string[];
}

export interface DisclosureItem {
  id: string;
  label: string;
  /** Required by the BPC for every published report, or 'where practical'. */
  required: boolean;
  /** Met, with the value that meets it (e.g. "Censuswide"), or missing with what to do. */
  met: boolean;
  value: string | null;
  howToFix: string | null;
  /** Where the item's value comes from: the published survey file (read-only in the press studio),
   * the responses, an answer given on the methodology page, or Attune itself. */
  source: 'survey-file' | 'responses' | 'answer' | 'attune';
}

export interface DisclosureChecklist {
  surveySlug: string;
  items: DisclosureItem[];
  /** True when every required item is met. */
  complete: boolean;
  missingRequired: DisclosureItem[];
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const partsOf = (isoDate: string) => {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  return { year, month, day };
};

/** A date in British style: "23 February 2024". */
export function formatBritishDate(isoDate: string): string {
  const { year, month, day } = partsOf(isoDate);
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

/** The fieldwork period as the note words it: "between 23 February and 1 March 2024", "between 12 and
 * 18 February 2024", "between 30 December 2023 and 2 January 2024", or "on 5 March 2024". */
export function formatFieldworkPeriod(start: string, end: string): string {
  if (start === end) return `on ${formatBritishDate(start)}`;
  const a = partsOf(start);
  const b = partsOf(end);
  if (a.year !== b.year) return `between ${formatBritishDate(start)} and ${formatBritishDate(end)}`;
  if (a.month !== b.month) return `between ${a.day} ${MONTHS[a.month - 1]} and ${formatBritishDate(end)}`;
  return `between ${a.day} and ${formatBritishDate(end)}`;
}

/** A count with thousands separators: 2,006. */
export const formatCount = (n: number) => n.toLocaleString('en-GB');

/** A response timestamp's calendar date in the UK (fieldwork dates are UK dates, and a response at
 * 00:30 BST on 1 March was submitted at 23:30 UTC on 29 February). */
export function ukDateOf(timestamp: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(timestamp));
}

// Names of bodies and places that read wrongly without "the" ("on behalf of Department of Health and
// Social Care", "in United Kingdom"). Brand names (Censuswide, YouGov, Barnardo's) take none, so the
// article is added only for names built from these words; the copied note stays editable.
const NEEDS_ARTICLE =
  /\b(Department|Ministry|Office|Foundation|Trust|Society|Council|Institute|Agency|Association|Bureau|Centre|Center|Commission|Authority|Government|Executive|Service|University|College|Partnership|Alliance|Network|Federation|Union|Fund)\b|^(United |UK$|Netherlands$|Channel Islands$|Isle of )/;

/** A name with "the" before it where English needs one ("the Parent-Infant Foundation", "the United Kingdom"). */
export function withArticle(name: string): string {
  if (/^the\s/i.test(name)) return name;
  return NEEDS_ARTICLE.test(name) ? `the ${name}` : name;
}

const METHOD_PHRASES: Record<NonNullable<SurveyMetadata['method']>, string> = {
  online: 'using an online survey',
  telephone: 'using a telephone survey',
  'in-person': 'through face-to-face interviews',
  mixed: 'using a mix of online and interviewer-led methods',
};

const METHOD_NAMES: Record<NonNullable<SurveyMetadata['method']>, string> = {
  online: 'Online',
  telephone: 'Telephone',
  'in-person': 'In person (face to face)',
  mixed: 'Mixed (online and interviewer-led)',
};

/** "gender, age band and region". */
export function joinWithAnd(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** The short name of a weighting question for the note: its id without the "q_" prefix, in words
 * ("q_age_band" -> "age band"); ids are how researchers name their variables. */
export function variableNameOf(questionId: string): string {
  return questionId.replace(/^q_/, '').replaceAll('_', ' ').trim();
}

/** The fieldwork period the note and checklist use: the survey file's dates, else the dates of the
 * first and last counted responses. */
export function fieldworkOf(facts: SurveyFacts): { start: string | null; end: string | null; from: 'survey-file' | 'responses' | 'mixed' | null } {
  const fileStart = facts.metadata.fieldwork?.start ?? null;
  const fileEnd = facts.metadata.fieldwork?.end ?? null;
  const start = fileStart ?? facts.responses.firstDate;
  const end = fileEnd ?? facts.responses.lastDate;
  if (!start && !end) return { start: null, end: null, from: null };
  const from = fileStart && fileEnd ? 'survey-file' : !fileStart && !fileEnd ? 'responses' : 'mixed';
  return { start, end, from };
}

/** Who conducted the research: the named company, else the organisation running the survey. */
const conductorOf = (metadata: SurveyMetadata) => metadata.conductedBy ?? metadata.organisation;

/** Who it was done for, when that is someone other than whoever conducted it. */
function clientOf(metadata: SurveyMetadata): string | null {
  const client = metadata.commissioner ?? (metadata.conductedBy ? metadata.organisation : null);
  return client && client !== conductorOf(metadata) ? client : null;
}

const asSentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

/** The notes-to-editors paragraph, in the seeds' own pattern ("The research was conducted by
 * Censuswide on behalf of ... among a sample of 2,006 ... The data was collected between ..."). */
export function buildMethodologyNote(facts: SurveyFacts, answers: DisclosureAnswers, weighting: NoteWeighting | null): string {
  const { metadata } = facts;
  const client = clientOf(metadata);
  const universe = `${metadata.population} in ${withArticle(metadata.geography)}`;
  const sentences: string[] = [];
  sentences.push(
    `The research was conducted by ${withArticle(conductorOf(metadata))}${client ? ` on behalf of ${withArticle(client)}` : ''} among a sample of ` +
      `${formatCount(facts.responses.count)} ${universe}.`,
  );
  const { start, end } = fieldworkOf(facts);
  const period = start && end ? ` ${formatFieldworkPeriod(start, end)}` : '';
  const method = metadata.method ? ` ${METHOD_PHRASES[metadata.method]}` : '';
  if (period || method) sentences.push(`The data was collected${period}${method}.`);
  sentences.push(
    weighting && weighting.variables.length > 0
      ? `Data were weighted to be representative of ${universe} by ${joinWithAnd(weighting.variables)}.`
      : 'The data is unweighted.',
  );
  if (answers.codeOfConduct) sentences.push(asSentence(answers.codeOfConduct.trim()));
  return sentences.join(' ');
}

const REPUBLISH = 'then publish it as a new version (Versions tab of the survey)';

/** The British Polling Council disclosure checklist: the required items first, then those asked
 * "where practical", then the optional code-of-conduct statement. */
export function buildDisclosureChecklist(facts: SurveyFacts, answers: DisclosureAnswers): DisclosureChecklist {
  const { metadata } = facts;
  const item = (fields: DisclosureItem): DisclosureItem => fields;
  const fromFile = (id: string, label: string, value: string | null | undefined, fix: string): DisclosureItem =>
    item({ id, label, required: true, met: Boolean(value), value: value || null, howToFix: value ? null : `${fix}, ${REPUBLISH}.`, source: 'survey-file' });

  const { start, end, from } = fieldworkOf(facts);
  const items: DisclosureItem[] = [
    fromFile(
      'commissioner',
      'Client commissioning the survey',
      metadata.commissioner ?? metadata.organisation,
      'Add metadata.commissioner (or metadata.organisation) to the survey file',
    ),
    item({
      id: 'fieldwork',
      label: 'Dates of interviewing',
      required: true,
      met: Boolean(start && end),
      value: start && end ? `${formatBritishDate(start)} to ${formatBritishDate(end)}${from === 'survey-file' ? '' : ' (from the first and last responses)'}` : null,
      howToFix: start && end ? null : `Add metadata.fieldwork.start and metadata.fieldwork.end (YYYY-MM-DD) to the survey file, ${REPUBLISH}.`,
      source: from === 'survey-file' || from === null ? 'survey-file' : 'responses',
    }),
    fromFile('method', 'Method of obtaining the interviews', metadata.method ? METHOD_NAMES[metadata.method] : null, 'Add metadata.method (online, telephone, in-person or mixed) to the survey file'),
    fromFile(
      'universe',
      'Universe effectively represented',
      metadata.population && metadata.geography ? `${metadata.population} in ${withArticle(metadata.geography)}` : null,
      'Add metadata.population and metadata.geography to the survey file',
    ),
    item({
      id: 'percentages',
      label: 'Percentages on which conclusions are based',
      required: true,
      met: true,
      value: 'Each chart and headline exported from the press studio carries its figures and base.',
      howToFix: null,
      source: 'attune',
    }),
    item({
      id: 'sampleSize',
      label: 'Sample size',
      required: true,
      met: facts.responses.count > 0,
      value: facts.responses.count > 0 ? `${formatCount(facts.responses.count)} complete responses` : null,
      howToFix: facts.responses.count > 0 ? null : 'No complete responses count yet: collect or import responses (or restore excluded ones) before publishing.',
      source: 'responses',
    }),
    fromFile('geography', 'Geographic coverage', metadata.geography, 'Add metadata.geography to the survey file'),
    item({
      id: 'questionWording',
      label: 'Complete question wording',
      required: false,
      met: true,
      value: 'Attune includes the full question wording with every chart and data table.',
      howToFix: null,
      source: 'attune',
    }),
    item({
      id: 'tablesUrl',
      label: 'Web address for the full tables',
      required: false,
      met: Boolean(answers.tablesUrl),
      value: answers.tablesUrl,
      howToFix: answers.tablesUrl ? null : 'Give the web address where the full tables are (or will be) published, in the form on this page.',
      source: 'answer',
    }),
    item({
      id: 'codeOfConduct',
      label: 'Code of conduct statement (optional)',
      required: false,
      met: Boolean(answers.codeOfConduct),
      value: answers.codeOfConduct,
      howToFix: answers.codeOfConduct
        ? null
        : 'If the research company is a member of the Market Research Society or the British Polling Council, write its statement in the form on this page: Attune does not assert it for you.',
      source: 'answer',
    }),
  ];
  const missingRequired = items.filter((i) => i.required && !i.met);
  return { surveySlug: facts.slug, items, complete: missingRequired.length === 0, missingRequired };
}
