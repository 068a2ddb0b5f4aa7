import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { createApp, type App } from '../server/app.ts';
import { createUserSession, newUserId } from '../server/auth/identity.ts';
import { hashPassword } from '../server/auth/passwords.ts';
import type { Role } from '../server/db/schema.ts';
import { openDatabase, type DatabaseHandle, type Engine } from '../server/db/connect.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { checkDefinition, formatProblem } from '../server/surveys/definition-rules.ts';
import type { SurveyDefinition } from '../server/surveys/schema.ts';
import { publishSurveyFolder, publishSurveyVersion } from '../server/surveys/service.ts';

/** The engines this run covers: both, unless ATTUNE_TEST_ENGINES=sqlite was asked for. */
export const ENGINES: Engine[] = inject('postgresUrl') ? ['sqlite', 'postgres'] : ['sqlite'];

export const EXAMPLE_SURVEYS_DIR = join(import.meta.dirname, '..', 'surveys');

export interface TestDatabase extends DatabaseHandle {
  /** The URL a separate server process could open. */
  url: string;
  /** Closes connections and deletes the database. */
  drop(): Promise<void>;
}

/** A fresh, empty, migrated database of the given engine: a temp SQLite file, or a new
 * PostgreSQL database on the test cluster. */
export async function createTestDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'attune-test-'));
    const url = `sqlite:${join(dir, 'attune.sqlite')}`;
    const handle = openDatabase(url);
    await migrateToLatest(handle.db);
    return {
      ...handle,
      url,
      drop: async () => {
        await handle.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const adminUrl = inject('postgresUrl');
  if (!adminUrl) throw new Error('No PostgreSQL for this run');
  const name = `attune_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = adminUrl.replace(/\/[^/]*$/, `/${name}`);
  const handle = openDatabase(url);
  await migrateToLatest(handle.db);
  return {
    ...handle,
    url,
    drop: async () => {
      await handle.destroy();
      const cleaner = new pg.Client({ connectionString: adminUrl });
      await cleaner.connect();
      await cleaner.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleaner.end();
    },
  };
}

export interface TestContext {
  app: App;
  database: TestDatabase;
}

/** A real app on a real migrated database, with the example surveys (or the given definitions) published. */
export async function createTestApp(
  engine: Engine,
  options: { definitions?: SurveyDefinition[]; examples?: boolean } = {},
): Promise<TestContext> {
  const database = await createTestDatabase(engine);
  if (options.examples ?? !options.definitions) await publishSurveyFolder(database.db, EXAMPLE_SURVEYS_DIR);
  for (const definition of options.definitions ?? []) await publishSurveyVersion(database.db, definition);
  const app = createApp({ db: database.db, config: { logRequests: false } });
  return { app, database };
}

/** Parses a definition document for a test, failing loudly if the fixture itself is invalid. */
export function definitionFrom(document: unknown): SurveyDefinition {
  const check = checkDefinition(document);
  if (!check.ok) throw new Error(`Invalid test fixture:\n${check.problems.map(formatProblem).join('\n')}`);
  return check.definition;
}

/** Sends a JSON body to the app. */
export function postJson(app: App, path: string, body: unknown, headers: Record<string, string> = {}) {
  return app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export interface SignedIn {
  user: { id: string; email: string; role: Role };
  /** Headers that send the session cookie. */
  headers: Record<string, string>;
  /** The CSRF token forms on this session must carry. */
  csrf: string;
}

/** Creates an active user of a role with a password and a signed-in session, without going through
 * the sign-in page (tests of the sign-in page itself do that). */
export async function signIn(ctx: TestContext, role: Role, email = `${role}-${randomBytes(4).toString('hex')}@example.org`): Promise<SignedIn> {
  const id = newUserId();
  const now = new Date().toISOString();
  await ctx.database.db
    .insertInto('users')
    .values({ id, email, name: `Test ${role}`, role, password_hash: await hashPassword(TEST_PASSWORD), status: 'active', created_at: now, updated_at: now })
    .execute();
  const token = await createUserSession(ctx.database.db, id);
  const session = await ctx.database.db.selectFrom('user_sessions').select('csrf_token').where('user_id', '=', id).executeTakeFirstOrThrow();
  return { user: { id, email, role }, headers: { cookie: `attune_session=${token}` }, csrf: session.csrf_token };
}

export const TEST_PASSWORD = 'correct horse battery staple';

/** Posts an HTML form as a signed-in user, with the CSRF field filled in. */
export function postForm(app: App, path: string, fields: Record<string, string | string[]>, as?: SignedIn) {
  const body = new URLSearchParams();
  if (as) body.append('_csrf', as.csrf);
  for (const [key, value] of Object.entries(fields)) for (const item of [value].flat()) body.append(key, item);
  return app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(as?.headers ?? {}) },
    body,
  });
}

/** Opts a survey in to public results, as a researcher would on its fieldwork page. */
export async function publishResults(ctx: TestContext, slug: string): Promise<void> {
  await ctx.database.db
    .insertInto('survey_settings')
    .values({ survey_slug: slug, public_results: 1, updated_at: new Date().toISOString() })
    .onConflict((oc) => oc.column('survey_slug').doUpdateSet({ public_results: 1 }))
    .execute();
}
