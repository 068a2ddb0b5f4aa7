import * as v from 'valibot';
import { SlugSchema, WeightingNameSchema } from '../surveys/schema.ts';

// The query of the results API and of the pages that show the same figures. A list may be sent as
// one comma-separated value (`breaks=q_gender,q_age`) or as repeated keys (`breaks=q_gender&breaks=q_age`,
// which is what a GET form's checkboxes send); both mean the same.

export const ResultsParamsSchema = v.object({ slug: SlugSchema });

const VERSION = /^[1-9][0-9]{0,8}$/;
const QUESTION_ID = /^[a-z][a-z0-9_]{0,62}$/;
const FILTER = /^([a-z][a-z0-9_]{0,62}):([A-Za-z0-9_-]{1,20}(?:\|[A-Za-z0-9_-]{1,20})*)$/;

/** A string or repeated strings, as one list split at commas, blanks dropped. */
const ListSchema = v.pipe(
  v.union([v.string(), v.array(v.string())], 'must be text'),
  v.transform((value) =>
    [value]
      .flat()
      .flatMap((item) => item.split(','))
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  ),
);

/** A string or repeated strings, as a list (no comma splitting: a filter's codes are separated by `|`). */
const RepeatedSchema = v.pipe(
  v.union([v.string(), v.array(v.string())], 'must be text'),
  v.transform((value) => [value].flat().map((item) => item.trim()).filter((item) => item !== '')),
);

/** One `filter` value: the rows whose answer to a question is one of the codes. */
export interface ResultsFilter {
  question: string;
  codes: string[];
}

const ResultsQueryEntries = {
  /** The older single-version form, kept working: `version=2` is `versions=2`. */
  version: v.optional(v.pipe(v.string(), v.regex(VERSION, 'must be a version number'), v.toNumber())),
  versions: v.optional(
    v.pipe(
      ListSchema,
      v.check((list) => list.every((item) => VERSION.test(item)), 'must be version numbers, e.g. 1,2'),
      v.transform((list) => [...new Set(list.map(Number))].sort((a, b) => a - b)),
    ),
  ),
  weighting: v.optional(v.union([v.literal(''), WeightingNameSchema], 'must be the name of a weighting scheme, e.g. "gb-parents"')),
  breaks: v.optional(
    v.pipe(
      ListSchema,
      v.check((list) => list.every((item) => QUESTION_ID.test(item)), 'must be question ids, e.g. q_gender,q_age_band'),
      v.check((list) => new Set(list).size === list.length, 'names a question twice'),
      v.maxLength(5, 'may name at most 5 questions'),
    ),
  ),
  filter: v.optional(
    v.pipe(
      RepeatedSchema,
      v.check((list) => list.every((item) => FILTER.test(item)), 'must be QUESTION:CODE or QUESTION:CODE|CODE, e.g. q_gender:1|2'),
      v.maxLength(20, 'may be given at most 20 times'),
    ),
  ),
  dontKnow: v.optional(v.picklist(['include', 'exclude'], 'must be include or exclude')),
};

/** What a results request asks for, once parsed. */
export interface ResultsRequest {
  /** Only these versions (sorted); every published version when absent. */
  versions?: number[];
  weighting?: string;
  breaks: string[];
  /** One per question; repeats of a question were merged (any of their codes). */
  filters: ResultsFilter[];
  dontKnow: 'include' | 'exclude';
}

type ParsedQuery = v.InferOutput<v.ObjectSchema<typeof ResultsQueryEntries, undefined>>;

/** Turns a parsed query into a request: `version` and `versions` are one choice, and filters on the same
 * question are merged, so that a form's ticked codes (`filter=q:1&filter=q:2`) mean "1 or 2". */
function toRequest(query: ParsedQuery): ResultsRequest {
  const filters = new Map<string, Set<string>>();
  for (const item of query.filter ?? []) {
    const [, question, codes] = FILTER.exec(item)!;
    const set = filters.get(question!) ?? new Set<string>();
    for (const code of codes!.split('|')) set.add(code);
    filters.set(question!, set);
  }
  const versions = query.versions ?? (query.version === undefined ? undefined : [query.version]);
  return {
    ...(versions && versions.length > 0 ? { versions } : {}),
    ...(query.weighting ? { weighting: query.weighting } : {}),
    breaks: query.breaks ?? [],
    filters: [...filters].map(([question, codes]) => ({ question, codes: [...codes] })),
    dontKnow: query.dontKnow ?? 'include',
  };
}

const bothVersionForms = (query: ParsedQuery) => query.version === undefined || query.versions === undefined;
const BOTH_VERSION_FORMS = 'give either version or versions, not both';

/** The API's query: unknown keys are refused, so a misspelt `break=` cannot silently give a Total-only table. */
export const ResultsQuerySchema = v.pipe(
  v.strictObject(ResultsQueryEntries),
  v.forward(v.check(bothVersionForms, BOTH_VERSION_FORMS), ['versions']),
  v.transform(toRequest),
);

/** The same query for pages people browse: other keys (a tracking parameter, `lang`) are ignored. */
export const ResultsPageQuerySchema = v.pipe(
  v.object(ResultsQueryEntries),
  v.forward(v.check(bothVersionForms, BOTH_VERSION_FORMS), ['versions']),
  v.transform(toRequest),
);

/** The canonical query string of a request (empty for the defaults), for links to the same figures. */
export function formatResultsQuery(request: ResultsRequest): string {
  const params = new URLSearchParams();
  if (request.versions && request.versions.length > 0) params.set('versions', request.versions.join(','));
  if (request.weighting) params.set('weighting', request.weighting);
  if (request.breaks.length > 0) params.set('breaks', request.breaks.join(','));
  for (const filter of request.filters) params.append('filter', `${filter.question}:${filter.codes.join('|')}`);
  if (request.dontKnow === 'exclude') params.set('dontKnow', 'exclude');
  const text = params.toString().replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%7C/g, '|');
  return text === '' ? '' : `?${text}`;
}
