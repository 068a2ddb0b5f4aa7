// Researchers type fieldwork dates in UK local time (GMT in winter, BST in summer); the database keeps
// UTC ISO strings. These convert between the two with the platform's time-zone data, no library.

const UK = 'Europe/London';

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: UK,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** The UK wall-clock reading of an instant as milliseconds "as if UTC", to measure the offset. */
function ukWallClockMs(instant: number): number {
  const parts = Object.fromEntries(partsFormat.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
}

const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** Converts "2026-03-01T09:00" read as UK time into a UTC ISO string; undefined if it is not a real
 * date-time. A time skipped when the clocks go forward counts as the hour after; a time that happens
 * twice when they go back counts as the first (BST) one. */
export function ukLocalToUtcIso(local: string): string | undefined {
  const match = LOCAL_PATTERN.exec(local.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  const check = new Date(asUtc);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59) return undefined;
  // Try both UK offsets (BST first, so an ambiguous time resolves to the earlier instant) and keep
  // the one whose UK reading gives back what was typed.
  for (const offsetHours of [1, 0]) {
    const instant = asUtc - offsetHours * 3_600_000;
    if (ukWallClockMs(instant) === asUtc) return new Date(instant).toISOString();
  }
  // In the gap when clocks go forward: read it as GMT, which lands an hour later on the BST clock.
  return new Date(asUtc).toISOString();
}

/** The "YYYY-MM-DDTHH:MM" UK time of a UTC ISO string, for a datetime-local input. */
export function utcIsoToUkLocal(iso: string): string {
  const instant = Date.parse(iso);
  if (Number.isNaN(instant)) return '';
  return new Date(ukWallClockMs(instant)).toISOString().slice(0, 16);
}
