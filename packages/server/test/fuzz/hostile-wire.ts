/**
 * Hostile requests at the wire, for any endpoint of the table: methods the table does not name (HEAD,
 * OPTIONS), a trailing slash, duplicated and prototype-named query parameters, prototype keys in bodies, a
 * byte-order mark, compression bombs that inflate to 1 GiB, number literals JSON.stringify never writes,
 * odd Authorization headers and a 10 KB Idempotency-Key. `hostile.ts` adds them to every endpoint's cases.
 */
import { constants, createBrotliCompress, createGzip, type BrotliCompress, type Gzip } from 'node:zlib';
import type { Endpoint } from '@subkit/core';
import { TEST_ORIGIN } from '../harness.js';
import type { AddCase } from './hostile.js';
import type { RawRequest, RawResponse } from './raw.js';
import { errorOf } from './raw.js';

/** A body that inflates to `bytes` of JSON-looking text; made by streaming, never held inflated. */
async function compressedBomb(compressor: Gzip | BrotliCompress, bytes: number): Promise<Buffer> {
  const out: Buffer[] = [];
  compressor.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((resolve, reject) => compressor.on('end', resolve).on('error', reject));
  const chunk = Buffer.alloc(1 << 20, 'x');
  compressor.write('{"a":"');
  for (let sent = 0; sent < bytes; sent += chunk.length) {
    if (!compressor.write(chunk)) await new Promise((resolve) => compressor.once('drain', resolve));
  }
  compressor.end('"}');
  await done;
  return Buffer.concat(out);
}

/**
 * Inflate bombs: a Brotli body of about 2 KB and a gzip one of about 1 MB that both inflate to 1 GiB. The
 * Brotli one has the largest window the server decodes (4 MiB, lgwin 22): a wider one is refused from its
 * header (http/body.ts), so this is the bomb that costs the server most.
 */
export interface Bombs {
  readonly br: Buffer;
  readonly gzip: Buffer;
}

export const GIB = 1 << 30;

let bombs: Bombs | undefined;

/** Makes the bombs once per process (about 1 s and 2 s of CPU); call before building cases. */
export async function prepareBombs(): Promise<Bombs> {
  bombs ??= {
    br: await compressedBomb(createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_LGWIN]: 22 } }), GIB),
    gzip: await compressedBomb(createGzip({ level: 9 }), GIB),
  };
  return bombs;
}

function expectStatus(...statuses: number[]) {
  return (res: RawResponse) => (statuses.includes(res.status) ? undefined : `expected ${statuses.join(' or ')}, got ${res.status}: ${res.text.slice(0, 200)}`);
}

/** A 400 naming `param` with `code` (when given). */
function expectError(param: string | undefined, code?: string) {
  return (res: RawResponse) => {
    const e = errorOf(res);
    if (res.status !== 400) return `expected 400${param ? ` on '${param}'` : ''}, got ${res.status}: ${res.text.slice(0, 200)}`;
    if (param !== undefined && e?.param !== param) return `expected param '${param}', got '${e?.param}' (${e?.message})`;
    if (code !== undefined && e?.code !== code) return `expected code ${code}, got ${e?.code} (${e?.message})`;
    return undefined;
  };
}

/** What one endpoint's wire cases are built from. */
export interface WireBase {
  readonly endpoint: Endpoint;
  /** The path with valid ids, and its valid query string (`?…` or ''). */
  readonly path: string;
  readonly qs: string;
  readonly query: Readonly<Record<string, string>>;
  /** The valid body as an object (undefined for reads and bodiless writes). */
  readonly body: unknown;
  readonly auth: Readonly<Record<string, string>>;
}

