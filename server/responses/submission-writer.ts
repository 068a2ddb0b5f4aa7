import type { Kysely } from 'kysely';
import type { Database, NewResponseRow } from '../db/schema.ts';
import * as queries from './queries.ts';

export interface WriteResult {
  /** The id of the stored response: new, or the one already stored under this submission id. */
  id: string;
  reference: string;
  created: boolean;
  /** The payload hash of the stored row, so the caller can tell a replay from a conflict. */
  payloadHash: string;
  status: 'complete' | 'screened_out';
}

interface Pending {
  row: NewResponseRow;
  resolve: (result: WriteResult) => void;
  reject: (error: unknown) => void;
}

export interface SubmissionWriter {
  /** Stores a response durably (committed before the promise resolves), at most once per submission id. */
  write(row: NewResponseRow): Promise<WriteResult>;
}

// 15 columns x 256 rows stays far below SQLite's 32,766 and PostgreSQL's 65,535 bound parameters.
const MAX_BATCH = 256;
// How many more event-loop turns a batch may wait for while it is still growing.
const MAX_EXTRA_TURNS = 3;

async function writeOne(trx: Kysely<Database>, row: NewResponseRow): Promise<WriteResult> {
  const id = await queries.insertResponseIfNew(trx, row);
  if (id !== undefined) {
    return { id, reference: row.reference, created: true, payloadHash: row.payload_hash, status: row.status };
  }
  const existing = await queries.findResponseBySubmissionId(trx, row.submission_id);
  if (!existing) throw new Error(`Response for submission ${row.submission_id} vanished during insert`);
  return { id: existing.id, reference: existing.reference, created: false, payloadHash: existing.payload_hash, status: existing.status };
}

/** Writes a batch with one multi-row INSERT; only rows that were not inserted (their submission id
 * was already stored, or repeated within the batch) cost a second query, to read the stored row. */
async function writeBatch(trx: Kysely<Database>, rows: NewResponseRow[]): Promise<WriteResult[]> {
  const inserted = await queries.insertResponsesIfNew(trx, rows);
  const skipped = rows.filter((row) => !inserted.has(row.id));
  const stored = new Map(
    skipped.length === 0
      ? []
      : (await queries.findResponsesBySubmissionIds(trx, [...new Set(skipped.map((row) => row.submission_id))])).map((existing) => [
          existing.submission_id,
          existing,
        ]),
  );
  return rows.map((row) => {
    if (inserted.has(row.id)) {
      return { id: row.id, reference: row.reference, created: true, payloadHash: row.payload_hash, status: row.status };
    }
    const existing = stored.get(row.submission_id);
    if (!existing) throw new Error(`Response for submission ${row.submission_id} vanished during insert`);
    return { id: existing.id, reference: existing.reference, created: false, payloadHash: existing.payload_hash, status: existing.status };
  });
}

/** Group commit: submissions that arrive while a commit is in flight, or in the same turn of the
 * event loop, are written together in one transaction, so one fsync covers many responses. Each
 * caller is answered only after the transaction holding its row has committed. If a batch fails,
 * its rows are retried one by one so that one bad row cannot sink the others. */
export function createSubmissionWriter(db: Kysely<Database>): SubmissionWriter {
  let queue: Pending[] = [];
  let scheduled = false;
  let flushing = false;

  // better-sqlite3 commits synchronously, so a flush started by the first request of an event-loop
  // turn would commit it alone while the requests behind it wait, one fsync each. setImmediate runs
  // after the poll phase: by then every request whose bytes had arrived has been parsed and queued.
  // While a turn keeps adding rows (clients answered by the last commit are sending their next
  // submission) we wait a few more turns, which costs microseconds and saves whole fsyncs.
  function schedule() {
    if (scheduled || flushing || queue.length === 0) return;
    scheduled = true;
    let seen = queue.length;
    let turns = 0;
    const whenSettled = () => {
      if (queue.length > seen && queue.length < MAX_BATCH && turns < MAX_EXTRA_TURNS) {
        seen = queue.length;
        turns++;
        setImmediate(whenSettled);
        return;
      }
      scheduled = false;
      void flush();
    };
    setImmediate(whenSettled);
  }

  async function flush() {
    flushing = true;
    const batch = queue.length <= MAX_BATCH ? queue : queue.slice(0, MAX_BATCH);
    queue = queue.length <= MAX_BATCH ? [] : queue.slice(MAX_BATCH);
    try {
      // Rows that leave a column out get its default explicitly: a multi-row VALUES list needs
      // every column in every row, and SQLite has no DEFAULT keyword inside VALUES.
      const rows = batch.map(({ row }) => ({
        ...row,
        is_demo: row.is_demo ?? 0,
        started_at: row.started_at ?? null,
        panel_id: row.panel_id ?? null,
        invitation_id: row.invitation_id ?? null,
      }));
      const results = await db.transaction().execute((trx) => writeBatch(trx, rows));
      batch.forEach((pending, i) => pending.resolve(results[i]!));
    } catch {
      for (const pending of batch) {
        try {
          pending.resolve(await db.transaction().execute((trx) => writeOne(trx, pending.row)));
        } catch (error) {
          pending.reject(error);
        }
      }
    } finally {
      flushing = false;
      schedule();
    }
  }

  return {
    write(row) {
      return new Promise<WriteResult>((resolve, reject) => {
        queue.push({ row, resolve, reject });
        schedule();
      });
    },
  };
}
