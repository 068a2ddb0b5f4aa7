import type { Kysely } from 'kysely';
import { recordAudit, type AuditActor } from '../audit/service.ts';
import type { Database } from '../db/schema.ts';
import { AppError, type FieldErrors } from '../errors.ts';
import { getLatestSurvey, listSurveys } from '../surveys/service.ts';
import { findWeightingScheme } from '../weighting/service.ts';
import { DEFAULT_PALETTE, type LogoMediaType } from './brand-rules.ts';
import {
  buildDisclosureChecklist,
  buildMethodologyNote,
  EMPTY_ANSWERS,
  ukDateOf,
  variableNameOf,
  type DisclosureAnswers,
  type DisclosureChecklist,
  type NoteWeighting,
  type SurveyFacts,
} from './note.ts';
import * as queries from './queries.ts';

// CONTRACT (implemented by the methodology engineer): notes to editors, the British Polling Council
// disclosure checklist and the gate on exports for publication, and organisations' chart brands.
// The wording and the checklist rules are pure functions in note.ts; this module gathers the facts.

export type { DisclosureAnswers, DisclosureChecklist, DisclosureItem } from './note.ts';

/** Who made a change, for the audit log. */
export interface ChangeAuthor {
  actor: AuditActor | null;
  ip: string | null;
}

const userIdOf = (actor: AuditActor | null) => (actor && 'user' in actor ? actor.user.id : null);

/** Runs work in the caller's transaction when there is one, else in a new one, so an audit entry is
 * written together with the change it describes. */
const inTransaction = <T>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>) =>
  db.isTransaction ? work(db) : db.transaction().execute(work);

/** The survey's latest published metadata and the responses that count (404 for an unknown survey). */
export async function gatherSurveyFacts(db: Kysely<Database>, slug: string): Promise<SurveyFacts> {
  const { definition } = await getLatestSurvey(db, slug);
  const counted = await queries.countCountedResponses(db, slug);
  return {
    slug,
    title: definition.title.en,
    metadata: definition.metadata,
    responses: {
      count: counted.count,
      firstDate: counted.firstSubmittedAt ? ukDateOf(counted.firstSubmittedAt) : null,
      lastDate: counted.lastSubmittedAt ? ukDateOf(counted.lastSubmittedAt) : null,
    },
  };
}

/** The answers given for a survey's disclosure items (none given: all null). */
export async function getDisclosureAnswers(db: Kysely<Database>, slug: string): Promise<DisclosureAnswers> {
  const row = await queries.findDisclosure(db, slug);
  if (!row) return { ...EMPTY_ANSWERS };
  const stored = JSON.parse(row.answers) as Partial<DisclosureAnswers>;
  return { tablesUrl: stored.tablesUrl ?? null, codeOfConduct: stored.codeOfConduct ?? null };
}

/** Replaces a survey's disclosure answers (404 for an unknown survey) and logs what changed. */
export async function saveDisclosureAnswers(db: Kysely<Database>, slug: string, answers: DisclosureAnswers, author: ChangeAuthor): Promise<DisclosureAnswers> {
  return inTransaction(db, async (trx) => {
    await getLatestSurvey(trx, slug);
    const before = await getDisclosureAnswers(trx, slug);
    const stored: DisclosureAnswers = { tablesUrl: answers.tablesUrl || null, codeOfConduct: answers.codeOfConduct || null };
    await queries.upsertDisclosure(trx, { survey_slug: slug, answers: JSON.stringify(stored), updated_at: new Date().toISOString(), updated_by: userIdOf(author.actor) });
    await recordAudit(trx, { actor: author.actor, action: 'press.disclosure_changed', subject: slug, detail: { from: before, to: stored }, ip: author.ip });
    return stored;
  });
}

export async function getDisclosureChecklist(db: Kysely<Database>, slug: string): Promise<DisclosureChecklist> {
  const [facts, answers] = await Promise.all([gatherSurveyFacts(db, slug), getDisclosureAnswers(db, slug)]);
  return buildDisclosureChecklist(facts, answers);
}

/** Throws AppError('disclosure_incomplete', 409) naming the missing items unless the checklist is
 * complete or an override reason is given; an override is audited 'press.disclosure_overridden'.
 * Pass the caller's transaction as `db` to have the override logged with the export it allowed. */
export async function assertPublishable(
  db: Kysely<Database>,
  slug: string,
  context: { what: string; overrideReason?: string | null; actor: AuditActor; ip?: string | null },
): Promise<{ overridden: boolean }> {
  const checklist = await getDisclosureChecklist(db, slug);
  if (checklist.complete) return { overridden: false };
  const reason = context.overrideReason?.trim() ?? '';
  const missing = checklist.missingRequired;
  if (!reason) {
    const fields: FieldErrors = {};
    for (const item of missing) fields[item.id] = item.howToFix ?? `${item.label} is missing`;
    throw new AppError(
      'disclosure_incomplete',
      `The British Polling Council disclosure for "${slug}" is incomplete: ${missing.map((item) => item.label.toLowerCase()).join('; ')} missing. ` +
        'Complete it on the methodology page, or give a reason to publish anyway.',
      fields,
    );
  }
  await recordAudit(db, {
    actor: context.actor,
    action: 'press.disclosure_overridden',
    subject: slug,
    detail: { what: context.what, reason, missing: missing.map((item) => item.id) },
    ip: context.ip ?? null,
  });
  return { overridden: true };
}

