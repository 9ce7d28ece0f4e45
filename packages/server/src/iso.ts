/**
 * `Date#toISOString`, remembered per instant: V8 formats it in its C++ runtime (1.6 µs a call measured on
 * the team's machine under load, 0.005 µs for `getTime`), and a billing run formats the same few instants
 * — its own, the periods' ends — dozens of times per renewal (every line, every snapshot, every event).
 */
const formatted = new Map<number, string>();
/** Enough for every instant of a batch; the map starts over beyond it. */
const MAX_INSTANTS = 4096;

/** The instant in ISO 8601 (UTC), exactly as `d.toISOString()` (which throws on an invalid date). */
export function isoString(d: Date): string {
  const time = d.getTime();
  let text = formatted.get(time);
  if (text === undefined) {
    text = d.toISOString();
    if (formatted.size >= MAX_INSTANTS) formatted.clear();
    formatted.set(time, text);
  }
  return text;
}
