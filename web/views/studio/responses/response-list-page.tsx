import type { ResponseListPage } from '../../../../server/response-browser/service.ts';
import { formatCount } from '../../../charts/format-figures.ts';
import { ErrorSummary } from '../../respond/frame.tsx';
import { formatUkDateTime } from '../format-time.ts';
import { StudioLayout, type Viewer } from '../studio-layout.tsx';
import { SurveyNav } from '../survey-nav.tsx';
import { SOURCE_LABELS, STATUS_LABELS, statusLabel } from './response-labels.ts';

// The list of a survey's individual responses, newest first, filterable by status and version. Only
// researchers and admins reach it. The filter form is a plain GET form, so it works without JavaScript.

export interface ResponseListPageProps {
  viewer: Viewer;
  slug: string;
  title: string;
  list: ResponseListPage;
  /** The filters as typed, so a bad value is shown back with its error. */
  filters: { status: string; version: string };
  errors: { field: 'status' | 'version' | 'page'; message: string }[];
}

/** `?status=..&version=..&page=n`, leaving out what is empty. */
function listHref(slug: string, filters: { status: string; version: string }, page: number): string {
  const query = new URLSearchParams();
  if (filters.status) query.set('status', filters.status);
  if (filters.version) query.set('version', filters.version);
  if (page > 1) query.set('page', String(page));
  const text = query.toString();
  return `/studio/surveys/${slug}/responses${text ? `?${text}` : ''}`;
}

/** The responses list page. */
export function ResponseListPageView({ viewer, slug, title, list, filters, errors }: ResponseListPageProps) {
  const page = list.page ?? 1;
  const pages = Math.max(1, Math.ceil(list.total / list.limit));
  const first = (page - 1) * list.limit + 1;
  const errorOf = (field: string) => errors.find((error) => error.field === field)?.message;
  const select = (field: 'status' | 'version', label: string, options: { value: string; text: string }[]) => {
    const error = errorOf(field);
    return (
      <div class={`form-group${error ? ' form-group--error' : ''}`}>
        <label class="label" for={`filter-${field}`}>
          {label}
        </label>
        {error ? (
          <p class="error-message" id={`filter-${field}-error`}>
            <span class="visually-hidden">Error: </span>
            {error}
          </p>
        ) : null}
        <select class={`input select${error ? ' input--error' : ''}`} id={`filter-${field}`} name={field} aria-describedby={error ? `filter-${field}-error` : undefined}>
          <option value="">Any</option>
          {options.map((option) => (
            <option value={option.value} selected={filters[field] === option.value}>
              {option.text}
            </option>
          ))}
        </select>
      </div>
    );
  };
  return (
    <StudioLayout title={`${errors.length > 0 ? 'Error: ' : ''}Responses: ${title}`} viewer={viewer} section="surveys">
      <ErrorSummary language="en" errors={errors.map((error) => ({ fieldId: `filter-${error.field === 'page' ? 'status' : error.field}`, message: error.message }))} />
      <p class="caption overview-caption">Survey · {slug}</p>
      <h1>Responses: {title}</h1>
      <SurveyNav slug={slug} current="responses" role={viewer.role} />
      <form method="get" action={`/studio/surveys/${slug}/responses`} class="filter-form">
        {select(
          'status',
          'Status',
          Object.entries(STATUS_LABELS).map(([value, text]) => ({ value, text })),
        )}
        {select(
          'version',
          'Version',
          [...list.versions].reverse().map((version) => ({ value: String(version), text: `Version ${version}` })),
        )}
        <button type="submit" class="button button--secondary button--inline">
          Filter
        </button>
      </form>
      {list.total === 0 ? (
        <p>{filters.status || filters.version ? 'No responses match these filters.' : 'No responses yet.'}</p>
      ) : (
        <>
          <table class="studio-table responses-table">
            <caption class="overview-table-caption">
              {list.items.length === 0
                ? `No responses on page ${page}; there ${pages === 1 ? 'is 1 page' : `are ${pages} pages`}`
                : `Responses ${formatCount(first)} to ${formatCount(first + list.items.length - 1)} of ${formatCount(list.total)}, newest first`}
            </caption>
            <thead>
              <tr>
                <th scope="col">Reference</th>
                <th scope="col" class="num">
                  Version
                </th>
                <th scope="col">Status</th>
                <th scope="col">Submitted (UK time)</th>
                <th scope="col">Source</th>
                <th scope="col">Panel id</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((item) => (
                <tr>
                  <th scope="row">
                    <a href={`/studio/surveys/${slug}/responses/${item.id}`} class="responses-reference">
                      {item.reference}
                    </a>
                    {item.isDemo ? <strong class="studio-tag studio-tag--demo">Demo</strong> : null}
                  </th>
                  <td class="num">{item.version}</td>
                  <td>{statusLabel(item.status)}</td>
                  <td>{formatUkDateTime(item.submittedAt)}</td>
                  <td>{SOURCE_LABELS[item.source] ?? item.source}</td>
                  <td>{item.panelId ?? <span class="summary-list__empty">None</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {pages > 1 ? (
            <nav class="responses-pagination" aria-label="Pages of responses">
              <ul>
                {page > 1 ? (
                  <li>
                    <a href={listHref(slug, filters, page - 1)} rel="prev">
                      Previous<span class="visually-hidden"> page</span>
                    </a>
                  </li>
                ) : null}
                <li class="responses-pagination__current">
                  Page {page} of {pages}
                </li>
                {page < pages ? (
                  <li>
                    <a href={listHref(slug, filters, page + 1)} rel="next">
                      Next<span class="visually-hidden"> page</span>
                    </a>
                  </li>
                ) : null}
              </ul>
            </nav>
          ) : null}
        </>
      )}
    </StudioLayout>
  );
}
