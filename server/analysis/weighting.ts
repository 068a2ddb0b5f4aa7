// Raking (iterative proportional fitting) of respondent weights to population margins, and the Kish
// summary of a set of weights. Pure and columnar: category columns are Int32Array (0..k-1, negative =
// no value), weights are Float64Array, and the hot loops allocate nothing per iteration so that a
// million respondents rake in well under a second.
//
// Conventions, decided here once:
// - Weights are always on the "mean 1" scale (they sum to n, the number of respondents). Base weights
//   are rescaled to it first; raking only cares about their relative sizes.
// - One iteration is one pass over every variable in order. Converged means the largest absolute change
//   of any single weight over an iteration fell below `tolerance`, so `iterations` includes the final
//   pass that confirmed nothing moved (a single variable is exact after pass 1, reported as 2).
// - Missing values (any negative code: not asked, skipped) are refused by default, because a margin
//   silently fitted to only part of the sample is a common source of wrong weighted figures. With
//   `missing: 'keep'` a respondent with no value on a variable keeps its weight for that variable's step;
//   that variable's targets are then fitted among the respondents who have a value.
// - A target of 0 for a category that has respondents gives those respondents weight 0 (they are
//   deliberately excluded from the population); a positive target for a category with no respondents
//   (or no weight left) cannot be met by any weights and is reported as a failure, not thrown.
// - Trimming bounds apply to positive weights only: a zero weight is a deliberate exclusion (zero base
//   weight or zero target) and lifting it to `min` would undo that.

/** One weighting variable: each respondent's category and the population share of each category. */
export interface RakingVariable {
  /** Used in messages, e.g. "region". */
  name: string;
  /** Category index per respondent, 0..targets.length-1; negative (NOT_ASKED, SKIPPED) = no value. */
  values: Int32Array;
  /** Population proportion per category; must sum to 1 within 1e-9. */
  targets: ArrayLike<number>;
  /** Optional category labels, so a failure can name "Wales" rather than category 3. */
  labels?: readonly string[];
}

/** Options for `rake`; every field has a documented default. */
export interface RakingOptions {
  /** Design or selection weights to start from (non-negative, finite); every respondent 1 when absent. */
  baseWeights?: Float64Array;
  /** Budget of passes over all variables, shared with any trimming; default 100. */
  maxIterations?: number;
  /** Converged when no weight changes by this much in a pass (weights on the mean-1 scale); default 1e-10. */
  tolerance?: number;
  /** Bounds on the weights relative to mean 1 (min <= 1 <= max): clipped after convergence, then re-raked. */
  trim?: { min?: number; max?: number };
  /** 'refuse' (default) throws when a respondent has no value on a variable; 'keep' leaves them out of that variable's step. */
  missing?: 'refuse' | 'keep';
}

/** The outcome of raking: weights are always returned, `reason` says why they fall short when not converged. */
export interface RakingResult {
  converged: boolean;
  /** Passes over all variables actually made. */
  iterations: number;
  /** One weight per respondent, scaled to mean 1 (sum = n). */
  weights: Float64Array;
  /** Largest |weighted share - target| over every category of every variable, as a proportion. */
  maxMarginError: number;
  /** Why the weights are not a converged solution (set only when converged is false). */
  reason?: string;
}

/** The Kish summary of a set of weights. */
export interface WeightSummary {
  n: number;
  sum: number;
  /** Smallest and largest weight; null when there are no weights. */
  min: number | null;
  max: number | null;
  /** Kish effective sample size (sum w)^2 / sum w^2; 0 when every weight is 0. */
  effectiveSampleSize: number;
  /** n / n_eff; null when n_eff is 0. */
  designEffect: number | null;
  /** n_eff / n as a proportion (0..1); null when n is 0. */
  efficiency: number | null;
}

const TARGET_SUM_SLACK = 1e-9;

interface Prepared {
  name: string;
  values: Int32Array;
  targets: Float64Array;
  labels: readonly string[] | undefined;
  hasMissing: boolean;
  /** Scratch for the weighted total per category, reused every pass so the loop never allocates. */
  totals: Float64Array;
  factors: Float64Array;
}

