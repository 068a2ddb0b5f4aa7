import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { countResponses } from '../responses/queries.ts';
import { listSurveys } from '../surveys/service.ts';

export interface SurveySummary {
  slug: string;
  title: string;
  description: string;
  organisation: string;
  population: string;
  geography: string;
  latestVersion: number;
  languages: string[];
  completes: number;
  demoCompletes: number;
}

/** Every published survey with its newest wording and how many complete responses it has. */
export async function listSurveySummaries(db: Kysely<Database>): Promise<SurveySummary[]> {
  const surveys = await listSurveys(db);
  return Promise.all(
    surveys.map(async (survey) => {
      const counts = await countResponses(db, survey.slug);
      const completes = counts.filter((row) => row.status === 'complete');
      return {
        slug: survey.slug,
        title: survey.definition.title.en,
        description: survey.definition.description.en,
        organisation: survey.definition.metadata.organisation,
        population: survey.definition.metadata.population,
        geography: survey.definition.metadata.geography,
        latestVersion: survey.version,
        languages: survey.definition.languages,
        completes: completes.reduce((sum, row) => sum + Number(row.count), 0),
        demoCompletes: completes.filter((row) => row.is_demo === 1).reduce((sum, row) => sum + Number(row.count), 0),
      };
    }),
  );
}
