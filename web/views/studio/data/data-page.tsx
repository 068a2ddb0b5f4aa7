import type { FieldErrors } from '../../../../server/errors.ts';
import type { ExportColumn } from '../../../../server/exports/columns.ts';
import { ErrorMessage, ErrorSummary } from '../../respond/frame.tsx';
import { formatUkDateTime } from '../format-time.ts';
import { StudioLayout, type Viewer } from '../studio-layout.tsx';
import { SurveyNav } from '../survey-nav.tsx';

// A survey's "Import and export" page: the way in for a polling company's file, and the way out for
// the responses (CSV with a codebook). The export form is a plain GET form, so it works without
// JavaScript and a download can be repeated or scripted from its address.

/** The form as sent (strings, unchecked), to show back beside an error. */
export interface DataFormValues {
  labels: string;
  weighting: string;
  versions: string[];
  excluded: string;
}

export interface DataPageProps {
  viewer: Viewer;
  survey: { slug: string; title: string };
  choices: {
    versions: { version: number; publishedAt: string; responses: number }[];
    schemes: { name: string; description: string | null; source: 'survey-file' | 'workspace' }[];
  };
  /** What the form last sent, or null for the defaults. */
  values: DataFormValues | null;
  errors: FieldErrors;
  metadataColumns: ExportColumn[];
}

const FIELD_ORDER = ['labels', 'weighting', 'versions', 'excluded'] as const;
const count = (n: number, word: string) => `${n.toLocaleString('en-GB')} ${word}${n === 1 ? '' : 's'}`;

