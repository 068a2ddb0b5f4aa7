import { vValidator } from '@hono/valibot-validator';
import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import { CleaningPage, type FailedCleaningForm } from '../../web/views/studio/cleaning/cleaning-page.tsx';
import type { AppEnv } from '../app.ts';
import { clientIp, requireRole, viewerOf } from '../auth/middleware.ts';
import { AppError, errorBody } from '../errors.ts';
import { issuesAsFields } from '../http.ts';
import { readFormFields } from '../respond/form.ts';
import { CLEANING_FORMS, CleaningParamsSchema, ExclusionBodySchema, MAX_NAMED_RESPONSES, ReasonSchema, type CleaningForm } from './schemas.ts';
import { CLEANING_FLAGS, excludeResponses, getCleaningSummary, restoreResponses, type CleaningFlag, type CleaningSummary, type ExclusionOutcome, type ExclusionTarget } from './service.ts';

// Cleaning for researchers and admins: the flags and exclusions of a survey as a page and as JSON.
// Roles are attached per route (not `.use('*')`) because these sub-apps share their mount prefixes
// with other capabilities, including public routes.

type Ctx = Context<AppEnv>;

const doctype = (node: unknown) => `<!doctype html>${String(node)}`;
const pageOf = (slug: string) => `/studio/surveys/${slug}/cleaning`;

function slugOf(c: Ctx): string {
  const parsed = v.safeParse(CleaningParamsSchema, c.req.param());
  if (!parsed.success) throw new AppError('not_found', 'No such survey');
  return parsed.output.slug;
}

const authorOf = (c: Ctx) => ({ actor: c.var.identity!, ip: clientIp(c) });

/** A JSON body checked against a schema; a body that does not fit is refused with 422 and a message per field. */
function validateJsonBody<Schema extends v.GenericSchema>(schema: Schema) {
  return vValidator('json', schema, (result, c) => {
    if (!result.success) return c.json(errorBody('invalid_request', 'The request body is not valid', issuesAsFields(result.issues)), 422);
  });
}

/** The JSON summary: everything the page shows, without the page. */
function summaryJson(summary: CleaningSummary) {
  return {
    slug: summary.slug,
    completeResponses: summary.completeResponses,
    includedResponses: summary.includedResponses,
    excludedCount: summary.completeResponses - summary.includedResponses,
    timedResponses: summary.timedResponses,
    medianSeconds: summary.medianSeconds,
    straightLineGrids: summary.straightLineGrids,
    flags: summary.flags,
    flagged: summary.flagged,
    excluded: summary.excluded,
  };
}

/** The notice shown after a change, rebuilt from the redirect's query so a reload shows the same. */
function noticeOf(query: Record<string, string>): string | undefined {
  const { done, count, unchanged } = query;
  if ((done !== 'excluded' && done !== 'restored') || !count || !/^\d{1,7}$/.test(count)) return undefined;
  const n = Number(count);
  const people = (k: number) => `${k.toLocaleString('en-GB')} response${k === 1 ? '' : 's'}`;
  let text = n === 0 ? `No responses were ${done}: nothing needed changing.` : `${people(n)} ${done}.`;
  if (unchanged && /^[1-9]\d{0,6}$/.test(unchanged)) {
    const m = Number(unchanged);
    text += ` ${people(m)} ${m === 1 ? 'was' : 'were'} already ${done === 'excluded' ? 'excluded' : 'counted in results'}.`;
  }
  return text;
}

interface ParsedForm {
  form: CleaningForm;
  target: ExclusionTarget | null;
  reason: string;
  failed: FailedCleaningForm | null;
}

/** Reads a cleaning-page form: which form, what it acts on, and the reason; problems become a
 * FailedCleaningForm that the page shows beside the form, keeping the choices and the text. */
