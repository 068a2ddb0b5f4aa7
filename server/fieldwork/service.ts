import type { Kysely } from 'kysely';
import * as v from 'valibot';
import type { AuditActor } from '../audit/service.ts';
import { recordAudit } from '../audit/service.ts';
import type { Database } from '../db/schema.ts';
import { getDraft } from '../drafts/service.ts';
import { AppError, type FieldErrors } from '../errors.ts';
import { localise, optionsOf, type Answers } from '../surveys/model.ts';
import type { SurveyDefinition } from '../surveys/schema.ts';
import { getLatestSurvey } from '../surveys/service.ts';
import * as queries from './queries.ts';
import { getQuotaFill, quotaCellIndexOf, type QuotaFill } from './quotas.ts';
import {
  checkQuotas,
  isQuotaQuestion,
  parseStoredQuotas,
  parseStoredRedirects,
  QuotaSchema,
  SettingsFormSchema,
  type Quota,
  type RedirectOutcome,
  type Redirects,
} from './schemas.ts';
import { ukLocalToUtcIso, utcIsoToUkLocal } from './uk-time.ts';

export interface SurveySettings {
  opensAt: string | null;
  closesAt: string | null;
  targetSample: number | null;
  /** Whether anyone may read the survey's results without signing in. */
  publicResults: boolean;
  invitationOnly: boolean;
  quotas: Quota[];
  redirects: Redirects;
}

/** Who changed something, for the audit log. */
export interface ChangeAuthor {
  actor: AuditActor | null;
  ip: string | null;
}

/** A survey's fieldwork settings, with defaults (always open, results private) when none are saved. */
export async function getSurveySettings(db: Kysely<Database>, slug: string): Promise<SurveySettings> {
  const row = await queries.findSurveySettings(db, slug);
  return {
    opensAt: row?.opens_at ?? null,
    closesAt: row?.closes_at ?? null,
    targetSample: row?.target_sample ?? null,
    publicResults: row?.public_results === 1,
    invitationOnly: row?.invitation_only === 1,
    quotas: parseStoredQuotas(row?.quotas),
    redirects: parseStoredRedirects(row?.redirects),
  };
}

async function writeSettings(db: Kysely<Database>, slug: string, settings: SurveySettings) {
  await queries.upsertSurveySettings(db, {
    survey_slug: slug,
    opens_at: settings.opensAt,
    closes_at: settings.closesAt,
    target_sample: settings.targetSample,
    public_results: settings.publicResults ? 1 : 0,
    invitation_only: settings.invitationOnly ? 1 : 0,
    quotas: JSON.stringify(settings.quotas),
    redirects: JSON.stringify(settings.redirects),
    updated_at: new Date().toISOString(),
  });
}

// ---------------------------------------------------------------------------------------------
// Open, closed, and what happens to someone part-way through.
//
// Nobody new starts before opens_at, from closes_at on, or once the complete (non-demo) responses
// reach the target sample. Someone already part-way through when the survey closes may finish: for
// one hour after closes_at (CLOSE_GRACE_MS) their pages and their final "Send" still work, provided
// they started before closes_at; after that hour every page shows the closed page and what they
// typed is kept but never becomes a response. Reaching the target sample does not cut anyone off:
// respondents already in progress may finish, so the target can be overshot by the number of
// people part-way through at that moment, which is normal in fieldwork and cheaper than wasting
// their time. The JSON API follows the same rule, reading the submission's startedAt as its start.

/** How long after closes_at someone who started before it may still finish. */
export const CLOSE_GRACE_MS = 60 * 60 * 1000;

export type ClosedReason = 'not_open_yet' | 'closed' | 'target_reached';

/** Why a survey is closed to someone, with the dates the closed page can mention. */
export interface Closure {
  reason: ClosedReason;
  opensAt: string | null;
  closesAt: string | null;
}

const timeOf = (iso: string | null) => (iso === null ? NaN : Date.parse(iso));