/** Rakes respondent weights so that the weighted share of every category of every variable matches its target. */
export function rake(variables: readonly RakingVariable[], options: RakingOptions = {}): RakingResult {
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-10;
  const missing = options.missing ?? 'refuse';
  if (!Number.isInteger(maxIterations) || maxIterations < 1) throw new RangeError(`maxIterations must be a whole number >= 1, not ${maxIterations}`);
  if (!(tolerance > 0) || !Number.isFinite(tolerance)) throw new RangeError(`tolerance must be a finite number > 0, not ${tolerance}`);
  if (missing !== 'refuse' && missing !== 'keep') throw new RangeError(`missing must be 'refuse' or 'keep', not ${String(missing)}`);
  const trim = checkTrim(options.trim);
  if (variables.length === 0) throw new RangeError('raking needs at least one weighting variable');

  const n = variables[0]!.values.length;
  if (n === 0) throw new RangeError('raking needs at least one respondent');
  const prepared = variables.map((v) => prepare(v, n));
  const missingProblems = prepared
    .map((p) => ({ name: p.name, count: p.hasMissing ? countMissing(p.values) : 0 }))
    .filter((m) => m.count > 0);
  if (missing === 'refuse' && missingProblems.length > 0) {
    const list = missingProblems.map((m) => `${m.name}: ${m.count} of ${n} respondents have no value`).join('; ');
    throw new RangeError(`cannot rake with missing values (${list}); impute them, or pass missing: 'keep' to leave those respondents out of that variable's step`);
  }

  const weights = startingWeights(options.baseWeights, n);
  const result = (converged: boolean, iterations: number, reason?: string): RakingResult => {
    normaliseToMeanOne(weights, n);
    const out: RakingResult = { converged, iterations, weights, maxMarginError: maxMarginError(prepared, weights) };
    if (reason !== undefined) out.reason = reason;
    return out;
  };

  // Unreachable targets are found before iterating: no weights at all could meet them.
  const unreachable: string[] = [];
  for (const p of prepared) {
    accumulate(p, weights);
    const counts = categoryCounts(p);
    for (let c = 0; c < p.targets.length; c++) {
      if (p.targets[c]! <= 0) continue;
      if (counts[c] === 0) unreachable.push(`target category ${labelOf(p, c)} of ${p.name} has no respondents`);
      else if (p.totals[c] === 0) unreachable.push(`target category ${labelOf(p, c)} of ${p.name} has respondents but they all have base weight 0`);
    }
  }
  if (unreachable.length > 0) return result(false, 0, unreachable.join('; '));

  // One scratch copy for the per-pass change, allocated once.
  const previous = new Float64Array(n);
  let iterations = 0;
  let change = Infinity;
  while (iterations < maxIterations) {
    previous.set(weights);
    const outcome = rakePass(prepared, weights, n, previous);
    iterations++;
    if (typeof outcome === 'string') return result(false, iterations, outcome);
    change = outcome;
    if (change < tolerance) break;
  }
  if (!(change < tolerance)) {
    return result(false, iterations, `did not converge in ${plural(iterations, 'iteration')}: largest change ${change.toExponential(1)}`);
  }
  if (!trim || withinBounds(weights, trim.min, trim.max)) return result(true, iterations);

  // Trimming: clip (keeping the total at n), then re-rake. Re-raking one pass at a time between clips
  // reaches a state where bounds and margins both hold (a fixed point of clip-then-rake, the same one
  // a full re-rake after every clip aims at) in far fewer passes than re-raking to convergence each time.
  change = Infinity;
  while (iterations < maxIterations) {
    // The change is measured from the clipped weights: if re-raking them barely moves them, they meet
    // the bounds and the margins at once. (Measured from before the clip, a clip that re-raking simply
    // undoes would look like convergence.)
    trimToBounds(weights, trim.min, trim.max, n);
    previous.set(weights);
    const outcome = rakePass(prepared, weights, n, previous);
    iterations++;
    if (typeof outcome === 'string') {
      trimToBounds(weights, trim.min, trim.max, n);
      return result(false, iterations, `trimming: ${outcome}`);
    }
    change = outcome;
    if (change < tolerance) break;
  }
  // Finish on a clip so the bounds hold exactly; after convergence it moves weights by less than the
  // tolerance, and when the budget runs out the margins are left as close as the bounds allow.
  trimToBounds(weights, trim.min, trim.max, n);
  if (change < tolerance) return result(true, iterations);
  const partial = result(false, iterations);
  partial.reason = `trimming to [${trim.min}, ${trim.max}] did not converge in ${plural(iterations, 'iteration')} (largest change ${change.toExponential(1)}); the weights respect the bounds, largest margin error ${partial.maxMarginError.toExponential(1)}`;
  return partial;
}

/** Summarises weights: n, sum, min, max, Kish effective sample size, design effect and efficiency. */
export function summariseWeights(weights: ArrayLike<number>): WeightSummary {
  const n = weights.length;
  let sum = 0;
  let sumSquares = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const w = weights[i]!;
    // A negative or NaN weight has no meaning and would make n_eff nonsense without any sign.
    if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`weight ${w} at row ${i} is not a finite number >= 0`);
    sum += w;
    sumSquares += w * w;
    if (w < min) min = w;
    if (w > max) max = w;
  }
  const effectiveSampleSize = sumSquares > 0 ? (sum * sum) / sumSquares : 0;
  return {
    n,
    sum,
    min: n > 0 ? min : null,
    max: n > 0 ? max : null,
    effectiveSampleSize,
    designEffect: effectiveSampleSize > 0 ? n / effectiveSampleSize : null,
    efficiency: n > 0 ? effectiveSampleSize / n : null,
  };
}

