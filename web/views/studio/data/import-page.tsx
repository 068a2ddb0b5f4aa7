import type { ImportTarget, ResponseImportReport } from '../../../../server/imports/service.ts';
import { ErrorMessage, ErrorSummary } from '../../respond/frame.tsx';
import { CsrfField, StudioLayout, type Viewer } from '../studio-layout.tsx';
import { SurveyNav } from '../survey-nav.tsx';
import { ImportReportView } from './import-report.tsx';

// /studio/surveys/:slug/data/import: upload the CSV a polling company delivered, then read what
// happened: a success summary with counts, or every problem by row, line and column.

export type ImportField = 'version' | 'file';

export interface ImportResponsesPageProps {
  viewer: Viewer;
  target: ImportTarget;
  /** The version chosen in the form (the newest when nothing was chosen yet). */
  version: string;
  errors: Partial<Record<ImportField, string>>;
  report?: ResponseImportReport;
}

const FIELD_IDS: Record<ImportField, string> = { version: 'import-version', file: 'import-file' };

/** The whole upload page. */
export function ImportResponsesPage({ viewer, target, version, errors, report }: ImportResponsesPageProps) {
  const { slug, title } = target;
  const summary = (['version', 'file'] as const).filter((field) => errors[field]).map((field) => ({ fieldId: FIELD_IDS[field], message: errors[field]! }));
  if (report?.outcome === 'invalid') {
    summary.push({ fieldId: 'import-problems', message: `The file was not imported: ${problemsIn(report.problemCount)} (nothing was stored)` });
  }
  const chosen = version || String(target.versions[0]?.version ?? '');
  return (
    <StudioLayout title={`${summary.length > 0 ? 'Error: ' : ''}Import responses – ${title}`} viewer={viewer} section="surveys">
      <p class="caption">
        {title} · {slug}
      </p>
      <h1 class="heading-l">Import responses</h1>
      <SurveyNav slug={slug} current="data" role={viewer.role} />
      <ErrorSummary errors={summary} language="en" />
      <p>
        <a href={`/studio/surveys/${slug}/data`}>Back to import and export</a>
      </p>

      {report ? <ImportReportView report={report} /> : null}

      {target.versions.length === 0 ? (
        <p class="inset">
          This survey has no published version yet. <a href={`/studio/surveys/${slug}/versions`}>Publish version 1</a> before importing responses: every
          imported row is checked against a published questionnaire.
        </p>
      ) : (
        <UploadForm viewer={viewer} target={target} version={chosen} errors={errors} again={report !== undefined} />
      )}

      {target.versions.length > 0 ? <FormatHelp target={target} /> : null}
    </StudioLayout>
  );
}

function problemsIn(count: number): string {
  return `${count.toLocaleString('en-GB')} problem${count === 1 ? '' : 's'}`;
}

function UploadForm(props: { viewer: Viewer; target: ImportTarget; version: string; errors: ImportResponsesPageProps['errors']; again: boolean }) {
  const { viewer, target, version, errors } = props;
  const describedBy = (id: string, error: string | undefined) => [`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <section aria-labelledby="upload-heading">
      <h2 class="heading-m" id="upload-heading">
        {props.again ? 'Import a file' : 'Choose the file'}
      </h2>
      <form method="post" action={`/studio/surveys/${target.slug}/data/import`} enctype="multipart/form-data" novalidate class="import-form">
        <CsrfField viewer={viewer} />
        <div class={`form-group${errors.version ? ' form-group--error' : ''}`}>
          <label class="label" for="import-version">
            Questionnaire version
          </label>
          <p class="hint" id="import-version-hint">
            The published version the respondents answered. Codes, routing and required questions are checked against it.
          </p>
          <ErrorMessage id="import-version-error" message={errors.version} language="en" />
          <select
            class={`input select${errors.version ? ' input--error' : ''}`}
            id="import-version"
            name="version"
            aria-describedby={describedBy('import-version', errors.version)}
          >
            {target.versions.map((row) => (
              <option value={String(row.version)} selected={String(row.version) === version}>
                Version {row.version}
              </option>
            ))}
          </select>
        </div>
        <div class={`form-group${errors.file ? ' form-group--error' : ''}`}>
          <label class="label" for="import-file">
            Data file (CSV)
          </label>
          <p class="hint" id="import-file-hint">
            Comma-separated, UTF-8, up to 100 MB. The whole file is checked first: nothing is stored unless every row is valid.
          </p>
          <ErrorMessage id="import-file-error" message={errors.file} language="en" />
          <input
            class={`file-input${errors.file ? ' input--error' : ''}`}
            id="import-file"
            name="file"
            type="file"
            accept=".csv,text/csv"
            aria-describedby={describedBy('import-file', errors.file)}
          />
        </div>
        <button class="button" type="submit">
          Check and import
        </button>
      </form>
    </section>
  );
}

/** What the file must look like, with the exact header of each published version. */
function FormatHelp({ target }: { target: ImportTarget }) {
  const gridExample = target.versions[0]?.columns.find((column) => column.includes('.')) ?? 'q_feelings.s_calm';
  return (
    <section aria-labelledby="format-heading">
      <h2 class="heading-m" id="format-heading">
        What the file must look like
      </h2>
      <ul>
        <li>One row a respondent; the first row is a header of question ids.</li>
        <li>
          A grid has one column a statement, named <code>question.statement</code>, e.g. <code>{gridExample}</code>.
        </li>
        <li>Answers are the codes of the questionnaire, not the labels.</li>
        <li>
          Multiple choice holds the ticked codes separated by <code>;</code>, e.g. <code>1;3</code>.
        </li>
        <li>Number questions hold numbers (with a full stop for decimals); text questions hold the text.</li>
        <li>An empty cell means no answer: routing skipped the question or the respondent left it blank.</li>
      </ul>
      <p>Three optional columns:</p>
      <ul>
        <li>
          <code>respondent_id</code>: the polling company’s id for the respondent. With it, importing the same file again adds nothing, and a
          respondent imported before with different answers is reported instead of overwritten. Without it, every import adds its rows again.
        </li>
        <li>
          <code>duration_seconds</code>: how long the interview took, so that speeders can be flagged.
        </li>
        <li>
          <code>completed_at</code>: when the interview finished, e.g. <code>2024-02-23T14:05:00Z</code> (with <code>Z</code> or an offset such as{' '}
          <code>+01:00</code>). Without it, responses are dated with the time of the import.
        </li>
      </ul>
      <p>Any other column is an error. The columns of each published version:</p>
      {target.versions.map((row) => (
        <details class="import-columns">
          <summary>Columns of version {row.version}</summary>
          <p>
            {/* <wbr> lets the long header wrap on a narrow screen and still copies as one line. */}
            <code>
              {row.columns.map((column, i) => (
                <>
                  {i > 0 ? (
                    <>
                      ,<wbr />
                    </>
                  ) : null}
                  {column}
                </>
              ))}
            </code>
          </p>
        </details>
      ))}
    </section>
  );
}
