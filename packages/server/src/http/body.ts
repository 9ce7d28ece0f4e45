import type { Request } from 'express';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { ApiError } from '../errors.js';

/** The edge's limits on request bodies (after decompression). */
export const BODY_LIMITS = {
  /** Bytes of JSON, as sent and once Content-Encoding is undone: a bigger body answers 413. */
  bytes: 1024 * 1024,
  /** Nesting of arrays and objects: deeper answers 400 (subkit's deepest request is 5 levels). */
  depth: 32,
} as const;

const tooLarge = () => new ApiError('invalid_request_error', 'body_too_large', 'The request body is too large.', { status: 413 });

/**
 * The bytes of the body as sent, at most {@link BODY_LIMITS} of them (413 past that, without reading on).
 * Nothing is inflated while bytes arrive: a compressed body is decoded only once complete (see `decode`),
 * so a client that sends the first bytes of a Brotli bomb and then waits holds no decoder (and no 16 MB
 * window) on the server — it held one per connection for as long as the connection lasted.
 */
function readBytes(req: Request): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (declared > BODY_LIMITS.bytes) return Promise.reject(tooLarge());
  // Already read to its end by the host app (without leaving a parsed body): nothing more will arrive.
  if (req.readableEnded) return Promise.resolve(Buffer.alloc(0));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (settled: () => void) => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      settled();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMITS.bytes) settle(() => reject(tooLarge()));
      else chunks.push(chunk);
    };
    const onEnd = () => settle(() => resolve(Buffer.concat(chunks, size)));
    const incomplete = () => new ApiError('invalid_request_error', 'body_invalid', 'The request body was not sent completely.');
    const onError = () => settle(() => reject(incomplete()));
    const onClose = () => settle(() => reject(incomplete()));
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

/** The decoders of the Content-Encodings a body may have; each stops at the limit (413) instead of inflating on. */
const DECODERS: Readonly<Record<string, (bytes: Buffer, options: { maxOutputLength: number }) => Buffer>> = {
  gzip: gunzipSync,
  'x-gzip': gunzipSync,
  deflate: inflateSync,
  br: brotliDecompressSync,
};

/**
 * The largest Brotli window a body may declare: 2^22 bytes (4 MiB), the default of Node's, Python's, Go's
 * and Java's encoders; the reference CLI shrinks its window to the input, to 2^20 at most for a body
 * within the limit.
 */
export const BROTLI_MAX_WINDOW_BITS = 22;

/**
 * The window (log2 of its bytes) a Brotli stream declares in its first bits (RFC 7932 §9.1), or undefined
 * for an empty stream or the large-window format (which the decoder refuses anyway).
 */
export function brotliWindowBits(bytes: Buffer): number | undefined {
  // WBITS takes at most the first 7 bits, least significant first: 0 → 16; 1 + n (3 bits ≠ 0) → 17 + n;
  // 1 000 + m (3 bits) → 17 for m = 0, the large-window marker for m = 1, else 8 + m.
  const bits = bytes[0];
  if (bits === undefined) return undefined;
  if ((bits & 1) === 0) return 16;
  const n = (bits >> 1) & 7;
  if (n !== 0) return 17 + n;
  const m = (bits >> 4) & 7;
  return m === 1 ? undefined : m === 0 ? 17 : 8 + m;
}

/** The body with its Content-Encoding undone: 415 for an unknown or stacked coding, 400 when the bytes do not decode. */
function decode(bytes: Buffer, header: string | undefined): Buffer {
  const coding = (header ?? 'identity').trim().toLowerCase();
  if (coding === 'identity' || coding === '') return bytes;
  const decoder = DECODERS[coding];
  if (!decoder) {
    throw new ApiError('invalid_request_error', 'unsupported_encoding', 'The Content-Encoding of the request body is not supported (use gzip, deflate, br or none).', { status: 415 });
  }
  // Brotli decodes a whole window before it hands out its first byte, and one byte of input can ask for
  // all of it: a bomb with a 16 MiB window cost ~33 ms of CPU before the output limit could stop it, one
  // with 4 MiB ~9 ms. A window beyond 4 MiB is refused from the header, before any decoding.
  if (coding === 'br' && (brotliWindowBits(bytes) ?? 0) > BROTLI_MAX_WINDOW_BITS) {
    throw new ApiError(
      'invalid_request_error',
      'body_too_large',
      `The Brotli window of the request body is larger than ${1 << (BROTLI_MAX_WINDOW_BITS - 20)} MiB (lgwin ${BROTLI_MAX_WINDOW_BITS}, encoders' default): encode it with a smaller window.`,
      { status: 413 },
    );
  }
  try {
    return decoder(bytes, { maxOutputLength: BODY_LIMITS.bytes });
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
    throw new ApiError('invalid_request_error', 'body_encoding_invalid', 'The request body does not match its Content-Encoding.');
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Whether the request carries a body at all (a length above zero, or chunked). */
export function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length.trim() !== '0');
}