/** Whether someone new may start now (null) or why not; `completes` counts complete non-demo responses. */
export function closureForStart(settings: Pick<SurveySettings, 'opensAt' | 'closesAt' | 'targetSample'>, completes: number, now: Date): Closure | null {
  const closure = (reason: ClosedReason): Closure => ({ reason, opensAt: settings.opensAt, closesAt: settings.closesAt });
  const opens = timeOf(settings.opensAt);
  const closes = timeOf(settings.closesAt);
  if (!Number.isNaN(opens) && now.getTime() < opens) return closure('not_open_yet');
  if (!Number.isNaN(closes) && now.getTime() >= closes) return closure('closed');
  if (settings.targetSample !== null && completes >= settings.targetSample) return closure('target_reached');
  return null;
}

/** Whether someone who started at `startedAt` may carry on now (null) or why not: see the rule above. */
export function closureForSession(settings: Pick<SurveySettings, 'opensAt' | 'closesAt'>, startedAt: string | null, now: Date): Closure | null {
  const closure = (reason: ClosedReason): Closure => ({ reason, opensAt: settings.opensAt, closesAt: settings.closesAt });
  const opens = timeOf(settings.opensAt);
  const closes = timeOf(settings.closesAt);
  if (!Number.isNaN(opens) && now.getTime() < opens) return closure('not_open_yet');
  if (!Number.isNaN(closes) && now.getTime() >= closes) {
    const started = timeOf(startedAt);
    const inGrace = !Number.isNaN(started) && started < closes && now.getTime() < closes + CLOSE_GRACE_MS;
    if (!inGrace) return closure('closed');
  }
  return null;
}

/** Whether a new respondent may start this survey now, reading what the rule needs from the database. */
export async function findStartClosure(db: Kysely<Database>, slug: string, known?: SurveySettings, now = new Date()): Promise<Closure | null> {
  const settings = known ?? (await getSurveySettings(db, slug));
  const completes = settings.targetSample === null ? 0 : await queries.countCompleteRealResponses(db, slug);
  return closureForStart(settings, completes, now);
}

const CLOSED_MESSAGES: Record<ClosedReason, (closure: Closure) => string> = {
  not_open_yet: (c) => `This survey is not open yet${c.opensAt ? `: it opens at ${c.opensAt}` : ''}`,
  closed: (c) => `This survey is closed${c.closesAt ? `: it closed at ${c.closesAt}` : ''}`,
  target_reached: () => 'This survey is closed: it has reached its target number of responses',
};

/** Refuses (409 survey_closed) an API submission to a closed survey, and (403) an anonymous one to an
 * invitation-only survey. A retry of a submission already
 * stored is let through, so that the client gets its original answer; a submission whose startedAt
 * is before closes_at is accepted within the grace hour, as the respondent pages are. */
export async function assertOpenForSubmission(
  db: Kysely<Database>,
  slug: string,
  submission: { submissionId: string; startedAt?: string | undefined },
  options: { anonymous: boolean },
  now = new Date(),
): Promise<void> {
  const settings = await getSurveySettings(db, slug);
  // An invitation-only survey takes answers from its links; only signed-in users (a researcher's
  // API token, say, loading data collected elsewhere) may post to it directly.
  if (settings.invitationOnly && options.anonymous && !(await queries.hasSubmission(db, submission.submissionId))) {
    throw new AppError('forbidden', 'This survey takes answers through its invitation links only');
  }
  if (settings.opensAt === null && settings.closesAt === null && settings.targetSample === null) return;
  const completes = settings.targetSample === null ? 0 : await queries.countCompleteRealResponses(db, slug);
  const forStart = closureForStart(settings, completes, now);
  if (forStart === null) return;
  if (forStart.reason === 'closed' && closureForSession(settings, submission.startedAt ?? null, now) === null) return;
  if (await queries.hasSubmission(db, submission.submissionId)) return;
  throw new AppError('survey_closed', CLOSED_MESSAGES[forStart.reason](forStart));
}

// ---------------------------------------------------------------------------------------------
// Panel integration.

/** The panel's redirect for an outcome with the respondent id filled in, or undefined when there is
 * no URL for that outcome or no id (then Attune shows its own end page). */
