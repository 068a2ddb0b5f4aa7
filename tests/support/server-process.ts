import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

/** The example survey the crash test and the benchmark submit to. */
export const START_FOR_LIFE = { slug: 'start-for-life-parents', version: 1, file: 'start-for-life-parents.v1.json' } as const;

/** A complete, valid answer set for Start for Life version 1. */
export const START_FOR_LIFE_ANSWERS = {
  q_age_band: '3',
  q_parent_under2: '1',
  q_region: '7',
  q_gender: '1',
  q_children_under2: 1,
  q_aware_mh_before_2: '2',
  q_confidence_emotional: '4',
  q_welcome_support: '5',
  q_advice_outdated: { s_any_advice: '4', s_cry_it_out: '5', s_limit_affection: '4' },
  q_felt_guilty: '2',
};

/** A temp folder holding only a copy of the Start for Life definition, so a server started on it
 * publishes exactly one survey however many other examples `surveys/` gains. */
export function createSurveysDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'attune-server-surveys-'));
  copyFileSync(join(ROOT, 'surveys', START_FOR_LIFE.file), join(dir, START_FOR_LIFE.file));
  return dir;
}

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  baseUrl: string;
  /** Everything the child printed so far, for failure messages. */
  output(): string;
  /** Resolves once the child has exited (immediately if it already has). */
  exited: Promise<void>;
  /** Sends a signal and waits for the process to be gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts the real server (`server/main.ts`) as a child process on a free loopback port and waits
 * until it says it is listening. PORT=0 lets the kernel pick the port, so two runs never race for one. */
export function startServer(options: { databaseUrl: string; surveysDir: string; timeoutMs?: number }): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: options.databaseUrl,
      SURVEYS_DIR: options.surveysDir,
      LOG_REQUESTS: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };

  // Generous: on a loaded 2-core machine (CI running browser tests beside this), tsx compiling the
  // server and running its migrations has been seen to take over 20 s.
  const timeoutMs = options.timeoutMs ?? 60_000;
  let timedOut = false;
  return new Promise<ServerProcess>((resolve, reject) => {
    const timer = setTimeout(() => {
      timedOut = true;
      void kill().then(() => reject(new Error(`Server did not start within ${timeoutMs} ms:\n${output}`)));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on http:\/\/localhost:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        const port = Number(match[1]);
        resolve({ child, port, baseUrl: `http://127.0.0.1:${port}`, output: () => output, exited, kill });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      // After a timeout the kill above rejects with the reason; this would only hide it.
      if (!timedOut) reject(new Error(`Server exited (${signal ?? code}) before listening:\n${output}`));
    });
  });
}
