import type { ImportProblem, ResponseImportReport } from '../../../../server/imports/service.ts';

// The outcome of one import: counts and a link to the responses when it worked, otherwise a table
// of problems by row, line and column (the first 1,000, with the total), and the warnings either way.

const count = (n: number, word: string) => `${n.toLocaleString('en-GB')} ${word}${n === 1 ? '' : 's'}`;

/** The report of one import, shown above the upload form. */
export function ImportReportView({ report }: { report: ResponseImportReport }) {
  return report.outcome === 'imported' ? <Imported report={report} /> : <Invalid report={report} />;
}

function Imported({ report }: { report: ResponseImportReport }) {
  const heading = report.inserted > 0 ? `Imported ${count(report.inserted, 'response')}` : 'Nothing new to import';
  return (
    <div class="version-notice" role="status" aria-labelledby="import-done-heading">
      <h2 class="version-notice__title" id="import-done-heading">
        {heading}
      </h2>
      <div class="version-notice__body">
        <p>
          {report.fileName}, answering version {report.version}: {count(report.rows, 'row')} read, {count(report.inserted, 'new response')} stored
          {report.hasRespondentIds ? `, ${report.alreadyImported.toLocaleString('en-GB')} already imported (same respondent id and answers)` : ''}.
        </p>
        <Warnings warnings={report.warnings} />
        <p>
          <a href={`/studio/surveys/${report.slug}/responses`}>See the survey’s responses</a>
        </p>
      </div>
    </div>
  );
}

function Warnings({ warnings }: { warnings: string[] }) {
  if (warnings.length === 0) return null;
  return (
    <>
      <p>Please check:</p>
      <ul class="import-warnings">
        {warnings.map((warning) => (
          <li>{warning}</li>
        ))}
      </ul>
    </>
  );
}

const place = (value: number | null) => (value === null ? '–' : value.toLocaleString('en-GB'));

function Invalid({ report }: { report: ResponseImportReport }) {
  const listed = report.problems.length;
  return (
    <section aria-labelledby="import-problems-heading" class="import-report">
      <h2 class="heading-m" id="import-problems-heading" tabindex={-1}>
        {count(report.problemCount, 'problem')} in {report.fileName}
      </h2>
      <p>
        Nothing was imported: a file is stored only when every row is valid. Correct the file and import it again.
        {report.rows > 0 ? ` The file has ${count(report.rows, 'row')} of answers, checked against version ${report.version}.` : ''}
      </p>
      <p class="hint">
        Row counts the rows of answers under the header (row 1 is the first respondent). Line is the line of the file as a text editor numbers it
        (the header is line 1); the two differ when a text answer spans several lines.
      </p>
      {listed < report.problemCount ? (
        <p>
          <strong>
            Showing the first {listed.toLocaleString('en-GB')} of {count(report.problemCount, 'problem')}.
          </strong>
        </p>
      ) : null}
      <div class="table-scroll" role="region" aria-labelledby="import-problems-caption" tabindex={0} id="import-problems">
        <table class="studio-table">
          <caption id="import-problems-caption">Problems in {report.fileName}</caption>
          <thead>
            <tr>
              <th scope="col" class="num">
                Row
              </th>
              <th scope="col" class="num">
                Line
              </th>
              <th scope="col">Column</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {report.problems.map((problem: ImportProblem) => (
              <tr>
                <td class="num">{problem.row === null ? (problem.line === 1 ? 'header' : 'file') : place(problem.row)}</td>
                <td class="num">{place(problem.line)}</td>
                <td>{problem.column === null ? '–' : <code>{problem.column}</code>}</td>
                <td>{problem.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Warnings warnings={report.warnings} />
    </section>
  );
}