export function panelRedirectUrl(redirects: Redirects, outcome: RedirectOutcome, panelId: string | null): string | undefined {
  const template = redirects[outcome];
  if (!template || !panelId) return undefined;
  return template.replaceAll('{pid}', encodeURIComponent(panelId));
}

// ---------------------------------------------------------------------------------------------
// The survey a fieldwork page is about.

export interface FieldworkSurvey {
  slug: string;
  title: string;
  /** The newest published definition; null for a survey that is only a draft so far. */
  definition: SurveyDefinition | null;
}

/** The survey a fieldwork page is for: its newest published version, or its draft; 404 when neither. */
export async function getFieldworkSurvey(db: Kysely<Database>, slug: string): Promise<FieldworkSurvey> {
  try {
    const latest = await getLatestSurvey(db, slug);
    return { slug, title: localise(latest.definition.title, 'en'), definition: latest.definition };
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'not_found')) throw error;
    const draft = await getDraft(db, slug);
    if (!draft) throw error;
    const title = (draft.document as { title?: { en?: unknown } }).title?.en;
    return { slug, title: typeof title === 'string' && title.trim() !== '' ? title : slug, definition: null };
  }
}

// ---------------------------------------------------------------------------------------------
// The settings form.

/** The settings form's fields as strings, as the page shows them (dates in UK time). */
export type SettingsFormFields = Record<
  'opens_at' | 'closes_at' | 'target_sample' | 'redirect_complete' | 'redirect_screen_out' | 'redirect_quota_full',
  string
> & { public_results: boolean; invitation_only: boolean };

/** The form fields showing the current settings. */
export function settingsFormFields(settings: SurveySettings): SettingsFormFields {
  return {
    opens_at: settings.opensAt ? utcIsoToUkLocal(settings.opensAt) : '',
    closes_at: settings.closesAt ? utcIsoToUkLocal(settings.closesAt) : '',
    target_sample: settings.targetSample === null ? '' : String(settings.targetSample),
    public_results: settings.publicResults,
    invitation_only: settings.invitationOnly,
    redirect_complete: settings.redirects.complete ?? '',
    redirect_screen_out: settings.redirects.screenOut ?? '',
    redirect_quota_full: settings.redirects.quotaFull ?? '',
  };
}

type SettingsCore = Omit<SurveySettings, 'quotas'>;

export type SettingsFormOutcome =
  | { ok: true; settings: SettingsCore }
  | { ok: false; errors: FieldErrors; fields: SettingsFormFields };

/** Checks the posted settings form: real dates (UK time) with the close after the open, a whole
 * target, http(s) redirect URLs. Errors are keyed by field name; the fields come back as typed. */
export function parseSettingsForm(posted: Record<string, string>): SettingsFormOutcome {
  const fields: SettingsFormFields = {
    opens_at: posted.opens_at ?? '',
    closes_at: posted.closes_at ?? '',
    target_sample: posted.target_sample ?? '',
    public_results: posted.public_results === 'yes',
    invitation_only: posted.invitation_only === 'yes',
    redirect_complete: posted.redirect_complete ?? '',
    redirect_screen_out: posted.redirect_screen_out ?? '',
    redirect_quota_full: posted.redirect_quota_full ?? '',
  };
  const errors: FieldErrors = {};
  const result = v.safeParse(SettingsFormSchema, posted);
  if (!result.success) {
    for (const issue of result.issues) {
      const key = v.getDotPath(issue) ?? 'form';
      errors[key] ??= issue.message;
    }
    return { ok: false, errors, fields };
  }
  const out = result.output;
  const opensAt = out.opens_at === '' ? null : ukLocalToUtcIso(out.opens_at);
  const closesAt = out.closes_at === '' ? null : ukLocalToUtcIso(out.closes_at);
  if (opensAt === undefined) errors.opens_at = 'Enter a real opening date and time';
  if (closesAt === undefined) errors.closes_at = 'Enter a real closing date and time';
  if (opensAt && closesAt && Date.parse(closesAt) <= Date.parse(opensAt)) errors.closes_at = 'The closing time must be after the opening time';
  if (Object.keys(errors).length > 0) return { ok: false, errors, fields };
  const redirects: Redirects = {};
  if (out.redirect_complete) redirects.complete = out.redirect_complete;
  if (out.redirect_screen_out) redirects.screenOut = out.redirect_screen_out;
  if (out.redirect_quota_full) redirects.quotaFull = out.redirect_quota_full;
  return {
    ok: true,
    settings: {
      opensAt: opensAt ?? null,
      closesAt: closesAt ?? null,
      targetSample: out.target_sample === '' ? null : Number(out.target_sample),
      publicResults: fields.public_results,
      invitationOnly: fields.invitation_only,
      redirects,
    },
  };
}

