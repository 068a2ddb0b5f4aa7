import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { openDatabase, type DatabaseHandle } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { AppError } from '../errors.ts';
import { formatProblem } from '../surveys/definition-rules.ts';
import { publishSurveyFolder, readSurveyFile } from '../surveys/service.ts';

const USAGE = `Usage: attune <command>

Commands:
  migrate                     Apply pending database migrations
  surveys validate FILE...    Check survey definition files; lists every problem, exits 1 if any
  surveys publish [DIR]       Publish every definition in DIR (default: SURVEYS_DIR)
  demo [--responses N]        Fill the example surveys with synthetic demo responses (N per survey;
                              default: the published sample size); surveys that already have
                              demo responses are skipped
  demo --remove               Delete every demo response
  users create --role admin|researcher|press --email EMAIL --name NAME
                              Create a user; pipe a password on stdin to set it, otherwise
                              a one-time link is printed for them to set their own
  responses import --survey SLUG --version N FILE.csv
                              Import a polling company's data file into a published version;
                              lists every problem by row and column and imports nothing
                              unless the whole file is valid (exit 1 if not)

Configuration comes from the environment: DATABASE_URL, SURVEYS_DIR (see README.md).`;

/** Opens the configured database for the length of one command, migrated unless told otherwise. */
async function withDatabase<T>(work: (handle: DatabaseHandle) => Promise<T>, options = { migrate: true }): Promise<T> {
  const config = loadConfig();
  const handle = openDatabase(config.databaseUrl);
  try {
    if (options.migrate) await migrateToLatest(handle.db);
    return await work(handle);
  } finally {
    await handle.destroy();
  }
}

async function validateFiles(files: string[]): Promise<number> {
  if (files.length === 0) {
    console.error('attune surveys validate: name at least one file');
    return 2;
  }
  let failures = 0;
  for (const file of files) {
    const result = await readSurveyFile(file);
    if (result.problems.length === 0) {
      console.log(`${file}: valid (${result.definition!.slug} version ${result.definition!.version})`);
      continue;
    }
    failures++;
    console.error(`${file}: ${result.problems.length} problem(s)`);
    for (const problem of result.problems) console.error(`  ${formatProblem(problem)}`);
  }
  return failures > 0 ? 1 : 0;
}

/** Runs one CLI command and returns its exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'migrate': {
      const applied = await withDatabase((handle) => migrateToLatest(handle.db), { migrate: false });
      console.log(applied.length > 0 ? `Applied ${applied.join(', ')}` : 'Database is up to date');
      return 0;
    }
    case 'surveys': {
      const [sub, ...args] = rest;
      if (sub === 'validate') return validateFiles(args);
      if (sub === 'publish') {
        const dir = args[0] ?? loadConfig().surveysDir;
        const outcomes = await withDatabase((handle) => publishSurveyFolder(handle.db, dir));
        for (const o of outcomes) console.log(`${o.slug} version ${o.version}: ${o.outcome}`);
        return 0;
      }
      break;
    }
    case 'users': {
      const [sub, ...args] = rest;
      if (sub === 'create') {
        const { createUserCommand } = await import('./users-command.ts');
        return createUserCommand(args, withDatabase);
      }
      break;
    }
    case 'responses': {
      const [sub, ...args] = rest;
      if (sub === 'import') {
        const { importResponsesCommand } = await import('./responses-command.ts');
        return importResponsesCommand(args, withDatabase);
      }
      break;
    }
    case 'demo': {
      const { values } = parseArgs({ args: rest, options: { remove: { type: 'boolean' }, responses: { type: 'string' } } });
      const { fillDemoResponses, removeDemoResponses } = await import('../demo/service.ts');
      if (values.remove) {
        const removed = await withDatabase((handle) => removeDemoResponses(handle.db));
        console.log(`Removed ${removed} demo responses`);
        return 0;
      }
      const perSurvey = values.responses === undefined ? undefined : Number(values.responses);
      if (perSurvey !== undefined && (!Number.isInteger(perSurvey) || perSurvey < 1)) {
        console.error('--responses must be a whole number of 1 or more');
        return 2;
      }
      const config = loadConfig();
      const summary = await withDatabase(async (handle) => {
        await publishSurveyFolder(handle.db, config.surveysDir);
        return fillDemoResponses(handle.db, { perSurvey });
      });
      for (const line of summary) {
        if (line.skipped === 'already-has-demo')
          console.log(`${line.slug}: skipped, already has ${line.existing} demo responses (run "attune demo --remove" first to regenerate)`);
        else if (line.skipped === 'not-published') console.log(`${line.slug}: skipped, not published`);
        else console.log(`${line.slug}: added ${line.added} demo responses`);
      }
      console.log('Demo responses are synthetic and flagged as demo data; remove them all with "attune demo --remove".');
      return 0;
    }
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE);
      return command === undefined ? 2 : 0;
  }
  console.error(`Unknown command: ${argv.join(' ')}\n\n${USAGE}`);
  return 2;
}

try {
  process.exitCode = await runCli(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof AppError || error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
