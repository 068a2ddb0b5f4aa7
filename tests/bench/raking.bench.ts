// `npx tsx tests/bench/raking.bench.ts`: times raking 1,000,000 synthetic respondents on 3 variables
// (gender 2, age band 6, region 12 categories, sample skewed against the targets) and prints ms.
// A measurement, not a test: the aim is well under 1 second; the exit status is 1 only on an error.
import { rake, summariseWeights } from '../../server/analysis/index.ts';

const N = Number(process.env.BENCH_RESPONDENTS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

// A fixed-seed generator, so every run rakes the same sample.
let seed = 20240223;
function random(): number {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 2 ** 32;
}

// Each respondent's category is drawn from shares that may depend on the row (to correlate variables).
function column(sharesFor: (i: number) => number[]): Int32Array {
  const values = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    const shares = sharesFor(i);
    let u = random();
    let c = 0;
    while (c < shares.length - 1 && u >= shares[c]!) u -= shares[c++]!;
    values[i] = c;
  }
  return values;
}

const normalise = (xs: number[]) => xs.map((x) => x / xs.reduce((a, b) => a + b, 0));
// Sample shares differ from the targets, as an online panel's would, and age depends on gender and
// region on age, so raking needs several passes (independent variables would settle in two or three).
const gender = column(() => [0.38, 0.62]);
const ageShares = [normalise([2, 6, 12, 12, 10, 8]), normalise([6, 12, 12, 8, 6, 3])];
const age = column((i) => ageShares[gender[i]!]!);
const regionShares = [normalise([5, 12, 9, 8, 9, 10, 14, 20, 9, 5, 4, 2]), normalise([5, 12, 9, 8, 9, 10, 14, 8, 9, 5, 8, 6])];
const region = column((i) => regionShares[age[i]! < 3 ? 0 : 1]!);
const variables = [
  { name: 'gender', values: gender, targets: [0.49, 0.51] },
  { name: 'age', values: age, targets: normalise([11, 17, 16, 17, 16, 23]) },
  { name: 'region', values: region, targets: normalise([4, 11, 8, 7, 7, 9, 13, 14, 8, 5, 8, 3]) },
];

const times: number[] = [];
let last = rake(variables);
for (let run = 0; run < RUNS; run++) {
  const start = performance.now();
  last = rake(variables);
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
const summary = summariseWeights(last.weights);
console.log(`raking ${N.toLocaleString('en-GB')} respondents on 3 variables: median ${times[Math.floor(times.length / 2)]!.toFixed(1)} ms, best ${times[0]!.toFixed(1)} ms over ${RUNS} runs (after 1 warm-up)`);
console.log(`converged ${last.converged} in ${last.iterations} iterations, max margin error ${last.maxMarginError.toExponential(2)}, n_eff ${summary.effectiveSampleSize.toFixed(0)}, efficiency ${((summary.efficiency ?? 0) * 100).toFixed(1)}%`);
if (!last.converged) process.exitCode = 1;
