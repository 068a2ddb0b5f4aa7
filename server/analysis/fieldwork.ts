import { percentOf } from './frequencies.ts';
import { summariseNumeric } from './numeric.ts';

// Fieldwork monitoring figures: completion times, completes per day and drop-off. Pure functions over
// plain arrays, like the rest of the analysis module, so the overview page and the API agree.

/** The time zone fieldwork days are counted in: a response sent at 00:30 BST on 1 April is 1 April. */
export const FIELDWORK_TIME_ZONE = 'Europe/London';

/** The median of a list of numbers (the mean of the two middle values for an even count), null when empty. */
export function medianOf(values: readonly number[]): number | null {
  return summariseNumeric(Float64Array.from(values)).median;
}

/** How long each complete response took, in seconds, from its start to its submission. Pairs
 * without a start, or whose clocks disagree (submitted before started), cannot be timed: they
 * are counted in `untimed` rather than silently turned into a zero. */
export function completionSeconds(pairs: readonly { startedAt: string | null; submittedAt: string }[]): { seconds: number[]; untimed: number } {
  const seconds: number[] = [];
  let untimed = 0;
  for (const { startedAt, submittedAt } of pairs) {
    const started = startedAt === null ? NaN : Date.parse(startedAt);
    const submitted = Date.parse(submittedAt);
    const elapsed = (submitted - started) / 1000;
    if (Number.isFinite(elapsed) && elapsed >= 0) seconds.push(elapsed);
    else untimed += 1;
  }
  return { seconds, untimed };
}

const dateFormatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date (YYYY-MM-DD) an instant falls on in a time zone. */
export function calendarDateIn(timestamp: string, timeZone: string = FIELDWORK_TIME_ZONE): string {
  let format = dateFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormatters.set(timeZone, format);
  }
  const instant = new Date(timestamp);
  if (Number.isNaN(instant.getTime())) throw new RangeError(`Not a timestamp: ${timestamp}`);
  // en-CA formats as YYYY-MM-DD; built from parts so no locale change can reorder it.
  const parts = Object.fromEntries(format.formatToParts(instant).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** The calendar day after a YYYY-MM-DD date (pure calendar arithmetic, no time zone involved). */
function nextDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(year, month - 1, day + 1));
  return next.toISOString().slice(0, 10);
}

export interface DayCount {
  /** YYYY-MM-DD in the fieldwork time zone. */
  date: string;
  count: number;
}

/** Counts instants per calendar day in the time zone, from the first day to the last with every day
 * in between, including days with none; empty when there are no instants. */
export function countPerDay(timestamps: readonly string[], timeZone: string = FIELDWORK_TIME_ZONE): DayCount[] {
  if (timestamps.length === 0) return [];
  const counts = new Map<string, number>();
  for (const timestamp of timestamps) {
    const date = calendarDateIn(timestamp, timeZone);
    counts.set(date, (counts.get(date) ?? 0) + 1);
  }
  const dates = [...counts.keys()].sort();
  const last = dates[dates.length - 1]!;
  const days: DayCount[] = [];
  for (let date = dates[0]!; date <= last; date = nextDate(date)) days.push({ date, count: counts.get(date) ?? 0 });
  return days;
}

/** Counts instants on each of the given calendar days (in the time zone), in the order given; for a
 * second series, such as demo responses, drawn against the days of the first. */
export function countOnDays(timestamps: readonly string[], dates: readonly string[], timeZone: string = FIELDWORK_TIME_ZONE): DayCount[] {
  const counts = new Map<string, number>(dates.map((date) => [date, 0]));
  for (const timestamp of timestamps) {
    const date = calendarDateIn(timestamp, timeZone);
    const count = counts.get(date);
    if (count !== undefined) counts.set(date, count + 1);
  }
  return dates.map((date) => ({ date, count: counts.get(date)! }));
}

export interface DropOffRow {
  /** The page id, or null for sessions that have not saved a page yet. */
  pageId: string | null;
  count: number;
  /** Share of all partial sessions, unrounded; null when there are none. */
  percent: number | null;
}

/** Partial sessions tallied by the last page they saved: "not started a page yet" first, then every
 * page in questionnaire order (zero rows kept, so a page nobody stops at still shows), then any page
 * id not in `pageOrder` (from a version whose pages have since gone) in the order first met. */
export function tallyDropOff(lastPageIds: readonly (string | null)[], pageOrder: readonly string[]): { total: number; rows: DropOffRow[] } {
  const counts = new Map<string | null, number>([[null, 0]]);
  for (const id of pageOrder) counts.set(id, 0);
  for (const id of lastPageIds) counts.set(id, (counts.get(id) ?? 0) + 1);
  const total = lastPageIds.length;
  const rows = [...counts.entries()].map(([pageId, count]) => ({ pageId, count, percent: percentOf(count, total) }));
  return { total, rows };
}
