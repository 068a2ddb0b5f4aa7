import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { listQuestions, localise, optionsOf } from '../surveys/model.ts';
import { getSurveyVersion, listVersions } from '../surveys/service.ts';
import { listWeightingSchemes } from '../weighting/service.ts';

// What the crosstab page's form offers: the questions that can be breaks or filters, the weighting
// schemes and the published versions. The figures themselves come from server/results.

export interface CrosstabFormChoices {
  slug: string;
  title: string;
  /** Every published version, oldest first. */
  versions: number[];
  /** The version whose questions are offered (the latest of those chosen, or the latest). */
  reportedVersion: number;
  schemes: { name: string; description: string | null }[];
  /** Single-choice and likert questions. */
  breakChoices: { id: string; text: string }[];
  /** Single-choice, likert and multiple-choice questions, with their answer codes. */
  filterChoices: { id: string; text: string; options: { code: string; label: string }[] }[];
}

/** The form's choices for a survey; 404 for an unknown survey. An unknown chosen version falls back to
 * the latest, so the form can still be shown beside the error. */
export async function getCrosstabFormChoices(db: Kysely<Database>, slug: string, chosenVersions: number[] = []): Promise<CrosstabFormChoices> {
  const versions = (await listVersions(db, slug)).map((row) => row.version).sort((a, b) => a - b);
  const known = chosenVersions.filter((version) => versions.includes(version));
  const reportedVersion = known.length > 0 ? Math.max(...known) : versions.at(-1)!;
  const { definition } = await getSurveyVersion(db, slug, reportedVersion);
  const questions = listQuestions(definition);
  const en = (label: Parameters<typeof localise>[0]) => localise(label, 'en');
  return {
    slug,
    title: en(definition.title),
    versions,
    reportedVersion,
    schemes: (await listWeightingSchemes(db, slug)).map((scheme) => ({ name: scheme.name, description: scheme.description ?? null })),
    breakChoices: questions.filter((q) => q.type === 'single-choice' || q.type === 'likert').map((q) => ({ id: q.id, text: en(q.text) })),
    filterChoices: questions
      .filter((q) => q.type === 'single-choice' || q.type === 'likert' || q.type === 'multiple-choice')
      .map((q) => ({ id: q.id, text: en(q.text), options: optionsOf(q).map((option) => ({ code: option.code, label: en(option.label) })) })),
  };
}
