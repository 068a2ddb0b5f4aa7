import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyPassword } from '../../server/auth/passwords.ts';
import { openDatabase } from '../../server/db/connect.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** Runs `attune users ...` on a private SQLite database, with `input` piped on stdin. */
function run(databaseUrl: string, args: string[], input = '') {
  const result = spawnSync(process.execPath, ['server/cli/attune.mjs', 'users', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    input,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '4321' },
    timeout: 30_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const freshDatabase = () => `sqlite:${join(mkdtempSync(join(tmpdir(), 'attune-users-cli-')), 'cli.sqlite')}`;

describe('attune users create', () => {
  it('creates a user with the password piped on stdin, audited as the command line', async () => {
    const url = freshDatabase();
    const result = run(url, ['create', '--role', 'admin', '--email', 'Boss@Example.org', '--name', 'The Boss'], 'a long and memorable passphrase\n');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Created admin boss@example.org');
    const handle = openDatabase(url);
    try {
      const user = await handle.db.selectFrom('users').selectAll().where('email', '=', 'boss@example.org').executeTakeFirstOrThrow();
      expect(user).toMatchObject({ name: 'The Boss', role: 'admin', status: 'active' });
      expect(await verifyPassword(user.password_hash!, 'a long and memorable passphrase')).toBe(true);
      const audit = await handle.db.selectFrom('audit_log').select(['action', 'actor_label', 'actor_user_id']).execute();
      expect(audit).toEqual([{ action: 'user.created', actor_label: 'cli', actor_user_id: null }]);
    } finally {
      await handle.destroy();
    }
    const again = run(url, ['create', '--role', 'press', '--email', 'boss@example.org', '--name', 'Again'], 'another long passphrase\n');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('boss@example.org already has an account');
  });

  it('prints a one-time link when no password is piped', async () => {
    const url = freshDatabase();
    const result = run(url, ['create', '--role', 'researcher', '--email', 'res@example.org', '--name', 'Rita Researcher']);
    expect(result.code).toBe(0);
    const link = /http:\/\/localhost:4321\/invite\/([A-Za-z0-9_-]{43})/.exec(result.stdout);
    expect(link, result.stdout).not.toBeNull();
    const handle = openDatabase(url);
    try {
      const user = await handle.db.selectFrom('users').selectAll().where('email', '=', 'res@example.org').executeTakeFirstOrThrow();
      expect(user.password_hash).toBeNull();
      const { acceptInvitation } = await import('../../server/auth/service.ts');
      const identity = await acceptInvitation(handle.db, link![1]!, { name: 'Rita R', password: 'a long and memorable passphrase' }, 'test');
      expect(identity.user).toMatchObject({ id: user.id, role: 'researcher', name: 'Rita R' });
      const after = await handle.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
      expect(await verifyPassword(after.password_hash!, 'a long and memorable passphrase')).toBe(true);
      await expect(acceptInvitation(handle.db, link![1]!, { name: 'Again', password: 'a long and memorable passphrase' }, 'test')).rejects.toThrow(/expired or has already been used/);
    } finally {
      await handle.destroy();
    }
  });

  it('explains wrong usage with exit code 2 and a weak password with exit code 1', () => {
    const url = freshDatabase();
    const usage = run(url, ['create', '--role', 'owner', '--email', 'nope', '--name', 'X']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--role must be admin, researcher or press');
    expect(usage.stderr).toContain('--email: Enter an email address in the correct format');
    const weak = run(url, ['create', '--role', 'press', '--email', 'p@example.org', '--name', 'P'], 'short\n');
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('Password not accepted: Use at least 12 characters');
  });
});
