import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'attune-demo-cli-'));

/** Runs the real `attune` command against one private SQLite file shared by the tests below. */
function attune(...args: string[]) {
  const result = spawnSync(process.execPath, ['server/cli/attune.mjs', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'demo.sqlite')}`, SURVEYS_DIR: 'surveys' },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the example survey files', () => {
  it('all pass `attune surveys validate`', () => {
    const files = readdirSync(join(ROOT, 'surveys')).filter((name) => name.endsWith('.json')).map((name) => `surveys/${name}`);
    expect(files).toEqual(expect.arrayContaining(['surveys/start-for-life-parents.v1.json', 'surveys/pif-public.v1.json', 'surveys/pif-professionals.v1.json']));
    const result = attune('surveys', 'validate', ...files);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('surveys/pif-public.v1.json: valid (pif-public version 1)');
    expect(result.stdout).toContain('surveys/pif-professionals.v1.json: valid (pif-professionals version 1)');
    expect(result.code).toBe(0);
  });
});

describe('attune demo', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fills each example survey with the number of responses asked for', () => {
    const result = attune('demo', '--responses', '50');
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('start-for-life-parents: added 50 demo responses');
    expect(result.stdout).toContain('pif-public: added 50 demo responses');
    expect(result.stdout).toContain('pif-professionals: added 50 demo responses');
    expect(result.stdout).toContain('attune demo --remove');
    expect(result.code).toBe(0);
  });

  it('skips surveys that already have demo responses, and says so', () => {
    const result = attune('demo', '--responses', '50');
    expect(result.stdout).toContain('start-for-life-parents: skipped, already has 50 demo responses');
    expect(result.stdout).not.toContain('added');
    expect(result.code).toBe(0);
  });

  it('removes every demo response with --remove', () => {
    const result = attune('demo', '--remove');
    expect(result.stdout).toContain('Removed 150 demo responses');
    expect(result.code).toBe(0);
    expect(attune('demo', '--remove').stdout).toContain('Removed 0 demo responses');
  });

  it('refuses a --responses that is not a whole number of 1 or more, with exit code 2', () => {
    const result = attune('demo', '--responses', '0');
    expect(result.stderr).toContain('--responses must be a whole number of 1 or more');
    expect(result.code).toBe(2);
  });
});
