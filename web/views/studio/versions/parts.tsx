import type { DefinitionProblem } from '../../../../server/surveys/definition-rules.ts';
import { formatProblem } from '../../../../server/surveys/definition-rules.ts';
import type { ImportReport } from '../../../../server/versions/service.ts';
import { formatReportItem } from '../../../../server/versions/xlsform.ts';
import { formatUkDateTime } from '../format-time.ts';
import { CsrfField, type Viewer } from '../studio-layout.tsx';

// Pieces the version pages share: the error summary, the import form, definition problems with
// links to the builder, and an import report.

/** One problem in the error summary: its message and where the link goes (a field id or a page). */
export interface SummaryError {
  href: string;
  message: string;
}

/** The GOV.UK error summary for a workspace page, focused on load so it is announced first. */
export function ErrorSummary({ errors }: { errors: SummaryError[] }) {
  if (errors.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1} autofocus>
      <h2 class="error-summary__title" id="error-summary-title">
        There is a problem
      </h2>
      <ul class="error-summary__list">
        {errors.map((error) => (
          <li>
            <a href={error.href}>{error.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A green confirmation banner after something worked. */
export function Notice({ title, children }: { title: string; children?: unknown }) {
  return (
    <div class="version-notice" role="status" aria-labelledby="notice-title">
      <h2 class="version-notice__title" id="notice-title">
        {title}
      </h2>
      {children ? <div class="version-notice__body">{children as string}</div> : null}
    </div>
  );
}

const SHOWN_PROBLEMS = 25;

/** The definition problems of a draft, each linking to the builder where it can be fixed. */
export function ProblemList({ problems, buildHref }: { problems: DefinitionProblem[]; buildHref: string }) {
  const shown = problems.slice(0, SHOWN_PROBLEMS);
  return (
    <ul class="problem-list">
      {shown.map((problem) => (
        <li>
          <a href={buildHref}>{formatProblem(problem)}</a>
        </li>
      ))}
      {problems.length > shown.length ? <li>… and {problems.length - shown.length} more</li> : null}
    </ul>
  );
}

/** What an import carried over and what it could not. */
export function ImportReportView({ report }: { report: ImportReport }) {
  const kind = report.format === 'xlsform' ? 'XLSForm' : 'JSON';
  return (
    <section class="import-report" aria-labelledby="import-report-title">
      <h2 class="heading-m" id="import-report-title">
        Import report
      </h2>
      <p>
        {report.fileName} ({kind}), imported {formatUkDateTime(report.importedAt)}.
      </p>
      {report.notes.length > 0 ? (
        <ul class="plain-list">
          {report.notes.map((note) => (
            <li>{note}</li>
          ))}
        </ul>
      ) : null}
      {report.format === 'xlsform' ? (
        report.items.length > 0 ? (
          <>
            <h3 class="heading-s">Not carried over or changed ({report.items.length})</h3>
            <ul class="import-report__items">
              {report.items.map((item) => (
                <li>{formatReportItem(item)}</li>
              ))}
            </ul>
          </>
        ) : (
          <p>Every row of the form was carried over.</p>
        )
      ) : null}
    </section>
  );
}

/** The upload form: a survey definition (.json) or an XLSForm (.xlsx), with an optional slug field
 * for a new survey. */
export function ImportForm(props: {
  viewer: Viewer;
  action: string;
  error?: { field: 'file' | 'slug'; message: string };
  /** Shown for a new survey: the slug field and what was typed in it. */
  slug?: { value: string };
  replacesDraft?: boolean;
}) {
  const fileError = props.error?.field === 'file' ? props.error.message : undefined;
  const slugError = props.error?.field === 'slug' ? props.error.message : undefined;
  return (
    <form method="post" action={props.action} enctype="multipart/form-data" novalidate class="import-form">
      <CsrfField viewer={props.viewer} />
      <div class={`form-group${fileError ? ' form-group--error' : ''}`}>
        <label class="label" for="import-file">
          File to import
        </label>
        <p class="hint" id="import-file-hint">
          A survey definition exported from Attune (.json) or an XLSForm (.xlsx with survey, choices and settings sheets).
          {props.replacesDraft ? ' It replaces the current draft.' : ''}
        </p>
        {fileError ? (
          <p class="error-message" id="import-file-error">
            <span class="visually-hidden">Error:</span> {fileError}
          </p>
        ) : null}
        <input
          class={`file-input${fileError ? ' input--error' : ''}`}
          id="import-file"
          name="file"
          type="file"
          accept=".json,.xlsx,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          aria-describedby={fileError ? 'import-file-hint import-file-error' : 'import-file-hint'}
        />
      </div>
      {props.slug ? (
        <div class={`form-group${slugError ? ' form-group--error' : ''}`}>
          <label class="label" for="import-slug">
            Slug (optional)
          </label>
          <p class="hint" id="import-slug-hint">
            The survey's address, e.g. parents-2025. Leave blank to use the slug in the file (or the XLSForm's form_id).
          </p>
          {slugError ? (
            <p class="error-message" id="import-slug-error">
              <span class="visually-hidden">Error:</span> {slugError}
            </p>
          ) : null}
          <input
            class={`input${slugError ? ' input--error' : ''}`}
            id="import-slug"
            name="slug"
            type="text"
            spellcheck={false}
            value={props.slug.value}
            aria-describedby={slugError ? 'import-slug-hint import-slug-error' : 'import-slug-hint'}
          />
        </div>
      ) : null}
      <button class="button button--secondary" type="submit">
        Import file
      </button>
    </form>
  );
}
