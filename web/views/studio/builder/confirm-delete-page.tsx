import { CsrfField, StudioLayout, type Viewer } from '../studio-layout.tsx';
import { SurveyNav } from '../survey-nav.tsx';

export interface ConfirmDeletePageProps {
  viewer: Viewer;
  slug: string;
  updatedAt: string;
  page: number;
  question?: number;
  /** What is about to go, in words: "page 2, “About you”, and its 3 questions". */
  what: string;
  backHref: string;
}

/** Asks before deleting a page or a question: one click should never lose a page of work. */
export function ConfirmDeletePage(props: ConfirmDeletePageProps) {
  const { viewer, slug } = props;
  const isQuestion = props.question !== undefined;
  return (
    <StudioLayout title={`Delete ${isQuestion ? 'question' : 'page'}?`} viewer={viewer} section="surveys">
      <a class="back-link" href={props.backHref}>
        Back to the builder
      </a>
      <p class="caption">{slug}</p>
      <h1 class="heading-l">Delete {props.what}?</h1>
      <SurveyNav slug={slug} current="build" role={viewer.role} />
      <p>This changes the draft only: published versions and the responses to them are kept.</p>
      <form method="post" action={`/studio/surveys/${slug}/build/${isQuestion ? 'question-delete' : 'page-delete'}`} class="builder-actions">
        <CsrfField viewer={viewer} />
        <input type="hidden" name="updatedAt" value={props.updatedAt} />
        <input type="hidden" name="page" value={String(props.page)} />
        {isQuestion ? <input type="hidden" name="question" value={String(props.question)} /> : null}
        <button type="submit" class="button button--warning">
          Yes, delete {isQuestion ? 'the question' : 'the page'}
        </button>
        <a href={props.backHref}>No, keep it</a>
      </form>
    </StudioLayout>
  );
}
