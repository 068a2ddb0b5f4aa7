import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import * as v from 'valibot';
import { recordAudit, type AuditActor } from '../audit/service.ts';
import type { Database } from '../db/schema.ts';
import { discardDraft, getDraft, saveDraft, type Draft } from '../drafts/service.ts';
import { AppError } from '../errors.ts';
import { checkDefinition, type DefinitionProblem } from '../surveys/definition-rules.ts';
import { SlugSchema, type SurveyDefinition } from '../surveys/schema.ts';
import { getLatestSurvey, getSurveyVersion, listVersions, publishSurveyVersion, type PublishedSurvey } from '../surveys/service.ts';
import { blockingMeaningChanges, diffDefinitions, findMeaningChanges, type MeaningChange, type VersionDiff } from './diff.ts';
import * as queries from './queries.ts';
import { convertXlsForm, type ReportItem, type SheetRow, type XlsFormSheets } from './xlsform.ts';

/** Who is acting, for the audit log. */
export interface Actor {
  actor: AuditActor | null;
  ip: string | null;
  userId: string | null;
}

/** What an import could not carry over or changed on the way in, kept beside the draft. */
export interface ImportReport {
  format: 'json' | 'xlsform';
  fileName: string;
  importedAt: string;
  /** Changes the import made to fit the survey (slug, version number). */
  notes: string[];
  /** XLSForm rows and columns that were not carried over, by sheet and row. */
  items: ReportItem[];
}

export interface VersionSummary {
  version: number;
  publishedAt: string;
  complete: number;
  demo: number;
}

export interface DraftSummary {
  updatedAt: string;
  baseVersion: number | null;
  /** What the definition rules say about the draft as it would be published (empty when it can be). */
  problems: DefinitionProblem[];
}

export interface VersionsOverview {
  slug: string;
  title: string;
  versions: VersionSummary[];
  draft?: DraftSummary;
  importReport?: ImportReport;
  nextVersion: number;
}

/** The English title of a draft document that may be incomplete. */
function documentTitle(document: Record<string, unknown> | undefined, slug: string): string {
  const title = document?.title as { en?: unknown } | undefined;
  return typeof title?.en === 'string' && title.en.trim() !== '' ? title.en : slug;
}

async function findLatest(db: Kysely<Database>, slug: string): Promise<PublishedSurvey | null> {
  try {
    return await getLatestSurvey(db, slug);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') return null;
    throw error;
  }
}

/** The draft document as it would be published: this survey's slug and the next version number. */
function asNextVersion(document: Record<string, unknown>, slug: string, nextVersion: number): Record<string, unknown> {
  return { ...document, slug, version: nextVersion };
}

/** The import report kept for the current draft; a report from before the draft was discarded and
 * started again is stale and not returned. */
async function findCurrentImportReport(db: Kysely<Database>, slug: string): Promise<ImportReport | undefined> {
  const row = await queries.findImportReport(db, slug);
  const draft = await queries.findDraftCreatedAt(db, slug);
  if (!row || !draft || draft.created_at > row.imported_at) return undefined;
  return JSON.parse(row.report) as ImportReport;
}

/** A survey's published versions with complete responses per version, its draft and any import report;
 * 404 when the survey has neither. */
export async function getVersionsOverview(db: Kysely<Database>, slug: string): Promise<VersionsOverview> {
  const latest = await findLatest(db, slug);
  const draft = await getDraft(db, slug);
  if (!latest && !draft) throw new AppError('not_found', `No survey "${slug}"`);
  const nextVersion = (latest?.version ?? 0) + 1;
  const counts = new Map((await queries.countCompletesByVersion(db, slug)).map((row) => [Number(row.survey_version), row]));
  const versions = latest
    ? (await listVersions(db, slug)).map(({ version, publishedAt }) => ({
        version,
        publishedAt,
        complete: Number(counts.get(version)?.complete ?? 0),
        demo: Number(counts.get(version)?.demo ?? 0),
      }))
    : [];
  const overview: VersionsOverview = { slug, title: latest ? latest.definition.title.en : documentTitle(draft?.document, slug), versions, nextVersion };
  if (draft) {
    const check = checkDefinition(asNextVersion(draft.document, slug, nextVersion));
    overview.draft = { updatedAt: draft.updatedAt, baseVersion: draft.baseVersion, problems: check.ok ? [] : check.problems };
    const report = await findCurrentImportReport(db, slug);
    if (report) overview.importReport = report;
  }
  return overview;
}

