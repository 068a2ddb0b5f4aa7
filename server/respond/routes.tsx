import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import * as v from 'valibot';
import { CheckPage } from '../../web/views/respond/check-page.tsx';
import { DonePage, ScreenedOutPage } from '../../web/views/respond/end-pages.tsx';
import { AccessProblemPage, ClosedPage, QuotaFullPage, type AccessProblem } from '../../web/views/respond/fieldwork-pages.tsx';
import { pageErrorsOf } from '../../web/views/respond/fields.tsx';
import { renderDocument } from '../../web/views/respond/frame.tsx';
import { QuestionPage } from '../../web/views/respond/question-page.tsx';
import { StartPage } from '../../web/views/respond/start-page.tsx';
import type { AppEnv } from '../app.ts';
import { AppError } from '../errors.ts';
import { checkInvitationToken, type InvitationCheck } from '../fieldwork/invitations.ts';
import { PanelIdSchema, type RedirectOutcome } from '../fieldwork/schemas.ts';
import {
  closureForSession,
  findStartClosure,
  getSurveySettings,
  panelRedirectUrl,
  type Closure,
  type SurveySettings,
} from '../fieldwork/service.ts';
import type { Problem } from '../responses/answer-rules.ts';
import type { Answers } from '../surveys/model.ts';
import { askedPageIndexes, isAsked } from '../surveys/routing.ts';
import { SlugSchema, type Language, type SurveyDefinition } from '../surveys/schema.ts';
import { getLatestSurvey } from '../surveys/service.ts';
import { readFormFields, readPageAnswers } from './form.ts';
import {
  changeLanguage,
  findReference,
  lastPageId,
  loadSession,
  hasInvitationSession,
  openInvitationSession,
  pickLanguage,
  previousPageId,
  progressOf,
  redirectForCheck,
  redirectForPage,
  resumeStep,
  savePage,
  startSession,
  submitSession,
  type RespondentSession,
  type Step,
} from './service.ts';

/** The cookie holding the respondent token; scoped to one survey's path. */
export const SESSION_COOKIE = 'attune_respondent';
/** The language chosen before a session exists. */
export const LANGUAGE_COOKIE = 'attune_lang';
const COOKIE_MAX_AGE = 30 * 24 * 60 * 60;

type Ctx = Context<AppEnv>;

const base = (slug: string) => `/s/${slug}`;

/** The URL a step leads to. */
function hrefOf(slug: string, step: Step): string {
  switch (step.to) {
    case 'page':
      return `${base(slug)}/pages/${step.pageId}${step.returnToCheck ? '?return=check' : ''}`;
    case 'check':
      return `${base(slug)}/check`;
    case 'done':
      return `${base(slug)}/done`;
    case 'screened-out':
      return `${base(slug)}/screened-out`;
    case 'quota-full':
      return `${base(slug)}/quota-full`;
    case 'start':
      return base(slug);
  }
}

// A malformed slug can never name a survey; answer it like any other unknown survey.
function slugOf(c: Ctx): string {
  const slug = c.req.param('slug') ?? '';
  if (!v.is(SlugSchema, slug)) throw new AppError('not_found', `No survey "${slug}"`);
  return slug;
}

const isHttps = (c: Ctx) => new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';

function setSurveyCookie(c: Ctx, slug: string, name: string, value: string) {
  setCookie(c, name, value, { httpOnly: true, sameSite: 'Lax', path: base(slug), secure: isHttps(c), maxAge: COOKIE_MAX_AGE });
}

/** The language for this request: `?lang=` when the survey offers it (and remembered), else the
 * session's, else the cookie chosen before the session began, else English. */
async function languageFor(c: Ctx, slug: string, definition: SurveyDefinition, session: RespondentSession | undefined): Promise<Language> {
  const asked = c.req.query('lang');
  if (asked === 'en' || asked === 'cy') {
    const language = pickLanguage(definition, asked);
    if (session) await changeLanguage(c.var.db, session, language);
    else setSurveyCookie(c, slug, LANGUAGE_COOKIE, language);
    return language;
  }
  return session ? session.language : pickLanguage(definition, getCookie(c, LANGUAGE_COOKIE));
}

