import { assetUrl } from '../../../../server/assets/routes.ts';
import type { CrosstabFormChoices } from '../../../../server/crosstabs/service.ts';
import type { QuestionFigures, SurveyResults, TableFigures } from '../../../../server/results/service.ts';
import { buildCrosstabChart, crosstabChartHeight, crosstabChartLegend, type ChartedType } from '../../../charts/crosstab-chart.ts';
import { formatCount, formatNumber } from '../../../charts/format-figures.ts';
import { serialiseForScript } from '../../../charts/results-chart.ts';
import { StudioLayout, type Viewer } from '../studio-layout.tsx';
import { SurveyNav } from '../survey-nav.tsx';
import { BannerTable, NumberBannerTable, TableNotes, type BannerLayout } from './banner-table.tsx';

// The workspace crosstab page: a GET form (breaks, weighting, filters, versions, don't know) that
// works without JavaScript and gives a shareable address, then per question a banner table with its
// footnotes and, under it, a chart drawn from the same figures (the table is the chart's text
// alternative). Every figure comes from the results API's service; this view only lays it out.

/** What the form shows as chosen. */
export interface CrosstabSelection {
  breaks: string[];
  weighting: string;
  /** Empty: every version. */
  versions: number[];
  dontKnow: 'include' | 'exclude';
  /** `question:code` for every ticked filter box. */
  filters: string[];
}

export interface CrosstabsPageProps {
  viewer: Viewer;
  choices: CrosstabFormChoices;
  selection: CrosstabSelection;
  results: SurveyResults | null;
  error: { message: string; fields: Record<string, string> } | null;
  /** The results API address with the same query; null when the query did not parse. */
  jsonHref: string | null;
}

const plural = (n: number, one: string, many: string) => `${formatCount(n)} ${n === 1 ? one : many}`;

/** Where an error about a query key sends the reader. */
const FIELD_ANCHORS: Record<string, string> = { breaks: 'breaks', filter: 'filters', versions: 'versions', version: 'versions', weighting: 'weighting', dontKnow: 'dont-know' };

