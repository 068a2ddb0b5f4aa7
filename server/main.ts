import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { createSetupLink } from './auth/service.ts';
import { openDatabase } from './db/connect.ts';
import { migrateToLatest } from './db/migrate.ts';
import { publishSurveyFolder } from './surveys/service.ts';

/** Starts Attune: config, database, migrations, survey definitions, then HTTP. */
async function main() {
  const config = loadConfig();
  const handle = openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(handle.db);
    const outcomes = await publishSurveyFolder(handle.db, config.surveysDir);
    for (const { slug, version, outcome } of outcomes) {
      if (outcome === 'published') console.log(`Published ${slug} version ${version}`);
    }
  } catch (error) {
    await handle.destroy();
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }

  // First run: with no users yet, a single-use link (a fresh one each start) creates the first admin.
  const setupToken = await createSetupLink(handle.db);
  const app = createApp({ db: handle.db, config });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    const where = handle.engine === 'sqlite' ? `SQLite (${config.databaseUrl})` : 'PostgreSQL';
    console.log(`Attune is listening on http://localhost:${info.port} with ${where}`);
    if (setupToken) {
      console.log(`\nNo accounts yet. Create the administrator account at this link (it works once and expires in 24 hours):`);
      console.log(`  http://localhost:${info.port}/setup/${setupToken}\n`);
    }
  });

  const shutdown = () => {
    server.close(() => void handle.destroy().then(() => process.exit(0)));
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

await main();
