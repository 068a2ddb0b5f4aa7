import type { Figure } from '../../../../server/press-items/figures.ts';
import type { LiveComparison, PressItem } from '../../../../server/press-items/service.ts';
import { formatCount, formatPercent } from '../../../charts/format-figures.ts';
import { formatUkDateTime } from '../format-time.ts';
import { CsrfField, StudioLayout, type Viewer } from '../studio-layout.tsx';

// The press studio's home: every saved headline and chart, per survey, with its frozen figures, when
// they were frozen, whether the item is published, and, where the live data has moved on since, the
// figures then and now. Publishing and deleting are plain forms (post, redirect, get).

export interface PressHomeSurvey {
  slug: string;
  title: string;
  items: { item: PressItem; live: LiveComparison }[];
}

export interface PressHomePageProps {
  viewer: Viewer;
  surveys: PressHomeSurvey[];
  notice?: string | undefined;
  /** Publishing an item was refused because its survey's disclosure checklist is incomplete. */
  blocked?: { itemId: string; message: string; missing: string[] } | undefined;
}

/** Figures shown per item in the list; a chart with more says how many more. */
const SHOWN_FIGURES = 6;

const KIND_TEXT = { headline: 'Headline', chart: 'Chart' } as const;

/** The item's own page, built by the headline and chart studios. */
export function pressItemHref(item: Pick<PressItem, 'id' | 'kind'>): string {
  return `/studio/press/${item.kind === 'headline' ? 'headlines' : 'charts'}/${encodeURIComponent(item.id)}`;
}

/** Short labels telling an item's figures apart: only the parts that differ between them (survey,
 * statement, answer, subgroup), or the answer and subgroup of a single figure. */
export function labelFigures(figures: Figure[]): string[] {
  const subgroup = (figure: Figure) => figure.subgroupLabel ?? 'Everyone';
  const parts: ((figure: Figure) => string)[] = [];
  const differs = (part: (figure: Figure) => string) => new Set(figures.map(part)).size > 1;
  if (differs((figure) => figure.survey.slug)) parts.push((figure) => figure.surveyTitle);
  if (differs((figure) => figure.query.question)) parts.push((figure) => figure.questionText);
  if (differs((figure) => figure.statementText ?? '')) parts.push((figure) => figure.statementText ?? figure.questionText);
  if (differs((figure) => figure.answerLabel)) parts.push((figure) => figure.answerLabel);
  if (differs(subgroup)) parts.push(subgroup);
  if (figures.length === 1 || parts.length === 0) {
    parts.splice(0, parts.length, (figure) => figure.answerLabel);
    if (figures.some((figure) => figure.subgroupLabel !== null)) parts.push(subgroup);
  }
  return figures.map((figure) => parts.map((part) => part(figure)).join(', '));
}

/** "75% then, 74% now" at the fewest decimals (up to 2) that show the difference. */
export function describePercentMove(then: number | null, now: number | null): string {
  let decimals = 0;
  while (decimals < 2 && formatPercent(then, decimals) === formatPercent(now, decimals)) decimals++;
  return `${formatPercent(then, decimals)} then, ${formatPercent(now, decimals)} now`;
}

/** One sentence per figure that moved: percentages and bases then and now, or why it cannot be computed. */
export function describeMoves(live: LiveComparison, labels: string[]): string[] {
  const moves: string[] = [];
  live.figures.forEach((figure, i) => {
    const label = live.figures.length > 1 ? `${labels[i]}: ` : '';
    if (figure.live === null) {
      moves.push(`${label}can no longer be computed (${figure.error ?? 'unknown error'}); ${formatPercent(figure.frozen.percent)} when saved`);
      return;
    }
    const percentMoved = figure.percentChange === null ? figure.frozen.percent !== figure.live.percent : Math.abs(figure.percentChange) >= 0.05 - 1e-9;
    const baseMoved = figure.baseChange !== 0;
    if (!percentMoved && !baseMoved) return;
    const parts = [describePercentMove(figure.frozen.percent, figure.live.percent)];
    if (baseMoved) parts.push(`base ${formatCount(figure.frozen.base.unweighted)} then, ${formatCount(figure.live.base.unweighted)} now`);
    moves.push(`${label}${parts.join('; ')}`);
  });
  return moves;
}

function FrozenFigures({ item }: { item: PressItem }) {
  const labels = labelFigures(item.frozen);
  const shown = item.frozen.slice(0, SHOWN_FIGURES);
  if (item.frozen.length === 1) {
    const figure = item.frozen[0]!;
    return (
      <>
        <strong>{formatPercent(figure.percent)}</strong> <span class="overview-note">{labels[0]}</span>
        <div class="overview-note">Base: {formatCount(figure.base.unweighted)}</div>
      </>
    );
  }
  return (
    <ul class="plain-list">
      {shown.map((figure, i) => (
        <li>
          <strong>{formatPercent(figure.percent)}</strong> <span class="overview-note">{labels[i]}</span>
        </li>
      ))}
      {item.frozen.length > SHOWN_FIGURES ? <li class="overview-note">and {item.frozen.length - SHOWN_FIGURES} more</li> : null}
    </ul>
  );
}