/** Saves the settings form's values (quotas untouched) and logs what changed; returns the changed names. */
export async function saveSurveySettings(db: Kysely<Database>, slug: string, update: SettingsCore, author: ChangeAuthor): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const before = await getSurveySettings(trx, slug);
    const after: SurveySettings = { ...update, quotas: before.quotas };
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const key of ['opensAt', 'closesAt', 'targetSample', 'publicResults', 'invitationOnly'] as const) {
      if (before[key] !== after[key]) changes[key] = { from: before[key], to: after[key] };
    }
    for (const key of ['complete', 'screenOut', 'quotaFull'] as const) {
      const from = before.redirects[key] ?? null;
      const to = after.redirects[key] ?? null;
      if (from !== to) changes[`redirects.${key}`] = { from, to };
    }
    if (Object.keys(changes).length === 0) return [];
    await writeSettings(trx, slug, after);
    await recordAudit(trx, { actor: author.actor, action: 'survey.settings_changed', subject: slug, detail: { changes }, ip: author.ip });
    return Object.keys(changes);
  });
}

// ---------------------------------------------------------------------------------------------
// Quotas.

/** A question (or grid statement) a quota can be set on, as the editor offers it. */
export interface QuotaQuestionChoice {
  /** `q_id`, or `q_id.s_id` for a grid statement. */
  value: string;
  question: string;
  statement?: string;
  label: string;
  options: { code: string; label: string }[];
}

/** Every question of a definition a quota can count: single-choice, likert, and each grid statement. */
export function listQuotaQuestionChoices(definition: SurveyDefinition): QuotaQuestionChoice[] {
  const choices: QuotaQuestionChoice[] = [];
  for (const question of definition.pages.flatMap((page) => page.questions)) {
    if (!isQuotaQuestion(question)) continue;
    const options = optionsOf(question).map((o) => ({ code: o.code, label: localise(o.label, 'en') }));
    const text = localise(question.text, 'en');
    if (question.type === 'likert-grid') {
      for (const statement of question.statements) {
        choices.push({
          value: `${question.id}.${statement.id}`,
          question: question.id,
          statement: statement.id,
          label: `${text}: ${localise(statement.text, 'en')}`,
          options,
        });
      }
    } else {
      choices.push({ value: question.id, question: question.id, label: text, options });
    }
  }
  return choices;
}

/** The quota editor's fields as strings (and ticked codes), as the page shows them. */
export interface QuotaFormFields {
  label: string;
  question: string;
  mode: 'count' | 'percent';
  cells: { label: string; codes: string[]; target: string }[];
}

/** A fresh editor for a question: one cell per answer, labelled with the answer, no targets yet. */
export function blankQuotaForm(choice: QuotaQuestionChoice): QuotaFormFields {
  return {
    label: choice.label.length > 100 ? `${choice.label.slice(0, 97)}...` : choice.label,
    question: choice.value,
    mode: 'count',
    cells: choice.options.map((o) => ({ label: o.label.slice(0, 100), codes: [o.code], target: '' })),
  };
}

/** The editor for an existing quota: its cells, then empty rows so answers can be regrouped. */
export function quotaFormOf(quota: Quota, choice: QuotaQuestionChoice): QuotaFormFields {
  const cells = quota.cells.map((cell) => ({ label: cell.label, codes: [...cell.codes], target: String(cell.target) }));
  while (cells.length < choice.options.length) cells.push({ label: '', codes: [], target: '' });
  return { label: quota.label, question: choice.value, mode: 'count', cells };
}

