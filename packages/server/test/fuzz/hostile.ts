/**
 * Hostile requests for one endpoint, derived from its entry in core's endpoint table: odd path ids, bad
 * query values, wrong types and extreme values in every body field, broken and oversized bodies, wrong
 * content types and encodings, and missing, invalid or expired credentials. Each case says what, beyond
 * "no 5xx and the error shape", its answer must show.
 */
import { deflateSync, gzipSync } from 'node:zlib';
import type { Endpoint } from '@subkit/core';
import type * as z from 'zod/mini';
import type { RawRequest, RawResponse } from './raw.js';
import { errorOf } from './raw.js';
import { ODD_NUMBER_LITERALS, wireCases } from './hostile-wire.js';
import { numberBounds, sample, unwrap, withValueAt, type KnownValues, type SampleNode } from './schema-sample.js';

/** One hostile request and the extra rule its answer must follow (a problem text, or undefined). */
export interface HostileCase {
  readonly label: string;
  readonly request: RawRequest;
  readonly check?: (res: RawResponse) => string | undefined;
  /**
   * Refused by the HTTP layer before any handler runs (encodings, bombs, methods, headers, query shapes,
   * broken bodies): the answer cannot depend on the database, so the fuzz suite sends it on PGlite only,
   * and checks there that it issued no SQL but what any request may (a credential look-up, the test clock).
   */
  readonly transport?: true;
}

/** Adds a case; `transport` marks it as one the database cannot change (see HostileCase). */
export type AddCase = (label: string, request: Partial<RawRequest>, check?: HostileCase['check'], transport?: 'transport') => void;

/** Credentials and known values the cases of one endpoint are built with. */
export interface FuzzContext {
  readonly known: KnownValues;
  /** Headers that authenticate the endpoint's rightful caller (Authorization, Origin). */
  readonly auth: Readonly<Record<string, string>>;
  /** Headers of callers that must be refused, by label, with the status they must get. */
  readonly wrongCallers: readonly { label: string; headers: Readonly<Record<string, string>>; status: number }[];
}

/** A raw JSON number literal that JSON.stringify cannot produce. */
class RawNumber {
  constructor(readonly text: string) {}
}

/** JSON text of `value`, with RawNumber placeholders written as their literal. */
function jsonText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof RawNumber) {
      raws.push(v.text);
      return `__raw_number_${raws.length - 1}__`;
    }
    return v;
  });
  return text.replace(/"__raw_number_(\d+)__"/g, (_m, i: string) => raws[Number(i)]!);
}

const LONG = 'x'.repeat(10_000);

/** Path ids a client (or an attacker) can put in a URL; the first ones are malformed percent-escapes. */
export const HOSTILE_PATH_IDS = [
  '%ZZ',
  '%',
  'sub_%',
  '%E0%A4%A',
  '%FF',
  '%00',
  'a%00b',
  '..%2F..%2Fetc%2Fpasswd',
  '%2e%2e',
  'x'.repeat(300),
  '%C0%AE',
  '%ED%A0%80',
  '%E2%80%AEtxt.exe',
  '%F0%9F%98%80',
  '%0D%0ASet-Cookie:%20x=1',
  '%20',
  // Separators and dots, encoded and not: an id is one segment, never a way to another path.
  '%2F',
  'a%2Fb',
  '.',
  '..',
  '%2E',
  '%2E%2E%2F%2E%2E',
  'a%5Cb',
  '%3F',
  '%23',
  '%2500',
  '%C0%AF',
  '%EF%BC%8F',
] as const;

/** Query values: overflowing, negative, not-a-number, empty, NUL, broken escapes, long. */
const HOSTILE_QUERY_VALUES = ['1e309', '-1', '0', 'NaN', '1.5', '', '%00', '%ZZ', 'x'.repeat(600), '%E2%80%AE'] as const;

function expectStatus(...statuses: number[]) {
  return (res: RawResponse) => (statuses.includes(res.status) ? undefined : `expected ${statuses.join(' or ')}, got ${res.status}`);
}

/** A 400 naming exactly this field. */
function expectParam(param: string) {
  return (res: RawResponse) => {
    if (res.status !== 400) return `expected 400 on '${param}', got ${res.status}: ${res.text.slice(0, 200)}`;
    const e = errorOf(res);
    return e?.param === param ? undefined : `expected param '${param}', got '${e?.param}' (${e?.message})`;
  };
}