async function sendPage(c: Ctx, node: { toString(): string | Promise<string> }, status: 200 | 400 | 403 | 410 | 422 = 200) {
  // Answers are personal: never keep them in a shared cache, and re-fetch on Back so saved answers show.
  c.header('cache-control', 'no-store');
  return c.html(await renderDocument(node), status);
}

const goTo = (c: Ctx, slug: string, step: Step) => c.redirect(hrefOf(slug, step), 303);

const OUTCOME_OF: Partial<Record<Step['to'], RedirectOutcome>> = { done: 'complete', 'screened-out': 'screenOut', 'quota-full': 'quotaFull' };

/** Goes to a step; a panel respondent reaching an end goes back to the panel's URL for that outcome
 * instead, with their id filled in, when the survey has one. */
async function goOn(c: Ctx, session: RespondentSession, step: Step, settings?: SurveySettings) {
  const outcome = OUTCOME_OF[step.to];
  if (outcome && session.panelId) {
    const url = panelRedirectUrl((settings ?? (await getSurveySettings(c.var.db, session.slug))).redirects, outcome, session.panelId);
    if (url) return c.redirect(url, 303);
  }
  return goTo(c, session.slug, step);
}

/** What the start link carried: a panel respondent id and an invitation token, as given. */
interface LinkParams {
  pid?: string;
  invite?: string;
}

/** The link parameters as a query string, to keep them through a language switch. */
function linkQuery(params: LinkParams): string {
  const query = new URLSearchParams();
  if (params.pid !== undefined) query.set('pid', params.pid);
  if (params.invite !== undefined) query.set('invite', params.invite);
  const text = query.toString();
  return text === '' ? '' : `?${text}`;
}

/** The link parameters as hidden fields of the start form. */
const startFieldsOf = (params: LinkParams): Record<string, string> => ({ ...params }) as Record<string, string>;

/** Renders the closed page. */
async function renderClosed(c: Ctx, slug: string, definition: SurveyDefinition, session: RespondentSession | undefined, closure: Closure, path: string) {
  const language = await languageFor(c, slug, definition, session);
  return sendPage(
    c,
    <ClosedPage definition={definition} language={language} path={path} closure={closure} hadAnswers={session?.status === 'in_progress'} />,
  );
}

const ACCESS_STATUS: Record<AccessProblem, 400 | 403 | 410> = {
  'invitation-only': 403,
  'invalid-invite': 400,
  'used-invite': 410,
  'bad-panel-id': 400,
};

async function renderAccessProblem(c: Ctx, slug: string, definition: SurveyDefinition, problem: AccessProblem, path: string) {
  const language = await languageFor(c, slug, definition, undefined);
  return sendPage(c, <AccessProblemPage definition={definition} language={language} path={path} problem={problem} />, ACCESS_STATUS[problem]);
}

/** The closed page for an in-progress session outside its window (see the grace rule in
 * fieldwork/service.ts), or undefined when it may carry on. */
async function closedForSession(c: Ctx, session: RespondentSession, path: string): Promise<Response | undefined> {
  if (session.status !== 'in_progress') return undefined;
  const settings = await getSurveySettings(c.var.db, session.slug);
  const closure = closureForSession(settings, session.startedAt, new Date());
  return closure ? renderClosed(c, session.slug, session.definition, session, closure, path) : undefined;
}

/** Whether someone new may start now, or why not. */
const startClosure = (c: Ctx, slug: string, settings: SurveySettings) => findStartClosure(c.var.db, slug, settings);

/** Whether the existing session belongs to this link: a link naming another panel id or invitation
 * is someone else's start, even on the same device. */
function sessionMatchesLink(session: RespondentSession, params: LinkParams, invitation: InvitationCheck | undefined): boolean {
  if (params.pid !== undefined && params.pid !== session.panelId) return false;
  if (invitation && invitation.kind !== 'invalid' && invitation.invitation.id !== session.invitationId) return false;
  return true;
}

/** The open session for this survey, or a redirect to the start page. */
async function requireSession(c: Ctx, slug: string): Promise<RespondentSession | Response> {
  const session = await loadSession(c.var.db, slug, getCookie(c, SESSION_COOKIE));
  if (!session) {
    await getLatestSurvey(c.var.db, slug); // an unknown survey is a 404, not a redirect
    return goTo(c, slug, { to: 'start' });
  }
  return session;
}

