/**
 * Days on UTC instants: a module of its own (periods.ts counts months), so code that only adds or counts days
 * (proration; the widgets' date math) does not bring the billing periods' month rules with it.
 */
const DAY_MS = 86_400_000;

/** The instant of `d` in ms; throws `RangeError` for an invalid Date (so no NaN ever reaches a period). */
export function timeOf(d: Date): number {
  const time = d.getTime();
  if (Number.isNaN(time)) throw new RangeError('invalid Date');
  return time;
}

/** `d` plus a whole number of 24-hour UTC days. */
export function addDays(d: Date, days: number): Date {
  const time = timeOf(d);
  if (!Number.isSafeInteger(days)) throw new RangeError(`days must be an integer, got ${days}`);
  return new Date(time + days * DAY_MS);
}

/** Calendar days from `a`'s UTC date to `b`'s UTC date (time of day ignored; negative when `b` is earlier). */
export function daysBetween(a: Date, b: Date): number {
  return Math.floor(timeOf(b) / DAY_MS) - Math.floor(timeOf(a) / DAY_MS);
}
