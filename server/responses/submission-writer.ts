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

const MAX_BATCH = 256;

async function writeOne(trx: Kysely<Database>, row: NewResponseRow): Promise<WriteResult> {
  const id = await queries.insertResponseIfNew(trx, row);
  if (id !== undefined) {
    return { id, reference: row.reference, created: true, payloadHash: row.payload_hash, status: row.status };
  }
  const existing = await queries.findResponseBySubmissionId(trx, row.submission_id);
  if (!existing) throw new Error(`Response for submission ${row.submission_id} vanished during insert`);
  return { id: existing.id, reference: existing.reference, created: false, payloadHash: existing.payload_hash, status: existing.status };
}

/** Group commit: submissions that arrive while a commit is in flight are written together in the
 * next transaction, so one fsync covers many responses. Each caller is answered only after the
 * transaction holding its row has committed. If a batch fails, its rows are retried one by one so
 * that one bad row cannot sink the others. */
export function createSubmissionWriter(db: Kysely<Database>): SubmissionWriter {
  let queue: Pending[] = [];
  let flushing = false;

  async function flush() {
    flushing = true;
    try {
      while (queue.length > 0) {
        const batch = queue.slice(0, MAX_BATCH);
        queue = queue.slice(MAX_BATCH);
        try {
          const results = await db.transaction().execute(async (trx) => {
            const out: WriteResult[] = [];
            for (const pending of batch) out.push(await writeOne(trx, pending.row));
            return out;
          });
          batch.forEach((pending, i) => pending.resolve(results[i]!));
        } catch {
          for (const pending of batch) {
            try {
              pending.resolve(await db.transaction().execute((trx) => writeOne(trx, pending.row)));
            } catch (error) {
              pending.reject(error);
            }
          }
        }
      }
    } finally {
      flushing = false;
    }
  }

  return {
    write(row) {
      return new Promise<WriteResult>((resolve, reject) => {
        queue.push({ row, resolve, reject });
        if (!flushing) void flush();
      });
    },
  };
}
