/**
 * JSON bytes made once for a value that many answers share (the cached catalog): the router sends these
 * bytes instead of serialising and encoding the same object again on every request.
 */
const texts = new WeakMap<object, Buffer>();

/** Serialises `value` now and keeps its UTF-8 bytes for every answer that sends it; the value must not change afterwards. */
export function withJsonText<T extends object>(value: T): T {
  texts.set(value, Buffer.from(JSON.stringify(value), 'utf8'));
  return value;
}

/** The JSON of an answer: the kept bytes of a value made by `withJsonText`, else a fresh serialisation. */
export function jsonTextOf(value: unknown): string | Buffer {
  return (typeof value === 'object' && value !== null ? texts.get(value) : undefined) ?? JSON.stringify(value);
}
