// `npx tsx tests/bench/export.bench.ts`: memory (rss) and time of the streamed CSV export over
// 10,000 and 100,000 responses to start-for-life-parents on SQLite, to show that memory stays flat
// whatever the size. For contrast it also measures loadDataset (every answer in memory) on the
// same data. Each measurement runs in a fresh child process (node --expose-gc), so one never
// inherits another's heap; the parent builds the databases and prints the table.
//
//   BENCH_EXPORT_ROWS=10000,100000   the sizes to measure
//
// A measurement, not a test: the exit status is 1 only on an error (or an incomplete file).
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../server/app.ts';
import { createUserSession, newUserId } from '../../server/auth/identity.ts';
import { loadDataset } from '../../server/datasets/service.ts';
import type { NewResponseRow } from '../../server/db/schema.ts';
import { openDatabase } from '../../server/db/connect.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { createRandom, generateDemoResponses } from '../../server/demo/generate.ts';
import { DEMO_TARGETS } from '../../server/demo/targets.ts';
import { getLatestSurvey, publishSurveyFolder } from '../../server/surveys/service.ts';

const SLUG = 'start-for-life-parents';
const SURVEYS_DIR = join(import.meta.dirname, '..', '..', 'surveys');
const DISTINCT_ANSWER_SETS = 10_000;

interface Measured {
  mode: 'export' | 'loadDataset';
  rows: number;
  baselineMb: number;
  /** Highest rss while weights and flags are worked out, before the first byte (export) or while loading (loadDataset). */
  preparePeakMb: number;
  /** Highest rss while the rows stream out (export only). */
  streamPeakMb: number | null;
  /** Live heap (after a full GC) when 10%, 50% and 90% of the file has been read (export only). */
  liveHeapMb: number[];
  ms: number;
  bytes: number;
  lines: number;
}

const mb = (bytes: number) => bytes / 1024 / 1024;

/** A SQLite database with `rows` complete responses (demo-generated answers, cycled), for the children to read. */
async function buildDatabase(rows: number): Promise<{ url: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'attune-export-bench-'));
  const url = `sqlite:${join(dir, 'attune.sqlite')}`;
  const handle = openDatabase(url);
  await migrateToLatest(handle.db);
  await publishSurveyFolder(handle.db, SURVEYS_DIR);
  const survey = await getLatestSurvey(handle.db, SLUG);
  const target = DEMO_TARGETS.find((candidate) => candidate.slug === SLUG)!;
  const answerSets = generateDemoResponses(survey.definition, target, Math.min(rows, DISTINCT_ANSWER_SETS)).map((response) => JSON.stringify(response.answers));
  const random = createRandom(20240223);
  const start = Date.parse('2024-02-23T08:00:00Z');
  await handle.db.transaction().execute(async (trx) => {
    for (let from = 0; from < rows; from += 500) {
      const batch: NewResponseRow[] = [];
      for (let i = from; i < Math.min(rows, from + 500); i++) {
        const submitted = start + i * 3000;
        batch.push({
          id: randomUUID(),
          submission_id: `bench-${i}`,
          payload_hash: 'bench',
          survey_slug: SLUG,
          survey_version: survey.version,
          status: 'complete',
          answers: answerSets[i % answerSets.length]!,
          reference: `BENCH-${i}`,
          source: 'import',
          is_demo: 0,
          language: 'en',
          started_at: new Date(submitted - Math.round(120_000 + random() * 600_000)).toISOString(),
          submitted_at: new Date(submitted).toISOString(),
          panel_id: `P${Math.floor(random() * rows * 2)}`,
          invitation_id: null,
        });
      }
      await trx.insertInto('responses').values(batch).execute();
    }
  });
  await handle.destroy();
  return { url, dir };
}

