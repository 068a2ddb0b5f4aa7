import type { Child } from 'hono/jsx';
import { assetUrl } from '../../../../server/assets/routes.ts';
import type { CountWithDemo, DraftOnlyOverview, SurveyOverview } from '../../../../server/monitoring/service.ts';
import { buildCompletesChart, COMPLETES_CHART_HEIGHT } from '../../../charts/completes-chart.ts';
import { formatCount, formatPercent } from '../../../charts/format-figures.ts';
import { serialiseForScript } from '../../../charts/results-chart.ts';
import { StudioLayout, type Viewer } from '../studio-layout.tsx';
import { SurveyNav } from '../survey-nav.tsx';
import { formatCalendarDate, formatDuration, formatUkDateTime } from '../format-time.ts';

// The overview of one survey: where it stands and how fieldwork is going. Aggregates only, so every
// signed-in role may read it; individual responses live behind the Responses tab.

const plural = (n: number, one: string, many: string) => `${formatCount(n)} ${n === 1 ? one : many}`;

/** "12" or "12 (of which 3 demo)". */
function WithDemo({ count }: { count: CountWithDemo }) {
  return (
    <>
      {formatCount(count.total)}
      {count.demo > 0 ? <span class="overview-demo"> (of which {formatCount(count.demo)} demo)</span> : null}
    </>
  );
}

function Heading({ overview, viewer }: { overview: SurveyOverview | DraftOnlyOverview; viewer: Viewer }) {
  return (
    <>
      <p class="caption overview-caption">Survey · {overview.slug}</p>
      <h1>{overview.title}</h1>
      <SurveyNav slug={overview.slug} current="overview" role={viewer.role} />
    </>
  );
}

function DraftOnly({ overview, viewer }: { overview: DraftOnlyOverview; viewer: Viewer }) {
  return (
    <StudioLayout title={overview.title} viewer={viewer} section="surveys">
      <Heading overview={overview} viewer={viewer} />
      <div class="inset">
        <p>
          <strong>Not published yet.</strong> This survey is a draft, last saved {formatUkDateTime(overview.draft.updatedAt)}. Nobody can
          answer it until a researcher publishes it.
        </p>
        {viewer.role === 'press' ? null : (
          <p>
            <a href={`/studio/surveys/${overview.slug}/build`}>Continue building the questionnaire</a>
          </p>
        )}
      </div>
    </StudioLayout>
  );
}

const STATE_TEXT = { open: 'Open', not_open_yet: 'Not open yet', closed: 'Closed', target_reached: 'Closed: target reached' } as const;