/** A 400 naming this field or the object/union it sits in (never no param at all). */
function expectParamWithin(path: string) {
  return (res: RawResponse) => {
    if (res.status !== 400) return `expected 400 on '${path}', got ${res.status}: ${res.text.slice(0, 200)}`;
    const e = errorOf(res);
    const param = e?.param;
    if (!param || !(path === param || path.startsWith(`${param}.`))) return `expected param '${path}' (or a parent), got '${param}' (${e?.message})`;
    return undefined;
  };
}

/** The hostile values for one body field, each with whether its type is wrong for the field. */
function hostileValues(node: SampleNode): { value: unknown; label: string; typeInvalid: boolean; exact?: boolean }[] {
  const d = (node.schema as unknown as { _zod: { def: { type: string } } })._zod.def;
  const wrong = (values: unknown[]) =>
    values.map((value) => ({ value, label: JSON.stringify(value) ?? String(value), typeInvalid: !(value === null && node.nullable) }));
  switch (d.type) {
    case 'number': {
      const b = numberBounds(node.schema);
      const out: { value: unknown; label: string; typeInvalid: boolean; exact?: boolean }[] = wrong(['5', true, null, {}, []]);
      out.push({ value: new RawNumber('1e400'), label: '1e400', typeInvalid: true });
      if (b.int) out.push({ value: 1.5, label: '1.5', typeInvalid: true, exact: true });
      if (b.min !== undefined) out.push({ value: b.min - 1, label: `min-1 (${b.min - 1})`, typeInvalid: true, exact: true });
      if (b.max !== undefined) out.push({ value: b.max + 1, label: `max+1 (${b.max + 1})`, typeInvalid: true, exact: true });
      out.push({ value: 2 ** 53, label: '2^53', typeInvalid: b.int || b.max !== undefined, exact: true });
      // Values the schema accepts at its edges: the engine must cope with them (or refuse them with a 4xx).
      if (b.max !== undefined) out.push({ value: b.max, label: `max (${b.max})`, typeInvalid: false });
      if (b.max === undefined) out.push({ value: Number.MAX_SAFE_INTEGER, label: '2^53-1', typeInvalid: false });
      if (b.min === undefined) out.push({ value: -Number.MAX_SAFE_INTEGER, label: '-(2^53-1)', typeInvalid: false });
      // Literals JSON.stringify never writes (-0, an underflow, exponents): each a finite value or a 400.
      for (const literal of ODD_NUMBER_LITERALS) out.push({ value: new RawNumber(literal), label: literal, typeInvalid: false });
      return out;
    }
    case 'string':
      return [
        ...wrong([5, true, null, {}, []]),
        { value: '\u0000', label: 'NUL', typeInvalid: true, exact: true },
        { value: 'a\u0000b', label: 'a NUL b', typeInvalid: true, exact: true },
        { value: '\ud800', label: 'lone high surrogate', typeInvalid: true, exact: true },
        { value: 'x\udfff', label: 'lone low surrogate', typeInvalid: true, exact: true },
        { value: '', label: 'empty', typeInvalid: false },
        // Text that would display otherwise than it is stored: refused in every string field.
        { value: '\u202etxt.exe', label: 'bidi override', typeInvalid: true, exact: true },
        { value: 'Bell\u0007Co', label: 'control character', typeInvalid: true, exact: true },
        { value: '\u2067شركة\u2069 \u200fLtd', label: 'isolates and marks', typeInvalid: false },
        { value: 'a\r\nb', label: 'CRLF', typeInvalid: false },
        { value: LONG, label: '10,000 chars', typeInvalid: false },
        { value: '../../etc/passwd', label: 'path traversal', typeInvalid: false },
        { value: '😀', label: 'emoji', typeInvalid: false },
      ];
    case 'boolean':
      return wrong(['true', 0, null]);
    case 'enum':
    case 'literal':
      return wrong(['NOPE', 5, null]);
    case 'object':
      return wrong(['x', [], null, 5]);
    case 'array':
      return [...wrong([{}, 'x', null]), { value: Array.from({ length: 2000 }, () => node.value && (node.value as unknown[])[0]), label: '2,000 elements', typeInvalid: false }];
    case 'record':
      return wrong(['x', null, []]);
    default:
      return [];
  }
}

