import type { AuditEntry } from '../../../server/audit/service.ts';
import { formatUkDateTime } from './format-time.ts';
import { StudioLayout, type Viewer } from './studio-layout.tsx';

export interface AuditPageProps {
  viewer: Viewer;
  log: { entries: AuditEntry[]; total: number; page: number; pages: number; actions: string[] };
  users: { id: string; label: string }[];
  filter: { action?: string; user?: string };
}

/** A detail value as text: strings as they are, anything else as JSON. */
const show = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/** The audit log, newest first, filtered by action and by who acted, a page at a time. */
export function AuditPage({ viewer, log, users, filter }: AuditPageProps) {
  const href = (page: number) => {
    const params = new URLSearchParams();
    if (filter.action) params.set('action', filter.action);
    if (filter.user) params.set('user', filter.user);
    if (page > 1) params.set('page', String(page));
    const query = params.toString();
    return query ? `/studio/audit?${query}` : '/studio/audit';
  };
  return (
    <StudioLayout title="Audit log" viewer={viewer} section="audit">
      <h1 class="heading-l">Audit log</h1>
      <p>Every sign-in, change to users and tokens, publication, export and change to responses, newest first. Times are UK time.</p>
      <form method="get" action="/studio/audit" class="filter-form">
        <div class="form-group">
          <label class="label" for="action">
            Action
          </label>
          <select class="input select" id="action" name="action">
            <option value="">All actions</option>
            {log.actions.map((action) => (
              <option value={action} selected={action === filter.action}>
                {action}
              </option>
            ))}
          </select>
        </div>
        <div class="form-group">
          <label class="label" for="user">
            Who
          </label>
          <select class="input select" id="user" name="user">
            <option value="">Everyone</option>
            {users.map((user) => (
              <option value={user.id} selected={user.id === filter.user}>
                {user.label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="button button--secondary button--inline">
          Filter
        </button>
      </form>
      <p role="status">
        {log.total === 0 ? 'No entries' : `${log.total} ${log.total === 1 ? 'entry' : 'entries'}`}
        {log.pages > 1 ? `, page ${log.page} of ${log.pages}` : ''}
      </p>
      {log.entries.length > 0 ? (
        <div class="table-scroll" role="region" aria-label="Audit log entries" tabindex={0}>
          <table class="studio-table audit-table">
            <caption class="visually-hidden">Audit log entries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Subject</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {log.entries.map((entry) => (
                <tr>
                  <td>
                    <time datetime={entry.occurredAt}>{formatUkDateTime(entry.occurredAt)}</time>
                  </td>
                  <td>{entry.actor}</td>
                  <td>
                    <code>{entry.action}</code>
                  </td>
                  <td>{entry.subject ?? ''}</td>
                  <td>
                    <ul class="audit-detail">
                      {Object.entries(entry.detail).map(([key, value]) => (
                        <li>
                          {key}: {show(value)}
                        </li>
                      ))}
                      {entry.ip ? <li>IP: {entry.ip}</li> : null}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {log.pages > 1 ? (
        <nav class="pagination" aria-label="Audit log pages">
          {log.page > 1 ? (
            <a href={href(log.page - 1)} rel="prev">
              Newer entries
            </a>
          ) : null}
          {log.page < log.pages ? (
            <a href={href(log.page + 1)} rel="next">
              Older entries
            </a>
          ) : null}
        </nav>
      ) : null}
    </StudioLayout>
  );
}
