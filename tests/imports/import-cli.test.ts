import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishSurveyFolder } from '../../server/surveys/service.ts';
import { createTestDatabase, ENGINES, EXAMPLE_SURVEYS_DIR, type TestDatabase } from '../helpers.ts';
import { csvOf, startForLifeCsv } from './delivered-csv.ts';

// `attune responses import` as a user runs it, on a database of each engine: the report on stdout or
// stderr, and the exit code (0 imported, 1 invalid file or unpublished version, 2 wrong usage).

const ROOT = join(import.meta.dirname, '..', '..');
const SLUG = 'start-for-life-parents';

/** Runs the CLI without blocking the test process (a PostgreSQL test database lives in it). */
function attune(args: string[], databaseUrl: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['server/cli/attune.mjs', ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe.each(ENGINES)('attune responses import (%s)', (engine) => {
  let database: TestDatabase;
  const dir = mkdtempSync(join(tmpdir(), 'attune-import-cli-'));
  const valid = join(dir, 'censuswide.csv');
  const broken = join(dir, 'broken.csv');

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    await publishSurveyFolder(database.db, EXAMPLE_SURVEYS_DIR);
    writeFileSync(valid, startForLifeCsv(120));
    // Two parents of a generated file, the second given an unknown region and a worded number.
    const [header, good] = parse(startForLifeCsv(1)) as string[][];
    const bad = header!.map((column, i) => (column === 'respondent_id' ? 'X2' : column === 'q_region' ? '13' : column === 'q_children_under2' ? 'two' : good![i]!));
    const fresh = good!.map((cell, i) => (header![i] === 'respondent_id' ? 'X1' : cell));
    writeFileSync(broken, csvOf([...header!, 'q_postcode'], [...fresh, 'SW1'], [...bad, 'N1']));
  });
  afterAll(async () => {
    await database?.drop();
  });

  const count = async () =>
    Number((await database.db.selectFrom('responses').select((eb) => eb.fn.countAll<number>().as('n')).where('survey_slug', '=', SLUG).executeTakeFirstOrThrow()).n);

  it('imports a valid file, then finds it already imported', async () => {
    const first = await attune(['responses', 'import', '--survey', SLUG, '--version', '1', valid], database.url);
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain(`${valid}: imported into ${SLUG} version 1: 120 rows read, 120 new responses stored, 0 already imported.`);
    expect(first.code).toBe(0);
    expect(await count()).toBe(120);

    const again = await attune(['responses', 'import', '--survey', SLUG, '--version', '1', valid], database.url);
    expect(again.stdout).toContain('120 rows read, 0 new responses stored, 120 already imported.');
    expect(again.code).toBe(0);
    expect(await count()).toBe(120);

    const audit = await database.db.selectFrom('audit_log').select(['actor_label', 'detail']).where('action', '=', 'responses.imported').orderBy('occurred_at').execute();
    expect(audit.map((entry) => [entry.actor_label, JSON.parse(entry.detail).inserted, JSON.parse(entry.detail).alreadyImported])).toEqual([
      ['cli', 120, 0],
      ['cli', 0, 120],
    ]);
  });

  it('lists every problem with its row and column, imports nothing and exits 1', async () => {
    const before = await count();
    const result = await attune(['responses', 'import', '--survey', SLUG, '--version', '1', broken], database.url);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`${broken}: 3 problems; nothing was imported`);
    expect(result.stderr).toContain('  header, column q_postcode: unknown column: not a question of start-for-life-parents version 1');
    expect(result.stderr).toContain('  row 2 (line 3), column q_region: unknown code "13" (the codes are 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)');
    expect(result.stderr).toContain('  row 2 (line 3), column q_children_under2: bad number "two"');
    expect(await count()).toBe(before);
  });

  it('names a version that is not published', async () => {
    const unpublished = await attune(['responses', 'import', '--survey', SLUG, '--version', '4', valid], database.url);
    expect(unpublished.code).toBe(1);
    expect(unpublished.stderr).toContain('Survey "start-for-life-parents" has no published version 4 (published: 1)');
  });
});

describe('attune responses import usage', () => {
  it('explains its usage with exit code 2, before opening any database', async () => {
    const usage = await attune(['responses', 'import', '--survey', SLUG, 'file.csv'], 'sqlite:/nonexistent/folder/never-created.sqlite');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--version is required');
    expect(usage.stderr).toContain('Usage: attune responses import --survey SLUG --version N FILE.csv');
  });
});
