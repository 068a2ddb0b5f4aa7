// `npm run bench -- import` (or `npx tsx tests/bench/import.bench.ts`): times importing a generated Start
// for Life file of BENCH_IMPORT_ROWS respondents (default 100,000) into a fresh database, then importing the same file again.
// SQLite, then PostgreSQL: on BENCH_DATABASE_URL's server when set, else on a throwaway cluster (a scratch database is
// created on it and dropped afterwards). A measurement, not a test: the target is under 30 seconds
// for 100,000 rows; the exit status is 1 only on an error or an import that does not succeed.
import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase } from '../../server/db/connect.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { importResponses } from '../../server/imports/service.ts';
import { publishSurveyFolder } from '../../server/surveys/service.ts';
import { startForLifeCsv } from '../imports/delivered-csv.ts';

const CLUSTER_SCRIPT = join(import.meta.dirname, '..', 'support', 'postgres-cluster.sh');
const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const SURVEYS = join(import.meta.dirname, '..', '..', 'surveys');
const dir = mkdtempSync(join(tmpdir(), 'attune-import-timing-'));
const file = join(dir, `start-for-life-${ROWS}.csv`);

let started = performance.now();
writeFileSync(file, startForLifeCsv(ROWS));
console.log(`Generated ${ROWS.toLocaleString('en-GB')} rows (${(statSync(file).size / 1e6).toFixed(1)} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s`);

async function timeEngine(label: string, url: string): Promise<void> {
  const handle = openDatabase(url);
  try {
    await migrateToLatest(handle.db);
    await publishSurveyFolder(handle.db, SURVEYS);
    for (const pass of ['import', 're-import']) {
      started = performance.now();
      const report = await importResponses(
        handle.db,
        { slug: 'start-for-life-parents', version: 1, fileName: 'timing.csv', source: createReadStream(file) },
        { actor: { label: 'cli' }, ip: null },
      );
      const seconds = (performance.now() - started) / 1000;
      if (report.outcome !== 'imported') throw new Error(`${label} ${pass}: ${report.problemCount} problems, e.g. ${JSON.stringify(report.problems[0])}`);
      console.log(`${label} ${pass}: ${seconds.toFixed(1)} s (target < 30 s: ${seconds < 30 ? 'PASS' : 'FAIL'}) (${report.inserted.toLocaleString('en-GB')} stored, ${report.alreadyImported.toLocaleString('en-GB')} already imported)`);
    }
  } finally {
    await handle.destroy();
  }
}

try {
  await timeEngine('SQLite', `sqlite:${join(dir, 'timing.sqlite')}`);
  // PostgreSQL on BENCH_DATABASE_URL's server, or on a throwaway cluster as the test suite uses.
  let server = process.env.BENCH_DATABASE_URL;
  let clusterDir: string | undefined;
  if (!server) {
    try {
      [clusterDir, server] = execFileSync('bash', [CLUSTER_SCRIPT, 'start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().split(' ') as [string, string];
    } catch (error) {
      console.log(`PostgreSQL skipped (set BENCH_DATABASE_URL or install the server binaries): ${String(error).split('\n')[0]}`);
    }
  }
  if (server) {
    const name = `attune_import_timing_${process.pid}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    try {
      await timeEngine('PostgreSQL', server.replace(/\/[^/]*$/, `/${name}`));
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
      if (clusterDir) execFileSync('bash', [CLUSTER_SCRIPT, 'stop', clusterDir]);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