/** The weighting a note describes: the scheme's variables as short names (404 for an unknown scheme). */
export async function noteWeightingOf(db: Kysely<Database>, slug: string, weighting: string | null | undefined): Promise<NoteWeighting | null> {
  if (!weighting) return null;
  const scheme = await findWeightingScheme(db, slug, weighting);
  return { variables: scheme.variables.map((variable) => variableNameOf(variable.question)) };
}

/** The notes-to-editors paragraph(s) for a survey, from its metadata and data (plain text, English). */
export async function methodologyNote(db: Kysely<Database>, slug: string, options: { weighting?: string | null } = {}): Promise<string> {
  const [facts, answers, weighting] = await Promise.all([gatherSurveyFacts(db, slug), getDisclosureAnswers(db, slug), noteWeightingOf(db, slug, options.weighting)]);
  return buildMethodologyNote(facts, answers, weighting);
}

export interface Brand {
  organisation: string;
  /** Hex colours in the order charts use them; the Analysis Function palette when none are set. */
  colours: string[];
  logo: { mediaType: string; base64: string } | null;
}

/** A brand as stored, telling a set palette from the default one (for the brands page). */
export interface StoredBrand extends Brand {
  /** True when the colours are the organisation's own rather than the default palette. */
  custom: boolean;
  updatedAt: string | null;
}

async function readBrand(db: Kysely<Database>, organisation: string): Promise<StoredBrand> {
  const row = await queries.findBrand(db, organisation);
  const colours = row ? (JSON.parse(row.colours) as string[]) : [];
  return {
    organisation,
    colours: colours.length > 0 ? colours : [...DEFAULT_PALETTE],
    logo: row?.logo && row.logo_media_type ? { mediaType: row.logo_media_type, base64: row.logo } : null,
    custom: colours.length > 0,
    updatedAt: row?.updated_at ?? null,
  };
}

/** The organisation's brand, or the default (Analysis Function palette, no logo). */
export async function getBrand(db: Kysely<Database>, organisation: string): Promise<Brand> {
  const { custom: _custom, updatedAt: _updatedAt, ...brand } = await readBrand(db, organisation);
  return brand;
}

/** The organisations charts can be branded for: the distinct metadata.organisation of the published
 * surveys (latest versions), in alphabetical order. */
export async function listBrandOrganisations(db: Kysely<Database>): Promise<string[]> {
  const surveys = await listSurveys(db);
  return [...new Set(surveys.map((survey) => survey.definition.metadata.organisation))].sort((a, b) => a.localeCompare(b, 'en-GB'));
}

/** Every organisation's brand as the brands page shows it. */
export async function listOrganisationBrands(db: Kysely<Database>): Promise<StoredBrand[]> {
  const organisations = await listBrandOrganisations(db);
  return Promise.all(organisations.map((organisation) => readBrand(db, organisation)));
}

/** One organisation's stored brand; 404 for a name no published survey uses (a typo must not create a brand). */
export async function findOrganisationBrand(db: Kysely<Database>, organisation: string): Promise<StoredBrand> {
  if (!(await listBrandOrganisations(db)).includes(organisation)) {
    throw new AppError('not_found', `No published survey is run by "${organisation}": brands are set per organisation named in a survey's metadata`);
  }
  return readBrand(db, organisation);
}

/** What to do with the logo when saving a brand. */
export type LogoChange = { action: 'keep' } | { action: 'remove' } | { action: 'replace'; logo: { mediaType: LogoMediaType; base64: string } };

/** Saves an organisation's colours (already checked; empty means the default palette) and logo, and logs it. */
export async function saveBrand(db: Kysely<Database>, organisation: string, change: { colours: string[]; logo: LogoChange }, author: ChangeAuthor): Promise<StoredBrand> {
  await findOrganisationBrand(db, organisation);
  return inTransaction(db, async (trx) => {
    const before = await queries.findBrand(trx, organisation);
    const logo =
      change.logo.action === 'replace'
        ? change.logo.logo
        : change.logo.action === 'keep' && before?.logo && before.logo_media_type
          ? { mediaType: before.logo_media_type, base64: before.logo }
          : null;
    await queries.upsertBrand(trx, {
      organisation,
      colours: JSON.stringify(change.colours),
      logo: logo?.base64 ?? null,
      logo_media_type: logo?.mediaType ?? null,
      updated_at: new Date().toISOString(),
      updated_by: userIdOf(author.actor),
    });
    await recordAudit(trx, {
      actor: author.actor,
      action: 'press.brand_changed',
      subject: organisation,
      // The logo itself is too large for the log: its type and size say what changed.
      detail: {
        colours: { from: before ? JSON.parse(before.colours) : [], to: change.colours },
        logo: change.logo.action === 'replace' ? { mediaType: logo!.mediaType, bytes: Buffer.from(logo!.base64, 'base64').byteLength } : change.logo.action,
      },
      ip: author.ip,
    });
    return readBrand(trx, organisation);
  });
}
