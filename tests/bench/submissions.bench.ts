// `npm run bench`: durable submissions per second against a bare /healthz baseline, both measured in
// the same run on the real server (a child process) with autocannon at 32 connections.
//
//   BENCH_DURATION=10      seconds per measured run
//   BENCH_CONNECTIONS=32   concurrent clients
//   BENCH_ENGINES=sqlite   skip PostgreSQL (default: sqlite,postgres; PostgreSQL is skipped with a
//                          note when neither BENCH_DATABASE_URL nor the server binaries are available)
//   BENCH_DATABASE_URL     an existing PostgreSQL server to use (a throwaway database is created on
//                          it and dropped afterwards) instead of a throwaway cluster
//
// Exit status: 0 when every submission was answered 201 and every acknowledged one is stored, even if
// the speed target is missed (this is a measurement); 1 on any error.
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import {
  START_FOR_LIFE,
  START_FOR_LIFE_ANSWERS,
  createSurveysDir,
  startServer,
  type ServerProcess,
} from '../support/server-process.ts';

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const ENGINES = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',');
const TARGET_RPS = 2000;
const TARGET_P99_MS = 50;
const CLUSTER_SCRIPT = join(import.meta.dirname, '..', 'support', 'postgres-cluster.sh');
const SUBMIT_PATH = `/api/surveys/${START_FOR_LIFE.slug}/responses`;
// Linux reports process times in clock ticks of 1/100 s on every architecture Node runs on.
const CLOCK_TICKS = 100;

interface Measured {
  label: string;
  requests: number;
  /** Server CPU time (user + system, all threads) per request, when /proc tells us; steadier than
   * req/s on a machine shared with other work. */
  cpuMicrosPerRequest: number | undefined;
  rps: number;
  p50: number;
  p99: number;
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
}

interface EngineReport {
  engine: string;
  healthz: Measured;
  submissions: Measured;
  acknowledged: number;
  stored: number;
  missing: number;
  problems: string[];
}

function statusCounts(result: autocannon.Result): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) out[code] = stat.count ?? 0;
  return out;
}