/** In the child: one measurement, printed as a JSON line. */
async function measure(mode: Measured['mode'], url: string, rows: number): Promise<Measured> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run the child with --expose-gc');
  const handle = openDatabase(url);
  const app = createApp({ db: handle.db, config: { logRequests: false } });
  const userId = newUserId();
  const now = new Date().toISOString();
  await handle.db.insertInto('users').values({ id: userId, email: `bench-${userId}@example.org`, name: 'Bench', role: 'researcher', password_hash: 'not used', status: 'active', created_at: now, updated_at: now }).execute();
  const token = await createUserSession(handle.db, userId);
  // Warm the code paths on a tiny export of another survey, so the baseline includes loaded modules.
  await (await app.request('/api/surveys/pif-public/export.csv', { headers: { cookie: `attune_session=${token}` } })).arrayBuffer();
  gc();
  gc();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().rss);
  };
  const timer = setInterval(sample, 5);
  const started = performance.now();
  let bytes = 0;
  let lines = 0;
  let preparePeak = baseline;
  let streamPeak: number | null = null;
  const liveHeap: number[] = [];
  if (mode === 'export') {
    const res = await app.request(`/api/surveys/${SLUG}/export.csv`, { headers: { cookie: `attune_session=${token}` } });
    if (res.status !== 200) throw new Error(`export answered ${res.status}: ${await res.text()}`);
    sample();
    preparePeak = peak;
    peak = process.memoryUsage().rss;
    const reader = res.body!.getReader();
    const checkpoints = [0.1, 0.5, 0.9].map((share) => Math.round(share * rows));
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      for (let at = value.indexOf(10); at !== -1; at = value.indexOf(10, at + 1)) lines++;
      sample();
      // A full GC at a few points shows what the export keeps alive, as opposed to garbage not yet collected.
      while (checkpoints.length > 0 && lines - 1 >= checkpoints[0]!) {
        checkpoints.shift();
        gc();
        liveHeap.push(mb(process.memoryUsage().heapUsed));
      }
    }
    streamPeak = peak;
  } else {
    const dataset = await loadDataset(handle.db, SLUG);
    sample();
    preparePeak = peak;
    lines = dataset.rows.length + 1;
  }
  const ms = performance.now() - started;
  clearInterval(timer);
  await handle.destroy();
  if (lines !== rows + 1) throw new Error(`${mode} gave ${lines - 1} rows, expected ${rows}`);
  return {
    mode,
    rows,
    baselineMb: mb(baseline),
    preparePeakMb: mb(preparePeak),
    streamPeakMb: streamPeak === null ? null : mb(streamPeak),
    liveHeapMb: liveHeap,
    ms,
    bytes,
    lines,
  };
}

async function main(): Promise<void> {
  const [, , flag, mode, url, rows] = process.argv;
  if (flag === '--child') {
    console.log(JSON.stringify(await measure(mode as Measured['mode'], url!, Number(rows))));
    return;
  }
  const sizes = (process.env.BENCH_EXPORT_ROWS ?? '10000,100000').split(',').map(Number);
  const results: Measured[] = [];
  for (const size of sizes) {
    const { url, dir } = await buildDatabase(size);
    try {
      for (const mode of ['export', 'loadDataset'] as const) {
        const output = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', import.meta.filename, '--child', mode, url, String(size)], { encoding: 'utf8' });
        results.push(JSON.parse(output.trim().split('\n').at(-1)!) as Measured);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log('CSV export of start-for-life-parents on SQLite; rss in MB (after start-up -> peak), live heap in MB after a full GC');
  for (const r of results) {
    const rows = r.rows.toLocaleString('en-GB').padStart(8);
    const prepare = `+${(r.preparePeakMb - r.baselineMb).toFixed(0)}`;
    if (r.mode === 'export') {
      console.log(
        `${rows} rows  export.csv    rss ${r.baselineMb.toFixed(0)}; weights and flags peak ${prepare}; streaming rows peak +${(r.streamPeakMb! - r.baselineMb).toFixed(0)}; ` +
          `live heap at 10/50/90% ${r.liveHeapMb.map((x) => x.toFixed(1)).join(' / ')}; ${(r.ms / 1000).toFixed(2)} s, ${(r.bytes / 1024 / 1024).toFixed(1)} MB of CSV`,
      );
    } else {
      console.log(`${rows} rows  loadDataset  rss ${r.baselineMb.toFixed(0)}; peak ${prepare} (every answer in memory, for contrast); ${(r.ms / 1000).toFixed(2)} s`);
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
