import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../app.ts';
import { clientIp, requireRole, viewerOf } from '../auth/middleware.ts';
import { parseForm, typedValues } from '../auth/schemas.ts';
import { AppError, type FieldErrors } from '../errors.ts';
import { InvitationCreatedPage, UsersPage } from '../../web/views/studio/users-page.tsx';
import { InviteFormSchema, RoleFormSchema, UserIdSchema } from './schemas.ts';
import { changeUserRole, deactivateUser, inviteUser, listUsers, reactivateUser } from './service.ts';

const doctype = (node: unknown) => `<!doctype html>${String(node)}`;

const NOTICES: Record<string, (name: string) => string> = {
  role: (name) => `${name}'s role has been changed.`,
  deactivated: (name) => `${name} has been deactivated and signed out everywhere.`,
  reactivated: (name) => `${name} can sign in again.`,
};

/** Renders the users page, with a notice, a refused change or the invite form's problems. */
async function renderUsers(
  c: Context<AppEnv>,
  extra: { problem?: string; invite?: { values: Record<string, string>; errors: FieldErrors } } = {},
  status: 200 | 409 | 422 = 200,
) {
  const { users, invitations } = await listUsers(c.var.db);
  // After a change the list says what happened, naming the user from the database, not the URL.
  const done = c.req.method === 'GET' ? c.req.query('done') : undefined;
  const changed = users.find((user) => user.id === c.req.query('user'));
  const notice = done && changed && NOTICES[done] ? NOTICES[done](changed.name) : undefined;
  return c.html(doctype(<UsersPage viewer={viewerOf(c)} users={users} invitations={invitations} notice={notice} {...extra} />), status);
}

/** The user id in the path, or a 404 for anything that is not one. */
function userIdOf(c: Context<AppEnv>): string {
  const result = v.safeParse(UserIdSchema, c.req.param('id'));
  if (!result.success) throw new AppError('not_found', 'There is no such user');
  return result.output;
}


/** Runs a change to one user, then shows the list with a notice, or the refusal as a problem. */
async function changeUser(c: Context<AppEnv>, kind: keyof typeof NOTICES, change: (userId: string) => Promise<string>) {
  try {
    const userId = userIdOf(c);
    await change(userId);
    return c.redirect(`/studio/users?done=${kind}&user=${userId}`, 303);
  } catch (error) {
    if (error instanceof AppError && error.code === 'conflict') return renderUsers(c, { problem: error.message }, 409);
    throw error;
  }
}

/** `/studio/users`: admins manage who can use the workspace. */
export function userRoutes() {
  const app = new Hono<AppEnv>();
  const admin = requireRole('admin');

  app.get('/', admin, (c) => renderUsers(c));

  app.post('/invite', admin, async (c) => {
    const values = typedValues(await c.req.parseBody(), ['email', 'role']);
    const parsed = parseForm(InviteFormSchema, values);
    if (!parsed.ok) return renderUsers(c, { invite: { values, errors: parsed.errors } }, 422);
    const viewer = viewerOf(c);
    try {
      const { token, expiresAt } = await inviteUser(c.var.db, c.var.identity!, parsed.output, clientIp(c));
      const link = `${new URL(c.req.url).origin}/invite/${token}`;
      c.header('cache-control', 'no-store');
      return c.html(doctype(<InvitationCreatedPage viewer={viewer} email={parsed.output.email} role={parsed.output.role} link={link} expiresAt={expiresAt} />), 201);
    } catch (error) {
      if (error instanceof AppError && error.code === 'conflict') return renderUsers(c, { invite: { values, errors: error.fields ?? {} } }, 422);
      throw error;
    }
  });

  app.post('/:id/role', admin, async (c) => {
    const parsed = parseForm(RoleFormSchema, typedValues(await c.req.parseBody(), ['role']));
    if (!parsed.ok) return renderUsers(c, { problem: parsed.errors.role }, 422);
    return changeUser(c, 'role', (id) => changeUserRole(c.var.db, c.var.identity!, id, parsed.output.role, clientIp(c)));
  });

  app.post('/:id/deactivate', admin, (c) => changeUser(c, 'deactivated', (id) => deactivateUser(c.var.db, c.var.identity!, id, clientIp(c))));
  app.post('/:id/reactivate', admin, (c) => changeUser(c, 'reactivated', (id) => reactivateUser(c.var.db, c.var.identity!, id, clientIp(c))));

  return app;
}
