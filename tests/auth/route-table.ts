import { randomUUID } from 'node:crypto';
import type { Role } from '../../server/db/schema.ts';
import { START_FOR_LIFE_ANSWERS } from '../support/server-process.ts';

// Every route the app answers, with who may use it. One row a route: method, the route pattern
// exactly as Hono registers it, the least role that may use it (or 'public'), and the status a
// permitted request gets. A route whose example needs real ids or a body says how to make them.
// tests/auth/route-access.test.ts checks every row against every kind of visitor, and fails when
// the app has a route that is not in this table: add new routes here.

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Who is asking, for building examples that must belong to them (e.g. their own API token). */
export interface Visitor {
  kind: 'anonymous' | 'session' | 'token';
  role: Role | null;
  userId: string | null;
}

/** What a row can ask the test for while building its example request. */
export interface Fixtures {
  /** A fresh user (not the visitor) to act on. */
  freshUserId(): Promise<string>;
  /** An API token id owned by the visitor (by someone else for anonymous visitors). */
  tokenIdOf(visitor: Visitor): Promise<string>;
  /** A fresh, valid invitation link token. */
  inviteToken(): Promise<string>;
}

export interface RouteRow {
  method: Method;
  /** The route pattern as registered, e.g. `/studio/users/:id/role`. */
  path: string;
  access: Role | 'public';
  /** The status of a permitted request. */
  ok: number;
  /** For public routes: the status for a signed-in visitor when it differs (e.g. `/` redirects them). */
  okSignedIn?: number;
  /** The concrete path to request; defaults to `path`. */
  example?: (f: Fixtures, visitor: Visitor) => string | Promise<string>;
  /** Form fields to post. */
  form?: (f: Fixtures, visitor: Visitor) => Record<string, string> | Promise<Record<string, string>>;
  /** A JSON body to send. */
  json?: () => unknown;
  /** A label when one route has two rows (e.g. private and public results). */
  note?: string;
}

const row = (method: Method, path: string, access: Role | 'public', ok: number, options: Omit<RouteRow, 'method' | 'path' | 'access' | 'ok'> = {}): RouteRow => ({
  method,
  path,
  access,
  ok,
  ...options,
});

// The example surveys: start-for-life-parents keeps its results private, pif-public publishes them.
const PRIVATE = 'start-for-life-parents';
const PUBLIC = 'pif-public';
const S = `/s/${PRIVATE}`;
const email = () => `someone-${randomUUID().slice(0, 8)}@example.org`;
const PASSWORD = 'a long and memorable passphrase';