/** Fills `:name` segments; values are encoded unless `raw` names the one to send as is. */
export function buildPath(endpoint: Endpoint, params: Readonly<Record<string, string>>, raw?: { name: string; value: string }): string {
  return endpoint.path.replace(/:(\w+)/g, (_m, name: string) => (raw?.name === name ? raw.value : encodeURIComponent(params[name] ?? 'missing')));
}

function queryString(values: Readonly<Record<string, string>>): string {
  const entries = Object.entries(values);
  return entries.length ? `?${entries.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}` : '';
}

/** The valid parts of a request to `endpoint` built from its schemas and the known values. */
export function validParts(endpoint: Endpoint, known: KnownValues) {
  const params = endpoint.params ? (sample(endpoint.params as z.ZodMiniType, known) as Record<string, string>) : {};
  const query = endpoint.query ? (sample(endpoint.query as z.ZodMiniType, known) as Record<string, unknown>) : {};
  const nodes: SampleNode[] = [];
  const body = endpoint.body ? sample(endpoint.body, known) : undefined;
  const fullBody = endpoint.body ? sample(endpoint.body, known, { full: true, nodes }) : undefined;
  return {
    params,
    query: Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])),
    body,
    fullBody,
    nodes: nodes.filter((n) => n.path.length > 0),
  };
}

