import type { VersionsOverview } from '../../../../server/versions/service.ts';
import { formatUkDateTime } from '../format-time.ts';
import { StudioLayout, type Viewer } from '../studio-layout.tsx';
import { SurveyNav } from '../survey-nav.tsx';
import { ErrorSummary, ImportForm, ImportReportView, Notice, ProblemList } from './parts.tsx';

export interface VersionsPageProps {
  viewer: Viewer;
  overview: VersionsOverview;
  /** Set after a file was imported into the draft. */
  imported?: boolean;
  /** An upload that could not be imported at all. */
  importError?: { field: 'file' | 'slug'; message: string };
}

/** `/studio/surveys/:slug/versions`: published versions with their responses, the draft, export and import. */
export function VersionsPage({ viewer, overview, imported, importError }: VersionsPageProps) {
  const { slug, draft } = overview;
  const base = `/studio/surveys/${slug}`;
  const buildHref = `${base}/build`;
  return (
    <StudioLayout title={`${importError ? 'Error: ' : ''}Versions – ${overview.title}`} viewer={viewer} section="surveys">
      <SurveyNav slug={slug} current="versions" role={viewer.role} />
      <ErrorSummary errors={importError ? [{ href: '#import-file', message: importError.message }] : []} />
      <p class="caption version-caption">{overview.title}</p>
      <h1 class="heading-l">Versions</h1>
      {imported ? (
        <Notice title="File imported as the draft">
          {draft && draft.problems.length > 0
            ? `The draft has ${draft.problems.length} problem${draft.problems.length === 1 ? '' : 's'} to fix in the builder before it can be published.`
            : 'The draft passes every check and can be reviewed for publishing.'}
        </Notice>
      ) : null}

      <section aria-labelledby="draft-title" class="draft-status">
        <h2 class="heading-m" id="draft-title">
          Draft
        </h2>
        {draft ? (
          <>
            <p>
              A draft is being edited (last saved {formatUkDateTime(draft.updatedAt)}). Publishing it makes it version {overview.nextVersion}.
            </p>
            {draft.problems.length > 0 ? (
              <div class="draft-problems">
                <h3 class="heading-s">
                  {draft.problems.length} problem{draft.problems.length === 1 ? '' : 's'} to fix before publishing
                </h3>
                <ProblemList problems={draft.problems} buildHref={buildHref} />
              </div>
            ) : (
              <p>The draft passes every check.</p>
            )}
            <p class="action-links">
              <a href={buildHref}>Edit the draft in the builder</a>
              <a href={`${base}/versions/publish`}>Review changes and publish version {overview.nextVersion}</a>
            </p>
          </>
        ) : (
          <p>
            There is no draft. <a href={buildHref}>Start a draft in the builder</a>, or import a file below.
          </p>
        )}
        {overview.importReport ? <ImportReportView report={overview.importReport} /> : null}
      </section>

      <section aria-labelledby="published-title">
        <h2 class="heading-m" id="published-title">
          Published versions
        </h2>
        {overview.versions.length === 0 ? (
          <p>Nothing is published yet.</p>
        ) : (
          <table class="studio-table">
            <caption class="visually-hidden">Published versions of {overview.title}</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Published</th>
                <th scope="col" class="num">
                  Complete responses
                </th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {[...overview.versions].reverse().map((version) => (
                <tr>
                  <td>Version {version.version}</td>
                  <td>{formatUkDateTime(version.publishedAt)}</td>
                  <td class="num">
                    {version.complete}
                    {version.demo > 0 ? ` (${version.demo} demo)` : ''}
                  </td>
                  <td>
                    <span class="action-links">
                      <a href={`${base}/versions/${version.version}`}>
                        View<span class="visually-hidden"> version {version.version}</span>
                      </a>
                      <a href={`${base}/versions/${version.version}/export`} download={`${slug}.v${version.version}.json`}>
                        Download JSON<span class="visually-hidden"> of version {version.version}</span>
                      </a>
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="import-title">
        <h2 class="heading-m" id="import-title">
          Import a file as the draft
        </h2>
        <ImportForm viewer={viewer} action={`${base}/versions/import`} error={importError} replacesDraft={draft !== undefined} />
      </section>
    </StudioLayout>
  );
}
