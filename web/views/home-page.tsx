import type { SurveySummary } from '../../server/home/service.ts';
import { formatCount } from '../charts/format-figures.ts';
import { Layout } from './layout.tsx';

/** The front page: each published survey with links to answer it and to its results. */
export function HomePage({ surveys }: { surveys: SurveySummary[] }) {
  return (
    <Layout title="Attune: surveys and results" lang="en" header={<span class="site-header__service">Attune</span>}>
      <h1 class="heading-xl">Surveys</h1>
      <p class="lead">Published surveys, with links to answer them and to read their results.</p>
      {surveys.length === 0 ? (
        <p>
          No surveys are published yet. Put survey definition files in the surveys folder and restart Attune, or
          publish them with <code>attune surveys publish</code>.
        </p>
      ) : (
        <ul class="survey-list">
          {surveys.map((survey) => (
            <li class="survey-list__item">
              <h2 class="heading-m">{survey.title}</h2>
              <p class="caption">
                {survey.organisation} · {survey.population} in {survey.geography} · version {survey.latestVersion}
                {survey.languages.includes('cy') ? ' · English and Welsh' : ''}
              </p>
              <p>
                {formatCount(survey.completes)} complete {survey.completes === 1 ? 'response' : 'responses'}
                {survey.demoCompletes > 0 ? ` (${formatCount(survey.demoCompletes)} of them demo data)` : ''}
              </p>
              <p class="survey-list__links">
                <a href={`/s/${survey.slug}`}>
                  Answer the survey<span class="visually-hidden">: {survey.title}</span>
                </a>
                <a href={`/results/${survey.slug}`}>
                  See the results<span class="visually-hidden">: {survey.title}</span>
                </a>
              </p>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
