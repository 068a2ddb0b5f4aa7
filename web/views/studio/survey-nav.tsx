import type { Role } from '../../../server/db/schema.ts';

export type SurveyTab = 'overview' | 'build' | 'versions' | 'fieldwork' | 'responses' | 'data' | 'cleaning' | 'weighting' | 'crosstabs' | 'results';

/** The tabs of one survey in the workspace; press users see only what they may open. */
export function SurveyNav({ slug, current, role }: { slug: string; current: SurveyTab; role: Role }) {
  const tabs: { tab: SurveyTab; href: string; label: string; researcher: boolean }[] = [
    { tab: 'overview', href: `/studio/surveys/${slug}`, label: 'Overview', researcher: false },
    { tab: 'build', href: `/studio/surveys/${slug}/build`, label: 'Build', researcher: true },
    { tab: 'versions', href: `/studio/surveys/${slug}/versions`, label: 'Versions', researcher: true },
    { tab: 'fieldwork', href: `/studio/surveys/${slug}/fieldwork`, label: 'Fieldwork', researcher: true },
    { tab: 'responses', href: `/studio/surveys/${slug}/responses`, label: 'Responses', researcher: true },
    { tab: 'data', href: `/studio/surveys/${slug}/data`, label: 'Import and export', researcher: true },
    { tab: 'cleaning', href: `/studio/surveys/${slug}/cleaning`, label: 'Cleaning', researcher: true },
    { tab: 'weighting', href: `/studio/surveys/${slug}/weighting`, label: 'Weighting', researcher: true },
    { tab: 'crosstabs', href: `/studio/surveys/${slug}/crosstabs`, label: 'Crosstabs', researcher: false },
    { tab: 'results', href: `/results/${slug}`, label: 'Results', researcher: false },
  ];
  return (
    <nav class="survey-nav" aria-label="Survey">
      <ul>
        {tabs
          .filter((t) => !t.researcher || role !== 'press')
          .map((t) => (
            <li>
              <a href={t.href} aria-current={t.tab === current ? 'page' : undefined}>
                {t.label}
              </a>
            </li>
          ))}
      </ul>
    </nav>
  );
}
