import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

const clusterScript = fileURLToPath(new URL('./support/postgres-cluster.sh', import.meta.url));

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string | null;
  }
}

/** Every database test runs on SQLite and PostgreSQL. CI starts a cluster and sets
 * TEST_DATABASE_URL; otherwise we start a throwaway one here and stop it at the end.
 * ATTUNE_TEST_ENGINES=sqlite runs SQLite only, for a machine without PostgreSQL. */
export default function setup(project: TestProject) {
  const engines = (process.env.ATTUNE_TEST_ENGINES ?? 'sqlite,postgres').split(',');
  if (!engines.includes('postgres')) {
    project.provide('postgresUrl', null);
    return;
  }
  if (process.env.TEST_DATABASE_URL) {
    project.provide('postgresUrl', process.env.TEST_DATABASE_URL);
    return;
  }
  let started: string;
  try {
    started = execFileSync('bash', [clusterScript, 'start'], { encoding: 'utf8' }).trim();
  } catch (error) {
    throw new Error(
      'The tests need PostgreSQL: install Debian\'s postgresql package, set TEST_DATABASE_URL to a server, ' +
        'or run with ATTUNE_TEST_ENGINES=sqlite.\n' + String(error),
    );
  }
  const [dir, url] = started.split(' ');
  project.provide('postgresUrl', url!);
  return () => {
    execFileSync('bash', [clusterScript, 'stop', dir!]);
  };
}
