import { formatProblem } from '../../../../server/surveys/definition-rules.ts';
import { StudioLayout, type Viewer } from '../studio-layout.tsx';
import { SurveyNav } from '../survey-nav.tsx';

// The preview's banner: above the respondent frame, in English whatever language is previewed, so a
// researcher can never mistake the preview for the live survey.

export interface PreviewBannerProps {
  builderHref: string;
  pageNumber: number;
  pageCount: number;
  previousHref?: string;
  nextHref?: string;
  /** The same page in the other language, when the survey offers Welsh. */
  otherLanguage?: { href: string; label: string };
  /** Questions on this page shown only to some respondents, in words. */
  routed: string[];
  /** How many problems the draft still has (0 when it would publish). */
  problemCount: number;
  /** Set after Continue on the last page. */
  finished?: boolean;
}

/** A clear "this is a preview" notice with the preview's own navigation. */
export function PreviewBanner(props: PreviewBannerProps) {
  return (
    <aside class="preview-banner" aria-label="Preview" lang="en">
      <div class="preview-banner__inner">
        <p class="preview-banner__title">
          <strong>Preview of the draft</strong>: page {props.pageNumber} of {props.pageCount}. Answers are not saved and nothing is sent.
        </p>
        {props.finished ? <p>That was the last page: respondents would now check their answers and send them.</p> : null}
        {props.routed.length > 0 ? (
          <ul class="preview-banner__list">
            {props.routed.map((line) => (
              <li>{line}</li>
            ))}
          </ul>
        ) : null}
        {props.problemCount > 0 ? (
          <p>
            The draft has {props.problemCount === 1 ? '1 problem' : `${props.problemCount} problems`} to fix before it can be published.
          </p>
        ) : null}
        <p class="preview-banner__links">
          <a href={props.builderHref}>Back to the builder</a>
          {props.previousHref ? <a href={props.previousHref}>Previous page</a> : null}
          {props.nextHref ? <a href={props.nextHref}>Next page</a> : null}
          {props.otherLanguage ? <a href={props.otherLanguage.href}>{props.otherLanguage.label}</a> : null}
        </p>
      </div>
    </aside>
  );
}

/** Shown instead of a preview when the draft is not yet the shape of a survey (no pages, a page
 * without questions, a question without options): the problems to fix first. */
export function PreviewUnavailablePage(props: { viewer: Viewer; slug: string; problems: { path: string; message: string }[]; builderHref: string }) {
  return (
    <StudioLayout title="Preview not available yet" viewer={props.viewer} section="surveys">
      <a class="back-link" href={props.builderHref}>
        Back to the builder
      </a>
      <p class="caption">{props.slug}</p>
      <h1 class="heading-l">The draft cannot be previewed yet</h1>
      <SurveyNav slug={props.slug} current="build" role={props.viewer.role} />
      <p>A preview needs every page to have questions and every question its answers. Fix these first:</p>
      <ul>
        {props.problems.map((problem) => (
          <li>{formatProblem(problem)}</li>
        ))}
      </ul>
    </StudioLayout>
  );
}
