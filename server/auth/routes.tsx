import { Hono, type Context } from 'hono';
import type { AppEnv } from '../app.ts';
import { AppError } from '../errors.ts';
import { AcceptInvitePage, LinkGonePage, LoginPage, SetupPage, TooManyAttemptsPage } from '../../web/views/auth/account-pages.tsx';
import { clearSessionCookie, clientIp, csrfTokenFor, sessionTokenOf, setSessionCookie } from './middleware.ts';
import { AcceptInviteFormSchema, LoginFormSchema, parseForm, SetupFormSchema, typedValues } from './schemas.ts';
import {
  acceptInvitation,
  completeSetup,
  findUsableLink,
  newPasswordProblems,
  safeNextPath,
  signInWithPassword,
  signOut,
  startSession,
} from './service.ts';

const doctype = (node: unknown) => `<!doctype html>${String(node)}`;

/** Starts a session for a user who just proved who they are, replacing any session this browser had. */
async function signInBrowser(c: Context<AppEnv>, userId: string) {
  const token = await startSession(c.var.db, userId, sessionTokenOf(c));
  setSessionCookie(c, token);
}

/** A dead setup or invitation link gets its own page, rather than the generic not-found page. */
function linkGone(c: Context<AppEnv>, message = 'This link has expired or has already been used') {
  return c.html(doctype(<LinkGonePage message={message} />), 404);
}

/** `/login`, `/logout`, and the one-time pages `/setup/:token` and `/invite/:token`. */
export function authRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/login', (c) => {
    const next = c.req.query('next');
    if (c.var.identity) return c.redirect(safeNextPath(next), 303);
    return c.html(doctype(<LoginPage csrf={csrfTokenFor(c)} next={next ?? ''} signedOut={c.req.query('signed-out') === '1'} />));
  });

  app.post('/login', async (c) => {
    const body = await c.req.parseBody();
    const parsed = parseForm(LoginFormSchema, typedValues(body, ['email', 'password', 'next']));
    const next = typeof body.next === 'string' ? body.next : '';
    const email = typeof body.email === 'string' ? body.email : '';
    if (!parsed.ok) return c.html(doctype(<LoginPage csrf={csrfTokenFor(c)} next={next} email={email} errors={parsed.errors} />), 422);
    const result = await signInWithPassword(c.var.db, { email: parsed.output.email, password: parsed.output.password, ip: clientIp(c) });
    if (result.outcome === 'rate_limited') return c.html(doctype(<TooManyAttemptsPage />), 429);
    if (result.outcome === 'refused') {
      const errors = { email: 'The email address or password is not right. Check them and try again.' };
      return c.html(doctype(<LoginPage csrf={csrfTokenFor(c)} next={next} email={email} errors={errors} />), 401);
    }
    await signInBrowser(c, result.identity.user.id);
    return c.redirect(safeNextPath(parsed.output.next), 303);
  });

  app.post('/logout', async (c) => {
    const token = sessionTokenOf(c);
    if (token) await signOut(c.var.db, c.var.identity, token, clientIp(c));
    clearSessionCookie(c);
    return c.redirect('/login?signed-out=1', 303);
  });

  app.get('/setup/:token', async (c) => {
    const token = c.req.param('token');
    if (!(await findUsableLink(c.var.db, 'setup', token))) return linkGone(c);
    return c.html(doctype(<SetupPage csrf={csrfTokenFor(c)} action={`/setup/${token}`} />));
  });

  app.post('/setup/:token', async (c) => {
    const token = c.req.param('token');
    if (!(await findUsableLink(c.var.db, 'setup', token))) return linkGone(c);
    const body = await c.req.parseBody();
    const values = typedValues(body, ['name', 'email', 'password', 'confirm']);
    const parsed = parseForm(SetupFormSchema, values);
    const errors = { ...newPasswordProblems(values.password!, values.confirm!, values.email!.trim().toLowerCase()), ...(parsed.ok ? {} : parsed.errors) };
    if (!parsed.ok || Object.keys(errors).length > 0) {
      return c.html(doctype(<SetupPage csrf={csrfTokenFor(c)} action={`/setup/${token}`} values={values} errors={errors} />), 422);
    }
    try {
      const identity = await completeSetup(c.var.db, token, parsed.output, clientIp(c));
      await signInBrowser(c, identity.user.id);
    } catch (error) {
      if (error instanceof AppError && error.code === 'not_found') return linkGone(c, error.message);
      throw error;
    }
    return c.redirect('/studio', 303);
  });

  app.get('/invite/:token', async (c) => {
    const token = c.req.param('token');
    const link = await findUsableLink(c.var.db, 'invite', token);
    if (!link) return linkGone(c);
    return c.html(doctype(<AcceptInvitePage csrf={csrfTokenFor(c)} action={`/invite/${token}`} email={link.email ?? ''} role={link.role ?? ''} />));
  });

  app.post('/invite/:token', async (c) => {
    const token = c.req.param('token');
    const link = await findUsableLink(c.var.db, 'invite', token);
    if (!link || !link.email) return linkGone(c);
    const body = await c.req.parseBody();
    const values = typedValues(body, ['name', 'password', 'confirm']);
    const parsed = parseForm(AcceptInviteFormSchema, values);
    const errors = { ...newPasswordProblems(values.password!, values.confirm!, link.email), ...(parsed.ok ? {} : parsed.errors) };
    if (!parsed.ok || Object.keys(errors).length > 0) {
      const page = <AcceptInvitePage csrf={csrfTokenFor(c)} action={`/invite/${token}`} email={link.email} role={link.role ?? ''} values={values} errors={errors} />;
      return c.html(doctype(page), 422);
    }
    try {
      const identity = await acceptInvitation(c.var.db, token, parsed.output, clientIp(c));
      await signInBrowser(c, identity.user.id);
    } catch (error) {
      if (error instanceof AppError && (error.code === 'not_found' || error.code === 'conflict')) return linkGone(c, error.message);
      throw error;
    }
    return c.redirect('/studio', 303);
  });

  return app;
}
