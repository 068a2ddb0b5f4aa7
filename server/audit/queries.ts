import type { Insertable, Kysely } from 'kysely';
import type { AuditLogTable, Database } from '../db/schema.ts';

/** Appends one entry; the audit log has no update or delete queries by design. */
export async function insertAuditEntry(db: Kysely<Database>, row: Insertable<AuditLogTable>) {
  await db.insertInto('audit_log').values(row).execute();
}

/** Filters for reading the audit log. */
export interface AuditFilter {
  action?: string;
  actorUserId?: string;
}

function filtered(db: Kysely<Database>, filter: AuditFilter) {
  let query = db.selectFrom('audit_log');
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.actorUserId) query = query.where('actor_user_id', '=', filter.actorUserId);
  return query;
}

/** One page of entries, newest first (the id breaks ties between entries of the same instant). */
export function listAuditEntries(db: Kysely<Database>, filter: AuditFilter, limit: number, offset: number) {
  return filtered(db, filter).selectAll().orderBy('occurred_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute();
}

export async function countAuditEntries(db: Kysely<Database>, filter: AuditFilter): Promise<number> {
  const row = await filtered(db, filter).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every action that appears in the log, for the filter. */
export async function listAuditActions(db: Kysely<Database>): Promise<string[]> {
  return (await db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute()).map((row) => row.action);
}
