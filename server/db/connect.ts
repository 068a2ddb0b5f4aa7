import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

export type Engine = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  engine: Engine;
  /** Closes every connection. */
  destroy(): Promise<void>;
}

/** Tells which engine a DATABASE_URL names: postgres:// URLs are PostgreSQL, anything else a SQLite file. */
export function engineOf(databaseUrl: string): Engine {
  return /^postgres(ql)?:\/\//.test(databaseUrl) ? 'postgres' : 'sqlite';
}

/** The SQLite file a `sqlite:PATH` (or bare path) URL names; `:memory:` stays in memory. */
export function sqlitePathOf(databaseUrl: string): string {
  const path = databaseUrl.startsWith('sqlite:') ? databaseUrl.slice('sqlite:'.length) : databaseUrl;
  return path === ':memory:' ? path : resolve(path);
}

/** Opens the database a URL names, creating the SQLite file and its folder on first use. */
export function openDatabase(databaseUrl: string): DatabaseHandle {
  if (engineOf(databaseUrl) === 'postgres') {
    // COUNT and SUM come back as int8/numeric; our counts fit comfortably in a double.
    const types = {
      getTypeParser: (oid: number, format?: 'text' | 'binary') =>
        oid === 20 || oid === 1700 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format),
    };
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, types } as pg.PoolConfig);
    // An idle connection the server ends (a restart, or a dropped test database) is only logged: the
    // pool replaces it on next use, whereas an unhandled 'error' event would crash the process.
    pool.on('error', (error) => console.error(`PostgreSQL connection lost: ${error.message}`));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, engine: 'postgres', destroy: () => db.destroy() };
  }

  const path = sqlitePathOf(databaseUrl);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  // WAL lets readers run beside the writer; synchronous=FULL makes every commit durable
  // before we answer 2xx; the busy timeout covers a CLI command writing while the server runs.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, engine: 'sqlite', destroy: () => db.destroy() };
}
