import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import * as v from 'valibot';
import { CheckPage } from '../../web/views/respond/check-page.tsx';
import { DonePage, ScreenedOutPage } from '../../web/views/respond/end-pages.tsx';
import { describeForRespondent, fieldIdFor } from '../../web/views/respond/fields.tsx';
import { renderDocument, type PageError } from '../../web/views/respond/frame.tsx';
import { QuestionPage } from '../../web/views/respond/question-page.tsx';
import { StartPage } from '../../web/views/respond/start-page.tsx';
import type { AppEnv } from '../app.ts';
import { AppError } from '../errors.ts';
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

async function sendPage(c: Ctx, node: { toString(): string | Promise<string> }, status: 200 | 422 = 200) {
  // Answers are personal: never keep them in a shared cache, and re-fetch on Back so saved answers show.
  c.header('cache-control', 'no-store');
  return c.html(await renderDocument(node), status);
}

const goTo = (c: Ctx, slug: string, step: Step) => c.redirect(hrefOf(slug, step), 303);

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
  const errors: PageError[] = [];
  const fieldErrors = new Map<string, string>();
  for (const [key, problem] of problems) {
    const question = page.questions.find((q) => q.id === key.split('.')[0]);
    if (!question) continue;
    const message = describeForRespondent(question, key, problem, language);
    errors.push({ fieldId: fieldIdFor(question, key), message });
    fieldErrors.set(key, message);
  }
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

/** The respondent pages under `/s`: start, one page at a time, check, send, confirmation. */
export function respondRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/:slug', async (c) => {
    const slug = slugOf(c);
    const session = await loadSession(c.var.db, slug, getCookie(c, SESSION_COOKIE));
    const definition = session?.definition ?? (await getLatestSurvey(c.var.db, slug)).definition;
    const language = await languageFor(c, slug, definition, session);
    return sendPage(
      c,
      <StartPage
        definition={definition}
        language={language}
        path={base(slug)}
        continueHref={session?.status === 'in_progress' ? hrefOf(slug, resumeStep(session)) : undefined}
        doneHref={session?.status === 'complete' ? hrefOf(slug, { to: 'done' }) : undefined}
        startAction={`${base(slug)}/start`}
      />,
    );
  });

  app.post('/:slug/start', async (c) => {
    const slug = slugOf(c);
    const existing = await loadSession(c.var.db, slug, getCookie(c, SESSION_COOKIE));
    // Starting twice (Back to the start page, a double click) carries on rather than losing answers.
    if (existing?.status === 'in_progress') return goTo(c, slug, resumeStep(existing));
    const fields = readFormFields(await c.req.formData());
    if (fields.get('consent')?.[0] !== 'yes') {
      const definition = (await getLatestSurvey(c.var.db, slug)).definition;
      const language = await languageFor(c, slug, definition, undefined);
      return sendPage(
        c,
        <StartPage
          definition={definition}
          language={language}
          path={base(slug)}
          startAction={`${base(slug)}/start`}
          consentMissing
        />,
        422,
      );
    }
    const { token, session } = await startSession(c.var.db, slug, getCookie(c, LANGUAGE_COOKIE));
    setSurveyCookie(c, slug, SESSION_COOKIE, token);
    return goTo(c, slug, resumeStep(session));
  });

  app.get('/:slug/pages/:pageId', async (c) => {
    const slug = slugOf(c);
    const session = await requireSession(c, slug);
    if (session instanceof Response) return session;
    const pageIndex = pageIndexOf(session, c.req.param('pageId'));
    const redirect = redirectForPage(session, pageIndex);
    if (redirect) return goTo(c, slug, redirect);
    return renderQuestionPage(c, session, pageIndex, session.answers, new Map(), c.req.query('return') === 'check');
  });

  app.post('/:slug/pages/:pageId', async (c) => {
    const slug = slugOf(c);
    const session = await requireSession(c, slug);
    if (session instanceof Response) return session;
    const pageIndex = pageIndexOf(session, c.req.param('pageId'));
    const redirect = redirectForPage(session, pageIndex);
    if (redirect) return goTo(c, slug, redirect);
    const returnToCheck = c.req.query('return') === 'check';
    const page = session.definition.pages[pageIndex]!;
    const pageAnswers = readPageAnswers(page, readFormFields(await c.req.formData()));
    const outcome = await savePage(c.var, session, pageIndex, pageAnswers, returnToCheck);
    if (outcome.ok) return goTo(c, slug, outcome.next);
    return renderQuestionPage(c, session, pageIndex, outcome.values, outcome.problems, returnToCheck);
  });

  app.get('/:slug/check', async (c) => {
    const slug = slugOf(c);
    const session = await requireSession(c, slug);
    if (session instanceof Response) return session;
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
    return goTo(c, slug, await submitSession(c.var, session));
  });

  app.get('/:slug/done', async (c) => {
    const slug = slugOf(c);
    const session = await requireSession(c, slug);
    if (session instanceof Response) return session;
    const reference = session.status === 'complete' ? await findReference(c.var.db, session) : undefined;
    if (!reference) return goTo(c, slug, resumeStep(session));
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
    const language = await languageFor(c, slug, session.definition, session);
    return sendPage(
      c,
      <ScreenedOutPage definition={session.definition} language={language} path={hrefOf(slug, { to: 'screened-out' })} />,
    );
  });

  return app;
}
