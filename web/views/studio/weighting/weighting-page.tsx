import { CsrfField, StudioLayout, type Viewer } from '../studio-layout.tsx';
import { SurveyNav } from '../survey-nav.tsx';

// The weighting tab: every scheme of the survey (from the survey file, read-only, and from the
// workspace) with what its weights do to the current sample: Kish efficiency, effective sample size,
// design effect, the weight range, and per weighting question the sample, weighted and target shares.
// Weights that cannot be computed (no responses yet, a target nobody meets) show the reason instead.

/** One answer of a weighting question: shares as proportions (0..1), null when nobody has a value. */
export interface WeightingCategoryView {
  code: string;
  label: string;
  respondents: number;
  sampleShare: number | null;
  weightedShare: number | null;
  target: number;
}

export interface WeightingVariableView {
  question: string;
  text: string;
  withoutValue: number;
  categories: WeightingCategoryView[];
}

export interface WeightingSummaryView {
  respondents: number;
  efficiency: number | null;
  effectiveSampleSize: number;
  designEffect: number | null;
  minWeight: number | null;
  maxWeight: number | null;
  iterations: number;
  variables: WeightingVariableView[];
}

export interface WeightingSchemeView {
  name: string;
  description?: string | undefined;
  source: 'survey-file' | 'workspace';
  trim?: { min?: number | undefined; max?: number | undefined } | undefined;
  /** What the weights do to the current sample, or null with `failure` saying why there are none. */
  summary: WeightingSummaryView | null;
  failure: string | null;
}

export interface WeightingPageProps {
  viewer: Viewer;
  survey: { slug: string; title: string; published: boolean };
  /** Complete responses that count (excluded ones left out). */
  respondents: number;
  schemes: WeightingSchemeView[];
  notice?: string | undefined;
}

const number = (value: number, digits: number) => value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const percent = (proportion: number | null) => (proportion === null ? '–' : `${number(proportion * 100, 1)}%`);
const weight = (value: number | null) => (value === null ? '–' : number(value, 3));

function trimText(trim: WeightingSchemeView['trim']): string {
  if (!trim) return 'None';
  const parts = [trim.min !== undefined ? `at least ${trim.min}` : '', trim.max !== undefined ? `at most ${trim.max}` : ''].filter(Boolean);
  return `Weights ${parts.join(' and ')}`;
}

