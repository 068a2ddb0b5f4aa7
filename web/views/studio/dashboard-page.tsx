import type { WorkspaceSurvey } from '../../../server/home/service.ts';
import { roleIncludes } from '../../../server/auth/identity.ts';
import { formatCount } from '../../charts/format-figures.ts';
import { StudioLayout, type Viewer } from './studio-layout.tsx';

const STATE_LABEL = { open: 'Open', not_open_yet: 'Not open yet', closed: 'Closed', target_reached: 'Closed: target reached' } as const;

/** The workspace's front page: every survey with where it stands, and ways to add one. */
export function DashboardPage({ viewer, surveys }: { viewer: Viewer; surveys: WorkspaceSurvey[] }) {
  return (
    <StudioLayout title="Surveys" viewer={viewer} section="surveys">
      <h1 class="heading-l">Surveys</h1>
      {roleIncludes(viewer.role, 'researcher') ? (
        <p class="button-group">
          <a class="button button--inline" href="/studio/surveys/new">
            New survey
          </a>
          <a class="button button--secondary button--inline" href="/studio/import">
            Import a survey file
          </a>
        </p>
      ) : null}
      {surveys.length === 0 ? (
        <p>There are no surveys yet.</p>
      ) : (
        <div class="table-scroll" role="region" aria-label="Surveys" tabindex={0}>
          <table class="studio-table">
            <caption class="visually-hidden">Every survey in the workspace</caption>
            <thead>
              <tr>
                <th scope="col">Survey</th>
                <th scope="col">Latest version</th>
                <th scope="col">Fieldwork</th>
                <th scope="col" class="num">
                  Complete responses
                </th>
              </tr>
            </thead>
            <tbody>
              {surveys.map((survey) => (
                <tr>
                  <td>
                    <a href={`/studio/surveys/${survey.slug}`}>{survey.title}</a>
                    <div class="caption">{survey.slug}</div>
                  </td>
                  <td>
                    {survey.latestVersion === null ? 'Draft only, not published' : `Version ${survey.latestVersion}`}
                    {survey.latestVersion !== null && survey.hasDraft ? <div class="caption">Draft with unpublished changes</div> : null}
                  </td>
                  <td>{survey.state === null ? '–' : STATE_LABEL[survey.state]}</td>
                  <td class="num">
                    {formatCount(survey.completes)}
                    {survey.demoCompletes > 0 ? <div class="caption">{formatCount(survey.demoCompletes)} of them demo</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </StudioLayout>
  );
}
