import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, ENGINES, type TestDatabase } from '../helpers.ts';
import {
  START_FOR_LIFE,
  START_FOR_LIFE_ANSWERS,
  createSurveysDir,
  startServer,
  type ServerProcess,
} from '../support/server-process.ts';

// The durability promise: a submission answered 2xx is committed. We submit from many concurrent
// clients to the real server process, SIGKILL it while requests are in flight (no shutdown hook
// runs, nothing is flushed), restart it on the same database and look for every acknowledged row.

const CLIENTS = 24;
const KILL_AFTER_ACKS = 300;
const MAX_PER_CLIENT = 200;
const LOAD_DEADLINE_MS = 20_000;

interface Acknowledged {
  body: string;
  status: number;
  id: string;
  reference: string;
}

interface LoadOutcome {
  acknowledged: Map<string, Acknowledged>;
  /** Requests sent but not yet answered when the server was killed. */
  inFlightAtKill: number;
  /** Every submission id sent, answered or not. */
  sent: number;
}

/** Submits from CLIENTS concurrent loops until KILL_AFTER_ACKS are acknowledged, then SIGKILLs the
 * server without waiting for the requests still in flight, and lets the loops run into the dead socket. */
async function submitUntilKilled(server: ServerProcess): Promise<LoadOutcome> {
  const url = `${server.baseUrl}/api/surveys/${START_FOR_LIFE.slug}/responses`;
  const acknowledged = new Map<string, Acknowledged>();
  const deadline = Date.now() + LOAD_DEADLINE_MS;
  let inFlight = 0;
  let inFlightAtKill = -1;
  let sent = 0;
  let killing: Promise<void> | undefined;

  const client = async () => {
    for (let i = 0; i < MAX_PER_CLIENT && !killing && Date.now() < deadline; i++) {
      const submissionId = randomUUID();
      const body = JSON.stringify({ submissionId, version: START_FOR_LIFE.version, answers: START_FOR_LIFE_ANSWERS });
      inFlight++;
      sent++;
      try {
        const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        const payload = (await response.json()) as { id: string; reference: string };
        if (response.ok) acknowledged.set(submissionId, { body, status: response.status, id: payload.id, reference: payload.reference });
        else throw new Error(`HTTP ${response.status}: ${JSON.stringify(payload)}`);
      } catch (error) {
        // After the kill, refused and reset connections are the point; before it, they are a failure.
        if (!killing) throw error;
        return;
      } finally {
        inFlight--;
      }
      if (acknowledged.size >= KILL_AFTER_ACKS && !killing) {
        inFlightAtKill = inFlight;
        killing = server.kill('SIGKILL');
      }
    }
  };

  await Promise.all(Array.from({ length: CLIENTS }, client));
  await killing;
  return { acknowledged, inFlightAtKill, sent };
}

describe.each(ENGINES)('crash recovery on %s', (engine) => {
  let database: TestDatabase;
  let surveysDir: string;
  const servers: ServerProcess[] = [];
  let outcome: LoadOutcome;
  let restarted: ServerProcess;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    surveysDir = createSurveysDir();
    const first = await startServer({ databaseUrl: database.url, surveysDir });
    servers.push(first);
    outcome = await submitUntilKilled(first);
    restarted = await startServer({ databaseUrl: database.url, surveysDir });
    servers.push(restarted);
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.kill('SIGKILL')));
    await database?.drop();
    if (surveysDir) rmSync(surveysDir, { recursive: true, force: true });
  });

  it('was killed mid-stream, after hundreds of acknowledgements, with requests still in flight', () => {
    expect(outcome.acknowledged.size).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    expect(outcome.inFlightAtKill).toBeGreaterThan(0);
    expect(servers[0]!.child.signalCode).toBe('SIGKILL');
    for (const ack of outcome.acknowledged.values()) expect(ack.status).toBe(201);
  });

  it('stores every acknowledged submission exactly once, under the id and reference it was answered with', async () => {
    const rows = await database.db.selectFrom('responses').select(['id', 'submission_id', 'reference', 'survey_slug', 'status']).execute();
    const bySubmission = new Map(rows.map((row) => [row.submission_id, row]));
    expect(bySubmission.size).toBe(rows.length);
    expect(new Set(rows.map((row) => row.id)).size).toBe(rows.length);

    const missing = [...outcome.acknowledged.keys()].filter((submissionId) => !bySubmission.has(submissionId));
    expect(missing).toEqual([]);
    for (const [submissionId, ack] of outcome.acknowledged) {
      const row = bySubmission.get(submissionId)!;
      expect({ id: row.id, reference: row.reference }).toEqual({ id: ack.id, reference: ack.reference });
    }
    // Requests cut off by the kill may or may not have committed; nothing else may appear.
    expect(rows.length).toBeGreaterThanOrEqual(outcome.acknowledged.size);
    expect(rows.length).toBeLessThanOrEqual(outcome.sent);
    expect(rows.length - outcome.acknowledged.size).toBeLessThanOrEqual(CLIENTS);
  });

  it('leaves a consistent database (SQLite: integrity_check and foreign_key_check)', async () => {
    if (engine === 'sqlite') {
      const integrity = await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(database.db);
      expect(integrity.rows).toEqual([{ integrity_check: 'ok' }]);
      const foreignKeys = await sql`PRAGMA foreign_key_check`.execute(database.db);
      expect(foreignKeys.rows).toEqual([]);
    }
    // On both engines: every response belongs to a published version.
    const orphans = await database.db
      .selectFrom('responses')
      .leftJoin('survey_versions', (join) =>
        join.onRef('survey_versions.survey_slug', '=', 'responses.survey_slug').onRef('survey_versions.version', '=', 'responses.survey_version'),
      )
      .where('survey_versions.version', 'is', null)
      .select('responses.id')
      .execute();
    expect(orphans).toEqual([]);
  });

  it('answers a replay of an acknowledged submission with 200 and the same id after the restart', async () => {
    const url = `${restarted.baseUrl}/api/surveys/${START_FOR_LIFE.slug}/responses`;
    const sample = [...outcome.acknowledged.values()].slice(-5);
    for (const ack of sample) {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: ack.body });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ id: ack.id, reference: ack.reference });
    }
  });

  it('serves and stores new submissions after the restart', async () => {
    const before = await database.db.selectFrom('responses').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const url = `${restarted.baseUrl}/api/surveys/${START_FOR_LIFE.slug}/responses`;
    const body = JSON.stringify({ submissionId: randomUUID(), version: START_FOR_LIFE.version, answers: START_FOR_LIFE_ANSWERS });
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(response.status).toBe(201);
    const after = await database.db.selectFrom('responses').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n) + 1);
    expect((await fetch(`${restarted.baseUrl}/healthz`)).status).toBe(200);
  });
});