function VariableTable({ scheme, variable }: { scheme: string; variable: WeightingVariableView }) {
  return (
    <div class="table-scroll" tabindex={0} role="region" aria-labelledby={`caption-${scheme}-${variable.question}`}>
      <table class="studio-table">
        <caption class="fieldwork-quota__caption" id={`caption-${scheme}-${variable.question}`}>
          {variable.text} <span class="fieldwork-quota__question">· {variable.question}</span>
        </caption>
        <thead>
          <tr>
            <th scope="col">Answer</th>
            <th scope="col" class="num">
              Respondents
            </th>
            <th scope="col" class="num">
              Sample
            </th>
            <th scope="col" class="num">
              Weighted
            </th>
            <th scope="col" class="num">
              Target
            </th>
          </tr>
        </thead>
        <tbody>
          {variable.categories.map((category) => (
            <tr>
              <th scope="row">
                {category.label} <span class="fieldwork-muted">(code {category.code})</span>
              </th>
              <td class="num">{category.respondents.toLocaleString('en-GB')}</td>
              <td class="num">{percent(category.sampleShare)}</td>
              <td class="num">{percent(category.weightedShare)}</td>
              <td class="num">{percent(category.target)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {variable.withoutValue > 0 ? (
        <p class="hint">
          {variable.withoutValue.toLocaleString('en-GB')} respondent{variable.withoutValue === 1 ? '' : 's'} with no value here (not asked, skipped, or an
          answer without a target) keep their weight for this question; the shares are of those with a value.
        </p>
      ) : null}
    </div>
  );
}

function SchemeSection({ scheme, slug, viewer }: { scheme: WeightingSchemeView; slug: string; viewer: Viewer }) {
  const base = `/studio/surveys/${slug}/weighting`;
  const download = (format: 'csv' | 'json') => `/api/surveys/${slug}/weights?weighting=${encodeURIComponent(scheme.name)}&format=${format}`;
  const s = scheme.summary;
  return (
    <section class="fieldwork-quota" aria-labelledby={`scheme-${scheme.name}`}>
      <h3 class="heading-s" id={`scheme-${scheme.name}`}>
        {scheme.name}{' '}
        <span class="fieldwork-muted">· {scheme.source === 'survey-file' ? 'defined in the survey file (read-only)' : 'saved in the workspace'}</span>
      </h3>
      {scheme.description ? <p>{scheme.description}</p> : null}
      {s ? (
        <dl class="summary-list">
          <div class="summary-list__row">
            <dt class="summary-list__key">Weighting efficiency</dt>
            <dd class="summary-list__value">{percent(s.efficiency)}</dd>
          </div>
          <div class="summary-list__row">
            <dt class="summary-list__key">Effective sample size</dt>
            <dd class="summary-list__value">
              {number(s.effectiveSampleSize, 1)} of {s.respondents.toLocaleString('en-GB')} respondents
            </dd>
          </div>
          <div class="summary-list__row">
            <dt class="summary-list__key">Design effect</dt>
            <dd class="summary-list__value">{s.designEffect === null ? '–' : number(s.designEffect, 2)}</dd>
          </div>
          <div class="summary-list__row">
            <dt class="summary-list__key">Smallest and largest weight</dt>
            <dd class="summary-list__value">
              {weight(s.minWeight)} to {weight(s.maxWeight)}
            </dd>
          </div>
          <div class="summary-list__row">
            <dt class="summary-list__key">Trimming</dt>
            <dd class="summary-list__value">{trimText(scheme.trim)}</dd>
          </div>
          <div class="summary-list__row">
            <dt class="summary-list__key">Raking</dt>
            <dd class="summary-list__value">Converged in {s.iterations} iterations</dd>
          </div>
        </dl>
      ) : (
        <div class="notice" role="status">
          <p>
            <strong>No weights:</strong> {scheme.failure}
          </p>
        </div>
      )}
      {s ? s.variables.map((variable) => <VariableTable scheme={scheme.name} variable={variable} />) : null}
      <div class="fieldwork-actions">
        {s ? (
          <>
            <a href={download('csv')}>
              Download weights (CSV)<span class="visually-hidden"> for “{scheme.name}”</span>
            </a>
            <a href={download('json')}>
              Download weights (JSON)<span class="visually-hidden"> for “{scheme.name}”</span>
            </a>
          </>
        ) : null}
        {scheme.source === 'workspace' ? (
          <>
            <a href={`${base}/${scheme.name}/edit`}>
              Change<span class="visually-hidden"> scheme “{scheme.name}”</span>
            </a>
            <form method="post" action={`${base}/${scheme.name}/delete`}>
              <CsrfField viewer={viewer} />
              <button type="submit" class="link-button fieldwork-remove">
                Delete<span class="visually-hidden"> scheme “{scheme.name}”</span>
              </button>
            </form>
          </>
        ) : (
          <a href={`${base}/new?from=${encodeURIComponent(scheme.name)}`}>
            Copy to a new scheme<span class="visually-hidden"> from “{scheme.name}”</span>
          </a>
        )}
      </div>
    </section>
  );
}

/** The weighting tab of one survey. */
export function WeightingPage(props: WeightingPageProps) {
  const { viewer, survey, schemes } = props;
  const slug = survey.slug;
  return (
    <StudioLayout title={`Weighting – ${survey.title}`} viewer={viewer} section="surveys">
      <p class="caption">Survey · {slug}</p>
      <h1 class="heading-l">{survey.title}</h1>
      <SurveyNav slug={slug} current="weighting" role={viewer.role} />
      {props.notice ? (
        <div class="fieldwork-notice" role="status">
          {props.notice}
        </div>
      ) : null}
      <h2 class="heading-m">Weighting schemes</h2>
      {!survey.published ? (
        <p>Publish the survey first: a weighting scheme sets targets for the answers of its published questions.</p>
      ) : (
        <>
          <p>
            Raking adjusts each respondent's weight until the weighted sample matches the population targets of every weighting question at once.
            The figures below are over the {props.respondents.toLocaleString('en-GB')} complete response{props.respondents === 1 ? '' : 's'} that
            count (excluded responses are left out). An efficiency near 100% means the weights cost little precision; the effective sample size is
            what intervals and significance tests use.
          </p>
          <p>
            <a class="button" href={`/studio/surveys/${slug}/weighting/new`}>
              Create a weighting scheme
            </a>
          </p>
          {schemes.length === 0 ? <p>This survey has no weighting schemes yet.</p> : null}
          {schemes.map((scheme) => (
            <SchemeSection scheme={scheme} slug={slug} viewer={viewer} />
          ))}
        </>
      )}
    </StudioLayout>
  );
}