const unsupportedMediaType = (type: string | undefined) =>
  new ApiError(
    'invalid_request_error',
    'unsupported_media_type',
    `Request bodies must be JSON (Content-Type: application/json)${type ? `, not ${type.split(';')[0]!.trim().slice(0, 100)}` : ''}.`,
    { status: 415 },
  );

/** Accepts `application/json`, optionally with `charset=utf-8`; anything else is a 415. */
function checkContentType(header: string | undefined): void {
  if (header === undefined) throw unsupportedMediaType(undefined);
  const [mediaType, ...params] = header.split(';');
  if (mediaType!.trim().toLowerCase() !== 'application/json') throw unsupportedMediaType(header);
  for (const param of params) {
    const [name, value = ''] = param.split('=');
    if (name!.trim().toLowerCase() === 'charset' && value.trim().replace(/^"|"$/g, '').toLowerCase() !== 'utf-8') {
      throw new ApiError('invalid_request_error', 'unsupported_charset', 'The request body must be UTF-8 (charset=utf-8).', { status: 415 });
    }
  }
}

/** The deepest nesting of `[`/`{` in JSON text, counted outside strings; stops once past `limit`. */
function nestingDepth(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) max = depth;
      if (max > limit) return max;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

/**
 * The JSON body of a write as the edge admits it: `application/json` in UTF-8 only (else 415), at most
 * {@link BODY_LIMITS} bytes once inflated (413), valid UTF-8 and JSON (400), nested at most
 * {@link BODY_LIMITS} levels (400). Undefined when the request has no body. A body the host app already
 * parsed (its own `express.json()` before the router) is taken as parsed, and the depth still checked.
 */
export async function readJsonBody(req: Request): Promise<unknown> {
  const preParsed = (req as { _body?: boolean })._body === true && !Buffer.isBuffer(req.body);
  if (preParsed) return checkParsedDepth(req.body);
  if (!hasBody(req)) return undefined;
  checkContentType(req.headers['content-type']);
  // A host app's own raw parser (express.raw before the router) already read and inflated the bytes.
  const hostRead = (req as { _body?: boolean })._body === true && Buffer.isBuffer(req.body);
  const raw = hostRead ? (req.body as Buffer) : decode(await readBytes(req), req.headers['content-encoding']);
  if (raw.length > BODY_LIMITS.bytes) throw tooLarge();
  if (raw.length === 0) return undefined;
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw new ApiError('invalid_request_error', 'invalid_json', 'The request body is not valid UTF-8.');
  }
  checkNesting(text);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError('invalid_request_error', 'invalid_json', 'The request body is not valid JSON.');
  }
}

/**
 * Refuses JSON text nested deeper than {@link BODY_LIMITS} (400 `body_too_deep`), counted on the text before
 * `JSON.parse` builds anything: a megabyte of `[` is half a million arrays to build and collect. Every JSON
 * the server reads from the network goes through here first (request bodies, Stripe's signed events).
 */
export function checkNesting(text: string): void {
  if (nestingDepth(text, BODY_LIMITS.depth) > BODY_LIMITS.depth) throw tooDeep();
}

const tooDeep = () =>
  new ApiError('invalid_request_error', 'body_too_deep', `The request body is nested deeper than ${BODY_LIMITS.depth} levels.`);

function checkParsedDepth(body: unknown): unknown {
  const stack: { value: unknown; depth: number }[] = [{ value: body, depth: 0 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth + 1 > BODY_LIMITS.depth) throw tooDeep();
    for (const child of Object.values(value)) stack.push({ value: child, depth: depth + 1 });
  }
  return body;
}