/** Every wire case for one endpoint. */
export function wireCases(base: WireBase, add: AddCase): void {
  const { endpoint, path, qs, auth } = base;
  const writes = endpoint.method !== 'GET';
  // Most of these are refused before any handler runs (HostileCase.transport); those that can run one stay `add`.
  const wire: AddCase = (label, request, check) => add(label, request, check, 'transport');
  const json = { 'content-type': 'application/json' };
  // For writes, a body the endpoint refuses before any effect: the case shows where the request got to.
  const unknownField = JSON.stringify({ ...((base.body ?? {}) as object), fuzzUnknownField: 1 });

  // Methods the table does not name, and a trailing slash.
  // HEAD is GET without the body (a write's path may have a GET beside it: any status but a 5xx, still no body).
  add('HEAD', { method: 'HEAD', headers: auth }, (res) =>
    res.text !== '' ? `HEAD answered a body: ${res.text.slice(0, 100)}` : writes ? undefined : expectStatus(200)(res),
  );
  wire('OPTIONS without a preflight', { method: 'OPTIONS', headers: auth }, expectStatus(404));
  wire('CORS preflight', { method: 'OPTIONS', headers: { origin: TEST_ORIGIN, 'access-control-request-method': endpoint.method } }, (res) =>
    res.status !== 204 ? `expected 204, got ${res.status}` : res.headers['access-control-allow-origin'] !== TEST_ORIGIN ? 'the preflight allowed no origin' : undefined,
  );
  wire('PUT (a method no endpoint has)', { method: 'PUT', headers: { ...auth, ...json }, body: '{}' }, expectStatus(404));
  if (writes) wire('trailing slash (body with an unknown field)', { path: `${path}/${qs}`, headers: { ...auth, ...json }, body: unknownField }, expectError('fuzzUnknownField', 'parameter_unknown'));
  else add('trailing slash', { path: `${path}/${qs}` }, expectStatus(200));

  // Query: each parameter twice with its valid value (Express makes an array), and prototype names.
  for (const [key, value] of Object.entries(base.query)) {
    const rest = Object.entries(base.query).filter(([k]) => k !== key).map(([k, v]) => `&${k}=${encodeURIComponent(v)}`).join('');
    wire(`query ${key} twice, valid`, { path: `${path}?${key}=${encodeURIComponent(value)}&${key}=${encodeURIComponent(value)}${rest}` }, expectError(key));
  }
  const sep = qs ? `${qs}&` : '?';
  for (const q of ['__proto__=1', '__proto__%5Bpolluted%5D=1', 'constructor%5Bprototype%5D%5Bpolluted%5D=1', 'constructor=1', 'hasOwnProperty=1', 'toString=x']) {
    wire(`query ${decodeURIComponent(q)}`, { path: `${path}${sep}${q}` }, expectStatus(400));
  }
  wire('2,000 query parameters', { path: `${path}${sep}${Array.from({ length: 2000 }, (_, i) => `p${i}=1`).join('&')}` }, expectStatus(400));

  // Credentials spelled oddly: accepted as the same token, or refused — never a 5xx. Writes send a body
  // refused after authentication, so an accepted header shows as that 400, not as an effect.
  if (endpoint.auth !== 'none' && auth.authorization) {
    const token = auth.authorization.replace(/^Bearer /, '');
    const request = (authorization: string) => ({ headers: { ...auth, authorization, ...(writes ? json : {}) }, ...(writes ? { body: unknownField } : {}) });
    for (const header of [`bearer ${token}`, `BEARER ${token}`, `Bearer  ${token}`, `Bearer\t${token}`, `Bearer ${token} x`, `Bearer ${token},Bearer ${token}`, `Token ${token}`, token]) {
      add(`Authorization: ${header.replace(token, '<token>')}`, request(header), expectStatus(writes ? 400 : 200, 401));
    }
  }

  if (!writes) return;
  const headers = { ...auth, ...json };
  // Prototype keys in the body: refused as unknown fields, and Object.prototype untouched (fuzz.test.ts checks).
  const valid = (base.body ?? {}) as Record<string, unknown>;
  wire('body __proto__ key', { headers, body: `{"__proto__":{"polluted":"yes"}${Object.keys(valid).length ? `,${JSON.stringify(valid).slice(1)}` : '}'}` }, expectError('__proto__', 'parameter_unknown'));
  wire('body constructor.prototype', { headers, body: JSON.stringify({ ...valid, constructor: { prototype: { polluted: 'yes' } } }) }, expectError('constructor', 'parameter_unknown'));

  // A UTF-8 byte-order mark is ignored (RFC 8259 allows it): the body is read as without it.
  wire('UTF-8 BOM before the body', { headers, body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(unknownField)]) }, expectError('fuzzUnknownField', 'parameter_unknown'));
  wire('UTF-16 body with its BOM', { headers, body: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(unknownField, 'utf16le')]) }, expectStatus(400, 415));
  wire('two BOMs', { headers, body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]), Buffer.from(unknownField)]) }, expectStatus(400));

  // Compression: 1 GiB bombs are a 413 (the limit counts inflated bytes); stacked or unknown codings a 415.
  if (bombs) {
    wire(`Brotli bomb (${bombs.br.length} bytes → 1 GiB)`, { headers: { ...headers, 'content-encoding': 'br' }, body: bombs.br }, expectStatus(413));
    wire(`gzip bomb (${bombs.gzip.length} bytes → 1 GiB)`, { headers: { ...headers, 'content-encoding': 'gzip' }, body: bombs.gzip }, expectStatus(413));
  }
  wire('Content-Encoding: gzip, gzip', { headers: { ...headers, 'content-encoding': 'gzip, gzip' } }, expectStatus(400, 415));
  wire('Content-Encoding: identity', { headers: { ...headers, 'content-encoding': 'identity' }, body: unknownField }, expectError('fuzzUnknownField', 'parameter_unknown'));

  // Idempotency-Key: far too long, and outside visible ASCII (bytes of latin1).
  wire('Idempotency-Key of 10 KB', { headers: { ...headers, 'idempotency-key': 'k'.repeat(10_000) } }, expectError('Idempotency-Key'));
  wire('Idempotency-Key in latin1', { headers: { ...headers, 'idempotency-key': Buffer.from('clé-é', 'latin1').toString('latin1') } }, expectError('Idempotency-Key'));
}

/** Number literals JSON.stringify never writes, for a number field: each is a finite value or a 400 on the field. */
export const ODD_NUMBER_LITERALS = ['-0', '1e-400', '1E2', '1.0', '0.1e1', '-0.0'] as const;
