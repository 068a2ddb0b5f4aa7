import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { recordAudit, type AuditActor } from '../audit/service.ts';
import type { Database, NewResponseRow } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { newReference } from '../responses/service.ts';
import { getSurveyVersion, listVersions, getLatestSurvey, type PublishedSurvey } from '../surveys/service.ts';
import { localise } from '../surveys/model.ts';
import { listQuestions } from '../surveys/model.ts';
import { readResponsesCsv, RESPONDENT_ID, DURATION_SECONDS, COMPLETED_AT, type ImportProblem, type PreparedRow } from './csv-reader.ts';
import * as queries from './queries.ts';

// Importing a polling company's delivered data: read and check the whole file, compare respondent
// ids with what earlier imports stored, then store every new row in one transaction or none at all.

export type { ImportProblem } from './csv-reader.ts';
export { MAX_LISTED_PROBLEMS } from './csv-reader.ts';

/** What an import did, or why it did nothing; the CLI prints it and the upload page shows it. */
export interface ResponseImportReport {
  slug: string;
  version: number;
  fileName: string;
  outcome: 'imported' | 'invalid';
  /** Rows of answers read (rows with every cell empty are not counted). */
  rows: number;
  /** Responses stored by this import. */
  inserted: number;
  /** Rows whose respondent id an earlier import already stored with the same answers. */
  alreadyImported: number;
  hasRespondentIds: boolean;
  /** Every problem found; only the first MAX_LISTED_PROBLEMS are in `problems`. */
  problemCount: number;
  problems: ImportProblem[];
  warnings: string[];
}

export interface ImportInput {
  slug: string;
  version: number;
  fileName: string;
  /** The file's bytes, read as they arrive (a file stream, an upload's stream, or one buffer). */
  source: AsyncIterable<Uint8Array>;
}

export interface ImportActor {
  actor: AuditActor;
  ip: string | null;
}

// SQLite binds at most 32,766 parameters per statement and PostgreSQL 65,535; a batch stays under
// the smaller with room to spare, whatever columns the responses table has.
const MAX_PARAMETERS_PER_STATEMENT = 30_000;
// Lookups by submission id or reference bind one parameter per value: 5,000 keeps well under both
// limits while taking 20 round trips, not 100,000, for a file of 100,000 rows.
const LOOKUP_CHUNK = 5_000;

/** The stored submission id of a respondent's imported response: the same respondent id in the
 * same survey always maps to the same row, which is what makes a re-import recognisable. */
export function importSubmissionId(slug: string, respondentId: string): string {
  return `import:${slug}:${respondentId}`;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

/** The published version to import into, with a message that says what to do when there is none. */
async function findImportTarget(db: Kysely<Database>, slug: string, version: number): Promise<PublishedSurvey> {
  try {
    return await getSurveyVersion(db, slug, version);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') {
      const published = await listVersions(db, slug).catch(() => []);
      if (published.length > 0) {
        throw new AppError('not_found', `Survey "${slug}" has no published version ${version} (published: ${published.map((p) => p.version).join(', ')})`);
      }
      if (await queries.hasDraft(db, slug)) {
        throw new AppError('not_found', `Survey "${slug}" has no published version yet: publish version 1 before importing responses`);
      }
    }
    throw error;
  }
}

/** Response references are unique and random; the few that collide with stored ones (or each
 * other) are drawn again before anything is written. */
async function drawReferences(db: Kysely<Database>, count: number): Promise<string[]> {
  const references: string[] = [];
  const seen = new Set<string>();
  const draw = () => {
    let reference = newReference();
    while (seen.has(reference)) reference = newReference();
    seen.add(reference);
    return reference;
  };
  for (let i = 0; i < count; i++) references.push(draw());
  let toCheck = references.map((_, i) => i);
  while (toCheck.length > 0) {
    const taken = new Set<string>();
    for (const part of chunks(toCheck, LOOKUP_CHUNK)) {
      for (const reference of await queries.findTakenReferences(db, part.map((i) => references[i]!))) taken.add(reference);
    }
    toCheck = toCheck.filter((i) => taken.has(references[i]!));
    for (const i of toCheck) references[i] = draw();
  }
  return references;
}

/** Imports a delivered CSV into one published version of a survey. Every row is checked (codes,
 * numbers, required answers, routing, screening) and compared with earlier imports of the same
 * respondent ids; unless the whole file is valid nothing is written. Throws 404 for an unknown
 * survey or a version that is not published; an invalid file is a report, not an exception. */
