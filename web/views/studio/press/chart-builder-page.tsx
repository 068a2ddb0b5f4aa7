import type { ChartFormChoices } from '../../../../server/press-charts/service.ts';
import type { BuiltPressChart } from '../../../charts/press-chart.ts';
import { CsrfField, StudioLayout, type Viewer } from '../studio-layout.tsx';
import { ChartFormFields, ChartPreview, HiddenFields, type ChartAssets } from './chart-parts.tsx';
import { ErrorSummary } from './headline-parts.tsx';

// The chart studio's new-chart page: a GET form of choices (works without JavaScript), the preview
// drawn in the browser from the same configuration the exports render, its data table, and a save form
// carrying the previewed choices.

export interface ChartBuilderPageProps {
  viewer: Viewer;
  choices: ChartFormChoices;
  form: Record<string, string>;
  built: BuiltPressChart | null;
  error: { message: string | null; fields: Record<string, string> } | null;
  assets: ChartAssets;
}

/** /studio/press/charts/new. */
export function ChartBuilderPage({ viewer, choices, form, built, error, assets }: ChartBuilderPageProps) {
  return (
    <StudioLayout title="New chart" viewer={viewer} section="press" styles={[assets.css]}>
      <p>
        <a href="/studio/press">Press studio</a>
      </p>
      <h1 class="heading-l">New chart</h1>
      {error ? <ErrorSummary title="This chart cannot be drawn yet" fields={error.fields} message={error.message} /> : null}
      <p>
        Choose what to chart and press Preview. Every bar is one figure with its base; saving freezes the figures with the survey versions,
        weighting and data cut-off that made them.
      </p>
      {built ? (
        <section aria-labelledby="preview-heading">
          <h2 class="heading-m" id="preview-heading">
            Preview
          </h2>
          <ChartPreview built={built} id="preview" assets={assets} />
          <form method="post" action="/studio/press/charts/new" id="save-form">
            <CsrfField viewer={viewer} />
            <HiddenFields form={form} />
            <button type="submit" class="button">
              Save chart
            </button>
          </form>
        </section>
      ) : null}
      <form method="get" action="/studio/press/charts/new" id="chart-form" class="press-chart-form">
        <ChartFormFields choices={choices} form={form} errors={error?.fields ?? {}} generated={built?.generated ?? null} />
        <button type="submit" class="button">
          Preview
        </button>
      </form>
    </StudioLayout>
  );
}