function parseCleaningForm(fields: Map<string, string[]>, action: 'exclude' | 'restore'): ParsedForm {
  const form = fields.get('form')?.[0];
  if (!form || !(CLEANING_FORMS as readonly string[]).includes(form)) throw new AppError('bad_request', 'This form is not one of the cleaning page’s; reload the page and try again');
  const name = form as CleaningForm;
  const byFlag = name.startsWith('all-') || name.startsWith('restore-');
  // "Exclude all" only excludes and "Restore all" only restores; a mismatched post is not from the page.
  if ((name.startsWith('all-') && action !== 'exclude') || ((name.startsWith('restore-') || name === 'excluded') && action !== 'restore')) {
    throw new AppError('bad_request', 'This form cannot do that; reload the page and try again');
  }
  const reasonText = fields.get('reason')?.[0] ?? '';
  const responseIds = [...new Set(fields.get('responseIds') ?? [])];
  const errors: FailedCleaningForm['errors'] = {};
  let target: ExclusionTarget | null = null;
  if (byFlag) {
    const flag = name.slice(name.indexOf('-') + 1) as CleaningFlag;
    if (!CLEANING_FLAGS.includes(flag)) throw new AppError('bad_request', 'No such flag');
    target = { flag };
  } else if (responseIds.length === 0) {
    errors.responseIds = `Select the responses to ${action}`;
  } else if (responseIds.length > MAX_NAMED_RESPONSES) {
    errors.responseIds = `Select at most ${MAX_NAMED_RESPONSES.toLocaleString('en-GB')} responses at a time, or use “Exclude all”`;
  } else {
    target = { responseIds };
  }
  const reason = v.safeParse(ReasonSchema, reasonText);
  if (!reason.success) errors.reason = reason.issues[0].message === 'Give a reason' ? `Give a reason for ${action === 'exclude' ? 'excluding' : 'restoring'} these responses` : reason.issues[0].message;
  const failed = Object.keys(errors).length > 0 ? { form: name, responseIds, reason: reasonText, errors } : null;
  return { form: name, target, reason: reason.success ? reason.output : '', failed };
}

const redirectAfter = (slug: string, outcome: ExclusionOutcome, anchor: string) =>
  `${pageOf(slug)}?done=${outcome.action}&count=${outcome.count}${outcome.unchanged.length > 0 ? `&unchanged=${outcome.unchanged.length}` : ''}#${anchor}`;

/** `/studio/surveys/:slug/cleaning` and the posts of its forms. */
export function cleaningPageRoutes() {
  const app = new Hono<AppEnv>();
  const researcher = requireRole('researcher');

  app.get('/:slug/cleaning', researcher, async (c) => {
    const summary = await getCleaningSummary(c.var.db, slugOf(c));
    return c.html(doctype(<CleaningPage viewer={viewerOf(c)} summary={summary} notice={noticeOf(c.req.query())} />));
  });

  for (const action of ['exclude', 'restore'] as const) {
    app.post(`/:slug/cleaning/${action}`, researcher, async (c) => {
      const slug = slugOf(c);
      const parsed = parseCleaningForm(readFormFields(await c.req.formData()), action);
      if (parsed.failed || !parsed.target) {
        const summary = await getCleaningSummary(c.var.db, slug);
        return c.html(doctype(<CleaningPage viewer={viewerOf(c)} summary={summary} failed={parsed.failed ?? undefined} />), 422);
      }
      const change = action === 'exclude' ? excludeResponses : restoreResponses;
      const outcome = await change(c.var.db, slug, parsed.target, parsed.reason, authorOf(c));
      const anchor = parsed.form === 'excluded' ? 'excluded' : `flag-${parsed.form.slice(parsed.form.indexOf('-') + 1)}`;
      return c.redirect(redirectAfter(slug, outcome, anchor), 303);
    });
  }
  return app;
}

/** `GET /api/surveys/:slug/cleaning`, `POST /api/surveys/:slug/exclusions` and `.../exclusions/restore`. */
export function cleaningApiRoutes() {
  const app = new Hono<AppEnv>();
  const researcher = requireRole('researcher');
  const targetOf = (body: v.InferOutput<typeof ExclusionBodySchema>): ExclusionTarget => (body.flag !== undefined ? { flag: body.flag } : { responseIds: body.responseIds! });

  app.get('/:slug/cleaning', researcher, async (c) => c.json(summaryJson(await getCleaningSummary(c.var.db, slugOf(c)))));

  app.post('/:slug/exclusions', researcher, validateJsonBody(ExclusionBodySchema), async (c) => {
    const body = c.req.valid('json');
    return c.json(await excludeResponses(c.var.db, slugOf(c), targetOf(body), body.reason, authorOf(c)));
  });

  app.post('/:slug/exclusions/restore', researcher, validateJsonBody(ExclusionBodySchema), async (c) => {
    const body = c.req.valid('json');
    return c.json(await restoreResponses(c.var.db, slugOf(c), targetOf(body), body.reason, authorOf(c)));
  });
  return app;
}