/** Reads the quota editor's posted fields: `label`, `question`, `mode`, and `cell_N_label`,
 * `cell_N_codes` (ticked answers), `cell_N_target` for each row N. */
export function readQuotaForm(fields: Map<string, string[]>): QuotaFormFields {
  const one = (name: string) => fields.get(name)?.[0] ?? '';
  const cells: QuotaFormFields['cells'] = [];
  for (let i = 0; i < 100 && (fields.has(`cell_${i}_label`) || fields.has(`cell_${i}_target`) || fields.has(`cell_${i}_codes`)); i++) {
    cells.push({ label: one(`cell_${i}_label`), codes: fields.get(`cell_${i}_codes`) ?? [], target: one(`cell_${i}_target`) });
  }
  return { label: one('label'), question: one('question'), mode: one('mode') === 'percent' ? 'percent' : 'count', cells };
}

/** Keeps an id unique among existing quotas by numbering repeats. */
function uniqueQuotaId(base: string, taken: Set<string>): string {
  const root = base.slice(0, 56);
  if (!taken.has(root)) return root;
  for (let n = 2; ; n++) if (!taken.has(`${root}_${n}`)) return `${root}_${n}`;
}

export type QuotaFormOutcome = { ok: true; quota: Quota } | { ok: false; errors: FieldErrors };

/** Checks the quota editor: a label, a question of the newest version, at least one row with answers
 * and a target, no answer in two rows. Targets given as percentages of the target sample are
 * stored as counts, rounded to the nearest whole respondent. */
export function parseQuotaForm(
  form: QuotaFormFields,
  context: { definition: SurveyDefinition; targetSample: number | null; quotas: Quota[]; editingId?: string },
): QuotaFormOutcome {
  const errors: FieldErrors = {};
  const choice = listQuotaQuestionChoices(context.definition).find((c) => c.value === form.question);
  if (!choice) return { ok: false, errors: { question: 'Choose a question with one answer per person' } };
  const label = form.label.trim();
  if (label === '') errors.label = 'Enter a name for the quota, for example "Gender"';
  else if (label.length > 100) errors.label = 'Enter a name of at most 100 characters';
  if (form.mode === 'percent' && context.targetSample === null) {
    errors.mode = 'Set a target sample in the fieldwork settings before entering percentages, or enter counts';
  }
  const cells: Quota['cells'] = [];
  const owner = new Map<string, number>();
  let percentTotal = 0;
  form.cells.forEach((cell, i) => {
    const cellLabel = cell.label.trim();
    const target = cell.target.trim();
    if (cellLabel === '' && cell.codes.length === 0 && target === '') return; // an unused row
    const optionLabel = (code: string) => choice.options.find((o) => o.code === code)?.label ?? code;
    if (cellLabel === '') errors[`cell_${i}_label`] = `Enter a name for row ${i + 1}`;
    else if (cellLabel.length > 100) errors[`cell_${i}_label`] = `Enter a name of at most 100 characters for row ${i + 1}`;
    if (cell.codes.length === 0) errors[`cell_${i}_codes`] = `Tick at least one answer for row ${i + 1}`;
    for (const code of cell.codes) {
      if (!choice.options.some((o) => o.code === code)) errors[`cell_${i}_codes`] = `Row ${i + 1} has an answer the question does not have`;
      const other = owner.get(code);
      if (other !== undefined) errors[`cell_${i}_codes`] = `“${optionLabel(code)}” is already in row ${other + 1}; an answer can be in one row only`;
      else owner.set(code, i);
    }
    let count: number | undefined;
    if (form.mode === 'percent') {
      if (!/^\d{1,3}(\.\d{1,2})?$/.test(target) || Number(target) > 100) errors[`cell_${i}_target`] = `Enter a percentage between 0 and 100 for row ${i + 1}`;
      else if (context.targetSample !== null) {
        percentTotal += Number(target);
        count = Math.round((Number(target) * context.targetSample) / 100);
      }
    } else if (!/^\d{1,7}$/.test(target)) errors[`cell_${i}_target`] = `Enter the number of responses wanted for row ${i + 1} as a whole number`;
    else count = Number(target);
    if (count !== undefined) cells.push({ label: cellLabel, codes: [...cell.codes], target: count });
  });
  if (percentTotal > 100.0001) errors.cells = `The percentages add up to ${Math.round(percentTotal * 100) / 100}%; they can add up to 100% at most`;
  if (Object.keys(errors).length === 0 && cells.length === 0) errors.cells = 'Fill in at least one row: a name, the answers it counts and a target';
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const others = context.quotas.filter((q) => q.id !== context.editingId);
  const id = context.editingId ?? uniqueQuotaId(`quota_${choice.question}${choice.statement ? `_${choice.statement}` : ''}`, new Set(others.map((q) => q.id)));
  const quota: Quota = {
    id,
    label,
    question: choice.question,
    ...(choice.statement ? { statement: choice.statement } : {}),
    cells,
  };
  // The same rules the stored JSON is held to: shape by valibot, fit by checkQuotas.
  const shape = v.safeParse(QuotaSchema, quota);
  const problems = shape.success ? checkQuotas([...others, quota], context.definition) : shape.issues.map((i) => ({ path: v.getDotPath(i) ?? '', message: i.message }));
  if (problems.length > 0) return { ok: false, errors: { cells: problems.map((p) => p.message).join('; ') } };
  return { ok: true, quota };
}