function ErrorBox({ error }: { error: NonNullable<CrosstabsPageProps['error']> }) {
  const entries = Object.entries(error.fields);
  const items = entries.length > 0 ? entries.map(([field, message]) => ({ href: `#${FIELD_ANCHORS[field] ?? 'crosstab-form'}`, message: `${field}: ${message}` })) : [{ href: '#crosstab-form', message: error.message }];
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1}>
      <h2 class="error-summary__title" id="error-summary-title">
        These tables cannot be shown
      </h2>
      <ul class="error-summary__list">
        {items.map((item) => (
          <li>
            <a href={item.href}>{item.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Checkbox({ id, name, value, label, checked }: { id: string; name: string; value: string; label: string; checked: boolean }) {
  return (
    <div class="choice choice--small">
      <input class="choice__input" id={id} name={name} type="checkbox" value={value} checked={checked} />
      <label class="choice__label" for={id}>
        {label}
      </label>
    </div>
  );
}

function CrosstabForm({ choices, selection }: { choices: CrosstabFormChoices; selection: CrosstabSelection }) {
  const filters = new Set(selection.filters);
  const filtering = new Set(selection.filters.map((item) => item.split(':')[0]));
  return (
    <form method="get" action={`/studio/surveys/${choices.slug}/crosstabs`} class="xt-form" id="crosstab-form">
      <div class="xt-form__grid">
        <fieldset class="fieldset xt-form__breaks" id="breaks">
          <legend class="fieldset__legend">Breaks (columns)</legend>
          <p class="hint">Each answer of a break becomes a column beside Total. Choose up to 5.</p>
          <div class="checkboxes xt-checkboxes">
            {choices.breakChoices.map((q) => (
              <Checkbox id={`break-${q.id}`} name="breaks" value={q.id} label={q.text} checked={selection.breaks.includes(q.id)} />
            ))}
          </div>
        </fieldset>
        <div class="xt-form__side">
          <div class="form-group">
            <label class="label" for="weighting">
              Weighting
            </label>
            <select class="input select" id="weighting" name="weighting">
              <option value="" selected={selection.weighting === ''}>
                Unweighted
              </option>
              {choices.schemes.map((scheme) => (
                <option value={scheme.name} selected={selection.weighting === scheme.name}>
                  {scheme.name}
                  {scheme.description ? ` (${scheme.description})` : ''}
                </option>
              ))}
            </select>
          </div>
          <fieldset class="fieldset" id="versions">
            <legend class="fieldset__legend">Questionnaire versions</legend>
            <p class="hint">None ticked: every version.</p>
            <div class="checkboxes xt-inline">
              {choices.versions.map((version) => (
                <Checkbox id={`version-${version}`} name="versions" value={String(version)} label={`Version ${version}`} checked={selection.versions.includes(version)} />
              ))}
            </div>
          </fieldset>
          <fieldset class="fieldset" id="dont-know">
            <legend class="fieldset__legend">"Don't know" answers</legend>
            <div class="radios">
              {(
                [
                  ['include', 'Keep in the base'],
                  ['exclude', 'Take out of the base'],
                ] as const
              ).map(([value, label]) => (
                <div class="choice choice--small">
                  <input class="choice__input" id={`dont-know-${value}`} name="dontKnow" type="radio" value={value} checked={selection.dontKnow === value} />
                  <label class="choice__label" for={`dont-know-${value}`}>
                    {label}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
      </div>
      <details class="xt-filters" id="filters" open={filtering.size > 0}>
        <summary>Filters{filtering.size > 0 ? ` (${filtering.size} on)` : ''}</summary>
        <p class="hint">Keep only respondents who gave one of the ticked answers. Ticks on one question mean "any of these"; filters on several questions must all hold.</p>
        <div class="xt-filters__grid">
          {choices.filterChoices.map((q) => (
            <fieldset class="fieldset xt-filter">
              <legend class="fieldset__legend xt-filter__legend">{q.text}</legend>
              <div class="checkboxes">
                {q.options.map((option) => (
                  <Checkbox
                    id={`filter-${q.id}-${option.code}`}
                    name="filter"
                    value={`${q.id}:${option.code}`}
                    label={option.label}
                    checked={filters.has(`${q.id}:${option.code}`)}
                  />
                ))}
              </div>
            </fieldset>
          ))}
        </div>
      </details>
      <div class="xt-form__actions">
        <button type="submit" class="button">
          Show tables
        </button>
        <a href={`/studio/surveys/${choices.slug}/crosstabs`}>Clear all choices</a>
      </div>
    </form>
  );
}

/** The weighting summary: scheme, efficiency, effective sample size, design effect and weight range. */
function WeightingSummary({ weighting }: { weighting: NonNullable<SurveyResults['weighting']> }) {
  const { summary } = weighting;
  return (
    <dl class="xt-weighting">
      <div>
        <dt>Weighting</dt>
        <dd>
          {weighting.name}
          {weighting.description ? `: ${weighting.description}` : ''} (by {weighting.variables.map((variable) => variable.text).join('; ')})
        </dd>
      </div>
      <div>
        <dt>Efficiency</dt>
        <dd>{summary.efficiency === null ? '–' : `${formatNumber(summary.efficiency * 100, 1)}%`}</dd>
      </div>
      <div>
        <dt>Effective sample size</dt>
        <dd>{formatNumber(summary.effectiveSampleSize, 1)}</dd>
      </div>
      <div>
        <dt>Design effect</dt>
        <dd>{formatNumber(summary.designEffect, 2)}</dd>
      </div>
      <div>
        <dt>Weights</dt>
        <dd>
          {formatNumber(summary.min, 2)} to {formatNumber(summary.max, 2)}
        </dd>
      </div>
    </dl>
  );
}

/** The data tables download with the results API's query (same path, `tables.xlsx` or `tables.csv` for `results`). */
function dataTablesHref(jsonHref: string, extension: 'xlsx' | 'csv'): string {
  const at = jsonHref.indexOf('?');
  const [path, query] = at < 0 ? [jsonHref, ''] : [jsonHref.slice(0, at), jsonHref.slice(at)];
  return `${path.replace(/\/results$/, `/tables.${extension}`)}${query}`;
}

function Summary({ results, jsonHref }: { results: SurveyResults; jsonHref: string | null }) {
  const filtered = results.filters.length > 0;
  return (
    <section class="xt-summary" aria-labelledby="summary-heading">
      <h2 id="summary-heading" class="visually-hidden">
        What these tables are based on
      </h2>
      <p>
        {plural(results.responses, 'complete response', 'complete responses')}
        {results.versions.length === 1 ? ` to version ${results.versions[0]}` : ` to versions ${results.versions.join(', ')}`}
        {results.demoResponses > 0 ? `, of which ${formatCount(results.demoResponses)} demo (synthetic)` : ''}
        {filtered ? `; ${formatCount(results.filteredResponses)} after filters` : ''}. Responses excluded in cleaning are left out.
      </p>
      {results.weighting ? <WeightingSummary weighting={results.weighting} /> : <p>Unweighted: every respondent counts once.</p>}
      {jsonHref ? (
        <p>
          <a href={jsonHref}>The same figures as JSON</a> (unrounded)
        </p>
      ) : null}
      {jsonHref ? (
        <p class="xt-downloads">
          Download these tables:{' '}
          <a href={dataTablesHref(jsonHref, 'xlsx')} download>
            Excel data tables (XLSX)
          </a>{' '}
          or{' '}
          <a href={dataTablesHref(jsonHref, 'csv')} download>
            CSV
          </a>
          , with the same breaks, weighting, filters and versions.
        </p>
      ) : null}
    </section>
  );
}

/** "Base: all respondents asked", with any filter and the version a per-version table counts. */
function baseTextOf(results: SurveyResults, version: number | null): string {
  const filters = results.filters.map((filter) => `${filter.text} ${filter.codes.map((code) => code.label).join(' or ')}`);
  return [
    'Base: all respondents asked',
    version === null ? '' : ` (version ${version} only)`,
    filters.length > 0 ? `, filtered to: ${filters.join('; ')}` : '',
    results.dontKnow === 'exclude' ? `, excluding "don't know"` : '',
  ].join('');
}

const elementId = (question: QuestionFigures, statementId?: string) =>
  `xt-${question.id}${statementId ? `-${statementId}` : ''}${question.version === null ? '' : `-v${question.version}`}`;

/** The chart under a table: a fixed-height canvas, its legend and its JSON config; the table is its text alternative. */
function ChartFigure({ id, title, type, table, results }: { id: string; title: string; type: ChartedType; table: TableFigures; results: SurveyResults }) {
  const config = buildCrosstabChart(type, table, results.columns);
  if (!config) return null;
  const stacked = type === 'likert' || type === 'likert-grid';
  const omitted = results.columns.filter((_, c) => table.bases[c]!.flag === 'suppressed' || table.bases[c]!.flag === 'empty');
  return (
    <figure class="xt-chart" data-chart={`${id}-chart-config`}>
      <figcaption class="xt-chart__caption">
        {stacked ? 'Answers by column, each bar adding to 100%' : 'Percentage giving each answer, by column'}
        {omitted.length > 0 ? ` (not charted, fewer than 10 respondents: ${omitted.map((column) => column.label).join(', ')})` : ''}
      </figcaption>
      <ul class="xt-legend" aria-label="Key">
        {crosstabChartLegend(config).map((entry) => (
          <li>
            <span class="xt-legend__swatch" style={`background:${entry.color}`} aria-hidden="true"></span>
            {entry.label}
          </li>
        ))}
      </ul>
      {/* A fixed height from the bands and bars, so drawing the chart never moves the page. */}
      <div class="xt-chart__area" style={`height:${crosstabChartHeight(config)}px`}>
        <canvas id={`${id}-chart`} role="img" aria-label={`Bar chart of "${title}". The same figures are in the table above.`}>
          <p>The chart needs JavaScript. Every figure is in the table above.</p>
        </canvas>
      </div>
      <script type="application/json" id={`${id}-chart-config`} dangerouslySetInnerHTML={{ __html: serialiseForScript(config) }} />
    </figure>
  );
}

function hasChart(question: QuestionFigures, results: SurveyResults): boolean {
  if (question.type === 'likert-grid') return question.statements.some((s) => buildCrosstabChart('likert-grid', s, results.columns) !== null);
  if ('options' in question) return buildCrosstabChart(question.type, question, results.columns) !== null;
  return false;
}

function QuestionBlock({ question, number, results, layout }: { question: QuestionFigures; number: number; results: SurveyResults; layout: BannerLayout }) {
  const id = elementId(question);
  const heading = `Q${number}. ${question.text}`;
  const baseText = baseTextOf(results, question.version);
  const versionTag = question.version === null ? null : <span class="xt-version"> Version {question.version} respondents</span>;
  let body: unknown;
  switch (question.type) {
    case 'single-choice':
    case 'likert':
    case 'multiple-choice':
      body = (
        <>
          <BannerTable id={id} title={heading} titleHidden baseText={question.type === 'multiple-choice' ? `${baseText}. Respondents could give more than one answer.` : baseText} table={question} layout={layout} />
          <TableNotes id={id} bases={question.bases} layout={layout} />
          <ChartFigure id={id} title={question.text} type={question.type} table={question} results={results} />
        </>
      );
      break;
    case 'likert-grid':
      body = question.statements.map((statement) => {
        const statementId = elementId(question, statement.id);
        return (
          <div class="xt-statement">
            <BannerTable id={statementId} title={`${heading}: ${statement.text}`} baseText={baseText} table={statement} layout={layout} />
            <TableNotes id={statementId} bases={statement.bases} layout={layout} />
            <ChartFigure id={statementId} title={statement.text} type="likert-grid" table={statement} results={results} />
          </div>
        );
      });
      break;
    case 'number':
      body = (
        <>
          <NumberBannerTable id={id} title={heading} baseText={baseText} bases={question.bases} numeric={question.numeric} unit={question.unit} layout={layout} />
          <TableNotes id={id} bases={question.bases} layout={layout} percentages={false} />
        </>
      );
      break;
    case 'short-text':
    case 'long-text':
      body = <p class="xt-text-note">{plural(question.bases[0]!.unweighted, 'respondent', 'respondents')} answered in their own words (not tabulated).</p>;
      break;
  }
  return (
    <section class="xt-question" aria-labelledby={`${id}-heading`}>
      <h2 class="xt-question__heading" id={`${id}-heading`}>
        {heading}
        {versionTag}
      </h2>
      {body}
    </section>
  );
}

/** Question numbers by id: a question reported once per version keeps one number. */
export function numberQuestions(questions: QuestionFigures[]): Map<string, number> {
  const numbers = new Map<string, number>();
  for (const question of questions) if (!numbers.has(question.id)) numbers.set(question.id, numbers.size + 1);
  return numbers;
}

/** The crosstab page of one survey. */
export function CrosstabsPage({ viewer, choices, selection, results, error, jsonHref }: CrosstabsPageProps) {
  const charts = results !== null && results.questions.some((question) => hasChart(question, results));
  const layout: BannerLayout | null = results ? { columns: results.columns, breaks: results.breaks, weighted: results.weighted } : null;
  return (
    <StudioLayout
      title={`${error ? 'Error: ' : ''}Crosstabs – ${choices.title}`}
      viewer={viewer}
      section="surveys"
      styles={[assetUrl('crosstabs.css')]}
      scripts={charts ? [assetUrl('chart.umd.js'), assetUrl('results-charts.js')] : []}
    >
      <p class="caption">Survey · {choices.slug}</p>
      <h1>Crosstabs: {choices.title}</h1>
      <SurveyNav slug={choices.slug} current="crosstabs" role={viewer.role} />
      {error ? <ErrorBox error={error} /> : null}
      <CrosstabForm choices={choices} selection={selection} />
      {results && layout ? (
        <>
          <Summary results={results} jsonHref={jsonHref} />
          {results.responses === 0 ? <p class="xt-empty">There are no complete responses yet.</p> : null}
          {results.questions.map((question) => (
            <QuestionBlock question={question} number={numberQuestions(results.questions).get(question.id)!} results={results} layout={layout} />
          ))}
        </>
      ) : null}
    </StudioLayout>
  );
}