/** A valid request to `endpoint` (the baseline every hostile case differs from in one place). */
export function validRequest(endpoint: Endpoint, ctx: FuzzContext): RawRequest {
  const parts = validParts(endpoint, ctx.known);
  return {
    method: endpoint.method,
    path: buildPath(endpoint, parts.params) + queryString(parts.query),
    headers: { ...ctx.auth, ...(parts.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(parts.body !== undefined ? { body: jsonText(parts.body) } : {}),
  };
}

const nested = (depth: number, open: string, close: string, inner = '1') => open.repeat(depth) + inner + close.repeat(depth);

/** Every hostile case for one endpoint. */
export function hostileCases(endpoint: Endpoint, ctx: FuzzContext): HostileCase[] {
  const parts = validParts(endpoint, ctx.known);
  const path = buildPath(endpoint, parts.params);
  const qs = queryString(parts.query);
  const writes = endpoint.method !== 'GET';
  const json = { 'content-type': 'application/json' };
  const validBody = parts.body !== undefined ? jsonText(parts.body) : writes ? '{}' : undefined;
  const cases: HostileCase[] = [];
  const add: AddCase = (label, request, check, transport) =>
    cases.push({
      label,
      request: { method: endpoint.method, path: path + qs, headers: { ...ctx.auth, ...(validBody !== undefined ? json : {}) }, ...(validBody !== undefined ? { body: validBody } : {}), ...request },
      ...(check ? { check } : {}),
      ...(transport ? { transport: true as const } : {}),
    });
  const addTransport: AddCase = (label, request, check) => add(label, request, check, 'transport');

  // Credentials.
  if (endpoint.auth !== 'none') {
    const { authorization: _a, ...noAuth } = ctx.auth;
    add('no credentials', { headers: { ...noAuth, ...(validBody !== undefined ? json : {}) } }, expectStatus(401));
    for (const header of ['Bearer', 'Bearer garbage', 'Basic dXNlcjpwYXNz', `Bearer ${'a'.repeat(8_000)}`, 'Bearer bs_test_forged', 'Bearer sk_test_forged', 'Bearer pk_test_forged']) {
      add(`Authorization: ${header.slice(0, 30)}`, { headers: { ...noAuth, authorization: header, ...(validBody !== undefined ? json : {}) } }, expectStatus(401));
    }
    for (const w of ctx.wrongCallers) add(w.label, { headers: { ...w.headers, ...(validBody !== undefined ? json : {}) } }, expectStatus(w.status));
  }

  // Path ids.
  for (const name of Object.keys(parts.params)) {
    for (const value of HOSTILE_PATH_IDS) add(`path ${name}=${value.slice(0, 30)}`, { path: buildPath(endpoint, parts.params, { name, value }) + qs }, expectStatus(400, 404));
  }

  // Query values.
  if (endpoint.query) {
    const shape = (endpoint.query as unknown as { _zod: { def: { shape: Record<string, z.ZodMiniType> } } })._zod.def.shape;
    for (const key of Object.keys(shape)) {
      for (const value of HOSTILE_QUERY_VALUES) {
        const encoded = value.startsWith('%') ? value : encodeURIComponent(value);
        const rest = Object.entries(parts.query).filter(([k]) => k !== key).map(([k, v]) => `&${k}=${encodeURIComponent(v)}`).join('');
        add(`query ${key}=${value.slice(0, 20)}`, { path: `${path}?${key}=${encoded}${rest}` });
      }
      add(`query ${key} twice`, { path: `${path}?${key}=1&${key}=2` }, expectStatus(400));
      add(`query ${key}[a]=1`, { path: `${path}?${key}%5Ba%5D=1` }, expectStatus(400));
    }
    const inner = (s: z.ZodMiniType) => unwrap(s).inner;
    if ('limit' in shape && (inner(shape.limit!) as unknown as { _zod: { def: { type: string } } })._zod.def.type !== 'string') {
      add('query limit=1e309 names limit', { path: `${path}?limit=1e309` }, expectParam('limit'));
    }
    if ('cursor' in shape) add('query cursor=garbage', { path: `${path}?cursor=garbage` }, expectParam('cursor'));
  }

  // Bodies.
  if (writes) {
    const noType = Object.fromEntries(Object.entries(ctx.auth));
    addTransport('invalid JSON', { body: '{"a":' }, expectStatus(400));
    addTransport('invalid UTF-8', { body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) }, expectStatus(400));
    for (const top of ['[]', '"s"', '1', 'null', 'true']) addTransport(`top-level ${top}`, { body: top }, expectStatus(400));
    addTransport('nested 5,000 arrays', { body: nested(5_000, '[', ']') }, expectStatus(400));
    addTransport('nested 5,000 objects', { body: nested(5_000, '{"a":', '}') }, expectStatus(400));
    addTransport('nested 5,000 arrays with an Idempotency-Key', { body: nested(5_000, '[', ']'), headers: { ...ctx.auth, ...json, 'idempotency-key': `fuzz-deep-${Math.random()}` } }, expectStatus(400));
    addTransport('nested 5,000 objects with an Idempotency-Key', { body: nested(5_000, '{"a":', '}'), headers: { ...ctx.auth, ...json, 'idempotency-key': `fuzz-deep-${Math.random()}` } }, expectStatus(400));
    addTransport('body over 1 MB', { body: `{"a":"${'x'.repeat(1_100_000)}"}` }, expectStatus(413));
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/json; charset=utf-16', 'application/json; charset=latin1']) {
      addTransport(`Content-Type: ${type}`, { headers: { ...noType, 'content-type': type } }, expectStatus(415));
    }
    addTransport('a body without Content-Type', { headers: noType }, expectStatus(415));
    const garbage = Buffer.from('definitely not compressed');
    for (const encoding of ['gzip', 'deflate', 'br']) {
      addTransport(`corrupt Content-Encoding: ${encoding}`, { headers: { ...ctx.auth, ...json, 'content-encoding': encoding }, body: garbage }, expectStatus(400));
    }
    addTransport('truncated gzip', { headers: { ...ctx.auth, ...json, 'content-encoding': 'gzip' }, body: gzipSync(validBody ?? '{}').subarray(0, 12) }, expectStatus(400));
    addTransport('Content-Encoding: compress', { headers: { ...ctx.auth, ...json, 'content-encoding': 'compress' } }, expectStatus(415));
    addTransport('deflate bomb over the limit', { headers: { ...ctx.auth, ...json, 'content-encoding': 'deflate' }, body: deflateSync(`{"a":"${'x'.repeat(5_000_000)}"}`) }, expectStatus(413));
    addTransport('Idempotency-Key of 256 chars', { headers: { ...ctx.auth, ...json, 'idempotency-key': 'k'.repeat(256) } }, expectParam('Idempotency-Key'));
  }

  if (endpoint.body && parts.body !== undefined) {
    add('unknown body field', { body: jsonText({ ...(parts.body as object), fuzzUnknownField: 1 }) }, expectParam('fuzzUnknownField'));
    for (const node of parts.nodes) {
      const at = node.path.join('.');
      for (const h of hostileValues(node)) {
        const body = withValueAt(parts.body, parts.fullBody, node.path, h.value);
        const check = h.exact ? expectParam(at) : h.typeInvalid ? expectParamWithin(at) : undefined;
        add(`body ${at}=${h.label.slice(0, 40)}`, { body: jsonText(body) }, check);
      }
    }
  }
  wireCases({ endpoint, path, qs, query: parts.query, body: parts.body, auth: ctx.auth }, add);
  return cases;
}
