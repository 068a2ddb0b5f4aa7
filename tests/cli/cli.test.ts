import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const BROKEN = join(ROOT, 'tests', 'fixtures', 'surveys-broken');

/** Runs a command in the project folder with a private SQLite database. */
function run(command: string[], env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'attune-cli-'));
  const result = spawnSync(process.execPath, command, {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'cli.sqlite')}`, PORT: '0', ...env },
    timeout: 30_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('attune surveys validate', () => {
  it('passes valid files with exit code 0', () => {
    const result = run(['server/cli/attune.mjs', 'surveys', 'validate', 'surveys/start-for-life-parents.v1.json']);
    expect(result.stdout).toContain('surveys/start-for-life-parents.v1.json: valid (start-for-life-parents version 1)');
    expect(result.code).toBe(0);
  });

  it('lists every problem with its path and exits 1', () => {
    const result = run(['server/cli/attune.mjs', 'surveys', 'validate', join(BROKEN, 'broken-example.v1.json'), join(BROKEN, 'broken-shape.v1.json')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('pages[0].questions[2].options[4].code: duplicate code "4"');
    expect(result.stderr).toContain('pages[1].questions[0].showIf.question: "q_felt_guilty" is a question on this or a later page');
    expect(result.stderr).toContain('version: must be 1 or more');
    expect(result.stderr).toContain('metadata.population: is required');
    expect(result.stderr).toContain('pages[2].questions[1].scale: must be one of agree5, confidence4');
  });

  it('explains usage for an unknown command with exit code 2', () => {
    const result = run(['server/cli/attune.mjs', 'frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Unknown command: frobnicate');
  });
});

describe('attune migrate', () => {
  it('creates and migrates a new database, then reports it up to date', () => {
    const dir = mkdtempSync(join(tmpdir(), 'attune-cli-'));
    const env = { DATABASE_URL: `sqlite:${join(dir, 'fresh', 'attune.sqlite')}` };
    const first = run(['server/cli/attune.mjs', 'migrate'], env);
    expect(first.stdout).toContain('Applied 2026-11-23T0001-initial');
    expect(first.code).toBe(0);
    const second = run(['server/cli/attune.mjs', 'migrate'], env);
    expect(second.stdout).toContain('Database is up to date');
  });
});

describe('start-up', () => {
  it('refuses an invalid surveys folder with the same messages and exit code 1', () => {
    const result = run(['--import', 'tsx', 'server/main.ts'], { SURVEYS_DIR: BROKEN });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('broken-example.v1.json: pages[0].questions[2].options[4].code: duplicate code "4"');
    expect(result.stderr).toContain('not-json.json: cannot read as JSON');
  });

  it('refuses bad configuration before touching anything', () => {
    const dir = mkdtempSync(join(tmpdir(), 'attune-cli-'));
    writeFileSync(join(dir, 'x.json'), '{}');
    const result = run(['--import', 'tsx', 'server/main.ts'], { PORT: 'eighty' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Invalid configuration:\n\s+PORT:/);
  });
});
