import type { Child } from 'hono/jsx';
import { assetUrl } from '../../server/assets/routes.ts';
import { withArticle } from '../../server/methodology/note.ts';
import type { BaseFigures, CountFigures, QuestionFigures, SurveyResults, TableFigures } from '../../server/results/service.ts';
import { formatCount, formatNumber, formatPercent } from '../charts/format-figures.ts';
import { buildResultsChart, chartHeightFor, serialiseForScript } from '../charts/results-chart.ts';
import { Layout } from './layout.tsx';
import type { PublicChart, PublicHeadline } from './public-results/press-figures.ts';
import { AboutSection, disclosureItems, DownloadsSection, HeadlinesSection, PressChartsSection, type Download } from './public-results/sections.tsx';

// The public results page a charity links from a press release: who did the research for whom, the
// published headlines and charts (frozen figures), the methodology note with the British Polling
// Council items, the full tables to download, then "All results": per question a chart (drawn by
// web/client/results-charts.js from embedded JSON) beside a data table that carries every figure, so
// the page is complete without JavaScript. It reads the Total column (index 0): the page has no breaks.

const TOTAL = 0;

/** The id a question's elements are named by: its id, with the version when it is reported per version. */
const elementId = (question: QuestionFigures) => (question.version === null ? question.id : `${question.id}-v${question.version}`);

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "23 February to 1 March 2024" from ISO dates, naming a shared month or year once (one date when there is no end). */
export function formatFieldwork(fieldwork: SurveyResults['survey']['fieldwork']): string | null {
  if (!fieldwork) return null;
  const parse = (iso: string) => {
    const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
    return { year, month: MONTHS[month - 1]!, day };
  };
  const start = parse(fieldwork.start);
  const whole = `${start.day} ${start.month} ${start.year}`;
  if (!fieldwork.end || fieldwork.end === fieldwork.start) return whole;
  const end = parse(fieldwork.end);
  const endText = `${end.day} ${end.month} ${end.year}`;
  if (start.year !== end.year) return `${whole} to ${endText}`;
  if (start.month !== end.month) return `${start.day} ${start.month} to ${endText}`;
  return `${start.day} to ${endText}`;
}

const plural = (n: number, one: string, many: string) => `${formatCount(n)} ${n === 1 ? one : many}`;

/** "Base: 12 respondents asked", or with an optional question left blank by some, how many answered of how many asked. */
function BaseLine({ base, skipped, weighted }: { base: BaseFigures; skipped: CountFigures; weighted: boolean }) {
  const asked = base.unweighted + skipped.unweighted;
  return (
    <p class="results-base">
      <strong>Base:</strong>{' '}
      {skipped.unweighted > 0
        ? `${plural(base.unweighted, 'respondent', 'respondents')} who answered, of ${formatCount(asked)} asked (${formatCount(skipped.unweighted)} left it blank)`
        : `${plural(base.unweighted, 'respondent', 'respondents')} asked`}
      {weighted ? `; weighted base ${formatNumber(base.weighted, 1)}` : ''}
      {base.flag === 'low' ? '. Low base (under 50): treat these figures with caution.' : ''}
    </p>
  );
}