function checkTrim(trim: RakingOptions['trim']): { min: number; max: number } | null {
  if (!trim || (trim.min === undefined && trim.max === undefined)) return null;
  const min = trim.min ?? 0;
  const max = trim.max ?? Infinity;
  // The weights have mean 1, so bounds that exclude 1 can never all hold at once.
  if (!(min >= 0) || min > 1) throw new RangeError(`trim.min must be between 0 and 1 (weights have mean 1), not ${min}`);
  if (!(max >= 1)) throw new RangeError(`trim.max must be at least 1 (weights have mean 1), not ${max}`);
  return { min, max };
}

function prepare(variable: RakingVariable, n: number): Prepared {
  const { name, values, labels } = variable;
  if (values.length !== n) throw new RangeError(`${name} has ${values.length} respondents, ${n} expected`);
  const k = variable.targets.length;
  if (k === 0) throw new RangeError(`${name} has no target categories`);
  if (labels && labels.length !== k) throw new RangeError(`${name} has ${labels.length} labels for ${k} targets`);
  const targets = new Float64Array(k);
  let sum = 0;
  for (let c = 0; c < k; c++) {
    const t = variable.targets[c]!;
    if (!(t >= 0) || !Number.isFinite(t)) throw new RangeError(`target ${t} for category ${c} of ${name} is not a finite number >= 0`);
    targets[c] = t;
    sum += t;
  }
  if (Math.abs(sum - 1) > TARGET_SUM_SLACK) throw new RangeError(`targets for ${name} sum to ${sum}, not 1`);
  // Rescale away the allowed slack: otherwise every pass would grow or shrink the total by the same
  // tiny factor, which over many passes is larger than the convergence tolerance.
  for (let c = 0; c < k; c++) targets[c]! /= sum;
  let hasMissing = false;
  for (let i = 0; i < n; i++) {
    const c = values[i]!;
    if (c < 0) hasMissing = true;
    else if (c >= k) throw new RangeError(`${name} has category ${c} at row ${i}, outside 0..${k - 1}`);
  }
  return { name, values, targets, labels, hasMissing, totals: new Float64Array(k), factors: new Float64Array(k) };
}

function countMissing(values: Int32Array): number {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (values[i]! < 0) count++;
  return count;
}

function categoryCounts(p: Prepared): Float64Array {
  const counts = new Float64Array(p.targets.length);
  for (let i = 0; i < p.values.length; i++) {
    const c = p.values[i]!;
    if (c >= 0) counts[c]! += 1;
  }
  return counts;
}

function labelOf(p: Prepared, c: number): string {
  const label = p.labels?.[c];
  return label === undefined ? String(c) : `"${label}"`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function startingWeights(base: Float64Array | undefined, n: number): Float64Array {
  const weights = new Float64Array(n);
  if (!base) {
    weights.fill(1);
    return weights;
  }
  if (base.length !== n) throw new RangeError(`baseWeights has ${base.length} rows, the variables have ${n}`);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const w = base[i]!;
    if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`base weight ${w} at row ${i} is not a finite number >= 0`);
    weights[i] = w;
    sum += w;
  }
  if (sum === 0) throw new RangeError('every base weight is 0');
  normaliseToMeanOne(weights, n);
  return weights;
}

function normaliseToMeanOne(weights: Float64Array, n: number): void {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += weights[i]!;
  if (sum === 0 || sum === n) return;
  const scale = n / sum;
  for (let i = 0; i < n; i++) weights[i]! *= scale;
}

/** Weighted total per category into p.totals; returns the weight of respondents with no value. */
function accumulate(p: Prepared, weights: Float64Array): number {
  const { values, totals } = p;
  totals.fill(0);
  const n = values.length;
  if (!p.hasMissing) {
    for (let i = 0; i < n; i++) totals[values[i]!]! += weights[i]!;
    return 0;
  }
  let missingWeight = 0;
  for (let i = 0; i < n; i++) {
    const c = values[i]!;
    if (c >= 0) totals[c]! += weights[i]!;
    else missingWeight += weights[i]!;
  }
  return missingWeight;
}

/** One pass over every variable. Returns the largest change of any weight since `previous` (filled
 * by the caller at the start of the iteration), or a failure message when a positive target has no
 * weight left. Each variable's scaling loop also accumulates the next variable's totals (and the last
 * one measures the change), so a pass reads the weights once per variable plus once, not twice. */