/** Adds a quota, or replaces the one with the same id, and logs it. */
export async function saveQuota(db: Kysely<Database>, slug: string, quota: Quota, author: ChangeAuthor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const settings = await getSurveySettings(trx, slug);
    const index = settings.quotas.findIndex((q) => q.id === quota.id);
    const before = index >= 0 ? settings.quotas[index] : undefined;
    const quotas = [...settings.quotas];
    if (index >= 0) quotas[index] = quota;
    else quotas.push(quota);
    await writeSettings(trx, slug, { ...settings, quotas });
    await recordAudit(trx, {
      actor: author.actor,
      action: 'survey.settings_changed',
      subject: slug,
      detail: { changes: { [`quotas.${quota.id}`]: { from: before ?? null, to: quota } } },
      ip: author.ip,
    });
  });
}

/** Removes a quota (404 when it does not exist) and logs it. */
export async function removeQuota(db: Kysely<Database>, slug: string, id: string, author: ChangeAuthor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const settings = await getSurveySettings(trx, slug);
    const before = settings.quotas.find((q) => q.id === id);
    if (!before) throw new AppError('not_found', `No quota "${id}" on survey "${slug}"`);
    await writeSettings(trx, slug, { ...settings, quotas: settings.quotas.filter((q) => q.id !== id) });
    await recordAudit(trx, {
      actor: author.actor,
      action: 'survey.settings_changed',
      subject: slug,
      detail: { changes: { [`quotas.${id}`]: { from: before, to: null } } },
      ip: author.ip,
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Quotas in the respondent flow.
//
// A quota is checked when the page holding its question is saved: if the answer falls in a cell
// whose complete, non-demo responses have reached its target, the respondent ends on the
// quota-full page. Respondents who passed that page before the cell filled are let finish, and two
// respondents can pass the check for the last place at the same moment; both lead to a small
// overshoot, which is normal in the industry and preferable to locking every page save. Counting
// completes (rather than starts) means nobody is turned away for places others then abandon.

/** The quota cell a page's answers fall into that is already full, if any. */
export async function findFullQuotaCell(
  db: Kysely<Database>,
  slug: string,
  quotas: Quota[],
  pageQuestionIds: readonly string[],
  answers: Answers,
): Promise<{ quota: string; cell: string } | undefined> {
  const relevant = quotas.filter((q) => pageQuestionIds.includes(q.question) && answers[q.question] !== undefined);
  if (relevant.length === 0) return undefined;
  const fill: QuotaFill[] = await getQuotaFill(db, slug);
  for (const quota of relevant) {
    const index = quotaCellIndexOf(quota, answers);
    const cell = fill.find((f) => f.id === quota.id)?.cells[index];
    if (index >= 0 && cell && cell.achieved >= cell.target) return { quota: quota.id, cell: cell.label };
  }
  return undefined;
}