/** One published version with the changes from the version before it (none for version 1). */
export async function getVersionDetail(db: Kysely<Database>, slug: string, version: number) {
  const published = await getSurveyVersion(db, slug, version);
  const previous = version > 1 ? await getSurveyVersion(db, slug, version - 1).catch(() => null) : null;
  const latest = await getLatestSurvey(db, slug);
  return { published, latestVersion: latest.version, diff: previous ? diffDefinitions(previous.definition, published.definition) : null };
}

/** A published version as a `surveys/` file (`slug.vN.json`), recording the export in the audit log. */
export async function exportVersion(db: Kysely<Database>, slug: string, version: number, by: Actor) {
  const published = await getSurveyVersion(db, slug, version);
  await recordAudit(db, { actor: by.actor, action: 'survey.exported', subject: slug, detail: { version, format: 'json' }, ip: by.ip });
  return { fileName: `${slug}.v${version}.json`, body: `${JSON.stringify(published.definition, null, 2)}\n` };
}

// ------------------------------------------------------------------------------------------------
// Publishing

export interface PublishReview {
  slug: string;
  title: string;
  latest: PublishedSurvey | null;
  nextVersion: number;
  draft?: Draft;
  /** Definition problems that stop the draft being published. */
  problems: DefinitionProblem[];
  diff?: VersionDiff;
  /** Changes to what existing questions and codes mean; confirmable ones list a tick box. */
  meaningChanges: MeaningChange[];
}

/** Everything the publish page shows: the draft checked as version n+1 and its differences from version n. */
export async function reviewDraft(db: Kysely<Database>, slug: string): Promise<PublishReview> {
  const latest = await findLatest(db, slug);
  const draft = await getDraft(db, slug);
  if (!latest && !draft) throw new AppError('not_found', `No survey "${slug}"`);
  const nextVersion = (latest?.version ?? 0) + 1;
  const review: PublishReview = {
    slug,
    title: latest ? latest.definition.title.en : documentTitle(draft?.document, slug),
    latest,
    nextVersion,
    problems: [],
    meaningChanges: [],
  };
  if (!draft) return review;
  review.draft = draft;
  const check = checkDefinition(asNextVersion(draft.document, slug, nextVersion));
  if (!check.ok) {
    review.problems = check.problems;
    return review;
  }
  review.diff = diffDefinitions(latest?.definition ?? null, check.definition);
  review.meaningChanges = latest ? findMeaningChanges(latest.definition, check.definition) : [];
  return review;
}

export type PublishResult =
  | { outcome: 'published'; version: number }
  | { outcome: 'refused'; review: PublishReview; reason: 'no-draft' | 'stale' | 'problems' | 'meaning' | 'identical'; blocking: MeaningChange[] };

/** Publishes the draft as version n+1 if it passes the definition rules and changes no code's meaning
 * (apart from relabels the researcher confirmed), then discards the draft, all in one transaction. */
export async function publishDraft(
  db: Kysely<Database>,
  slug: string,
  request: { expectedLatest: number | null; confirmed: ReadonlySet<string> },
  by: Actor,
): Promise<PublishResult> {
  const review = await reviewDraft(db, slug);
  const refuse = (reason: Extract<PublishResult, { outcome: 'refused' }>['reason'], blocking: MeaningChange[] = []): PublishResult => ({
    outcome: 'refused',
    review,
    reason,
    blocking,
  });
  if (!review.draft) return refuse('no-draft');
  if ((review.latest?.version ?? null) !== request.expectedLatest) return refuse('stale');
  if (review.problems.length > 0 || !review.diff) return refuse('problems');
  if (review.diff.identical) return refuse('identical');
  const blocking = blockingMeaningChanges(review.meaningChanges, request.confirmed);
  if (blocking.length > 0) return refuse('meaning', blocking);

  const check = checkDefinition(asNextVersion(review.draft.document, slug, review.nextVersion));
  if (!check.ok) return refuse('problems');
  const definition: SurveyDefinition = check.definition;
  const diff = review.diff;
  try {
    await db.transaction().execute(async (trx) => {
      const outcome = await publishSurveyVersion(trx, definition);
      // 'unchanged' means someone published this very content as this number a moment ago.
      if (outcome !== 'published') throw new AppError('survey_conflict', `Version ${definition.version} was published meanwhile`);
      await discardDraft(trx, slug);
      await queries.deleteImportReport(trx, slug);
      await recordAudit(trx, {
        actor: by.actor,
        action: 'survey.published',
        subject: slug,
        detail: {
          version: definition.version,
          fromVersion: diff.fromVersion,
          questions: diff.counts,
          changed: diff.pages.flatMap((p) => p.questions.filter((q) => q.verdict === 'changed').map((q) => `${q.id}: ${q.labels.join(', ')}`)),
          added: diff.pages.flatMap((p) => p.questions.filter((q) => q.verdict === 'new').map((q) => q.id)),
          removed: diff.removedQuestions.map((q) => q.id),
          surveyChanges: diff.survey.map((c) => c.field),
          confirmedRelabels: review.meaningChanges.filter((c) => c.confirmable).map((c) => `${c.key}: "${c.before}" → "${c.after}"`),
        },
        ip: by.ip,
      });
    });
  } catch (error) {
    // Two people publishing at once: the second is told to review again, nothing is lost.
    if (error instanceof AppError && error.code === 'survey_conflict') return refuse('stale');
    throw error;
  }
  return { outcome: 'published', version: definition.version };
}

