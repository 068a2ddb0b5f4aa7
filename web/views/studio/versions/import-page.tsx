import { StudioLayout, type Viewer } from '../studio-layout.tsx';
import { ErrorSummary, ImportForm } from './parts.tsx';

export interface ImportPageProps {
  viewer: Viewer;
  slug: string;
  error?: { field: 'file' | 'slug'; message: string; existingSlug?: string };
}

/** `/studio/import`: a new survey from a survey definition (.json) or an XLSForm (.xlsx). */
export function ImportPage({ viewer, slug, error }: ImportPageProps) {
  const errorHref = error?.field === 'slug' ? '#import-slug' : '#import-file';
  return (
    <StudioLayout title={`${error ? 'Error: ' : ''}Import a survey`} viewer={viewer} section="surveys">
      <ErrorSummary errors={error ? [{ href: errorHref, message: error.message }] : []} />
      <h1 class="heading-l">Import a survey</h1>
      <p class="lead">
        Start a new survey from a file. It becomes the survey's draft: check it, fix anything the import reports in the builder, then publish version 1.
      </p>
      {error?.existingSlug ? (
        <p class="inset">
          To replace the draft of the existing survey instead,{' '}
          <a href={`/studio/surveys/${error.existingSlug}/versions#import-title`}>import the file on the Versions page of {error.existingSlug}</a>.
        </p>
      ) : null}
      <ImportForm viewer={viewer} action="/studio/import" error={error} slug={{ value: slug }} />
    </StudioLayout>
  );
}
