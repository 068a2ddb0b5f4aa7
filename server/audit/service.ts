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
  | 'user.password_set'
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
  | 'responses.deleted'
  | 'responses.imported'
  | 'weighting.saved'
  | 'weighting.deleted'
  | 'press.item_saved'
  | 'press.item_deleted'
  | 'press.item_published'
  | 'press.exported'
  | 'press.disclosure_changed'
  | 'press.disclosure_overridden'
  | 'press.brand_changed';

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

/** One entry as the audit page shows it. */
export interface AuditEntry {
  id: string;
  occurredAt: string;
  actor: string;
  actorUserId: string | null;
  action: string;
  subject: string | null;
  detail: Record<string, unknown>;
  ip: string | null;
}

export const AUDIT_PAGE_SIZE = 50;

/** A page of the audit log, newest first, optionally for one action and one acting user. */
export async function readAuditLog(
  db: Kysely<Database>,
  filter: { action?: string; userId?: string; page: number },
): Promise<{ entries: AuditEntry[]; total: number; page: number; pages: number; actions: string[] }> {
  const where = { action: filter.action, actorUserId: filter.userId };
  const [total, actions] = await Promise.all([queries.countAuditEntries(db, where), queries.listAuditActions(db)]);
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const page = Math.min(Math.max(1, filter.page), pages);
  const rows = await queries.listAuditEntries(db, where, AUDIT_PAGE_SIZE, (page - 1) * AUDIT_PAGE_SIZE);
  return {
    entries: rows.map((row) => ({
      id: row.id,
      occurredAt: row.occurred_at,
      actor: row.actor_label,
      actorUserId: row.actor_user_id,
      action: row.action,
      subject: row.subject,
      detail: parseDetail(row.detail),
      ip: row.ip,
    })),
    total,
    page,
    pages,
    actions,
  };
}

function parseDetail(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
  } catch {
    return { text };
  }
}