/** The CPU seconds a process has used so far, from /proc (Linux); undefined elsewhere. */
function cpuSecondsOf(pid: number | undefined): number | undefined {
  try {
    // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** Runs one measurement and notes how much server CPU it took. */
async function measure(label: string, server: ServerProcess, run: () => Promise<autocannon.Result>): Promise<Measured> {
  const cpuBefore = cpuSecondsOf(server.child.pid);
  const result = await run();
  const cpuAfter = cpuSecondsOf(server.child.pid);
  const cpu = cpuBefore === undefined || cpuAfter === undefined ? undefined : ((cpuAfter - cpuBefore) * 1e6) / Math.max(1, result.requests.total);
  return summarise(label, result, cpu);
}

function summarise(label: string, result: autocannon.Result, cpuMicrosPerRequest: number | undefined): Measured {
  return {
    label,
    requests: result.requests.total,
    cpuMicrosPerRequest,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    statuses: statusCounts(result),
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/** Runs autocannon against GET /healthz. */
async function runHealthz(server: ServerProcess, duration: number): Promise<autocannon.Result> {
  return autocannon({ url: `${server.baseUrl}/healthz`, connections: CONNECTIONS, duration });
}

/** Runs autocannon against the submission endpoint, each request with a fresh submissionId; the id of
 * every response answered 201 is collected so the stored rows can be checked one by one afterwards. */
async function runSubmissions(server: ServerProcess, duration: number, acknowledged: string[]): Promise<autocannon.Result> {
  const bodies: string[] = [];
  const result = await autocannon({
    url: server.baseUrl,
    connections: CONNECTIONS,
    duration,
    requests: [
      {
        method: 'POST',
        path: SUBMIT_PATH,
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => {
          request.body = JSON.stringify({ submissionId: randomUUID(), version: START_FOR_LIFE.version, answers: START_FOR_LIFE_ANSWERS });
          return request;
        },
        // Parsing waits until after the run so the client spends as little CPU as possible while measuring.
        onResponse: (status, body) => {
          if (status === 201) bodies.push(body);
        },
      },
    ],
  });
  for (const body of bodies) acknowledged.push((JSON.parse(body) as { id: string }).id);
  return result;
}

/** Which of the acknowledged response ids are not in the database, and how many rows there are. */
async function checkStored(databaseUrl: string, ids: string[]): Promise<{ stored: number; missing: string[]; problems: string[] }> {
  const problems: string[] = [];
  let present: Set<string>;
  let stored: number;
  if (databaseUrl.startsWith('sqlite:')) {
    // Opened read-write, as the restarted server would be, so SQLite recovers the WAL the killed
    // server left behind before we count.
    const sqlite = new SQLite(databaseUrl.slice('sqlite:'.length));
    try {
      present = new Set((sqlite.prepare('SELECT id FROM responses').all() as { id: string }[]).map((row) => row.id));
      stored = present.size;
      const integrity = sqlite.pragma('integrity_check', { simple: true });
      if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
      const foreign = sqlite.pragma('foreign_key_check') as unknown[];
      if (foreign.length > 0) problems.push(`foreign_key_check: ${foreign.length} violation(s)`);
    } finally {
      sqlite.close();
    }
  } else {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      present = new Set((await client.query<{ id: string }>('SELECT id FROM responses')).rows.map((row) => row.id));
      stored = present.size;
    } finally {
      await client.end();
    }
  }
  return { stored, missing: ids.filter((id) => !present.has(id)), problems };
}

/** Starts a server on the database, warms it up, measures /healthz then submissions, SIGKILLs it
 * (so nothing but committed data can survive) and checks every acknowledged submission is stored. */
async function benchEngine(engine: string, databaseUrl: string, surveysDir: string): Promise<EngineReport> {
  const server = await startServer({ databaseUrl, surveysDir });
  const acknowledged: string[] = [];
  try {
    process.stdout.write(`[${engine}] warming up...\n`);
    await runHealthz(server, 2);
    const warm = await runSubmissions(server, 3, acknowledged);
    if (warm.non2xx > 0 || warm.errors > 0) process.stdout.write(`[${engine}] warm-up saw ${warm.non2xx} non-2xx, ${warm.errors} errors\n`);
    process.stdout.write(`[${engine}] measuring GET /healthz for ${DURATION}s...\n`);
    const healthz = await measure('GET /healthz', server, () => runHealthz(server, DURATION));
    process.stdout.write(`[${engine}] measuring POST submissions for ${DURATION}s...\n`);
    const submissions = await measure('POST responses', server, () => runSubmissions(server, DURATION, acknowledged));
    await server.kill('SIGKILL');
    const check = await checkStored(databaseUrl, acknowledged);
    const problems = [...check.problems];
    const non201 = Object.entries(submissions.statuses).filter(([code]) => code !== '201');
    if (non201.length > 0) problems.push(`submissions answered ${non201.map(([code, n]) => `${n} x ${code}`).join(', ')}`);
    if (submissions.errors > 0 || submissions.timeouts > 0) problems.push(`submissions: ${submissions.errors} errors, ${submissions.timeouts} timeouts`);
    if (healthz.errors > 0 || Object.keys(healthz.statuses).some((code) => code !== '200')) problems.push(`healthz: ${JSON.stringify(healthz.statuses)}, ${healthz.errors} errors`);
    if (check.missing.length > 0) problems.push(`${check.missing.length} acknowledged submission(s) are not stored, e.g. ${check.missing[0]}`);
    // A request in flight when autocannon stopped may be stored without having been counted; more
    // than one per connection per run would mean rows appeared from nowhere.
    if (check.stored > acknowledged.length + 2 * CONNECTIONS) problems.push(`${check.stored} rows stored for ${acknowledged.length} acknowledged`);
    return { engine, healthz, submissions, acknowledged: acknowledged.length, stored: check.stored, missing: check.missing.length, problems };
  } finally {
    await server.kill('SIGKILL');
  }
}

const pad = (value: string | number, width: number) => String(value).padStart(width);

function printReport(report: EngineReport) {
  const { healthz, submissions } = report;
  const ratio = submissions.rps / healthz.rps;
  const meets = submissions.rps >= TARGET_RPS && submissions.p99 < TARGET_P99_MS;
  console.log(`\n=== ${report.engine}: ${CONNECTIONS} connections, ${DURATION}s per run ===`);
  console.log(`${'endpoint'.padEnd(16)}${pad('req/s', 10)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}${pad('requests', 10)}${pad('server CPU µs/req', 19)}  statuses`);
  const cpu = (row: Measured) => (row.cpuMicrosPerRequest === undefined ? 'n/a' : row.cpuMicrosPerRequest.toFixed(0));
  for (const row of [healthz, submissions]) {
    console.log(
      `${row.label.padEnd(16)}${pad(row.rps.toFixed(0), 10)}${pad(row.p50, 9)}${pad(row.p99, 9)}${pad(row.requests, 10)}${pad(cpu(row), 19)}  ${JSON.stringify(row.statuses)}`,
    );
  }
  const cpuRatio =
    healthz.cpuMicrosPerRequest && submissions.cpuMicrosPerRequest ? `; server CPU per request ${(submissions.cpuMicrosPerRequest / healthz.cpuMicrosPerRequest).toFixed(2)}x healthz` : '';
  console.log(`submissions/healthz ratio: ${ratio.toFixed(3)} (req/s); p99 ${submissions.p99} ms vs ${healthz.p99} ms${cpuRatio}`);
  console.log(`acknowledged (201, incl. warm-up): ${report.acknowledged}; rows stored after SIGKILL: ${report.stored}; missing: ${report.missing}`);
  console.log(
    `target (>= ${TARGET_RPS} durable submissions/s, p99 < ${TARGET_P99_MS} ms): ${meets ? 'PASS' : 'FAIL'} ` +
      `(${submissions.rps.toFixed(0)}/s, p99 ${submissions.p99} ms)`,
  );
  if (report.problems.length > 0) console.log(`ERRORS:\n  ${report.problems.join('\n  ')}`);
}

/** A throwaway PostgreSQL database: on BENCH_DATABASE_URL's server, or on a throwaway cluster. */
async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> } | string> {
  let adminUrl = process.env.BENCH_DATABASE_URL;
  let clusterDir: string | undefined;
  if (!adminUrl) {
    try {
      const started = execFileSync('bash', [CLUSTER_SCRIPT, 'start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
      [clusterDir, adminUrl] = started.split(' ') as [string, string];
    } catch (error) {
      return `no PostgreSQL (set BENCH_DATABASE_URL or install the server binaries): ${String(error).split('\n')[0]}`;
    }
  }
  const stopCluster = () => {
    if (clusterDir) execFileSync('bash', [CLUSTER_SCRIPT, 'stop', clusterDir]);
  };
  const name = `attune_bench_${randomBytes(6).toString('hex')}`;
  try {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
  } catch (error) {
    stopCluster();
    throw error;
  }
  return {
    url: adminUrl.replace(/\/[^/]*$/, `/${name}`),
    drop: async () => {
      try {
        const admin = new pg.Client({ connectionString: adminUrl });
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      } finally {
        stopCluster();
      }
    },
  };
}

/** Benchmarks each engine in turn and prints a table per engine. */
async function main(): Promise<number> {
  const surveysDir = createSurveysDir();
  const reports: EngineReport[] = [];
  try {
    if (ENGINES.includes('sqlite')) {
      const dir = mkdtempSync(join(tmpdir(), 'attune-bench-'));
      try {
        reports.push(await benchEngine('SQLite (WAL, synchronous=FULL)', `sqlite:${join(dir, 'bench.sqlite')}`, surveysDir));
        printReport(reports.at(-1)!);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    if (ENGINES.includes('postgres')) {
      const database = await createPostgresDatabase();
      if (typeof database === 'string') {
        console.log(`\n[PostgreSQL] skipped: ${database}`);
      } else {
        try {
          reports.push(await benchEngine('PostgreSQL (optional, not the target engine)', database.url, surveysDir));
          printReport(reports.at(-1)!);
        } finally {
          await database.drop();
        }
      }
    }
  } finally {
    rmSync(surveysDir, { recursive: true, force: true });
  }
  const failed = reports.filter((report) => report.problems.length > 0);
  if (failed.length > 0) {
    console.log(`\nBench FAILED with errors on: ${failed.map((report) => report.engine).join(', ')}`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
