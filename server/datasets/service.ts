import type { Kysely } from 'kysely';
import { buildColumns, type ResponseRecord, type SurveyColumns } from '../analysis/index.ts';
import type { Database } from '../db/schema.ts';
import type { Answers } from '../surveys/model.ts';
import type { SurveyDefinition } from '../surveys/schema.ts';
import { getSurveyVersion, listVersions } from '../surveys/service.ts';
import { listDatasetRowMetadata, listDatasetRows } from './queries.ts';

// A survey's complete responses loaded once into the shape every analysis consumer needs: one row
// per response in a fixed order (submitted_at, id), the answers as columns of the reporting
// definition, and the metadata cleaning, weighting and export work from. Results, weights, cleaning
// flags and the CSV export all start here, so they agree on which responses exist and in what order.

/** One response of a dataset; index i matches slot i of every column. */
export interface DatasetRow {
  id: string;
  submissionId: string;
  version: number;
  isDemo: boolean;
  source: string;
  language: string;
  panelId: string | null;
  startedAt: string | null;
  submittedAt: string;
  /** Why the response is left out of results, or null when it counts. */
  exclusion: { reason: string; flag: string | null } | null;
}

export interface Dataset {
  slug: string;
  /** The version whose questions, wording and codes are reported. */
  reportedVersion: number;
  reporting: SurveyDefinition;
  /** The versions whose responses were loaded (every published version when none was chosen). */
  versions: number[];
  /** Each loaded version's definition, for routing and codebooks. */
  definitions: Map<number, SurveyDefinition>;
  rows: DatasetRow[];
  records: ResponseRecord[];
  columns: SurveyColumns;
}

export interface DatasetOptions {
  /** Only these versions; every published version when absent or empty. */
  versions?: number[];
  /** Keep excluded responses in the dataset (cleaning and export show them; results never count them). */
  includeExcluded?: boolean;
}

/** One stored row (from listDatasetRows or listDatasetRowMetadata) as a DatasetRow. */
export function toDatasetRow(row: Awaited<ReturnType<typeof listDatasetRowMetadata>>[number]): DatasetRow {
  return {
    id: row.id,
    submissionId: row.submission_id,
    version: row.survey_version,
    isDemo: Number(row.is_demo) === 1,
    source: row.source,
    language: row.language,
    panelId: row.panel_id,
    startedAt: row.started_at,
    submittedAt: row.submitted_at,
    exclusion: row.exclusion_reason === null ? null : { reason: row.exclusion_reason, flag: row.exclusion_flag },
  };
}

/** Which versions a dataset covers and their definitions: every published version unless some are
 * chosen, reported under the latest of them; 404 for an unknown survey or version. */
export async function resolveDatasetVersions(
  db: Kysely<Database>,
  slug: string,
  options: Pick<DatasetOptions, 'versions'>,
): Promise<{ versions: number[]; reportedVersion: number; definitions: Map<number, SurveyDefinition>; reporting: SurveyDefinition }> {
  // listVersions is oldest first and 404s for an unknown survey, so its last entry is the latest version.
  const published = (await listVersions(db, slug)).map((row) => row.version);
  const chosen = options.versions !== undefined && options.versions.length > 0;
  const versions = chosen ? [...new Set(options.versions)].sort((a, b) => a - b) : published;
  const reportedVersion = versions.at(-1)!;
  const definitions = new Map<number, SurveyDefinition>();
  // getSurveyVersion 404s for a version that does not exist, naming it.
  for (const version of versions) definitions.set(version, (await getSurveyVersion(db, slug, version)).definition);
  return { versions, reportedVersion, definitions, reporting: definitions.get(reportedVersion)! };
}

/** Loads a survey's complete responses as a dataset. Throws 404 for an unknown survey or version. */
export async function loadDataset(db: Kysely<Database>, slug: string, options: DatasetOptions = {}): Promise<Dataset> {
  const { versions, reportedVersion, definitions, reporting } = await resolveDatasetVersions(db, slug, options);
  const stored = await listDatasetRows(db, slug, versions);
  const kept = options.includeExcluded ? stored : stored.filter((row) => row.exclusion_reason === null);
  const rows = kept.map(toDatasetRow);
  const records: ResponseRecord[] = kept.map((row) => ({ definition: definitions.get(row.survey_version)!, answers: JSON.parse(row.answers) as Answers }));
  return { slug, reportedVersion, reporting, versions, definitions, rows, records, columns: buildColumns(reporting, records) };
}
