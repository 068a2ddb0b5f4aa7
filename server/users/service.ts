import type { Kysely } from 'kysely';
import type { Identity } from '../auth/identity.ts';
import { newUserId } from '../auth/identity.ts';
import { hashPassword, passwordProblem } from '../auth/passwords.ts';
import * as authQueries from '../auth/queries.ts';
import { createOneTimeLink } from '../auth/service.ts';
import { recordAudit, type AuditActor } from '../audit/service.ts';
import type { Database, Role } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import * as queries from './queries.ts';

// Managing who may use the workspace: invitations, roles, deactivation. Admins cannot lock the
// workspace out: nobody may deactivate or demote themselves, nor the last active admin.

export interface UserSummary {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** "invited" is an account created by `attune users create` whose owner has not set a password yet. */
  status: 'active' | 'deactivated' | 'invited';
  createdAt: string;
  lastSignInAt: string | null;
}

export interface OpenInvitation {
  email: string;
  role: Role;
  invitedBy: string | null;
  createdAt: string;
  expiresAt: string;
}

/** Every user, and invitations still waiting to be accepted. */
export async function listUsers(db: Kysely<Database>, now = new Date()): Promise<{ users: UserSummary[]; invitations: OpenInvitation[] }> {
  const [rows, invitations] = await Promise.all([queries.listUsersWithLastSignIn(db), authQueries.listOpenInvitations(db, now.toISOString())]);
  return {
    users: rows.map((row) => ({
      id: row.id,
      email: row.email,
      name: row.name,
      role: row.role,
      status: row.status === 'active' && row.password_hash === null ? 'invited' : row.status,
      createdAt: row.created_at,
      lastSignInAt: (row.last_sign_in_at as string | null) ?? null,
    })),
    invitations: invitations.map((row) => ({
      email: row.email ?? '',
      role: (row.role ?? 'researcher') as Role,
      invitedBy: row.invited_by,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
    })),
  };
}

/** Invites a colleague: a single-use link valid for 7 days, replacing any earlier invitation to the
 * same address. The link's secret is returned once and never stored. */
export async function inviteUser(
  db: Kysely<Database>,
  actor: Identity,
  invite: { email: string; role: Role },
  ip: string,
  now = new Date(),
): Promise<{ token: string; expiresAt: string }> {
  return db.transaction().execute(async (trx) => {
    if (await authQueries.findUserByEmail(trx, invite.email))
      throw new AppError('conflict', `${invite.email} already has an account`, { email: `${invite.email} already has an account` });
    await authQueries.deleteUnusedLinks(trx, 'invite', invite.email);
    const link = await createOneTimeLink(trx, { purpose: 'invite', email: invite.email, role: invite.role, createdBy: actor.user.id }, now);
    await recordAudit(trx, { actor, action: 'user.invited', subject: invite.email, detail: { role: invite.role, expiresAt: link.expiresAt }, ip });
    return link;
  });
}

/** Loads a user for a change, refusing changes an admin makes to their own account. */
async function userForChange(db: Kysely<Database>, actor: Identity, userId: string, what: string) {
  const user = await authQueries.findUserById(db, userId);
  if (!user) throw new AppError('not_found', 'There is no such user');
  if (user.id === actor.user.id) throw new AppError('conflict', `You cannot ${what} your own account: ask another admin`);
  return user;
}

/** Refuses a change that would leave no active admin. */
async function keepAnAdmin(db: Kysely<Database>, user: { role: Role; status: string; name: string }, what: string) {
  if (user.role === 'admin' && user.status === 'active' && (await queries.countActiveAdmins(db)) <= 1)
    throw new AppError('conflict', `${user.name} is the last active admin: make someone else an admin before you ${what} them`);
}

/** Changes a user's role; it applies to their sessions and API tokens at once. */
export async function changeUserRole(db: Kysely<Database>, actor: Identity, userId: string, role: Role, ip: string): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const user = await userForChange(trx, actor, userId, 'change the role of');
    if (user.role === role) return user.name;
    if (role !== 'admin') await keepAnAdmin(trx, user, 'demote');
    await queries.updateUserRole(trx, user.id, role, new Date().toISOString());
    await recordAudit(trx, { actor, action: 'user.role_changed', subject: user.email, detail: { from: user.role, to: role }, ip });
    return user.name;
  });
}

/** Deactivates a user: their sessions end now and their API tokens stop working. */
export async function deactivateUser(db: Kysely<Database>, actor: Identity, userId: string, ip: string): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const user = await userForChange(trx, actor, userId, 'deactivate');
    if (user.status === 'deactivated') return user.name;
    await keepAnAdmin(trx, user, 'deactivate');
    await queries.updateUserStatus(trx, user.id, 'deactivated', new Date().toISOString());
    await authQueries.deleteSessionsOfUser(trx, user.id);
    await recordAudit(trx, { actor, action: 'user.deactivated', subject: user.email, detail: { role: user.role }, ip });
    return user.name;
  });
}

/** Lets a deactivated user sign in again (their unrevoked API tokens work again too). */
export async function reactivateUser(db: Kysely<Database>, actor: Identity, userId: string, ip: string): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const user = await userForChange(trx, actor, userId, 'reactivate');
    if (user.status === 'active') return user.name;
    await queries.updateUserStatus(trx, user.id, 'active', new Date().toISOString());
    await recordAudit(trx, { actor, action: 'user.reactivated', subject: user.email, detail: { role: user.role }, ip });
    return user.name;
  });
}

/** Creates a user from the command line: with a password, ready to sign in; without one, with an
 * invitation link for them to set it. */
export async function createUserFromCli(
  db: Kysely<Database>,
  input: { email: string; name: string; role: Role; password?: string },
  now = new Date(),
): Promise<{ id: string; inviteToken?: string; expiresAt?: string }> {
  if (input.password !== undefined) {
    const problem = passwordProblem(input.password, input.email);
    if (problem) throw new AppError('validation_failed', `Password not accepted: ${problem}`);
  }
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  const actor: AuditActor = { label: 'cli' };
  return db.transaction().execute(async (trx) => {
    if (await authQueries.findUserByEmail(trx, input.email)) throw new AppError('conflict', `${input.email} already has an account`);
    const at = now.toISOString();
    const id = newUserId();
    await authQueries.insertUser(trx, {
      id,
      email: input.email,
      name: input.name,
      role: input.role,
      password_hash: passwordHash,
      status: 'active',
      created_at: at,
      updated_at: at,
    });
    await recordAudit(trx, { actor, action: 'user.created', subject: input.email, detail: { role: input.role, via: 'command line' } });
    if (passwordHash !== null) return { id };
    await authQueries.deleteUnusedLinks(trx, 'invite', input.email);
    const link = await createOneTimeLink(trx, { purpose: 'invite', email: input.email, role: input.role, createdBy: null }, now);
    await recordAudit(trx, { actor, action: 'user.invited', subject: input.email, detail: { role: input.role, expiresAt: link.expiresAt } });
    return { id, inviteToken: link.token, expiresAt: link.expiresAt };
  });
}
