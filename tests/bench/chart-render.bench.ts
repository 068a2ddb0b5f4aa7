// `npx tsx tests/bench/chart-render.bench.ts` (also part of `npm run bench`): times a press chart's PNG
// export on the server (building the chart.js configuration from figures, drawing it with chart.js on
// @napi-rs/canvas with the bundled font, encoding the PNG), warm, against baselines of encoding an
// empty white canvas of the same size in the same run (with our encoder, and with the canvas library's), for three charts: two groups compared, a 12-bar
// question, and a diverging Likert chart of 6 statements; at 1x and 2x.
//
//   BENCH_RUNS=30     timed runs of each, after 3 warm-ups; the median is reported
//
// A measurement, not a test: the target (a PNG export under 200 ms) is reported, not enforced; the exit
// status is 1 only when something fails.
import { createCanvas } from '@napi-rs/canvas';
import { encodeOpaquePng } from '../../server/chart-render/png.ts';
import { renderPressChartPng } from '../../server/chart-render/render.ts';
import { buildPressChart, type PressChartBrand, type PressChartSettings } from '../../web/charts/press-chart.ts';
import { ANALYSIS_FUNCTION_PALETTE } from '../../web/charts/results-chart.ts';
import { figure, PARENTS, PROFESSIONALS, PUBLIC } from '../press-charts/figure-fixtures.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const TARGET_MS = 200;
const BRAND: PressChartBrand = { organisation: 'Parent-Infant Foundation', colours: [...ANALYSIS_FUNCTION_PALETTE], logo: null };

async function median(run: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 3; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const groups = () =>
  buildPressChart(
    [figure({ survey: PROFESSIONALS, percent: 97.2, n: 1012 }), figure({ survey: PUBLIC, percent: 74.8, n: 2003 })],
    { type: 'groups', categories: ['professionals', 'the public'], series: [{ label: '' }], cells: [{ category: 0, series: 0 }, { category: 1, series: 0 }], texts: {} },
    BRAND,
  );
const regions = Array.from({ length: 12 }, (_, i) => `Region ${i + 1}`);
const options = () =>
  buildPressChart(
    regions.map((_, i) => figure({ survey: PARENTS, percent: 3 + i * 1.7, n: 2006, statementText: null })),
    { type: 'options', categories: regions, series: [{ label: '' }], cells: regions.map((_, c) => ({ category: c, series: 0 })), texts: {} },
    BRAND,
  );
const roles = ['negative', 'negative', 'neutral', 'positive', 'positive', 'dontKnow'] as const;
const likertSettings: PressChartSettings = {
  type: 'likert',
  categories: Array.from({ length: 6 }, (_, c) => `Statement ${c + 1}`),
  series: roles.map((role, s) => ({ label: `Point ${s + 1}`, role })),
  cells: Array.from({ length: 36 }, (_, i) => ({ category: Math.floor(i / 6), series: i % 6 })),
  texts: {},
};
const likert = () => buildPressChart(Array.from({ length: 36 }, (_, i) => figure({ survey: PUBLIC, percent: [3, 8, 14, 38, 32, 5][i % 6]!, n: 2003 })), likertSettings, BRAND);

const blank = (scale: number) => {
  const canvas = createCanvas(1200 * scale, 675 * scale);
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  return canvas;
};
const baselines = new Map<number, number>();
for (const scale of [1, 2]) {
  const ours = await median(async () => {
    const canvas = blank(scale);
    return encodeOpaquePng(canvas.data(), canvas.width, canvas.height);
  });
  const library = await median(() => blank(scale).encode('png'));
  baselines.set(scale, ours);
  console.log(`baseline at ${scale}x: empty white canvas encoded as PNG, median of ${RUNS}: ${ours.toFixed(1)} ms (the canvas library's own encoder: ${library.toFixed(1)} ms)`);
}
let worst = 0;
for (const [name, build] of [['two groups', groups], ['12 bars', options], ['Likert, 6 rows', likert]] as const) {
  for (const scale of [1, 2]) {
    const ms = await median(() => renderPressChartPng(build(), scale));
    worst = Math.max(worst, ms);
    console.log(`${name} at ${scale}x (build + draw + encode): median ${ms.toFixed(1)} ms (${(ms - baselines.get(scale)!).toFixed(1)} ms over the baseline)`);
  }
}
console.log(`slowest median ${worst.toFixed(1)} ms; target under ${TARGET_MS} ms: ${worst < TARGET_MS ? 'met' : 'NOT met'}`);