function Radios(props: { name: string; legend: string; hint?: string; error?: string | undefined; options: { value: string; label: string; hint?: string }[]; checked: string }) {
  const { name, error } = props;
  const describedBy = [props.hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`form-group${error ? ' form-group--error' : ''}`}>
      <fieldset class="fieldset" aria-describedby={describedBy || undefined}>
        <legend class="fieldset__legend">{props.legend}</legend>
        {props.hint ? (
          <p class="hint" id={`${name}-hint`}>
            {props.hint}
          </p>
        ) : null}
        <ErrorMessage id={`${name}-error`} message={error} language="en" />
        <div class="radios">
          {props.options.map((option, index) => {
            const id = index === 0 ? name : `${name}-${option.value}`;
            return (
              <div class="choice">
                <input
                  class="choice__input"
                  id={id}
                  name={name}
                  type="radio"
                  value={option.value}
                  checked={option.value === props.checked}
                  aria-describedby={option.hint ? `${id}-item-hint` : undefined}
                />
                <label class="choice__label" for={id}>
                  {option.label}
                </label>
                {option.hint ? (
                  <p class="hint choice__hint" id={`${id}-item-hint`}>
                    {option.hint}
                  </p>
                ) : null}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

/** The "Import and export" page of one survey. */
export function DataPage(props: DataPageProps) {
  const { viewer, survey, choices, errors, metadataColumns } = props;
  const slug = survey.slug;
  const values: DataFormValues = props.values ?? {
    labels: 'codes',
    weighting: '',
    versions: choices.versions.map((row) => String(row.version)),
    excluded: 'exclude',
  };
  const summary = FIELD_ORDER.filter((name) => errors[name]).map((name) => ({ fieldId: name, message: errors[name]! }));
  const total = choices.versions.reduce((sum, row) => sum + row.responses, 0);
  const weightingDescribedBy = ['weighting-hint', errors.weighting ? 'weighting-error' : ''].filter(Boolean).join(' ');
  const versionsDescribedBy = ['versions-hint', errors.versions ? 'versions-error' : ''].filter(Boolean).join(' ');
  return (
    <StudioLayout title={`${summary.length > 0 ? 'Error: ' : ''}Import and export – ${survey.title}`} viewer={viewer} section="surveys">
      <p class="caption">Survey · {slug}</p>
      <h1 class="heading-l">{survey.title}</h1>
      <SurveyNav slug={slug} current="data" role={viewer.role} />
      <ErrorSummary errors={summary} language="en" />

      <section aria-labelledby="import-heading">
        <h2 class="heading-m" id="import-heading">
          Import
        </h2>
        <p>
          Load the data a polling company delivers as a CSV file: one row a respondent, one column a question. Nothing is stored unless every row of
          the file is valid.
        </p>
        <p>
          <a href={`/studio/surveys/${slug}/data/import`}>Import a delivered file</a>
        </p>
      </section>

      <section aria-labelledby="export-heading">
        <h2 class="heading-m" id="export-heading">
          Export responses
        </h2>
        <p>
          {count(total, 'complete response')} so far. The file has one row a response and one column a question, and opens in Excel, SPSS, R or
          Python. Each download is recorded in the audit log.
        </p>
        <form method="get" action={`/studio/surveys/${slug}/data/export.csv`} novalidate>
          <Radios
            name="labels"
            legend="Answers as"
            error={errors.labels}
            checked={values.labels}
            options={[
              { value: 'codes', label: 'Codes', hint: 'The codes of the questionnaire, for statistics software and for importing again.' },
              { value: 'labels', label: 'Labels', hint: 'The English wording of each answer, easier to read in a spreadsheet.' },
            ]}
          />

          <div class={`form-group${errors.weighting ? ' form-group--error' : ''}`}>
            <label class="label" for="weighting">
              Weights
            </label>
            <p class="hint" id="weighting-hint">
              {choices.schemes.length > 0 ? (
                'A weighting scheme adds a weight column, the weights the results use with that scheme.'
              ) : (
                <>
                  This survey has no weighting schemes yet. Set one up on the <a href={`/studio/surveys/${slug}/weighting`}>Weighting</a> tab to add
                  a weight column.
                </>
              )}
            </p>
            <ErrorMessage id="weighting-error" message={errors.weighting} language="en" />
            <select
              class={`input select${errors.weighting ? ' input--error' : ''}`}
              id="weighting"
              name="weighting"
              aria-describedby={weightingDescribedBy}
              aria-invalid={errors.weighting ? 'true' : undefined}
            >
              <option value="" selected={values.weighting === ''}>
                No weights
              </option>
              {choices.schemes.map((scheme) => (
                <option value={scheme.name} selected={values.weighting === scheme.name}>
                  {scheme.name}
                  {scheme.description ? ` – ${scheme.description}` : ''}
                </option>
              ))}
            </select>
          </div>

          {choices.versions.length > 1 ? (
            <div class={`form-group${errors.versions ? ' form-group--error' : ''}`}>
              <fieldset class="fieldset" aria-describedby={versionsDescribedBy}>
                <legend class="fieldset__legend">Versions</legend>
                <p class="hint" id="versions-hint">
                  Questions are worded and ordered as in the newest version chosen. Ticking none exports every version.
                </p>
                <ErrorMessage id="versions-error" message={errors.versions} language="en" />
                <div class="checkboxes">
                  {choices.versions.map((row, index) => {
                    const id = index === 0 ? 'versions' : `versions-${row.version}`;
                    return (
                      <div class="choice">
                        <input class="choice__input" id={id} name="versions" type="checkbox" value={String(row.version)} checked={values.versions.includes(String(row.version))} />
                        <label class="choice__label" for={id}>
                          Version {row.version}{' '}
                          <span class="hint">
                            ({count(row.responses, 'response')}, published {formatUkDateTime(row.publishedAt)})
                          </span>
                        </label>
                      </div>
                    );
                  })}
                </div>
              </fieldset>
            </div>
          ) : null}

          <Radios
            name="excluded"
            legend="Excluded responses"
            hint="Responses set aside on the Cleaning tab."
            error={errors.excluded}
            checked={values.excluded}
            options={[
              { value: 'exclude', label: 'Leave them out', hint: 'As the results do.' },
              { value: 'include', label: 'Include them', hint: 'With an excluded column (1 or 0) and the reason given.' },
            ]}
          />

          <div class="builder-actions">
            <button type="submit" class="button">
              Download responses (CSV)
            </button>{' '}
            <button type="submit" class="button button--secondary" formaction={`/api/surveys/${slug}/codebook.csv`}>
              Download the codebook for these choices (CSV)
            </button>
          </div>
        </form>
      </section>

      <section aria-labelledby="codebook-heading">
        <h2 class="heading-m" id="codebook-heading">
          Codebook
        </h2>
        <p>
          The codebook lists every column of the export with its question id, statement id, type, English wording, and each code with its label. It
          holds no responses.
        </p>
        <ul>
          <li>
            <a href={`/api/surveys/${slug}/codebook.csv`} download>
              Codebook (CSV)
            </a>
          </li>
          <li>
            <a href={`/api/surveys/${slug}/codebook.json`}>Codebook (JSON)</a>
          </li>
        </ul>
      </section>

      <section aria-labelledby="columns-heading">
        <h2 class="heading-m" id="columns-heading">
          What the columns are
        </h2>
        <p>First come these columns about each response:</p>
        <table class="studio-table">
          <caption class="visually-hidden">Columns about each response</caption>
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">What it holds</th>
            </tr>
          </thead>
          <tbody>
            {metadataColumns.map((column) => (
              <tr>
                <th scope="row">
                  <code>{column.name}</code>
                </th>
                <td>
                  {column.wording}
                  {column.type === 'flag' ? ': 1 for yes, 0 for no' : ''}.
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>Then one column a question, in the order of the questionnaire, named by question id:</p>
        <ul>
          <li>
            a single-choice or scale question: <code>q_id</code>, the code (or label) of the answer;
          </li>
          <li>
            a grid: one column a statement, <code>q_id.statement_id</code>;
          </li>
          <li>
            a multiple-choice question: one column an option, <code>q_id.code</code>, with 1 for ticked and 0 for not ticked;
          </li>
          <li>numbers as numbers, and text answers as typed.</li>
        </ul>
        <p>
          An empty cell means the question was not asked (routing skipped it) or was left blank. The file is UTF-8 with a byte order mark, so Excel
          shows Welsh and other accented letters correctly. A text cell that starts with <code>=</code>, <code>+</code>, <code>-</code>,{' '}
          <code>@</code>, a tab or a carriage return starts with an apostrophe, so a spreadsheet shows it as text instead of running it as a formula;
          numbers, negative ones included, stay numbers.
        </p>
        <p>
          To import an export with codes again, keep the question columns and <code>duration_seconds</code>, rename <code>submission_id</code> to{' '}
          <code>respondent_id</code> and <code>submitted_at</code> to <code>completed_at</code>, and join each multiple-choice question’s option
          columns into one column of ticked codes separated by <code>;</code> (the import reads multiple choice that way).
        </p>
      </section>
    </StudioLayout>
  );
}
