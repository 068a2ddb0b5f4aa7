// `npm run bench`: runs every bench (tests/bench/*.bench.ts) in turn, each in its own Node process (so one bench's heap,
// native modules and servers cannot slow the next), and exits 1 if any of them failed.
//
//   npm run bench                      all of them, in the order below
//   npm run bench -- crosstab raking   only those whose name contains one of the words
//
// Each bench reads its own BENCH_* variables (see the header of each file); they pass straight through.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

// Every *.bench.ts beside this file, so a new bench is picked up without editing this list; these
// run first, in this order, and any others after them alphabetically.
const FIRST = ['submissions', 'raking', 'crosstab'];
const found = readdirSync(import.meta.dirname)
  .filter((file) => file.endsWith('.bench.ts'))
  .map((file) => file.slice(0, -'.bench.ts'.length));
const rank = (name: string) => (FIRST.includes(name) ? FIRST.indexOf(name) : FIRST.length);
const BENCHES = found.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));

const wanted = process.argv.slice(2);
const chosen = wanted.length === 0 ? BENCHES : BENCHES.filter((name) => wanted.some((word) => name.includes(word)));
if (chosen.length === 0) {
  console.error(`no bench matches ${wanted.join(', ')}; the benches are ${BENCHES.join(', ')}`);
  process.exit(1);
}

const failed: string[] = [];
for (const name of chosen) {
  const file = join(import.meta.dirname, `${name}.bench.ts`);
  console.log(`\n=== ${name} (${file}) ===`);
  const start = performance.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit', env: process.env });
  const seconds = ((performance.now() - start) / 1000).toFixed(1);
  if (run.status === 0) console.log(`=== ${name}: done in ${seconds} s ===`);
  else {
    failed.push(name);
    console.log(`=== ${name}: FAILED (${run.error?.message ?? `exit ${run.status ?? run.signal}`}) after ${seconds} s ===`);
  }
}
if (failed.length > 0) {
  console.error(`\n${failed.length} of ${chosen.length} benches failed: ${failed.join(', ')}`);
  process.exit(1);
}
console.log(`\nall ${chosen.length} benches ran`);
