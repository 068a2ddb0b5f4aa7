import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import * as queries from './queries.ts';

export interface SurveySettings {
  opensAt: string | null;
  closesAt: string | null;
  targetSample: number | null;
  /** Whether anyone may read the survey's results without signing in. */
  publicResults: boolean;
  invitationOnly: boolean;
}

/** A survey's fieldwork settings, with defaults (always open, results private) when none are saved. */
export async function getSurveySettings(db: Kysely<Database>, slug: string): Promise<SurveySettings> {
  const row = await queries.findSurveySettings(db, slug);
  return {
    opensAt: row?.opens_at ?? null,
    closesAt: row?.closes_at ?? null,
    targetSample: row?.target_sample ?? null,
    publicResults: row?.public_results === 1,
    invitationOnly: row?.invitation_only === 1,
  };
}
