import type { Kysely } from 'kysely';
import type { Database, Role } from '../db/schema.ts';

/** Every user with when they last signed in (from the audit log), by name. */
export function listUsersWithLastSignIn(db: Kysely<Database>) {
  return db
    .selectFrom('users as u')
    .select((eb) => [
      'u.id',
      'u.email',
      'u.name',
      'u.role',
      'u.status',
      'u.password_hash',
      'u.created_at',
      eb
        .selectFrom('audit_log as a')
        .select((inner) => inner.fn.max('a.occurred_at').as('at'))
        .whereRef('a.actor_user_id', '=', 'u.id')
        .where('a.action', '=', 'auth.sign_in')
        .as('last_sign_in_at'),
    ])
    .orderBy('u.name')
    .orderBy('u.email')
    .execute();
}

export async function countActiveAdmins(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('role', '=', 'admin')
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function updateUserRole(db: Kysely<Database>, id: string, role: Role, at: string) {
  await db.updateTable('users').set({ role, updated_at: at }).where('id', '=', id).execute();
}

export async function updateUserStatus(db: Kysely<Database>, id: string, status: 'active' | 'deactivated', at: string) {
  await db.updateTable('users').set({ status, updated_at: at }).where('id', '=', id).execute();
}