export async function importResponses(db: Kysely<Database>, input: ImportInput, by: ImportActor): Promise<ResponseImportReport> {
  const survey = await findImportTarget(db, input.slug, input.version);
  const importedAt = new Date().toISOString();
  const read = await readResponsesCsv(input.source, survey.definition, { importedAt });
  const problems = read.problems;

  const submissionIds = new Map<PreparedRow, string>();
  for (const row of read.prepared) {
    submissionIds.set(row, row.respondentId === null ? importSubmissionId(input.slug, randomUUID()) : importSubmissionId(input.slug, row.respondentId));
  }

  // Respondents an earlier import stored: the same answers are skipped, different answers are an
  // error for that row (an import never overwrites a response someone may already have reported).
  let alreadyImported = 0;
  const fresh: PreparedRow[] = [];
  if (read.hasRespondentIds) {
    const stored = new Map<string, { payload_hash: string; reference: string; survey_version: number }>();
    for (const part of chunks(read.prepared, LOOKUP_CHUNK)) {
      for (const row of await queries.findStoredSubmissions(db, part.map((p) => submissionIds.get(p)!))) stored.set(row.submission_id, row);
    }
    for (const row of read.prepared) {
      const existing = stored.get(submissionIds.get(row)!);
      if (!existing) fresh.push(row);
      else if (existing.payload_hash === row.payloadHash) alreadyImported++;
      else {
        const as = existing.survey_version === input.version ? 'with different answers' : `as version ${existing.survey_version}`;
        problems.add({
          row: row.row,
          line: row.line,
          column: RESPONDENT_ID,
          message: `respondent id "${row.respondentId}" was already imported ${as} (response ${existing.reference}); an import never overwrites a stored response`,
        });
      }
    }
  } else {
    fresh.push(...read.prepared);
  }

  const warnings = [...read.warnings];
  if (!read.hasRespondentIds) {
    warnings.push(`There is no ${RESPONDENT_ID} column, so this import cannot be recognised later: importing the same file again stores its rows again.`);
  }
  if (!read.hasCompletionTimes) warnings.push(`There is no ${COMPLETED_AT} column: every response is dated with the time of the import.`);
  if (!read.hasDurations) warnings.push(`There is no ${DURATION_SECONDS} column: completion times are unknown, so speeder checks cannot flag these responses.`);

  const report: ResponseImportReport = {
    slug: input.slug,
    version: input.version,
    fileName: input.fileName,
    outcome: 'invalid',
    rows: read.rowCount - read.emptyRows,
    inserted: 0,
    alreadyImported,
    hasRespondentIds: read.hasRespondentIds,
    problemCount: problems.count,
    // File and header problems first, then by row: comparing with stored respondents adds its
    // problems after the reading pass.
    problems: [...problems.listed].sort((a, b) => (a.row ?? 0) - (b.row ?? 0)),
    warnings,
  };
  if (problems.count > 0) return report;

  const references = await drawReferences(db, fresh.length);
  // Built a batch at a time, so a file of 100,000 rows never holds all its rows twice over.
  const toRow = (row: PreparedRow, i: number): NewResponseRow => ({
    id: randomUUID(),
    submission_id: submissionIds.get(row)!,
    payload_hash: row.payloadHash,
    survey_slug: input.slug,
    survey_version: input.version,
    status: 'complete',
    answers: row.answersJson,
    reference: references[i]!,
    source: 'import',
    is_demo: 0,
    language: 'en',
    started_at: row.startedAt,
    submitted_at: row.submittedAt,
    // Kept as the panel id too, so the duplicate-panel-id check sees delivered respondents.
    panel_id: row.respondentId,
    invitation_id: null,
  });
  const batchSize = fresh.length === 0 ? 1 : Math.floor(MAX_PARAMETERS_PER_STATEMENT / Object.keys(toRow(fresh[0]!, 0)).length);

  await db.transaction().execute(async (trx) => {
    for (let start = 0; start < fresh.length; start += batchSize) {
      const batch = fresh.slice(start, start + batchSize).map((row, i) => toRow(row, start + i));
      const inserted = await queries.insertResponses(trx, batch);
      // Only a second import of the same respondents running at this very moment gets here.
      if (inserted !== batch.length) {
        throw new AppError('conflict', 'Another import of the same respondents finished while this one was running; nothing was imported. Import the file again.');
      }
    }
    await recordAudit(trx, {
      actor: by.actor,
      action: 'responses.imported',
      subject: input.slug,
      detail: {
        version: input.version,
        fileName: input.fileName,
        rows: report.rows,
        inserted: fresh.length,
        alreadyImported,
        respondentIds: read.hasRespondentIds,
      },
      ip: by.ip,
    });
  });
  return { ...report, outcome: 'imported', inserted: fresh.length };
}

/** What the upload page needs about a survey: its title, published versions and each version's columns. */
export interface ImportTarget {
  slug: string;
  title: string;
  versions: { version: number; columns: string[] }[];
}

/** The columns a delivered file for each published version may have, in questionnaire order. */
export function columnsOf(survey: PublishedSurvey): string[] {
  const questionColumns = listQuestions(survey.definition).flatMap((question) =>
    question.type === 'likert-grid' ? question.statements.map((statement) => `${question.id}.${statement.id}`) : [question.id],
  );
  return [RESPONDENT_ID, DURATION_SECONDS, COMPLETED_AT, ...questionColumns];
}

/** The survey an upload page is for. Throws 404 for an unknown survey; a survey with only a draft
 * has no versions to import into. */
export async function getImportTarget(db: Kysely<Database>, slug: string): Promise<ImportTarget> {
  const published = await listVersions(db, slug).catch(async (error: unknown) => {
    if (error instanceof AppError && error.code === 'not_found' && (await queries.hasDraft(db, slug))) return [];
    throw error;
  });
  if (published.length === 0) return { slug, title: slug, versions: [] };
  const latest = await getLatestSurvey(db, slug);
  const versions = [];
  for (const { version } of [...published].reverse()) versions.push({ version, columns: columnsOf(await getSurveyVersion(db, slug, version)) });
  return { slug, title: localise(latest.definition.title, 'en'), versions };
}
