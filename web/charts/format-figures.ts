// Display rounding for figures, shared by tables and chart labels. Stored and API figures are never
// rounded; this is the only place a percentage becomes a whole number.

/** Snaps away binary noise (e.g. 2.4999999999999996 for an exact 2.5) before rounding for display. */
function clean(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}

/** A percentage for a data table, whole numbers by default: `*` above 0 but under 0.5, `-` for exactly 0,
 * an en dash for no base. */
export function formatPercent(percent: number | null, decimals = 0): string {
  if (percent === null || !Number.isFinite(percent)) return '–';
  if (percent === 0) return '-';
  const factor = 10 ** decimals;
  const rounded = Math.round(clean(percent) * factor) / factor;
  if (rounded === 0) return '*';
  return `${rounded.toFixed(decimals)}%`;
}

/** A percentage for a chart's direct label, e.g. "75%": charts say "0%" and "<1%" rather than table symbols. */
export function formatChartPercent(percent: number | null): string {
  if (percent === null || !Number.isFinite(percent)) return '';
  if (percent === 0) return '0%';
  const rounded = Math.round(clean(percent));
  return rounded === 0 ? '<1%' : `${rounded}%`;
}

/** A count for display: whole respondents as they are, weighted counts rounded, with thousands separators. */
export function formatCount(count: number): string {
  return Math.round(clean(count)).toLocaleString('en-GB');
}

/** A mean, median or other number for display, to at most `decimals` places. */
export function formatNumber(value: number | null, decimals = 1): string {
  if (value === null || !Number.isFinite(value)) return '–';
  return clean(value).toLocaleString('en-GB', { maximumFractionDigits: decimals });
}
