import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import * as v from 'valibot';
import type { DatabaseHandle } from '../db/connect.ts';
import { AppError } from '../errors.ts';
import { VersionNumberSchema } from '../imports/schemas.ts';
import { importResponses, type ImportProblem, type ResponseImportReport } from '../imports/service.ts';
import { SlugSchema } from '../surveys/schema.ts';

const USAGE = 'Usage: attune responses import --survey SLUG --version N FILE.csv';

/** Where a problem is, as a person reads it: `row 3 (line 4), column q_region`. */
export function formatImportProblem(problem: ImportProblem): string {
  const where: string[] = [];
  if (problem.row !== null) where.push(`row ${problem.row}${problem.line !== null ? ` (line ${problem.line})` : ''}`);
  else if (problem.line === 1) where.push('header');
  else if (problem.line !== null) where.push(`line ${problem.line}`);
  else where.push('file');
  if (problem.column !== null) where.push(`column ${problem.column}`);
  return `${where.join(', ')}: ${problem.message}`;
}

const count = (n: number, word: string) => `${n.toLocaleString('en-GB')} ${word}${n === 1 ? '' : 's'}`;

function printReport(file: string, report: ResponseImportReport): void {
  if (report.outcome === 'imported') {
    console.log(
      `${file}: imported into ${report.slug} version ${report.version}: ${count(report.rows, 'row')} read, ` +
        `${count(report.inserted, 'new response')} stored, ${report.alreadyImported.toLocaleString('en-GB')} already imported.`,
    );
    for (const warning of report.warnings) console.log(`  warning: ${warning}`);
    return;
  }
  console.error(`${file}: ${count(report.problemCount, 'problem')}; nothing was imported (rows count from 1 under the header, lines from 1 at the header).`);
  for (const problem of report.problems) console.error(`  ${formatImportProblem(problem)}`);
  if (report.problems.length < report.problemCount) {
    console.error(`  … and ${count(report.problemCount - report.problems.length, 'more problem')} (the first ${report.problems.length.toLocaleString('en-GB')} are listed)`);
  }
  for (const warning of report.warnings) console.error(`  warning: ${warning}`);
}

/** `attune responses import --survey SLUG --version N FILE.csv`: exit 0 when imported (or already
 * imported), 1 when the file is invalid or the survey version is not published, 2 for wrong usage. */
export async function importResponsesCommand(
  args: string[],
  withDatabase: <T>(work: (handle: DatabaseHandle) => Promise<T>) => Promise<T>,
): Promise<number> {
  let parsed: { values: { survey?: string; version?: string }; positionals: string[] };
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { survey: { type: 'string' }, version: { type: 'string' } } });
  } catch (error) {
    console.error(`attune responses import: ${error instanceof Error ? error.message : error}\n${USAGE}`);
    return 2;
  }
  const problems: string[] = [];
  const slug = v.safeParse(SlugSchema, parsed.values.survey);
  if (!slug.success) problems.push(parsed.values.survey === undefined ? '--survey is required' : `--survey: ${slug.issues[0].message}`);
  const version = v.safeParse(VersionNumberSchema, parsed.values.version);
  if (!version.success) problems.push(parsed.values.version === undefined ? '--version is required' : `--version ${version.issues[0].message}`);
  if (parsed.positionals.length !== 1) problems.push('name exactly one CSV file');
  if (!slug.success || !version.success || problems.length > 0) {
    for (const problem of problems) console.error(`attune responses import: ${problem}`);
    console.error(USAGE);
    return 2;
  }

  const file = parsed.positionals[0]!;
  try {
    if (!statSync(file).isFile()) throw new Error('not a file');
  } catch (error) {
    console.error(`attune responses import: cannot read ${file}: ${error instanceof Error ? error.message : error}`);
    return 1;
  }
  try {
    const report = await withDatabase((handle) =>
      importResponses(
        handle.db,
        { slug: slug.output, version: version.output, fileName: basename(file), source: createReadStream(file) },
        { actor: { label: 'cli' }, ip: null },
      ),
    );
    printReport(file, report);
    return report.outcome === 'imported' ? 0 : 1;
  } catch (error) {
    if (error instanceof AppError && (error.code === 'not_found' || error.code === 'conflict')) {
      console.error(`attune responses import: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