function Status({ overview, viewer }: { overview: SurveyOverview; viewer: Viewer }) {
  const { settings, draft } = overview;
  const researcher = viewer.role !== 'press';
  const completesReal = overview.completes.total - overview.completes.demo;
  return (
    <section aria-labelledby="status-heading">
      <h2 id="status-heading">Status</h2>
      <dl class="summary-list">
        <div class="summary-list__row">
          <dt class="summary-list__key">Fieldwork</dt>
          <dd class="summary-list__value">
            <strong class={`overview-state overview-state--${overview.state.replace(/_/g, '-')}`}>{STATE_TEXT[overview.state]}</strong>
            {settings.opensAt ? ` · opens ${formatUkDateTime(settings.opensAt)}` : ''}
            {settings.closesAt ? ` · closes ${formatUkDateTime(settings.closesAt)}` : ''}
            {!settings.opensAt && !settings.closesAt ? ' · no opening or closing date set' : ''}
          </dd>
          {researcher ? (
            <dd class="summary-list__actions">
              <a href={`/studio/surveys/${overview.slug}/fieldwork`}>
                Change<span class="visually-hidden"> fieldwork settings</span>
              </a>
            </dd>
          ) : null}
        </div>
        <div class="summary-list__row">
          <dt class="summary-list__key">Target sample</dt>
          <dd class="summary-list__value">
            {settings.targetSample === null ? (
              'No target set'
            ) : (
              <>
                {formatCount(completesReal)} of {formatCount(settings.targetSample)} complete ({formatPercent(overview.targetProgress)})
                {overview.completes.demo > 0 ? ', not counting demo responses' : ''}
                <progress class="overview-progress" max={settings.targetSample} value={Math.min(completesReal, settings.targetSample)} aria-label="Progress towards the target sample">
                  {formatPercent(overview.targetProgress)}
                </progress>
              </>
            )}
          </dd>
        </div>
        <div class="summary-list__row">
          <dt class="summary-list__key">Draft</dt>
          <dd class="summary-list__value">
            {draft
              ? `A draft${draft.baseVersion ? ` based on version ${draft.baseVersion}` : ''} was last saved ${formatUkDateTime(draft.updatedAt)}`
              : 'No draft'}
          </dd>
          {researcher ? (
            <dd class="summary-list__actions">
              <a href={`/studio/surveys/${overview.slug}/build`}>
                {draft ? 'Continue editing' : 'Start a new version'}
                <span class="visually-hidden"> of the questionnaire</span>
              </a>
            </dd>
          ) : null}
        </div>
      </dl>
      <table class="studio-table overview-versions">
        <caption class="overview-table-caption">Published versions</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col" class="num">
              Completes
            </th>
            <th scope="col" class="num">
              Screened out
            </th>
          </tr>
        </thead>
        <tbody>
          {[...overview.versions].reverse().map((version) => (
            <tr>
              <th scope="row">
                Version {version.version}
                <span class="overview-published">published {formatUkDateTime(version.publishedAt)}</span>
              </th>
              <td class="num">
                <WithDemo count={version.completes} />
              </td>
              <td class="num">
                <WithDemo count={version.screenedOut} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Outcomes({ overview }: { overview: SurveyOverview }) {
  const figures: { label: string; value: Child; hint: string }[] = [
    { label: 'Completes', value: <WithDemo count={overview.completes} />, hint: 'Sent in full' },
    { label: 'Screened out', value: <WithDemo count={overview.screenedOut} />, hint: 'Ended by a screening answer' },
    { label: 'Quota full', value: formatCount(overview.quotaFull), hint: 'Turned away because their quota was full' },
    { label: 'Partial', value: formatCount(overview.partial), hint: 'Started and not yet sent' },
  ];
  return (
    <section aria-labelledby="outcomes-heading">
      <h2 id="outcomes-heading">Responses so far</h2>
      <dl class="overview-figures">
        {figures.map((figure) => (
          <div class="overview-figure">
            <dt class="overview-figure__label">{figure.label}</dt>
            <dd class="overview-figure__value">{figure.value}</dd>
            <dd class="overview-figure__hint">{figure.hint}</dd>
          </div>
        ))}
      </dl>
      {overview.completes.demo + overview.screenedOut.demo > 0 ? (
        <p class="overview-note">Demo responses are synthetic data for trying Attune out; they are left out of completion times and of progress towards the target.</p>
      ) : null}
    </section>
  );
}

function DropOff({ overview }: { overview: SurveyOverview }) {
  return (
    <section aria-labelledby="dropoff-heading">
      <h2 id="dropoff-heading">Where partial responses stopped</h2>
      {overview.partial === 0 ? (
        <p>Nobody has left the survey part-way through.</p>
      ) : (
        <table class="studio-table overview-dropoff">
          <caption class="overview-table-caption">
            {plural(overview.partial, 'partial response', 'partial responses')} by the last page saved, in questionnaire order
          </caption>
          <thead>
            <tr>
              <th scope="col">Last page saved</th>
              <th scope="col" class="num">
                Partial responses
              </th>
              <th scope="col" class="num">
                Share
              </th>
            </tr>
          </thead>
          <tbody>
            {overview.dropOff.map((row) => (
              <tr>
                <th scope="row">
                  {row.number !== null ? <span class="overview-page-number">Page {row.number}: </span> : null}
                  {row.label}
                </th>
                <td class="num">{formatCount(row.count)}</td>
                <td class="num">{formatPercent(row.percent)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function CompletionTime({ overview }: { overview: SurveyOverview }) {
  const { medianSeconds, basedOn, untimed } = overview.completionTime;
  return (
    <section aria-labelledby="time-heading">
      <h2 id="time-heading">Completion time</h2>
      {medianSeconds === null ? (
        <p>No complete response can be timed yet.</p>
      ) : (
        <p>
          Median <strong class="overview-median">{formatDuration(medianSeconds)}</strong> from starting to sending, based on{' '}
          {plural(basedOn, 'complete response', 'complete responses')}.
        </p>
      )}
      <p class="overview-note">
        Demo responses are not included.
        {untimed > 0 ? ` ${plural(untimed, 'complete response has', 'complete responses have')} no start time (for example, sent through the API without one) and cannot be timed.` : ''}
      </p>
    </section>
  );
}

const CHART_CONFIG_ID = 'completes-chart-config';

function CompletesPerDay({ overview }: { overview: SurveyOverview }) {
  const config = buildCompletesChart(overview.perDay);
  const hasDemo = overview.perDay.some((day) => day.demo > 0);
  return (
    <section aria-labelledby="per-day-heading">
      <h2 id="per-day-heading">Completes per day</h2>
      {config === null ? (
        <p>No complete responses yet.</p>
      ) : (
        <div class="overview-per-day">
          <figure class="overview-chart" data-chart={CHART_CONFIG_ID}>
            <figcaption class="overview-chart__caption">Complete responses per day (UK time){hasDemo ? ', demo responses stacked on top' : ''}</figcaption>
            {/* A fixed height, so drawing the chart never moves the page. */}
            <div class="overview-chart__area" style={`height:${COMPLETES_CHART_HEIGHT}px`}>
              <canvas id="completes-chart" role="img" aria-label="Bar chart of complete responses per day. The same figures are in the table beside it.">
                <p>The chart needs JavaScript. Every figure is in the table beside it.</p>
              </canvas>
            </div>
            <script type="application/json" id={CHART_CONFIG_ID} dangerouslySetInnerHTML={{ __html: serialiseForScript(config) }} />
          </figure>
          <table class="studio-table overview-days">
            <caption class="overview-table-caption">Completes per day (UK time)</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col" class="num">
                  Completes
                </th>
                {hasDemo ? (
                  <th scope="col" class="num">
                    Demo
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {overview.perDay.map((day) => (
                <tr>
                  <th scope="row">{formatCalendarDate(day.date)}</th>
                  <td class="num">{formatCount(day.completes)}</td>
                  {hasDemo ? <td class="num">{formatCount(day.demo)}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Quotas({ overview, viewer }: { overview: SurveyOverview; viewer: Viewer }) {
  return (
    <section aria-labelledby="quotas-heading">
      <h2 id="quotas-heading">Quota fill</h2>
      {overview.quotas.length === 0 ? (
        <p>
          This survey has no quotas.
          {viewer.role === 'press' ? null : (
            <>
              {' '}
              <a href={`/studio/surveys/${overview.slug}/fieldwork`}>Set quotas on the fieldwork page</a>.
            </>
          )}
        </p>
      ) : (
        overview.quotas.map((quota) => (
          <table class="studio-table overview-quota">
            <caption class="overview-table-caption">
              {quota.label} <span class="overview-quota__question">({quota.question})</span>
            </caption>
            <thead>
              <tr>
                <th scope="col">Group</th>
                <th scope="col" class="num">
                  Achieved
                </th>
                <th scope="col" class="num">
                  Target
                </th>
                <th scope="col" class="num">
                  Filled
                </th>
              </tr>
            </thead>
            <tbody>
              {quota.cells.map((cell) => (
                <tr>
                  <th scope="row">
                    {cell.label}
                    {cell.target > 0 && cell.achieved >= cell.target ? <strong class="studio-tag studio-tag--full">Full</strong> : null}
                  </th>
                  <td class="num">{formatCount(cell.achieved)}</td>
                  <td class="num">{formatCount(cell.target)}</td>
                  <td class="num">{formatPercent(cell.percent)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))
      )}
      {overview.quotas.length > 0 ? <p class="overview-note">Quotas count complete responses that are not demo data, of every version.</p> : null}
    </section>
  );
}

/** The overview page: status and monitoring of a published survey, or the draft-only notice. */
export function OverviewPage({ overview, viewer }: { overview: SurveyOverview | DraftOnlyOverview; viewer: Viewer }) {
  if (overview.kind === 'draft-only') return <DraftOnly overview={overview} viewer={viewer} />;
  const hasChart = overview.perDay.length > 0;
  return (
    <StudioLayout
      title={overview.title}
      viewer={viewer}
      section="surveys"
      scripts={hasChart ? [assetUrl('chart.umd.js'), assetUrl('results-charts.js')] : []}
    >
      <Heading overview={overview} viewer={viewer} />
      <Status overview={overview} viewer={viewer} />
      <Outcomes overview={overview} />
      <CompletesPerDay overview={overview} />
      <Quotas overview={overview} viewer={viewer} />
      <DropOff overview={overview} />
      <CompletionTime overview={overview} />
    </StudioLayout>
  );
}
