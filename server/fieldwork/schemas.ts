import * as v from 'valibot';
import { optionsOf } from '../surveys/model.ts';
import type { Question, SurveyDefinition } from '../surveys/schema.ts';

// The shapes of the fieldwork settings as stored (survey_settings.quotas and .redirects are JSON
// text). Shape is checked by valibot; whether a quota fits the survey (the question exists in the
// newest published version, codes are its codes, cells do not overlap) is checked against that
// definition by checkQuotas, which reports in the same path format as the definition rules.

const IdSchema = v.pipe(v.string(), v.regex(/^[a-z][a-z0-9_]{0,62}$/, 'must start with a lower-case letter and use only a-z, 0-9 and _'));
const CodeSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,20}$/, 'must be 1-20 letters, digits, _ or -'));
const LabelText = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(100, 'must be at most 100 characters'));

export const QuotaCellSchema = v.strictObject({
  label: LabelText,
  codes: v.pipe(v.array(CodeSchema), v.minLength(1, 'pick at least one answer')),
  target: v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(0, 'must be 0 or more')),
});
export type QuotaCell = v.InferOutput<typeof QuotaCellSchema>;

export const QuotaSchema = v.strictObject({
  id: IdSchema,
  label: LabelText,
  question: IdSchema,
  /** For a likert-grid question: the statement whose answer is counted. */
  statement: v.optional(IdSchema),
  cells: v.pipe(v.array(QuotaCellSchema), v.minLength(1, 'a quota needs at least one cell')),
});
export type Quota = v.InferOutput<typeof QuotaSchema>;

export const QuotasSchema = v.array(QuotaSchema);

/** A panel company's redirect URLs for each way a respondent can finish; `{pid}` is replaced. */
export const RedirectsSchema = v.strictObject({
  complete: v.optional(v.string()),
  screenOut: v.optional(v.string()),
  quotaFull: v.optional(v.string()),
});
export type Redirects = v.InferOutput<typeof RedirectsSchema>;
export type RedirectOutcome = keyof Redirects;

/** One thing wrong with the quotas, with where: e.g. `quotas[0].cells[1].codes`. */
export interface QuotaProblem {
  path: string;
  message: string;
}

/** Whether a question can carry a quota: one code per respondent (single-choice, likert, a grid statement). */
export function isQuotaQuestion(question: Question): boolean {
  return question.type === 'single-choice' || question.type === 'likert' || question.type === 'likert-grid';
}

/** Checks quotas against a published definition: the question exists and is quotable, codes are its
 * codes, a grid quota names one of its statements, ids are unique and no code sits in two cells. */
export function checkQuotas(quotas: Quota[], definition: SurveyDefinition): QuotaProblem[] {
  const problems: QuotaProblem[] = [];
  const questions = definition.pages.flatMap((page) => page.questions);
  const seenIds = new Set<string>();
  quotas.forEach((quota, qi) => {
    const at = `quotas[${qi}]`;
    if (seenIds.has(quota.id)) problems.push({ path: `${at}.id`, message: `duplicate quota id "${quota.id}"` });
    seenIds.add(quota.id);
    const question = questions.find((q) => q.id === quota.question);
    if (!question) {
      problems.push({ path: `${at}.question`, message: `no question "${quota.question}" in the newest published version` });
      return;
    }
    if (!isQuotaQuestion(question)) {
      problems.push({ path: `${at}.question`, message: `"${quota.question}" is a ${question.type} question; quotas need a single-choice or scale question` });
      return;
    }
    if (question.type === 'likert-grid') {
      if (!quota.statement) problems.push({ path: `${at}.statement`, message: 'pick a statement of the grid' });
      else if (!question.statements.some((s) => s.id === quota.statement)) {
        problems.push({ path: `${at}.statement`, message: `no statement "${quota.statement}" in "${quota.question}"` });
      }
    } else if (quota.statement !== undefined) {
      problems.push({ path: `${at}.statement`, message: 'only a grid question has statements' });
    }
    const valid = new Set(optionsOf(question).map((o) => o.code));
    const claimed = new Map<string, number>();
    quota.cells.forEach((cell, ci) => {
      for (const code of cell.codes) {
        if (!valid.has(code)) problems.push({ path: `${at}.cells[${ci}].codes`, message: `"${code}" is not an answer code of "${quota.question}"` });
        const other = claimed.get(code);
        if (other !== undefined && other !== ci) {
          problems.push({ path: `${at}.cells[${ci}].codes`, message: `answer "${code}" is already in cell ${other + 1}; cells must not overlap` });
        }
        claimed.set(code, ci);
      }
    });
  });
  return problems;
}

/** Parses the stored quotas JSON; a row written by an older or broken build reads as no quotas. */
export function parseStoredQuotas(json: string | null | undefined): Quota[] {
  if (!json) return [];
  try {
    const result = v.safeParse(QuotasSchema, JSON.parse(json));
    return result.success ? result.output : [];
  } catch {
    return [];
  }
}

/** Parses the stored redirects JSON, keeping only well-formed entries. */
export function parseStoredRedirects(json: string | null | undefined): Redirects {
  if (!json) return {};
  try {
    const result = v.safeParse(RedirectsSchema, JSON.parse(json));
    return result.success ? result.output : {};
  } catch {
    return {};
  }
}

/** A respondent id a panel company puts in the start link: at most 100 URL-safe characters. */
export const PanelIdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9._~-]{1,100}$/, 'must be 1-100 letters, digits, ".", "_", "~" or "-"'));

/** Whether a redirect URL is an absolute http or https address (after `{pid}` is filled in). */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value.replaceAll('{pid}', 'x'));
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const DateTimeField = v.pipe(
  v.string(),
  v.trim(),
  v.check((s) => s === '' || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(s), 'Enter a date and time, for example 01/03/2026 09:00'),
);
const RedirectField = v.pipe(
  v.string(),
  v.trim(),
  v.maxLength(2000, 'Enter a web address of at most 2,000 characters'),
  v.check((s) => s === '' || isHttpUrl(s), 'Enter a full web address starting with https:// or http://'),
);

/** The fieldwork settings form as posted: every field a string, checkboxes present or not. */
export const SettingsFormSchema = v.object({
  opens_at: v.optional(DateTimeField, ''),
  closes_at: v.optional(DateTimeField, ''),
  target_sample: v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.check((s) => s === '' || /^\d{1,7}$/.test(s), 'Enter the target sample as a whole number, for example 2000'),
      v.check((s) => s === '' || (Number(s) >= 1 && Number(s) <= 1_000_000), 'Enter a target sample between 1 and 1,000,000'),
    ),
    '',
  ),
  public_results: v.optional(v.string()),
  invitation_only: v.optional(v.string()),
  redirect_complete: v.optional(RedirectField, ''),
  redirect_screen_out: v.optional(RedirectField, ''),
  redirect_quota_full: v.optional(RedirectField, ''),
});
export type SettingsFormInput = v.InferInput<typeof SettingsFormSchema>;
export type SettingsFormValues = v.InferOutput<typeof SettingsFormSchema>;

/** The invitation-links form: how many, or one label per line (the number of labels sets the count). */
export const InvitationsFormSchema = v.object({
  count: v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.check((s) => s === '' || /^\d{1,4}$/.test(s), 'Enter the number of links as a whole number'),
      v.check((s) => s === '' || (Number(s) >= 1 && Number(s) <= 1000), 'Enter a number of links between 1 and 1,000'),
    ),
    '',
  ),
  labels: v.optional(v.pipe(v.string(), v.maxLength(100_000)), ''),
});