// ------------------------------------------------------------------------------------------------
// Importing

/** Why an uploaded file could not become a draft at all (a draft with problems is still imported). */
export class ImportRefusal extends Error {
  readonly field: 'file' | 'slug';
  /** Set when the slug belongs to a survey that exists, so the page can offer that survey's import. */
  readonly existingSlug?: string;

  constructor(field: 'file' | 'slug', message: string, existingSlug?: string) {
    super(message);
    this.name = 'ImportRefusal';
    this.field = field;
    if (existingSlug) this.existingSlug = existingSlug;
  }
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const isZip = (bytes: Uint8Array) => ZIP_MAGIC.every((b, i) => bytes[i] === b);

/** The text of a cell as a person typed it: rich text joined, a formula's result (or the formula), dates as YYYY-MM-DD. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('').trim();
    if ('formula' in value || 'sharedFormula' in value) {
      const result = (value as ExcelJS.CellFormulaValue).result;
      if (result !== undefined && result !== null && typeof result !== 'object') return String(result).trim();
      return `${(value as ExcelJS.CellFormulaValue).formula ?? ''}`.trim();
    }
    if ('text' in value) return String(value.text).trim();
    return '';
  }
  return String(value).trim();
}

/** Reads the survey, choices and settings sheets of an .xlsx file into rows keyed by lower-cased headers. */
export async function readXlsFormWorkbook(bytes: Uint8Array): Promise<XlsFormSheets> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw new ImportRefusal('file', `The file could not be read as an Excel workbook (.xlsx): ${(error as Error).message}`);
  }
  const sheets: XlsFormSheets = {};
  workbook.eachSheet((sheet) => {
    const name = sheet.name.trim().toLowerCase();
    if (name !== 'survey' && name !== 'choices' && name !== 'settings') return;
    const headers: string[] = [];
    sheet.getRow(1).eachCell({ includeEmpty: true }, (cell, column) => {
      headers[column] = cellText(cell.value).toLowerCase();
    });
    const rows: SheetRow[] = [];
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      if (rowNumber === 1) return;
      const cells: Record<string, string> = {};
      row.eachCell({ includeEmpty: false }, (cell, column) => {
        const header = headers[column];
        if (header) cells[header] = cellText(cell.value);
      });
      if (Object.values(cells).some((value) => value !== '')) rows.push({ row: rowNumber, cells });
    });
    sheets[name] = rows;
  });
  if (!sheets.survey) throw new ImportRefusal('file', 'The workbook has no "survey" sheet, so it is not an XLSForm.');
  return sheets;
}

