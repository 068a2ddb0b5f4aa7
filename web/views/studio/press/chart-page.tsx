import type { DisclosureItem } from '../../../../server/methodology/service.ts';
import type { ChartFormChoices, SavedChart } from '../../../../server/press-charts/service.ts';
import type { LiveComparison } from '../../../../server/press-items/service.ts';
import { formatCount, formatPercent } from '../../../charts/format-figures.ts';
import { formatUkDateTime } from '../format-time.ts';
import { CsrfField, StudioLayout, type Viewer } from '../studio-layout.tsx';
import { ChartFormFields, ChartPreview, type ChartAssets } from './chart-parts.tsx';
import { ErrorSummary } from './headline-parts.tsx';

// A saved chart: drawn from its frozen figures, a notice when the live figures have moved since, the
// exports (PNG, 2x PNG, SVG, PDF, CSV) and the embed snippet, the disclosure gate's missing items with
// an override form when an export was refused, and the form to change the chart (which freezes again).

export interface ChartPageProps {
  viewer: Viewer;
  chart: SavedChart;
  live: LiveComparison;
  choices: ChartFormChoices;
  assets: ChartAssets;
  /** The embed snippet for a published chart; null while unpublished. */
  embedSnippet: string | null;
  notice?: string | undefined;
  /** Set when an export was refused by the disclosure gate: which export, and what is missing per survey. */
  blocked?: { format: string; href: string; missing: { slug: string; items: DisclosureItem[] }[] } | undefined;
  form?: Record<string, string> | undefined;
  error?: { message: string | null; fields: Record<string, string> } | undefined;
}

const EXPORTS = [
  { format: 'png', label: 'PNG (1200 × 675)', href: 'chart.png' },
  { format: 'png2x', label: 'PNG at 2x', href: 'chart.png?scale=2' },
  { format: 'svg', label: 'SVG', href: 'chart.svg' },
  { format: 'pdf', label: 'PDF', href: 'chart.pdf' },
];

function Moved({ live }: { live: LiveComparison }) {
  if (!live.moved) return <p class="overview-note">The live figures match the frozen ones.</p>;
  return (
    <div class="notice" role="status">
      <p>
        <strong>The live figures have moved since this chart was saved.</strong> The chart keeps its frozen figures until you save it again.
      </p>
      <ul>
        {live.figures.map((figure) =>
          figure.error ? (
            <li>
              {figure.frozen.answerLabel}: cannot be computed now ({figure.error})
            </li>
          ) : figure.percentChange !== null && (Math.abs(figure.percentChange) >= 0.05 || figure.baseChange !== 0) ? (
            <li>
              {figure.frozen.answerLabel}
              {figure.frozen.subgroupLabel ? ` (${figure.frozen.subgroupLabel})` : ''}: {formatPercent(figure.frozen.percent, 1)} then,{' '}
              {formatPercent(figure.live?.percent ?? null, 1)} now; base {formatCount(figure.frozen.base.unweighted)} then, {formatCount(figure.live?.base.unweighted ?? 0)} now
            </li>
          ) : null,
        )}
      </ul>
    </div>
  );
}

/** /studio/press/charts/:id. */
export function ChartPage({ viewer, chart, live, choices, assets, embedSnippet, notice, blocked, form, error }: ChartPageProps) {
  const base = `/studio/press/charts/${encodeURIComponent(chart.item.id)}`;
  return (
    <StudioLayout title={chart.built.texts.title || 'Chart'} viewer={viewer} section="press" styles={[assets.css]}>
      <p>
        <a href="/studio/press">Press studio</a>
      </p>
      <h1 class="heading-l">Chart</h1>
      {notice ? (
        <div class="notice" role="status">
          <p>{notice}</p>
        </div>
      ) : null}
      {error ? <ErrorSummary title="The chart was not changed" fields={error.fields} message={error.message} /> : null}
      <p class="overview-note">
        Figures frozen {formatUkDateTime(chart.item.frozenAt)}. {chart.item.published ? 'Published.' : 'Not published.'}
      </p>
      <Moved live={live} />
      <ChartPreview built={chart.built} id="chart" assets={assets} />

      <section aria-labelledby="exports-heading">
        <h2 class="heading-m" id="exports-heading">
          Download
        </h2>
        {blocked ? (
          <div class="notice notice--warning" role="alert" id="disclosure-blocked">
            <p>
              <strong>The British Polling Council disclosure is incomplete</strong>, so this export for publication was stopped. Missing:
            </p>
            <ul>
              {blocked.missing.flatMap((survey) =>
                survey.items.map((item) => (
                  <li>
                    {survey.slug}: {item.label}
                    {item.howToFix ? ` – ${item.howToFix}` : ''} (<a href={`/studio/press/surveys/${encodeURIComponent(survey.slug)}/methodology`}>methodology and disclosure</a>)
                  </li>
                )),
              )}
            </ul>
            <form method="get" action={`${base}/${blocked.href.split('?')[0]}`}>
              {blocked.href.includes('scale=2') ? <input type="hidden" name="scale" value="2" /> : null}
              <div class="form-group">
                <label class="label" for="override">
                  Reason to publish anyway
                </label>
                <p class="hint" id="override-hint">
                  Recorded in the audit log with your name.
                </p>
                <textarea class="textarea" id="override" name="override" rows={2} aria-describedby="override-hint"></textarea>
              </div>
              <button type="submit" class="button button--warning">
                Download anyway
              </button>
            </form>
          </div>
        ) : null}
        <ul class="press-chart__exports">
          {EXPORTS.map((item) => (
            <li>
              <a href={`${base}/${item.href}`} download>
                {item.label}
              </a>
            </li>
          ))}
          <li>
            <a href={`${base}/data.csv`} download>
              The chart's data (CSV)
            </a>
          </li>
        </ul>
        <h3 class="heading-s">Embed</h3>
        {embedSnippet ? (
          <div class="form-group">
            <label class="label" for="embed-snippet">
              Embed code
            </label>
            <textarea class="textarea" id="embed-snippet" rows={3} readonly>
              {embedSnippet}
            </textarea>
          </div>
        ) : (
          <p>Publish this chart (on the press studio page) to embed it on a website.</p>
        )}
      </section>

      <section aria-labelledby="edit-heading">
        <h2 class="heading-m" id="edit-heading">
          Change this chart
        </h2>
        <p>Saving computes the figures again from today's data and freezes them.</p>
        <form method="post" action={base} class="press-chart-form">
          <CsrfField viewer={viewer} />
          <ChartFormFields choices={choices} form={form ?? chart.settings.form} errors={error?.fields ?? {}} generated={chart.built.generated} />
          <button type="submit" class="button">
            Save and freeze again
          </button>
        </form>
      </section>
    </StudioLayout>
  );
}
