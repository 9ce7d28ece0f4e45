/**
 * JSON made once for a value that many answers share (the cached catalog): the router sends these bytes
 * instead of serialising and encoding the same object on every request — and, to a client that accepts it
 * (every browser does), the same bytes compressed once with Brotli or gzip: a 16 KB catalog leaves as ~2 KB.
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** The bytes of one shared answer, compressed lazily on first demand. */
export interface KeptJson {
  readonly json: Buffer;
  br?: Buffer;
  gzip?: Buffer;
}

const kept = new WeakMap<object, KeptJson>();

/** Below this size compression saves less than its headers cost. */
const COMPRESS_FROM = 1024;

/** Serialises `value` now and keeps its bytes for every answer that sends it; the value must not change afterwards. */
export function withJsonText<T extends object>(value: T): T {
  kept.set(value, { json: Buffer.from(JSON.stringify(value), 'utf8') });
  return value;
}

/** The kept bytes of a value made by `withJsonText`, if it was. */
export function keptJson(value: unknown): KeptJson | undefined {
  return typeof value === 'object' && value !== null ? kept.get(value) : undefined;
}

/** Whether an Accept-Encoding header accepts `coding` (listed without `q=0`, or through `*`). */
function accepts(header: string, coding: string): boolean {
  let star = false;
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const refused = params.some((p) => /^\s*q\s*=\s*0(\.0*)?\s*$/.test(p));
    if (name === coding) return !refused;
    if (name === '*') star = !refused;
  }
  return star;
}

/** The bytes to send for an Accept-Encoding header: Brotli, else gzip, else the JSON itself. */
export function encodedFor(json: KeptJson, acceptEncoding: string | undefined): { body: Buffer; encoding?: 'br' | 'gzip' } {
  if (!acceptEncoding || json.json.length < COMPRESS_FROM) return { body: json.json };
  if (accepts(acceptEncoding, 'br')) {
    json.br ??= brotliCompressSync(json.json, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: json.json.length } });
    return { body: json.br, encoding: 'br' };
  }
  if (accepts(acceptEncoding, 'gzip')) {
    json.gzip ??= gzipSync(json.json, { level: 9 });
    return { body: json.gzip, encoding: 'gzip' };
  }
  return { body: json.json };
}
