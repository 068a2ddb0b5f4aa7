import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { contentHash, differingPaths } from './canonical-json.ts';
import { checkDefinition, formatProblem, type DefinitionProblem } from './definition-rules.ts';
import * as queries from './queries.ts';
import type { SurveyDefinition } from './schema.ts';

export interface PublishedSurvey {
  slug: string;
  version: number;
  publishedAt: string;
  definition: SurveyDefinition;
}

export type PublishOutcome = 'published' | 'unchanged';

/** Publishes one version of a survey. A published (slug, version) is immutable: the same content
 * again is a no-op, different content under the same number is refused with what differs. */
export async function publishSurveyVersion(db: Kysely<Database>, definition: SurveyDefinition): Promise<PublishOutcome> {
  const hash = contentHash(definition);
  // Inside a caller's transaction (publishing a draft also discards it and audits), join it.
  const inTransaction = <T,>(work: (trx: Kysely<Database>) => Promise<T>) => (db.isTransaction ? work(db) : db.transaction().execute(work));
  return inTransaction(async (trx) => {
    const existing = await queries.findSurveyVersion(trx, definition.slug, definition.version);
    if (existing) {
      if (existing.content_hash === hash) return 'unchanged';
      const differences = differingPaths(JSON.parse(existing.definition), definition, 5);
      throw new AppError(
        'survey_conflict',
        `Survey "${definition.slug}" version ${definition.version} is already published with different content ` +
          `(differs at ${differences.join(', ')}). Published versions never change: publish the change as a new version number.`,
      );
    }
    const now = new Date().toISOString();
    await queries.insertSurveyIfMissing(trx, definition.slug, now);
    await queries.insertSurveyVersion(trx, {
      survey_slug: definition.slug,
      version: definition.version,
      definition: JSON.stringify(definition),
      content_hash: hash,
      published_at: now,
    });
    return 'published';
  });
}

const toPublished = (row: { survey_slug: string; version: number; published_at: string; definition: string }): PublishedSurvey => ({
  slug: row.survey_slug,
  version: row.version,
  publishedAt: row.published_at,
  definition: JSON.parse(row.definition) as SurveyDefinition,
});

/** Freezes a parsed definition at every depth, so that a caller mutating a cached copy fails loudly
 * instead of silently changing what every later request sees. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

// A published (slug, version) never changes (publishSurveyVersion refuses different content under
// the same number), so its parsed definition can be kept instead of re-reading and re-parsing the
// JSON on every submission. Keyed by database handle, so each app and each test database has its
// own; only versions that exist are kept, so a version published later by the CLI is still found.
const publishedByHandle = new WeakMap<Kysely<Database>, Map<string, PublishedSurvey>>();

/** One published version, or a 404 naming what is missing. The result is shared and frozen. */
export async function getSurveyVersion(db: Kysely<Database>, slug: string, version: number): Promise<PublishedSurvey> {
  let cache = publishedByHandle.get(db);
  const key = `${version} ${slug}`;
  const cached = cache?.get(key);
  if (cached) return cached;
  const row = await queries.findSurveyVersion(db, slug, version);
  if (!row) {
    const latest = await queries.findLatestSurveyVersion(db, slug);
    throw new AppError('not_found', latest ? `Survey "${slug}" has no published version ${version}` : `No survey "${slug}"`);
  }
  const published = deepFreeze(toPublished(row));
  if (!cache) publishedByHandle.set(db, (cache = new Map()));
  cache.set(key, published);
  return published;
}

/** The newest published version of a survey, or a 404. */
export async function getLatestSurvey(db: Kysely<Database>, slug: string): Promise<PublishedSurvey> {
  const row = await queries.findLatestSurveyVersion(db, slug);
  if (!row) throw new AppError('not_found', `No survey "${slug}"`);
  return toPublished(row);
}

/** Every survey's newest version. */
export async function listSurveys(db: Kysely<Database>): Promise<PublishedSurvey[]> {
  return (await queries.listLatestSurveyVersions(db)).map(toPublished);
}

/** A survey's version history: numbers and publication dates. */
export async function listVersions(db: Kysely<Database>, slug: string) {
  const rows = await queries.listSurveyVersions(db, slug);
  if (rows.length === 0) throw new AppError('not_found', `No survey "${slug}"`);
  return rows.map((row) => ({ version: row.version, publishedAt: row.published_at }));
}

export interface SurveyFile {
  file: string;
  definition?: SurveyDefinition;
  problems: DefinitionProblem[];
}

/** Reads and checks one definition file, turning JSON syntax errors into problems too. */
export async function readSurveyFile(file: string): Promise<SurveyFile> {
  let document: unknown;
  try {
    document = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { file, problems: [{ path: '', message: `cannot read as JSON: ${reason}` }] };
  }
  const check = checkDefinition(document);
  return check.ok ? { file, definition: check.definition, problems: [] } : { file, problems: check.problems };
}

/** Every `*.json` file under a folder, in a stable order. */
async function findJsonFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** Checks every definition in a folder and publishes them all, or none if any file is invalid
 * (the error lists every problem in every file). Returns what happened to each version. */
export async function publishSurveyFolder(db: Kysely<Database>, dir: string) {
  const files = await Promise.all((await findJsonFiles(dir)).map(readSurveyFile));
  const invalid = files.filter((file) => file.problems.length > 0);
  const seen = new Map<string, string>();
  for (const file of files) {
    if (!file.definition) continue;
    const key = `${file.definition.slug} v${file.definition.version}`;
    const other = seen.get(key);
    if (other) invalid.push({ file: file.file, problems: [{ path: 'version', message: `${key} is also defined in ${other}` }] });
    seen.set(key, file.file);
  }
  if (invalid.length > 0) {
    const lines = invalid.flatMap((file) => file.problems.map((problem) => `${file.file}: ${formatProblem(problem)}`));
    throw new AppError('survey_invalid', `Invalid survey definitions in ${dir}:\n  ${lines.join('\n  ')}`);
  }
  const outcomes: { slug: string; version: number; outcome: PublishOutcome }[] = [];
  for (const file of files) {
    const definition = file.definition!;
    outcomes.push({ slug: definition.slug, version: definition.version, outcome: await publishSurveyVersion(db, definition) });
  }
  return outcomes;
}