function DistributionTable({ id, caption, figures, note }: { id: string; caption: string; figures: TableFigures; note?: string }) {
  return (
    <div class="results-table-wrap">
      <table class="results-table" id={`table-${id}`}>
        <caption>
          {caption}
          {note ? <span class="results-table__note">{note}</span> : null}
        </caption>
        <thead>
          <tr>
            <th scope="col">Answer</th>
            <th scope="col" class="results-num">
              Percentage
            </th>
            <th scope="col" class="results-num">
              Number
            </th>
          </tr>
        </thead>
        <tbody>
          {figures.options.map((option) => (
            <tr>
              <th scope="row">{option.label}</th>
              <td class="results-num">{formatPercent(option.cells[TOTAL]!.percent)}</td>
              <td class="results-num">{formatCount(option.cells[TOTAL]!.count)}</td>
            </tr>
          ))}
          {figures.nets.map((net) => (
            <tr class="results-table__net">
              <th scope="row">
                <span class="results-tag">Net</span> {net.label}
              </th>
              <td class="results-num">{formatPercent(net.cells[TOTAL]!.percent)}</td>
              <td class="results-num">{formatCount(net.cells[TOTAL]!.count)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Base</th>
            <td class="results-num">100%</td>
            <td class="results-num">{formatCount(figures.bases[TOTAL]!.unweighted)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** Rows are statements, columns the full scale, the nets and each statement's base. */
function GridTable({ question }: { question: Extract<QuestionFigures, { type: 'likert-grid' }> }) {
  const statements = question.statements;
  const first = statements[0];
  if (!first) return null;
  return (
    <div class="results-table-wrap results-table-wrap--scroll" role="region" aria-labelledby={`caption-${elementId(question)}`} tabindex={0}>
      <table class="results-table results-table--grid" id={`table-${elementId(question)}`}>
        <caption id={`caption-${elementId(question)}`}>{question.text}</caption>
        <thead>
          <tr>
            <th scope="col">Statement</th>
            {first.options.map((option) => (
              <th scope="col" class="results-num">
                {option.label}
              </th>
            ))}
            {first.nets.map((net) => (
              <th scope="col" class="results-num results-table__net">
                <span class="results-tag">Net</span> {net.label}
              </th>
            ))}
            <th scope="col" class="results-num">
              Base
            </th>
          </tr>
        </thead>
        <tbody>
          {statements.map((statement) => (
            <tr>
              <th scope="row">{statement.text}</th>
              {statement.options.map((option) => (
                <td class="results-num">{formatPercent(option.cells[TOTAL]!.percent)}</td>
              ))}
              {statement.nets.map((net) => (
                <td class="results-num results-table__net">{formatPercent(net.cells[TOTAL]!.percent)}</td>
              ))}
              <td class="results-num">{formatCount(statement.bases[TOTAL]!.unweighted)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function NumberTable({ question }: { question: Extract<QuestionFigures, { type: 'number' }> }) {
  const numeric = question.numeric[TOTAL]!;
  const unit = question.unit ? ` (${question.unit})` : '';
  const rows: [string, number | null][] = [
    ['Mean (average)', numeric.mean],
    ['Median (middle value)', numeric.median],
    ['Lowest answer', numeric.min],
    ['Highest answer', numeric.max],
  ];
  return (
    <div class="results-table-wrap">
      <table class="results-table" id={`table-${elementId(question)}`}>
        <caption>{question.text}</caption>
        <thead>
          <tr>
            <th scope="col">Summary</th>
            <th scope="col" class="results-num">
              Value{unit}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, value]) => (
            <tr>
              <th scope="row">{label}</th>
              <td class="results-num">{formatNumber(value, 1)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Base</th>
            <td class="results-num">{formatCount(question.bases[TOTAL]!.unweighted)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function ChartFigure({ question }: { question: QuestionFigures }) {
  const config = buildResultsChart(question);
  if (!config) return null;
  const id = elementId(question);
  const measure = config.data.datasets[0]?.label ?? '';
  return (
    <figure class="results-chart" data-results-chart={`chart-config-${id}`}>
      <figcaption class="results-chart__caption">{measure}</figcaption>
      {/* A fixed height from the number of bars, so drawing the chart never moves the page. */}
      <div class="results-chart__area" style={`height:${chartHeightFor(config)}px`}>
        <canvas
          id={`chart-${id}`}
          role="img"
          aria-label={`Bar chart: ${measure}. The same figures are in the table for this question.`}
        >
          <p class="results-chart__fallback">The chart needs JavaScript. Every figure is in the table for this question.</p>
        </canvas>
      </div>
      <script type="application/json" id={`chart-config-${id}`} dangerouslySetInnerHTML={{ __html: serialiseForScript(config) }} />
    </figure>
  );
}

function QuestionSection({ question, number, weighted }: { question: QuestionFigures; number: number; weighted: boolean }) {
  const id = elementId(question);
  const headingId = `heading-${id}`;
  const base = question.bases[TOTAL]!;
  let body: Child;
  if (base.unweighted === 0) {
    body = <p class="results-empty">Nobody has answered this question yet.</p>;
  } else if (question.type === 'short-text' || question.type === 'long-text') {
    body = (
      <p class="results-empty">
        {plural(base.unweighted, 'respondent', 'respondents')} answered in their own words. Written answers are not published.
      </p>
    );
  } else if (question.type === 'number') {
    body = <NumberTable question={question} />;
  } else if (question.type === 'likert-grid') {
    body = (
      <div class="results-question__body results-question__body--stacked">
        <ChartFigure question={question} />
        <GridTable question={question} />
      </div>
    );
  } else if (base.flag === 'suppressed') {
    // DOMAIN.md "Bases": no percentages on fewer than 10 answers, and a table of dashes says nothing.
    body = <p class="results-empty">Fewer than 10 people answered this question: too few to report percentages.</p>;
  } else if ('options' in question) {
    const note = question.type === 'multiple-choice' ? 'Respondents could choose more than one answer, so percentages may add up to more than 100.' : undefined;
    body = (
      <div class="results-question__body">
        <ChartFigure question={question} />
        <DistributionTable id={id} caption={question.text} figures={question} note={note} />
      </div>
    );
  }
  return (
    <section class="results-question" aria-labelledby={headingId} id={id}>
      <h3 class="results-question__heading" id={headingId}>
        <span class="results-question__number">Q{number}</span> {question.text}
        {question.version === null ? null : <span class="results-question__version"> (version {question.version} respondents)</span>}
      </h3>
      <BaseLine base={base} skipped={question.skipped[TOTAL]!} weighted={weighted} />
      {body}
    </section>
  );
}

function DemoNotice({ results }: { results: SurveyResults }) {
  if (results.demoResponses === 0) return null;
  const all = results.demoResponses === results.responses;
  return (
    <div class="results-demo" role="note">
      <p>
        <strong>
          {all
            ? `All ${plural(results.demoResponses, 'response is a demo response', 'responses are demo responses')} (synthetic data).`
            : `Includes ${plural(results.demoResponses, 'demo response', 'demo responses')} (synthetic data).`}
        </strong>{' '}
        These figures are for trying Attune out and are not findings.
      </p>
    </div>
  );
}

export interface ResultsPageProps {
  results: SurveyResults;
  /** Published headlines and charts of this survey, from their frozen figures. */
  headlines: PublicHeadline[];
  charts: PublicChart[];
  /** The notes-to-editors paragraphs (blank lines between paragraphs). */
  methodologyNote: string;
  /** The full tables to download; the JSON of these results comes last. */
  downloads: Download[];
}

/** "Research by Censuswide for the Department of Health and Social Care", naming whoever is known
 * (with "the" where the methodology note puts one, so the two read alike). */
export function describeAuthorship(survey: SurveyResults['survey']): string {
  const client = survey.commissioner ?? survey.organisation;
  if (survey.conductedBy && survey.conductedBy !== client) return `Research by ${withArticle(survey.conductedBy)} for ${withArticle(client)}`;
  return `Research by ${withArticle(client)}`;
}

/** The public results page of one survey: who and what, published headlines and charts, the
 * methodology note, downloads, then a chart and a data table per question. */
export function ResultsPage({ results, headlines, charts, methodologyNote, downloads }: ResultsPageProps) {
  const { survey } = results;
  const fieldwork = formatFieldwork(survey.fieldwork);
  const hasCharts = results.questions.some((question) => buildResultsChart(question) !== null);
  // A question reported once per version keeps one number.
  const numbers = new Map<string, number>();
  for (const question of results.questions) if (!numbers.has(question.id)) numbers.set(question.id, numbers.size + 1);
  const contents: [string, string][] = [
    ...(headlines.length > 0 ? [['#key-findings', 'Key findings'] as [string, string]] : []),
    ...(charts.length > 0 ? [['#published-charts', 'Charts'] as [string, string]] : []),
    ['#about-this-research', 'About this research'],
    ['#data-tables', 'Data tables'],
    ['#all-results', 'All results'],
  ];
  return (
    <Layout
      title={`Results: ${survey.title}`}
      lang="en"
      header={<span class="site-header__service">Attune</span>}
      styles={[assetUrl('results.css')]}
      scripts={hasCharts ? [assetUrl('chart.umd.js'), assetUrl('results-charts.js')] : []}
    >
      <div class="results">
        <header class="results-header">
          <p class="results-kicker">Survey results · {survey.organisation}</p>
          <h1 class="results-title">{survey.title}</h1>
          <p class="results-byline">{describeAuthorship(survey)}</p>
          <p class="results-standfirst">
            Based on {plural(results.responses, 'complete response', 'complete responses')} from {survey.population} in {survey.geography}
            {fieldwork ? ` (fieldwork ${fieldwork})` : ''}.
          </p>
          <DemoNotice results={results} />
          <nav class="results-contents" aria-label="On this page">
            <ul>
              {contents.map(([href, label]) => (
                <li>
                  <a href={href}>{label}</a>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        <HeadlinesSection headlines={headlines} />
        <PressChartsSection charts={charts} />
        <AboutSection note={methodologyNote} items={disclosureItems(results, fieldwork)} />
        <DownloadsSection downloads={downloads} />
        <section class="results-section" aria-labelledby="all-results">
          <h2 class="results-section__heading" id="all-results">
            All results
          </h2>
          <p class="results-section__intro">
            Every question, with a chart and a table of {results.versions.length === 1 ? `questionnaire version ${results.versions[0]}` : `questionnaire versions ${results.versions.join(', ')}`}.
          </p>
          {results.responses === 0 ? <p class="results-empty">There are no complete responses yet.</p> : null}
          {results.questions.map((question) => (
            <QuestionSection question={question} number={numbers.get(question.id)!} weighted={results.weighted} />
          ))}
        </section>
        <footer class="results-notes">
          <h2>Notes</h2>
          <ul>
            <li>The base of a question is everyone who was asked it and answered; people routed past a question are not in its base.</li>
            <li>Percentages are rounded to whole numbers, so they may not add up to exactly 100. Nets are worked out from unrounded figures, so a net can differ from the sum of its rounded parts.</li>
            <li>* means more than 0 but less than 0.5%; - means nobody gave that answer.</li>
            <li>Figures under "All results" are unweighted counts of complete responses, as they stand today.</li>
            {headlines.length + charts.length > 0 ? (
              <li>
                Key findings and charts show the figures as they were when they were published; they do not change as more responses arrive. Where they are weighted,
                their base line says so.
              </li>
            ) : null}
          </ul>
        </footer>
      </div>
    </Layout>
  );
}

/** A plain page for a survey that does not exist (or a version it never had). */
export function ResultsNotFoundPage({ message }: { message: string }) {
  return (
    <Layout title="Results not found" lang="en" header={<span class="site-header__service">Attune</span>} styles={[assetUrl('results.css')]}>
      <div class="results">
        <h1 class="results-title">Results not found</h1>
        <p>{message}</p>
      </div>
    </Layout>
  );
}
