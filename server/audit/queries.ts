import type { Insertable, Kysely } from 'kysely';
import type { AuditLogTable, Database } from '../db/schema.ts';

/** Appends one entry; the audit log has no update or delete queries by design. */
export async function insertAuditEntry(db: Kysely<Database>, row: Insertable<AuditLogTable>) {
  await db.insertInto('audit_log').values(row).execute();
}
