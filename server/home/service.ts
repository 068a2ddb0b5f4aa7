import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { listDrafts } from '../drafts/service.ts';
import { closureForStart, getSurveySettings, type ClosedReason } from '../fieldwork/service.ts';
import { countResponses } from '../responses/queries.ts';
import { listSurveys } from '../surveys/service.ts';

// What the front page shows the public (surveys that publish their results) and what the
// workspace dashboard shows a signed-in user (every survey, published or still a draft).

export interface PublicResultsSummary {
  slug: string;
  title: string;
  description: string;
  organisation: string;
}

/** Published surveys whose results anyone may read, by title. */
export async function listPublicResults(db: Kysely<Database>): Promise<PublicResultsSummary[]> {
  const surveys = await listSurveys(db);
  const settings = await Promise.all(surveys.map((survey) => getSurveySettings(db, survey.slug)));
  return surveys
    .filter((_, index) => settings[index]!.publicResults)
    .map((survey) => ({
      slug: survey.slug,
      title: survey.definition.title.en,
      description: survey.definition.description.en,
      organisation: survey.definition.metadata.organisation,
    }))
    .sort((a, b) => a.title.localeCompare(b.title, 'en-GB'));
}

export interface WorkspaceSurvey {
  slug: string;
  title: string;
  /** Null for a survey that exists only as a draft. */
  latestVersion: number | null;
  hasDraft: boolean;
  /** Null for a draft-only survey, which cannot take responses. */
  state: 'open' | ClosedReason | null;
  completes: number;
  demoCompletes: number;
}

/** Every survey in the workspace, published or draft-only, by title. */
export async function listWorkspaceSurveys(db: Kysely<Database>, now = new Date()): Promise<WorkspaceSurvey[]> {
  const [surveys, drafts] = await Promise.all([listSurveys(db), listDrafts(db)]);
  const draftSlugs = new Set(drafts.map((draft) => draft.slug));
  const published = await Promise.all(
    surveys.map(async (survey): Promise<WorkspaceSurvey> => {
      const [counts, settings] = await Promise.all([countResponses(db, survey.slug), getSurveySettings(db, survey.slug)]);
      const completes = counts.filter((row) => row.status === 'complete');
      const total = completes.reduce((sum, row) => sum + Number(row.count), 0);
      const demo = completes.filter((row) => row.is_demo === 1).reduce((sum, row) => sum + Number(row.count), 0);
      return {
        slug: survey.slug,
        title: survey.definition.title.en,
        latestVersion: survey.version,
        hasDraft: draftSlugs.has(survey.slug),
        // The same rule the respondent pages apply to a new respondent (demo data never fills a target).
        state: closureForStart(settings, total - demo, now)?.reason ?? 'open',
        completes: total,
        demoCompletes: demo,
      };
    }),
  );
  const publishedSlugs = new Set(surveys.map((survey) => survey.slug));
  const draftOnly = drafts
    .filter((draft) => !publishedSlugs.has(draft.slug))
    .map((draft): WorkspaceSurvey => {
      // A draft may be half-written: fall back to its slug when it has no English title yet.
      const document = draft.document as { title?: { en?: unknown } };
      const title = typeof document.title?.en === 'string' && document.title.en.trim() !== '' ? document.title.en : draft.slug;
      return { slug: draft.slug, title, latestVersion: null, hasDraft: true, state: null, completes: 0, demoCompletes: 0 };
    });
  return [...published, ...draftOnly].sort((a, b) => a.title.localeCompare(b.title, 'en-GB'));
}
