import type { PublishedSurvey } from '../../../../server/surveys/service.ts';
import type { VersionDiff } from '../../../../server/versions/diff.ts';
import { formatUkDateTime } from '../format-time.ts';
import { StudioLayout, type Viewer } from '../studio-layout.tsx';
import { SurveyNav } from '../survey-nav.tsx';
import { DefinitionView } from './definition-view.tsx';
import { DiffView } from './diff-view.tsx';
import { Notice } from './parts.tsx';

export interface VersionPageProps {
  viewer: Viewer;
  published: PublishedSurvey;
  latestVersion: number;
  /** Changes from the version before (null for version 1). */
  diff: VersionDiff | null;
  /** Set right after this version was published. */
  justPublished?: boolean;
}

/** `/studio/surveys/:slug/versions/:version`: one published version, read-only, with its changes. */
export function VersionPage({ viewer, published, latestVersion, diff, justPublished }: VersionPageProps) {
  const { slug, version, definition } = published;
  const base = `/studio/surveys/${slug}`;
  return (
    <StudioLayout title={`Version ${version} – ${definition.title.en}`} viewer={viewer} section="surveys">
      <SurveyNav slug={slug} current="versions" role={viewer.role} />
      <a class="back-link" href={`${base}/versions`}>
        All versions
      </a>
      {justPublished ? (
        <Notice title={`Version ${version} published`}>
          Respondents starting the survey now answer version {version}. Responses already collected keep the version they answered.
        </Notice>
      ) : null}
      <p class="caption version-caption">{definition.title.en}</p>
      <h1 class="heading-l">Version {version}</h1>
      <p>
        Published {formatUkDateTime(published.publishedAt)}
        {version === latestVersion ? ' (the current version)' : ` (version ${latestVersion} is current)`}. Published versions never change.
      </p>
      <p class="action-links">
        <a href={`${base}/versions/${version}/export`} download={`${slug}.v${version}.json`}>
          Download JSON ({slug}.v{version}.json)
        </a>
      </p>
      {diff ? (
        <details class="version-changes" open={justPublished}>
          <summary>Changes from version {version - 1}</summary>
          <DiffView diff={diff} from={`version ${version - 1}`} to={`version ${version}`} />
        </details>
      ) : null}
      <DefinitionView definition={definition} />
    </StudioLayout>
  );
}