export const ROUTES: RouteRow[] = [
  // Foundation: health, assets, the JSON API, results and the respondent flow.
  row('GET', '/healthz', 'public', 200),
  row('GET', '/assets/:name', 'public', 200, { example: () => '/assets/attune.css' }),
  row('GET', '/api/surveys', 'press', 200),
  row('GET', '/api/surveys/:slug', 'press', 200, { example: () => `/api/surveys/${PRIVATE}` }),
  row('GET', '/api/surveys/:slug/versions/:version', 'press', 200, { example: () => `/api/surveys/${PRIVATE}/versions/1` }),
  row('POST', '/api/surveys/:slug/responses', 'public', 201, { example: () => `/api/surveys/${PRIVATE}/responses`, json: () => ({ submissionId: randomUUID(), version: 1, answers: START_FOR_LIFE_ANSWERS }) }),
  row('GET', '/api/surveys/:slug/results', 'press', 200, { example: () => `/api/surveys/${PRIVATE}/results`, note: 'private results' }),
  row('GET', '/api/surveys/:slug/results', 'public', 200, { example: () => `/api/surveys/${PUBLIC}/results`, note: 'published results' }),
  // Data tables (tables engineer): the results API's figures as XLSX and CSV, with the same access.
  row('GET', '/api/surveys/:slug/tables.xlsx', 'press', 200, { example: () => `/api/surveys/${PRIVATE}/tables.xlsx?breaks=q_gender`, note: 'private results' }),
  row('GET', '/api/surveys/:slug/tables.xlsx', 'public', 200, { example: () => `/api/surveys/${PUBLIC}/tables.xlsx`, note: 'published results' }),
  row('GET', '/api/surveys/:slug/tables.csv', 'press', 200, { example: () => `/api/surveys/${PRIVATE}/tables.csv?breaks=q_gender`, note: 'private results' }),
  row('GET', '/api/surveys/:slug/tables.csv', 'public', 200, { example: () => `/api/surveys/${PUBLIC}/tables.csv`, note: 'published results' }),
  row('GET', '/results/:slug', 'press', 200, { example: () => `/results/${PRIVATE}`, note: 'private results' }),
  row('GET', '/results/:slug', 'public', 200, { example: () => `/results/${PUBLIC}`, note: 'published results' }),
  // A published chart's picture on the public page (public engineer): an unknown chart answers 404 to those allowed.
  row('GET', '/results/:slug/charts/:id/chart.png', 'press', 404, { example: () => `/results/${PRIVATE}/charts/${randomUUID()}/chart.png`, note: 'private results' }),
  row('GET', '/results/:slug/charts/:id/chart.png', 'public', 404, { example: () => `/results/${PUBLIC}/charts/${randomUUID()}/chart.png`, note: 'published results' }),
  row('GET', '/s/:slug', 'public', 200, { example: () => S }),
  row('POST', '/s/:slug/start', 'public', 303, { example: () => `${S}/start`, form: () => ({ consent: 'yes' }) }),
  row('GET', '/s/:slug/pages/:pageId', 'public', 303, { example: () => `${S}/pages/p_eligibility` }),
  row('POST', '/s/:slug/pages/:pageId', 'public', 303, { example: () => `${S}/pages/p_eligibility`, form: () => ({}) }),
  row('GET', '/s/:slug/check', 'public', 303, { example: () => `${S}/check` }),
  row('POST', '/s/:slug/submit', 'public', 303, { example: () => `${S}/submit`, form: () => ({}) }),
  row('GET', '/s/:slug/done', 'public', 303, { example: () => `${S}/done` }),
  row('GET', '/s/:slug/screened-out', 'public', 303, { example: () => `${S}/screened-out` }),
  row('GET', '/s/:slug/quota-full', 'public', 303, { example: () => `${S}/quota-full` }),

  // Fieldwork (engineer D): settings, quotas (unknown quota ids answer 404 to those allowed), invitation links.
  row('GET', '/studio/surveys/:slug/fieldwork', 'researcher', 200, { example: () => `/studio/surveys/${PRIVATE}/fieldwork` }),
  row('POST', '/studio/surveys/:slug/fieldwork', 'researcher', 303, { example: () => `/studio/surveys/${PRIVATE}/fieldwork`, form: () => ({ target_sample: '500' }) }),
  row('GET', '/studio/surveys/:slug/fieldwork/quotas/new', 'researcher', 200, { example: () => `/studio/surveys/${PRIVATE}/fieldwork/quotas/new?question=q_gender` }),
  row('POST', '/studio/surveys/:slug/fieldwork/quotas', 'researcher', 303, {
    example: () => `/studio/surveys/${PRIVATE}/fieldwork/quotas`,
    form: () => ({ question: 'q_gender', label: 'Gender', mode: 'count', cell_0_label: 'Women', cell_0_codes: '2', cell_0_target: '250' }),
  }),
  row('GET', '/studio/surveys/:slug/fieldwork/quotas/:id', 'researcher', 404, { example: () => `/studio/surveys/${PRIVATE}/fieldwork/quotas/no_such_quota` }),
  row('POST', '/studio/surveys/:slug/fieldwork/quotas/:id', 'researcher', 404, { example: () => `/studio/surveys/${PRIVATE}/fieldwork/quotas/no_such_quota`, form: () => ({ question: 'q_gender' }) }),
  row('POST', '/studio/surveys/:slug/fieldwork/quotas/:id/delete', 'researcher', 404, { example: () => `/studio/surveys/${PRIVATE}/fieldwork/quotas/no_such_quota/delete`, form: () => ({}) }),
  row('POST', '/studio/surveys/:slug/fieldwork/invitations', 'researcher', 303, { example: () => `/studio/surveys/${PRIVATE}/fieldwork/invitations`, form: () => ({ count: '1' }) }),
  row('GET', '/studio/surveys/:slug/fieldwork/invitations.csv', 'researcher', 200, { example: () => `/studio/surveys/${PRIVATE}/fieldwork/invitations.csv` }),

  // Overview and individual responses (engineer E): aggregates for every role, single responses for
  // researchers only (an unknown response id answers 404 to those allowed, 403 to press).
  row('GET', '/studio/surveys/:slug', 'press', 200, { example: () => `/studio/surveys/${PRIVATE}` }),
  row('GET', '/studio/surveys/:slug/responses', 'researcher', 200, { example: () => `/studio/surveys/${PRIVATE}/responses` }),
  row('GET', '/studio/surveys/:slug/responses/:id', 'researcher', 404, { example: () => `/studio/surveys/${PRIVATE}/responses/${randomUUID()}` }),
  row('GET', '/api/surveys/:slug/responses', 'researcher', 200, { example: () => `/api/surveys/${PRIVATE}/responses` }),
  row('GET', '/api/surveys/:slug/responses/:id', 'researcher', 404, { example: () => `/api/surveys/${PRIVATE}/responses/${randomUUID()}` }),

  // The questionnaire builder (engineer B): researchers and admins only, on pif-professionals (which no
  // other row touches). Starting a version makes the draft the later rows need; the new-survey post
  // has no title (422) and the operation post carries a stale stamp (409), so neither changes anything.
  row('GET', '/studio/surveys/new', 'researcher', 200),
  row('POST', '/studio/surveys/new', 'researcher', 422, { form: () => ({ title: '', start: 'blank' }) }),
  row('GET', '/studio/surveys/:slug/build', 'researcher', 200, { example: () => '/studio/surveys/pif-professionals/build' }),
  row('POST', '/studio/surveys/:slug/build/start', 'researcher', 303, { example: () => '/studio/surveys/pif-professionals/build/start', form: () => ({}) }),
  row('GET', '/studio/surveys/:slug/build/routing', 'researcher', 200, { example: () => '/studio/surveys/pif-professionals/build/routing?page=1&question=0' }),
  row('GET', '/studio/surveys/:slug/build/delete', 'researcher', 200, { example: () => '/studio/surveys/pif-professionals/build/delete?page=0' }),
  row('GET', '/studio/surveys/:slug/build/preview/:pageId', 'researcher', 200, { example: () => '/studio/surveys/pif-professionals/build/preview/p_eligibility' }),
  row('POST', '/studio/surveys/:slug/build/preview/:pageId', 'researcher', 422, { example: () => '/studio/surveys/pif-professionals/build/preview/p_eligibility', form: () => ({}) }),
  row('POST', '/studio/surveys/:slug/build/:operation', 'researcher', 409, { example: () => '/studio/surveys/pif-professionals/build/details', form: () => ({ updatedAt: 'a stale stamp' }) }),

  // Versions, publishing, export and import (engineer C): researchers and admins only. The posts carry
  // no file or draft here, so a permitted request is refused as bad input (422), never published.
  row('GET', '/studio/surveys/:slug/versions', 'researcher', 200, { example: () => `/studio/surveys/${PRIVATE}/versions` }),
  row('POST', '/studio/surveys/:slug/versions/import', 'researcher', 422, { example: () => `/studio/surveys/${PRIVATE}/versions/import`, form: () => ({}) }),
  row('GET', '/studio/surveys/:slug/versions/publish', 'researcher', 200, { example: () => `/studio/surveys/${PRIVATE}/versions/publish` }),
  row('POST', '/studio/surveys/:slug/versions/publish', 'researcher', 422, { example: () => `/studio/surveys/${PRIVATE}/versions/publish`, form: () => ({ latest: '1' }) }),
  row('GET', '/studio/surveys/:slug/versions/:version', 'researcher', 200, { example: () => `/studio/surveys/${PRIVATE}/versions/1` }),
  row('GET', '/studio/surveys/:slug/versions/:version/export', 'researcher', 200, { example: () => `/studio/surveys/${PRIVATE}/versions/1/export` }),
  row('GET', '/studio/import', 'researcher', 200),
  row('POST', '/studio/import', 'researcher', 422, { form: () => ({ slug: 'from-a-file' }) }),

  // Accounts (engineer A): front page, sign-in, setup and invitation links, dashboard, users, tokens, audit.
  row('GET', '/', 'public', 200, { okSignedIn: 303 }),
  row('GET', '/login', 'public', 200, { okSignedIn: 303 }),
  row('POST', '/login', 'public', 401, { form: () => ({ email: email(), password: 'not the password', next: '' }) }),
  row('POST', '/logout', 'public', 303, { form: () => ({}) }),
  row('GET', '/setup/:token', 'public', 404, { example: () => '/setup/no-such-link' }),
  row('POST', '/setup/:token', 'public', 404, { example: () => '/setup/no-such-link', form: () => ({ name: 'X', email: email(), password: PASSWORD, confirm: PASSWORD }) }),
  row('GET', '/invite/:token', 'public', 200, { example: async (f) => `/invite/${await f.inviteToken()}` }),
  row('POST', '/invite/:token', 'public', 303, { example: async (f) => `/invite/${await f.inviteToken()}`, form: () => ({ name: 'Invited Person', password: PASSWORD, confirm: PASSWORD }) }),
  row('GET', '/studio', 'press', 200),
  row('GET', '/studio/tokens', 'press', 200),
  row('POST', '/studio/tokens', 'press', 201, { form: () => ({ name: 'a script' }) }),
  row('POST', '/studio/tokens/:id/revoke', 'press', 303, { example: async (f, who) => `/studio/tokens/${await f.tokenIdOf(who)}/revoke`, form: () => ({}) }),
  row('GET', '/studio/users', 'admin', 200),
  row('POST', '/studio/users/invite', 'admin', 201, { form: () => ({ email: email(), role: 'press' }) }),
  row('POST', '/studio/users/:id/role', 'admin', 303, { example: async (f) => `/studio/users/${await f.freshUserId()}/role`, form: () => ({ role: 'researcher' }) }),
  row('POST', '/studio/users/:id/deactivate', 'admin', 303, { example: async (f) => `/studio/users/${await f.freshUserId()}/deactivate`, form: () => ({}) }),
  row('POST', '/studio/users/:id/reactivate', 'admin', 303, { example: async (f) => `/studio/users/${await f.freshUserId()}/reactivate`, form: () => ({}) }),
  row('GET', '/studio/audit', 'admin', 200),

  // Weighting schemes: press may read schemes, researchers change them and download per-respondent
  // weights. No scheme exists here, so named ones answer 404 to those allowed; each PUT saves a fresh
  // name (201), and the form post has no name or targets (422), so it saves nothing.
  row('GET', '/api/surveys/:slug/weightings', 'press', 200, { example: () => `/api/surveys/${PRIVATE}/weightings` }),
  row('GET', '/api/surveys/:slug/weightings/:name', 'press', 404, { example: () => `/api/surveys/${PRIVATE}/weightings/no-such-scheme` }),
  row('PUT', '/api/surveys/:slug/weightings/:name', 'researcher', 201, {
    example: () => `/api/surveys/${PRIVATE}/weightings/scheme-${randomUUID().slice(0, 8)}`,
    json: () => ({ variables: [{ question: 'q_gender', targets: { '1': 0.5, '2': 0.5 } }] }),
  }),
  row('DELETE', '/api/surveys/:slug/weightings/:name', 'researcher', 404, { example: () => `/api/surveys/${PRIVATE}/weightings/no-such-scheme` }),
  row('GET', '/api/surveys/:slug/weights', 'researcher', 404, { example: () => `/api/surveys/${PRIVATE}/weights?weighting=no-such-scheme` }),
  row('GET', '/studio/surveys/:slug/weighting', 'researcher', 200, { example: () => `/studio/surveys/${PRIVATE}/weighting` }),
  row('GET', '/studio/surveys/:slug/weighting/new', 'researcher', 200, { example: () => `/studio/surveys/${PRIVATE}/weighting/new` }),
  row('POST', '/studio/surveys/:slug/weighting', 'researcher', 422, { example: () => `/studio/surveys/${PRIVATE}/weighting`, form: () => ({}) }),
  row('GET', '/studio/surveys/:slug/weighting/:name/edit', 'researcher', 404, { example: () => `/studio/surveys/${PRIVATE}/weighting/no-such-scheme/edit` }),
  row('POST', '/studio/surveys/:slug/weighting/:name', 'researcher', 404, { example: () => `/studio/surveys/${PRIVATE}/weighting/no-such-scheme`, form: () => ({}) }),
  row('POST', '/studio/surveys/:slug/weighting/:name/delete', 'researcher', 404, { example: () => `/studio/surveys/${PRIVATE}/weighting/no-such-scheme/delete`, form: () => ({}) }),

  // Cleaning (cleaning engineer): flags and exclusions, researchers and admins only. Every post lacks a
  // reason, so a permitted request is refused (422) and excludes or restores nothing.
  row('GET', '/studio/surveys/:slug/cleaning', 'researcher', 200, { example: () => `/studio/surveys/${PRIVATE}/cleaning` }),
  row('POST', '/studio/surveys/:slug/cleaning/exclude', 'researcher', 422, { example: () => `/studio/surveys/${PRIVATE}/cleaning/exclude`, form: () => ({ form: 'all-speeder', flag: 'speeder', reason: '' }) }),
  row('POST', '/studio/surveys/:slug/cleaning/restore', 'researcher', 422, { example: () => `/studio/surveys/${PRIVATE}/cleaning/restore`, form: () => ({ form: 'restore-speeder', flag: 'speeder', reason: '' }) }),
  row('GET', '/api/surveys/:slug/cleaning', 'researcher', 200, { example: () => `/api/surveys/${PRIVATE}/cleaning` }),
  row('POST', '/api/surveys/:slug/exclusions', 'researcher', 422, { example: () => `/api/surveys/${PRIVATE}/exclusions`, json: () => ({ flag: 'speeder', reason: '' }) }),
  row('POST', '/api/surveys/:slug/exclusions/restore', 'researcher', 422, { example: () => `/api/surveys/${PRIVATE}/exclusions/restore`, json: () => ({ flag: 'speeder', reason: '' }) }),

  // Responses export and codebook (export engineer): the export and its page are for researchers and
  // admins (individual answers), the codebook (questionnaire only) for every signed-in role.
  row('GET', '/api/surveys/:slug/export.csv', 'researcher', 200, { example: () => `/api/surveys/${PRIVATE}/export.csv` }),
  row('GET', '/api/surveys/:slug/codebook.csv', 'press', 200, { example: () => `/api/surveys/${PRIVATE}/codebook.csv` }),
  row('GET', '/api/surveys/:slug/codebook.json', 'press', 200, { example: () => `/api/surveys/${PRIVATE}/codebook.json` }),
  row('GET', '/studio/surveys/:slug/data', 'researcher', 200, { example: () => `/studio/surveys/${PRIVATE}/data` }),
  row('GET', '/studio/surveys/:slug/data/export.csv', 'researcher', 200, { example: () => `/studio/surveys/${PRIVATE}/data/export.csv?labels=labels` }),

  // Importing delivered data (import engineer): researchers and admins only. The post carries no file,
  // so a permitted request is refused (422) and imports nothing.
  row('GET', '/studio/surveys/:slug/data/import', 'researcher', 200, { example: () => `/studio/surveys/${PRIVATE}/data/import` }),
  row('POST', '/studio/surveys/:slug/data/import', 'researcher', 422, { example: () => `/studio/surveys/${PRIVATE}/data/import`, form: () => ({ version: '1' }) }),

  // Crosstabs (results engineer): banner tables for every signed-in role, like the results they show.
  row('GET', '/studio/surveys/:slug/crosstabs', 'press', 200, { example: () => `/studio/surveys/${PRIVATE}/crosstabs?breaks=q_gender` }),

  // Saved press items and frozen figures (frozen engineer): every signed-in role. Unknown item ids answer
  // 404 to those allowed.
  row('GET', '/api/press/items', 'press', 200),
  row('GET', '/api/press/items/:id', 'press', 404, { example: () => `/api/press/items/${randomUUID()}` }),
  row('DELETE', '/api/press/items/:id', 'press', 404, { example: () => `/api/press/items/${randomUUID()}` }),
  row('POST', '/api/press/items/:id/publish', 'press', 404, { example: () => `/api/press/items/${randomUUID()}/publish`, json: () => ({ published: true }) }),
  row('POST', '/api/press/figure', 'press', 200, { json: () => ({ survey: PRIVATE, question: 'q_welcome_support', answer: { kind: 'net', id: 'top2' } }) }),
  row('GET', '/studio/press', 'press', 200),
  row('POST', '/studio/press/items/:id/publish', 'press', 404, { example: () => `/studio/press/items/${randomUUID()}/publish`, form: () => ({ published: 'true' }) }),
  row('GET', '/studio/press/items/:id/delete', 'press', 404, { example: () => `/studio/press/items/${randomUUID()}/delete` }),
  row('POST', '/studio/press/items/:id/delete', 'press', 404, { example: () => `/studio/press/items/${randomUUID()}/delete`, form: () => ({}) }),

  // Methodology note, disclosure and chart brands (methodology engineer): every signed-in role reads
  // them and press officers own the disclosure answers; only researchers and admins change brands. The
  // form posts carry a bad address or colour, so a permitted request is refused (422) and saves nothing.
  row('GET', '/api/press/surveys/:slug/methodology', 'press', 200, { example: () => `/api/press/surveys/${PRIVATE}/methodology` }),
  row('PUT', '/api/press/surveys/:slug/disclosure', 'press', 200, {
    example: () => `/api/press/surveys/${PRIVATE}/disclosure`,
    json: () => ({ answers: { tablesUrl: 'https://www.example.org/tables' } }),
  }),
  row('GET', '/api/press/brands', 'press', 200),
  row('GET', '/api/press/brands/:organisation', 'press', 200, { example: () => `/api/press/brands/${encodeURIComponent('Parent-Infant Foundation')}` }),
  row('PUT', '/api/press/brands/:organisation', 'researcher', 200, { example: () => `/api/press/brands/${encodeURIComponent('Parent-Infant Foundation')}`, json: () => ({ colours: ['#12436D'] }) }),
  row('GET', '/studio/press/surveys/:slug/methodology', 'press', 200, { example: () => `/studio/press/surveys/${PRIVATE}/methodology` }),
  row('POST', '/studio/press/surveys/:slug/methodology', 'press', 422, { example: () => `/studio/press/surveys/${PRIVATE}/methodology`, form: () => ({ tablesUrl: 'not an address' }) }),
  row('GET', '/studio/press/brands', 'press', 200),
  row('POST', '/studio/press/brands/:organisation', 'researcher', 422, { example: () => `/studio/press/brands/${encodeURIComponent('Parent-Infant Foundation')}`, form: () => ({ colours: 'blue' }) }),

  // Headlines and the claim checker (headlines engineer): every signed-in role. The save post has no
  // sentence (422) and the edit post names no saved headline (404), so neither saves anything.
  row('GET', '/studio/press/headlines/new', 'press', 200, { example: () => `/studio/press/headlines/new?survey=${PRIVATE}&question=q_felt_guilty&answer=option:1` }),
  row('POST', '/studio/press/headlines/new', 'press', 422, { form: () => ({ survey: PRIVATE, question: 'q_felt_guilty', answer: 'option:1', sentence: '' }) }),
  row('GET', '/studio/press/headlines/:id', 'press', 404, { example: () => `/studio/press/headlines/${randomUUID()}` }),
  row('POST', '/studio/press/headlines/:id', 'press', 404, { example: () => `/studio/press/headlines/${randomUUID()}`, form: () => ({ sentence: 'A sentence' }) }),
  row('POST', '/api/press/headlines/draft', 'press', 200, { json: () => ({ query: { survey: PRIVATE, question: 'q_felt_guilty', answer: { kind: 'option', id: '1' } } }) }),
  row('GET', '/studio/press/claims', 'press', 200),
  row('POST', '/studio/press/claims', 'press', 200, { form: () => ({ text: 'Almost a third (31%) of parents felt guilty.', surveys: PRIVATE }) }),
  row('POST', '/api/press/claims/check', 'press', 200, { json: () => ({ text: 'Almost a third (31%) of parents felt guilty.', surveys: [PRIVATE] }) }),

  // The chart studio (charts engineer): every signed-in role. The save post names no question (422) and
  // the other item routes name no saved chart (404), so nothing is saved or exported. The embed of a
  // chart and its image are public, for published charts only (404 otherwise); the chart font, scripts
  // and stylesheet are public for the embed page.
  row('GET', '/studio/press/charts/new', 'press', 200, { example: () => `/studio/press/charts/new?type=options&question=${PRIVATE}%7Cq_felt_guilty` }),
  row('POST', '/studio/press/charts/new', 'press', 422, { form: () => ({ type: 'options', question: '' }) }),
  row('GET', '/studio/press/charts/:id', 'press', 404, { example: () => `/studio/press/charts/${randomUUID()}` }),
  row('POST', '/studio/press/charts/:id', 'press', 404, { example: () => `/studio/press/charts/${randomUUID()}`, form: () => ({ type: 'options' }) }),
  row('GET', '/studio/press/charts/:id/chart.png', 'press', 404, { example: () => `/studio/press/charts/${randomUUID()}/chart.png` }),
  row('GET', '/studio/press/charts/:id/chart.svg', 'press', 404, { example: () => `/studio/press/charts/${randomUUID()}/chart.svg` }),
  row('GET', '/studio/press/charts/:id/chart.pdf', 'press', 404, { example: () => `/studio/press/charts/${randomUUID()}/chart.pdf` }),
  row('GET', '/studio/press/charts/:id/data.csv', 'press', 404, { example: () => `/studio/press/charts/${randomUUID()}/data.csv` }),
  row('GET', '/embed/charts/:id', 'public', 404, { example: () => `/embed/charts/${randomUUID()}` }),
  row('GET', '/embed/charts/:id/chart.png', 'public', 404, { example: () => `/embed/charts/${randomUUID()}/chart.png` }),
  row('GET', '/press-charts/assets/:name', 'public', 200, { example: () => '/press-charts/assets/press-chart.js' }),
];

/** Writes a respondent may make without a CSRF token (see verifyCsrf). */
export function isPublicWrite(path: string): boolean {
  return path.startsWith('/s/') || /^\/api\/surveys\/[^/]+\/responses$/.test(path);
}