function MovedNotice({ item, live }: { item: PressItem; live: LiveComparison }) {
  if (!live.moved) return null;
  const moves = describeMoves(live, labelFigures(item.frozen));
  return (
    <div class="draft-problems">
      {moves.length === 1 ? (
        <p>
          <strong>Figures have moved since this was saved:</strong> {moves[0]}.
        </p>
      ) : (
        <>
          <p>
            <strong>Figures have moved since this was saved:</strong>
          </p>
          <ul class="problem-list">
            {moves.map((move) => (
              <li>{move}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function ItemRow({ item, live, viewer }: { item: PressItem; live: LiveComparison; viewer: Viewer }) {
  const action = (what: string) => `/studio/press/items/${encodeURIComponent(item.id)}/${what}`;
  const named = <span class="visually-hidden"> “{item.title}”</span>;
  // The latest data cut-off of the item's figures: responses after it are not in the frozen figures.
  const cutOff = item.frozen.map((figure) => figure.provenance.dataCutOff).filter((at): at is string => at !== null).sort().at(-1);
  return (
    <tr id={`item-${item.id}`}>
      <td>
        <a href={pressItemHref(item)}>{item.title}</a>
        <div class="overview-note">{KIND_TEXT[item.kind]}</div>
      </td>
      <td>
        <FrozenFigures item={item} />
        <MovedNotice item={item} live={live} />
      </td>
      <td>
        <time datetime={item.frozenAt}>{formatUkDateTime(item.frozenAt)}</time>
        {cutOff ? <div class="overview-note">Data to {formatUkDateTime(cutOff)}</div> : null}
      </td>
      <td>{item.published ? <strong>Published</strong> : 'Not published'}</td>
      <td>
        <div class="inline-form">
          <form method="post" action={action('publish')}>
            <CsrfField viewer={viewer} />
            <input type="hidden" name="published" value={item.published ? 'false' : 'true'} />
            <button type="submit" class="button button--secondary button--small">
              {item.published ? 'Unpublish' : 'Publish'}
              {named}
            </button>
          </form>
          <a href={action('delete')}>
            Delete
            {named}
          </a>
        </div>
      </td>
    </tr>
  );
}

function SurveySection({ survey, viewer }: { survey: PressHomeSurvey; viewer: Viewer }) {
  const headingId = `survey-${survey.slug}`;
  return (
    <section aria-labelledby={headingId}>
      <h2 class="heading-m" id={headingId}>
        {survey.title}
      </h2>
      <p>
        <a href={`/studio/press/surveys/${encodeURIComponent(survey.slug)}/methodology`}>
          Methodology note and disclosure<span class="visually-hidden"> for {survey.title}</span>
        </a>
      </p>
      <div class="table-scroll" role="region" aria-labelledby={headingId} tabindex={0}>
        <table class="studio-table">
          <caption class="visually-hidden">Saved headlines and charts of {survey.title}</caption>
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">Frozen figures</th>
              <th scope="col">Frozen</th>
              <th scope="col">Status</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {survey.items.map(({ item, live }) => (
              <ItemRow item={item} live={live} viewer={viewer} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Why publishing was refused (the missing disclosure items), and a form to publish anyway with a reason. */
function PublishBlocked({ blocked, viewer }: { blocked: NonNullable<PressHomePageProps['blocked']>; viewer: Viewer }) {
  return (
    <div class="error-summary" role="alert" aria-labelledby="publish-blocked-title" tabindex={-1}>
      <h2 class="error-summary__title" id="publish-blocked-title">
        Not published: the disclosure is incomplete
      </h2>
      <p>{blocked.message}</p>
      <ul class="error-summary__list">
        {blocked.missing.map((item) => (
          <li>{item}</li>
        ))}
      </ul>
      <form method="post" action={`/studio/press/items/${encodeURIComponent(blocked.itemId)}/publish`}>
        <CsrfField viewer={viewer} />
        <input type="hidden" name="published" value="true" />
        <div class="form-group">
          <label class="label" for="override-reason">
            Reason to publish anyway (kept in the audit log)
          </label>
          <textarea class="textarea" id="override-reason" name="overrideReason" rows={2} maxlength={500} required></textarea>
        </div>
        <button type="submit" class="button button--secondary">
          Publish anyway
        </button>
      </form>
    </div>
  );
}

/** The press studio's home page. */
export function PressHomePage({ viewer, surveys, notice, blocked }: PressHomePageProps) {
  const moved = surveys.reduce((sum, survey) => sum + survey.items.filter((entry) => entry.live.moved).length, 0);
  return (
    <StudioLayout title="Press studio" viewer={viewer} section="press">
      <h1 class="heading-l">Press studio</h1>
      {blocked ? <PublishBlocked blocked={blocked} viewer={viewer} /> : null}
      {notice ? (
        <div class="notice" role="status">
          <p>{notice}</p>
        </div>
      ) : null}
      <p>
        Headlines and charts keep the figures they had when saved, with the survey versions, weighting, filters and data cut-off that made them, so a
        published figure reads the same later. Where the live data has moved since, the item says so.
      </p>
      <p class="button-group">
        <a class="button button--inline" href="/studio/press/headlines/new">
          New headline
        </a>
        <a class="button button--secondary button--inline" href="/studio/press/charts/new">
          New chart
        </a>
        <a class="button button--secondary button--inline" href="/studio/press/claims">
          Check a claim
        </a>
      </p>
      {surveys.length === 0 ? (
        <p>No headlines or charts have been saved yet.</p>
      ) : (
        <>
          {moved > 0 ? (
            <p>
              <strong>
                {moved} of the saved items {moved === 1 ? 'has' : 'have'} figures that have moved since saving.
              </strong>{' '}
              Open an item to check it, and save it again to freeze today’s figures.
            </p>
          ) : null}
          {surveys.map((survey) => (
            <SurveySection survey={survey} viewer={viewer} />
          ))}
        </>
      )}
    </StudioLayout>
  );
}
