import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Identity } from '../auth/identity.ts';
import type { Database } from '../db/schema.ts';
import * as queries from './queries.ts';

/** The actions the audit log records. */
export type AuditAction =
  | 'auth.sign_in'
  | 'auth.sign_in_failed'
  | 'auth.sign_out'
  | 'user.created'
  | 'user.invited'
  | 'user.deactivated'
  | 'user.reactivated'
  | 'user.role_changed'
  | 'token.created'
  | 'token.revoked'
  | 'survey.created'
  | 'survey.draft_edited'
  | 'survey.draft_discarded'
  | 'survey.published'
  | 'survey.imported'
  | 'survey.exported'
  | 'survey.settings_changed'
  | 'invitations.created'
  | 'responses.viewed'
  | 'responses.exported'
  | 'responses.excluded'
  | 'responses.restored'
  | 'responses.deleted';

/** Who acted: a signed-in identity, or a named non-user actor such as the command line. */
export type AuditActor = Identity | { label: 'cli' | 'system' };

/** Appends an entry to the audit log. Called inside the same transaction as the change where there
 * is one, so the log never claims a change that did not happen. */
export async function recordAudit(
  db: Kysely<Database>,
  entry: { actor: AuditActor | null; action: AuditAction; subject?: string; detail?: Record<string, unknown>; ip?: string | null },
): Promise<void> {
  const actor = entry.actor;
  const isIdentity = actor !== null && 'user' in actor;
  await queries.insertAuditEntry(db, {
    id: randomUUID(),
    occurred_at: new Date().toISOString(),
    actor_user_id: isIdentity ? actor.user.id : null,
    actor_label: isIdentity ? actor.user.email : (actor?.label ?? 'anonymous'),
    action: entry.action,
    subject: entry.subject ?? null,
    detail: JSON.stringify(entry.detail ?? {}),
    ip: entry.ip ?? null,
  });
}