/** Turns uploaded bytes into a definition document: JSON, or an XLSForm workbook with its report. */
async function documentFromFile(fileName: string, bytes: Uint8Array, fallbackVersion: number) {
  if (bytes.length === 0) throw new ImportRefusal('file', 'The file is empty. Choose a survey definition (.json) or an XLSForm (.xlsx).');
  if (isZip(bytes)) {
    const conversion = convertXlsForm(await readXlsFormWorkbook(bytes), { fallbackVersion });
    return { format: 'xlsform' as const, document: conversion.document, items: conversion.report };
  }
  if (/\.xlsx?$/i.test(fileName)) throw new ImportRefusal('file', 'The file is named like a spreadsheet but is not an .xlsx workbook. Save it as .xlsx and try again.');
  let document: unknown;
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  try {
    document = JSON.parse(text);
  } catch (error) {
    const reason = (error as Error).message.replace(/\.$/, '');
    // V8 names a character position; people look for a line and column in their editor.
    const position = /at position (\d+)/.exec(reason)?.[1];
    let where = '';
    if (position !== undefined) {
      const before = text.slice(0, Number(position)).split('\n');
      where = ` (line ${before.length}, column ${before.at(-1)!.length + 1})`;
    }
    throw new ImportRefusal('file', `The file is not valid JSON: ${reason}${where}. Nothing was imported.`);
  }
  // A definition with problems is still imported as a draft to fix, but a JSON file with no pages at all
  // is something else (an API body, a results file) and must not replace the draft.
  if (!document || typeof document !== 'object' || Array.isArray(document) || !('pages' in document)) {
    throw new ImportRefusal('file', 'The file is JSON but not a survey definition (it should be one object with slug, title, pages ...). Nothing was imported.');
  }
  return { format: 'json' as const, document: document as Record<string, unknown>, items: [] as ReportItem[] };
}

export interface ImportOutcome {
  slug: string;
  report: ImportReport;
  problems: DefinitionProblem[];
}

/** Imports a file (survey JSON or XLSForm) as a survey's draft. With `into`, it replaces that survey's
 * draft (slug and version set to fit it); without, it starts a new survey whose slug comes from the
 * file or from `slug`, refused when a survey already has that slug. */
export async function importDraftFile(
  db: Kysely<Database>,
  upload: { fileName: string; bytes: Uint8Array; into?: string; slug?: string },
  by: Actor,
): Promise<ImportOutcome> {
  const existing = upload.into;
  const latest = existing ? await findLatest(db, existing) : null;
  if (existing && !latest && !(await getDraft(db, existing))) throw new AppError('not_found', `No survey "${existing}"`);
  const nextVersion = (latest?.version ?? 0) + 1;
  const { format, document, items } = await documentFromFile(upload.fileName, upload.bytes, nextVersion);
  const notes: string[] = [];
  const fileSlug = typeof document.slug === 'string' ? document.slug : undefined;

  let slug: string;
  if (existing) {
    slug = existing;
    if (fileSlug !== undefined && fileSlug !== slug) notes.push(`The file is for "${fileSlug}"; its slug was set to "${slug}", this survey's.`);
  } else {
    const wanted = upload.slug?.trim() || fileSlug;
    if (!wanted) throw new ImportRefusal('slug', 'The file does not give the survey a slug: enter one.');
    const valid = v.safeParse(SlugSchema, wanted);
    if (!valid.success) throw new ImportRefusal('slug', `The slug "${wanted}" ${valid.issues[0].message}.`);
    if ((await queries.surveyRowExists(db, wanted)) || (await getDraft(db, wanted))) {
      throw new ImportRefusal(
        'slug',
        `A survey with the slug "${wanted}" already exists. Import into it from its Versions page, or enter another slug for a new survey.`,
        wanted,
      );
    }
    slug = wanted;
    if (fileSlug !== undefined && fileSlug !== slug) notes.push(`The file's slug "${fileSlug}" was replaced by "${slug}".`);
  }
  if (document.version !== nextVersion) {
    const was = document.version === undefined ? 'no version' : `version ${JSON.stringify(document.version)}`;
    notes.push(`The file has ${was}; the draft is version ${nextVersion}, ${latest ? `the one after version ${latest.version}` : 'the first'}.`);
  }
  const draftDocument = asNextVersion(document, slug, nextVersion);
  const report: ImportReport = { format, fileName: upload.fileName, importedAt: new Date().toISOString(), notes, items };
  const check = checkDefinition(draftDocument);
  const problems = check.ok ? [] : check.problems;

  await db.transaction().execute(async (trx) => {
    await saveDraft(trx, { slug, baseVersion: latest?.version ?? null, document: draftDocument }, by.userId);
    // Stamped after the draft is saved: a report older than its draft belongs to a discarded one.
    report.importedAt = new Date().toISOString();
    await queries.upsertImportReport(trx, {
      survey_slug: slug,
      file_name: upload.fileName,
      format,
      report: JSON.stringify(report),
      imported_at: report.importedAt,
      imported_by: by.userId,
    });
    await recordAudit(trx, {
      actor: by.actor,
      action: 'survey.imported',
      subject: slug,
      detail: { format, file: upload.fileName, version: nextVersion, newSurvey: !existing, problems: problems.length, notSupported: items.length },
      ip: by.ip,
    });
  });
  return { slug, report, problems };
}