function pageIndexOf(session: RespondentSession, pageId: string): number {
  const index = session.definition.pages.findIndex((page) => page.id === pageId);
  if (index < 0) throw new AppError('not_found', `No page "${pageId}" in survey "${session.slug}"`);
  return index;
}

/** Renders a question page with the given values and problems. */
async function renderQuestionPage(
  c: Ctx,
  session: RespondentSession,
  pageIndex: number,
  values: Answers,
  problems: Map<string, Problem>,
  returnToCheck: boolean,
) {
  const { definition, slug } = session;
  const language = await languageFor(c, slug, definition, session);
  const page = definition.pages[pageIndex]!;
  // Which questions show depends on answers to earlier pages only, so the saved answers decide.
  const questions = page.questions.filter((question) => isAsked(question, session.answers));
  const { errors, fieldErrors } = pageErrorsOf(page.questions, problems, language);
  const previous = previousPageId(session, pageIndex);
  const backHref = returnToCheck
    ? hrefOf(slug, { to: 'check' })
    : previous
      ? hrefOf(slug, { to: 'page', pageId: previous, returnToCheck: false })
      : base(slug);
  const path = hrefOf(slug, { to: 'page', pageId: page.id, returnToCheck });
  return sendPage(
    c,
    <QuestionPage
      definition={definition}
      language={language}
      path={path}
      page={page}
      questions={questions}
      values={values}
      errors={errors}
      fieldErrors={fieldErrors}
      progress={progressOf(session, pageIndex)}
      backHref={backHref}
      action={path}
    />,
    problems.size > 0 ? 422 : 200,
  );
}

/** Sends a panel respondent back to the panel company instead of showing our own end page, when
 * the survey has a redirect for this outcome; undefined otherwise. */
async function panelRedirect(c: Ctx, session: RespondentSession, outcome: RedirectOutcome): Promise<Response | undefined> {
  if (!session.panelId) return undefined;
  const url = panelRedirectUrl((await getSurveySettings(c.var.db, session.slug)).redirects, outcome, session.panelId);
  return url ? c.redirect(url, 303) : undefined;
}