function rakePass(prepared: readonly Prepared[], weights: Float64Array, n: number, previous: Float64Array): number | string {
  let missingWeight = accumulate(prepared[0]!, weights);
  for (let v = 0; v < prepared.length; v++) {
    const p = prepared[v]!;
    // Fitting to n minus the weight of those with no value (rather than to the current total of those
    // with one) is the same thing while the weights sum to n, and pulls the total back to n after a clip.
    const failure = computeFactors(p, n - missingWeight);
    if (failure !== null) return failure;
    const next = prepared[v + 1];
    if (next) missingWeight = scaleAndAccumulate(p, next, weights);
    else return scaleAndCompare(p, weights, previous);
  }
  return 0;
}

function computeFactors(p: Prepared, fitted: number): string | null {
  const { targets, totals, factors } = p;
  for (let c = 0; c < targets.length; c++) {
    const t = targets[c]!;
    const total = totals[c]!;
    if (total > 0) factors[c] = (t * fitted) / total;
    else if (t > 0) return `target category ${labelOf(p, c)} of ${p.name} has no weight left (its respondents were all given weight 0 by another variable)`;
    else factors[c] = 0;
  }
  return null;
}

/** Scales the weights by p's factors while totalling them for `next`; returns next's missing weight. */
function scaleAndAccumulate(p: Prepared, next: Prepared, weights: Float64Array): number {
  const { values, factors } = p;
  const nextValues = next.values;
  const nextTotals = next.totals;
  nextTotals.fill(0);
  const n = values.length;
  // The common case (no missing values) gets a loop without branches.
  if (!p.hasMissing && !next.hasMissing) {
    for (let i = 0; i < n; i++) {
      const w = weights[i]! * factors[values[i]!]!;
      weights[i] = w;
      nextTotals[nextValues[i]!]! += w;
    }
    return 0;
  }
  let missingWeight = 0;
  for (let i = 0; i < n; i++) {
    const c = values[i]!;
    let w = weights[i]!;
    if (c >= 0) {
      w *= factors[c]!;
      weights[i] = w;
    }
    const d = nextValues[i]!;
    if (d >= 0) nextTotals[d]! += w;
    else missingWeight += w;
  }
  return missingWeight;
}

/** Scales the weights by p's factors and returns the largest change of any weight since `previous`. */
function scaleAndCompare(p: Prepared, weights: Float64Array, previous: Float64Array): number {
  const { values, factors } = p;
  const n = values.length;
  let largest = 0;
  for (let i = 0; i < n; i++) {
    const c = values[i]!;
    const w = c >= 0 ? weights[i]! * factors[c]! : weights[i]!;
    weights[i] = w;
    const d = Math.abs(w - previous[i]!);
    if (d > largest) largest = d;
  }
  return largest;
}

function withinBounds(weights: Float64Array, min: number, max: number): boolean {
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!;
    if (w > 0 && (w < min || w > max)) return false;
  }
  return true;
}

/** Clips positive weights to [min, max] and hands the weight removed (or added) to the unclipped ones,
 * repeating until the total is n again; the classic trim-and-redistribute step. */
function trimToBounds(weights: Float64Array, min: number, max: number, n: number): void {
  // Each round clips in the direction the previous rescale pushed, so it ends within n rounds; in
  // practice a handful.
  for (let round = 0; round < 100; round++) {
    let fixed = 0;
    let free = 0;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i]!;
      if (w <= 0) continue;
      if (w >= max) {
        weights[i] = max;
        fixed += max;
      } else if (w <= min) {
        weights[i] = min;
        fixed += min;
      } else {
        free += w;
      }
    }
    const wanted = n - fixed;
    if (free === 0 || Math.abs(wanted - free) <= 1e-13 * n) return;
    // When the free weights cannot absorb the difference the bounds and mean 1 conflict; stop clipping
    // and let the caller's final normalisation keep the mean.
    if (wanted <= 0) return;
    const scale = wanted / free;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i]!;
      if (w > min && w < max) weights[i] = w * scale;
    }
  }
}

function maxMarginError(prepared: readonly Prepared[], weights: Float64Array): number {
  let largest = 0;
  for (const p of prepared) {
    accumulate(p, weights);
    let answered = 0;
    for (let c = 0; c < p.totals.length; c++) answered += p.totals[c]!;
    if (answered === 0) {
      for (let c = 0; c < p.targets.length; c++) largest = Math.max(largest, p.targets[c]!);
      continue;
    }
    for (let c = 0; c < p.targets.length; c++) {
      largest = Math.max(largest, Math.abs(p.totals[c]! / answered - p.targets[c]!));
    }
  }
  return largest;
}
