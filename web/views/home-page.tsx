import type { PublicResultsSummary } from '../../server/home/service.ts';
import { assetUrl } from '../../server/assets/routes.ts';
import { Layout } from './layout.tsx';

/** The public front page: what Attune is, a way in for staff, and results published for everyone. */
export function HomePage({ surveys }: { surveys: PublicResultsSummary[] }) {
  return (
    <Layout
      title="Attune: surveys and results"
      lang="en"
      styles={[assetUrl('studio.css')]}
      header={
        <>
          <span class="site-header__service">Attune</span>
          <a class="site-header__signin" href="/login">
            Sign in
          </a>
        </>
      }
    >
      <h1 class="heading-xl">Attune</h1>
      <p class="lead">Surveys of public attitudes run by UK charities, and the findings they publish.</p>
      <p>
        If you were sent a link to a survey, follow that link to take part. Staff of the organisations using Attune can{' '}
        <a href="/login">sign in</a> to build and run surveys.
      </p>
      <h2 class="heading-l">Published results</h2>
      {surveys.length === 0 ? (
        <p>No survey has published its results yet.</p>
      ) : (
        <ul class="survey-list">
          {surveys.map((survey) => (
            <li class="survey-list__item">
              <h3 class="heading-m">
                <a href={`/results/${survey.slug}`}>{survey.title}</a>
              </h3>
              <p class="caption">{survey.organisation}</p>
              <p>{survey.description}</p>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