/** The respondent pages under `/s`: start, one page at a time, check, send, confirmation. */
export function respondRoutes() {
  const app = new Hono<AppEnv>();

  /** Checks the link parameters; a problem page to show instead, or what they hold. */
  async function readLink(
    c: Ctx,
    slug: string,
    definition: SurveyDefinition,
    params: LinkParams,
  ): Promise<Response | { invitation: InvitationCheck | undefined }> {
    const path = `${base(slug)}${linkQuery(params)}`;
    if (params.pid !== undefined && !v.is(PanelIdSchema, params.pid)) return renderAccessProblem(c, slug, definition, 'bad-panel-id', base(slug));
    if (params.invite === undefined) return { invitation: undefined };
    const invitation = await checkInvitationToken(c.var.db, slug, params.invite);
    if (invitation.kind === 'invalid') return renderAccessProblem(c, slug, definition, 'invalid-invite', base(slug));
    if (invitation.kind === 'used') return renderAccessProblem(c, slug, definition, 'used-invite', path);
    return { invitation };
  }

  /** Carries on the session an invitation already has, in this browser; undefined when it has none. */
  async function resumeInvitation(c: Ctx, slug: string, invitation: InvitationCheck | undefined, params: LinkParams) {
    if (invitation?.kind !== 'valid') return undefined;
    const current = await loadSession(c.var.db, slug, getCookie(c, SESSION_COOKIE));
    if (current?.invitationId === invitation.invitation.id) return goTo(c, slug, resumeStep(current));
    if (!(await hasInvitationSession(c.var.db, invitation.invitation.id))) return undefined;
    const { token, session } = await openInvitationSession(c.var.db, slug, invitation.invitation.id, getCookie(c, LANGUAGE_COOKIE), params.pid ?? null);
    setSurveyCookie(c, slug, SESSION_COOKIE, token);
    return goTo(c, slug, resumeStep(session));
  }

  app.get('/:slug', async (c) => {
    const slug = slugOf(c);
    const params: LinkParams = { pid: c.req.query('pid'), invite: c.req.query('invite') };
    if (params.pid === undefined) delete params.pid;
    if (params.invite === undefined) delete params.invite;
    const path = `${base(slug)}${linkQuery(params)}`;
    const cookieSession = await loadSession(c.var.db, slug, getCookie(c, SESSION_COOKIE));
    const latest = (await getLatestSurvey(c.var.db, slug)).definition;
    const link = await readLink(c, slug, cookieSession?.definition ?? latest, params);
    if (link instanceof Response) return link;
    const resumed = await resumeInvitation(c, slug, link.invitation, params);
    if (resumed) return resumed;
    const session = cookieSession && sessionMatchesLink(cookieSession, params, link.invitation) ? cookieSession : undefined;
    const settings = await getSurveySettings(c.var.db, slug);

    if (session?.status === 'in_progress') {
      const closed = await closedForSession(c, session, path);
      if (closed) return closed;
    } else {
      if (settings.invitationOnly && link.invitation === undefined) return renderAccessProblem(c, slug, latest, 'invitation-only', path);
      const closure = await startClosure(c, slug, settings);
      if (closure) return renderClosed(c, slug, latest, session, closure, path);
    }
    const definition = session?.definition ?? latest;
    const language = await languageFor(c, slug, definition, session);
    return sendPage(
      c,
      <StartPage
        definition={definition}
        language={language}
        path={path}
        continueHref={session?.status === 'in_progress' ? hrefOf(slug, resumeStep(session)) : undefined}
        doneHref={session?.status === 'complete' ? hrefOf(slug, { to: 'done' }) : undefined}
        startAction={`${base(slug)}/start`}
        startFields={startFieldsOf(params)}
      />,
    );
  });

  app.post('/:slug/start', async (c) => {
    const slug = slugOf(c);
    const fields = readFormFields(await c.req.formData());
    const params: LinkParams = {};
    const pid = fields.get('pid')?.[0];
    const invite = fields.get('invite')?.[0];
    if (pid !== undefined && pid !== '') params.pid = pid;
    if (invite !== undefined && invite !== '') params.invite = invite;
    const path = `${base(slug)}${linkQuery(params)}`;
    const latest = (await getLatestSurvey(c.var.db, slug)).definition;
    const link = await readLink(c, slug, latest, params);
    if (link instanceof Response) return link;
    const existing = await loadSession(c.var.db, slug, getCookie(c, SESSION_COOKIE));
    // Starting twice (Back to the start page, a double click) carries on rather than losing answers.
    if (existing?.status === 'in_progress' && sessionMatchesLink(existing, params, link.invitation)) return goTo(c, slug, resumeStep(existing));
    const resumed = await resumeInvitation(c, slug, link.invitation, params);
    if (resumed) return resumed;

    const settings = await getSurveySettings(c.var.db, slug);
    if (settings.invitationOnly && link.invitation === undefined) return renderAccessProblem(c, slug, latest, 'invitation-only', path);
    const closure = await startClosure(c, slug, settings);
    if (closure) return renderClosed(c, slug, latest, undefined, closure, path);
    if (fields.get('consent')?.[0] !== 'yes') {
      const language = await languageFor(c, slug, latest, undefined);
      return sendPage(
        c,
        <StartPage
          definition={latest}
          language={language}
          path={path}
          startAction={`${base(slug)}/start`}
          startFields={startFieldsOf(params)}
          consentMissing
        />,
        422,
      );
    }
    const { token, session } =
      link.invitation?.kind === 'valid'
        ? await openInvitationSession(c.var.db, slug, link.invitation.invitation.id, getCookie(c, LANGUAGE_COOKIE), params.pid ?? null)
        : await startSession(c.var.db, slug, getCookie(c, LANGUAGE_COOKIE), { panelId: params.pid ?? null });
    setSurveyCookie(c, slug, SESSION_COOKIE, token);
    return goTo(c, slug, resumeStep(session));
  });

  app.get('/:slug/pages/:pageId', async (c) => {
    const slug = slugOf(c);
    const session = await requireSession(c, slug);
    if (session instanceof Response) return session;
    const pageIndex = pageIndexOf(session, c.req.param('pageId'));
    const closed = await closedForSession(c, session, new URL(c.req.url).pathname);
    if (closed) return closed;
    const redirect = redirectForPage(session, pageIndex);
    if (redirect) return goTo(c, slug, redirect);
    return renderQuestionPage(c, session, pageIndex, session.answers, new Map(), c.req.query('return') === 'check');
  });

  app.post('/:slug/pages/:pageId', async (c) => {
    const slug = slugOf(c);
    const session = await requireSession(c, slug);
    if (session instanceof Response) return session;
    const pageIndex = pageIndexOf(session, c.req.param('pageId'));
    const closed = await closedForSession(c, session, new URL(c.req.url).pathname);
    if (closed) return closed;
    const redirect = redirectForPage(session, pageIndex);
    if (redirect) return goTo(c, slug, redirect);
    const returnToCheck = c.req.query('return') === 'check';
    const page = session.definition.pages[pageIndex]!;
    const pageAnswers = readPageAnswers(page, readFormFields(await c.req.formData()));
    const settings = await getSurveySettings(c.var.db, slug);
    const outcome = await savePage(c.var, session, pageIndex, pageAnswers, returnToCheck, settings.quotas);
    if (outcome.ok) return goOn(c, session, outcome.next, settings);
    return renderQuestionPage(c, session, pageIndex, outcome.values, outcome.problems, returnToCheck);
  });

  app.get('/:slug/check', async (c) => {
    const slug = slugOf(c);
    const session = await requireSession(c, slug);
    if (session instanceof Response) return session;
    const closed = await closedForSession(c, session, hrefOf(slug, { to: 'check' }));
    if (closed) return closed;
    const redirect = redirectForCheck(session);
    if (redirect) return goTo(c, slug, redirect);
    const { definition, answers } = session;
    const language = await languageFor(c, slug, definition, session);
    const sections = askedPageIndexes(definition, answers).map((index) => {
      const page = definition.pages[index]!;
      return { page, questions: page.questions.filter((question) => isAsked(question, answers)) };
    });
    const last = lastPageId(session);
    return sendPage(
      c,
      <CheckPage
        definition={definition}
        language={language}
        path={hrefOf(slug, { to: 'check' })}
        sections={sections}
        answers={answers}
        changeHref={(page) => hrefOf(slug, { to: 'page', pageId: page.id, returnToCheck: true })}
        backHref={last ? hrefOf(slug, { to: 'page', pageId: last, returnToCheck: false }) : base(slug)}
        submitAction={`${base(slug)}/submit`}
      />,
    );
  });

  app.post('/:slug/submit', async (c) => {
    const slug = slugOf(c);
    const session = await requireSession(c, slug);
    if (session instanceof Response) return session;
    const closed = await closedForSession(c, session, hrefOf(slug, { to: 'check' }));
    if (closed) return closed;
    return goOn(c, session, await submitSession(c.var, session));
  });

  app.get('/:slug/done', async (c) => {
    const slug = slugOf(c);
    const session = await requireSession(c, slug);
    if (session instanceof Response) return session;
    const reference = session.status === 'complete' ? await findReference(c.var.db, session) : undefined;
    if (!reference) return goTo(c, slug, resumeStep(session));
    const toPanel = await panelRedirect(c, session, 'complete');
    if (toPanel) return toPanel;
    const language = await languageFor(c, slug, session.definition, session);
    return sendPage(
      c,
      <DonePage definition={session.definition} language={language} path={hrefOf(slug, { to: 'done' })} reference={reference} />,
    );
  });

  app.get('/:slug/screened-out', async (c) => {
    const slug = slugOf(c);
    const session = await requireSession(c, slug);
    if (session instanceof Response) return session;
    if (session.status !== 'screened_out') return goTo(c, slug, resumeStep(session));
    const toPanel = await panelRedirect(c, session, 'screenOut');
    if (toPanel) return toPanel;
    const language = await languageFor(c, slug, session.definition, session);
    return sendPage(
      c,
      <ScreenedOutPage definition={session.definition} language={language} path={hrefOf(slug, { to: 'screened-out' })} />,
    );
  });

  app.get('/:slug/quota-full', async (c) => {
    const slug = slugOf(c);
    const session = await requireSession(c, slug);
    if (session instanceof Response) return session;
    if (session.status !== 'quota_full') return goTo(c, slug, resumeStep(session));
    const toPanel = await panelRedirect(c, session, 'quotaFull');
    if (toPanel) return toPanel;
    const language = await languageFor(c, slug, session.definition, session);
    return sendPage(c, <QuotaFullPage definition={session.definition} language={language} path={hrefOf(slug, { to: 'quota-full' })} />);
  });

  return app;
}
