import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../app.ts';
import { requireRole, viewerOf } from '../auth/middleware.ts';
import { listUsers } from '../users/service.ts';
import { AuditPage } from '../../web/views/studio/audit-page.tsx';
import { AuditQuerySchema } from './schemas.ts';
import { readAuditLog } from './service.ts';

/** `/studio/audit`: admins read the audit log. */
export function auditRoutes() {
  return new Hono<AppEnv>().get('/', requireRole('admin'), async (c) => {
    const query = v.parse(AuditQuerySchema, c.req.query());
    const [log, { users }] = await Promise.all([
      readAuditLog(c.var.db, { action: query.action, userId: query.user, page: query.page ?? 1 }),
      listUsers(c.var.db),
    ]);
    const people = users.map((user) => ({ id: user.id, label: `${user.name} (${user.email})` }));
    return c.html(`<!doctype html>${String(<AuditPage viewer={viewerOf(c)} log={log} users={people} filter={{ action: query.action, user: query.user }} />)}`);
  });
}
