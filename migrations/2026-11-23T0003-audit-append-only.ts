import { sql, type Kysely } from 'kysely';

// Frozen: written once, never edited. The audit log is append-only in the application (there are no
// update or delete queries for it); these triggers make the database refuse such changes too, so
// neither a bug nor someone with a SQL prompt can quietly rewrite history.

/** Whether this migration runs on PostgreSQL, by a probe both engines answer without error: a
 * comparison comes back as a boolean from PostgreSQL and as the integer 1 from SQLite. (A failing
 * probe would abort PostgreSQL's migration transaction, so none is allowed to fail.) */
async function isPostgres(db: Kysely<any>): Promise<boolean> {
  const { rows } = await sql<{ probe: unknown }>`select (1 < 2) as probe`.execute(db);
  return typeof rows[0]?.probe === 'boolean';
}

export async function up(db: Kysely<any>): Promise<void> {
  if (await isPostgres(db)) {
    await sql`
      create function audit_log_refuse_change() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_log is append-only: % is not allowed', tg_op;
      end
      $$`.execute(db);
    await sql`create trigger audit_log_no_update_or_delete before update or delete on audit_log
      for each row execute function audit_log_refuse_change()`.execute(db);
    await sql`create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_log_refuse_change()`.execute(db);
    return;
  }
  await sql`create trigger audit_log_no_update before update on audit_log
    begin select raise(abort, 'audit_log is append-only: UPDATE is not allowed'); end`.execute(db);
  await sql`create trigger audit_log_no_delete before delete on audit_log
    begin select raise(abort, 'audit_log is append-only: DELETE is not allowed'); end`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (await isPostgres(db)) {
    await sql`drop trigger if exists audit_log_no_truncate on audit_log`.execute(db);
    await sql`drop trigger if exists audit_log_no_update_or_delete on audit_log`.execute(db);
    await sql`drop function if exists audit_log_refuse_change()`.execute(db);
    return;
  }
  await sql`drop trigger if exists audit_log_no_delete`.execute(db);
  await sql`drop trigger if exists audit_log_no_update`.execute(db);
}
