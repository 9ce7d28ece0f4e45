/**
 * Stripe's request encoding: `application/x-www-form-urlencoded` with bracketed keys
 * (`metadata[invoice]=in_1`, `expand[0]=latest_charge`, `card[exp_month]=12`). Values stay strings;
 * the resource handlers read them with the typed getters below, as Stripe's own parser would.
 */

/** A decoded parameter tree. */
export type Params = { [key: string]: ParamValue };
export type ParamValue = string | Params | ParamValue[];

/** Decodes a form body or a query string into a parameter tree (indexed keys become arrays). */
export function parseForm(text: string): Params {
  const root: Params = {};
  let appended = 0;
  for (const [rawKey, value] of new URLSearchParams(text)) {
    // `expand[]=a&expand[]=b`: each empty index appends, in order.
    const path = keyPath(rawKey)?.map((s) => (s === '' ? String(1_000_000 + appended++) : s));
    if (!path) continue;
    let node: Params = root;
    path.forEach((segment, i) => {
      if (i === path.length - 1) {
        node[segment] = value;
        return;
      }
      const next = node[segment];
      if (typeof next !== 'object' || Array.isArray(next)) node[segment] = {};
      node = node[segment] as Params;
    });
  }
  return arraysOf(root) as Params;
}

/** `a[b][0]` → `['a', 'b', '0']`; `expand[]` → `['expand', '']`. */
function keyPath(key: string): string[] | null {
  const m = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  if (!m) return null;
  return [m[1]!, ...[...(m[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((x) => x[1] ?? '')];
}

function arraysOf(value: ParamValue): ParamValue {
  if (typeof value === 'string' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const converted: Params = {};
  for (const k of keys) converted[k] = arraysOf(value[k]!);
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    return keys.sort((a, b) => Number(a) - Number(b)).map((k) => converted[k]!);
  }
  return converted;
}

/** A parameter error the handlers raise; the server turns it into Stripe's 400 shape. */
export class ParamError extends Error {
  constructor(
    readonly code: 'parameter_missing' | 'parameter_invalid_integer' | 'parameter_invalid_string' | 'parameter_unknown' | 'parameter_invalid_empty',
    readonly param: string,
    message: string,
  ) {
    super(message);
  }
}

/** A string parameter, or undefined when absent; an empty string counts as absent (Stripe's "unset"). */
export function str(params: Params, name: string): string | undefined {
  const v = params[name];
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string') throw new ParamError('parameter_invalid_string', name, `Invalid string: ${name} must be a string.`);
  return v;
}

/** A required string parameter. */
export function requiredStr(params: Params, name: string): string {
  const v = str(params, name);
  if (v === undefined) throw new ParamError('parameter_missing', name, `Missing required param: ${name}.`);
  return v;
}

/** An integer parameter. */
export function int(params: Params, name: string): number | undefined {
  const v = str(params, name);
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v)) throw new ParamError('parameter_invalid_integer', name, `Invalid integer: ${v}`);
  return Number(v);
}

/** A boolean parameter (`true`/`false`). */
export function bool(params: Params, name: string): boolean | undefined {
  const v = str(params, name);
  if (v === undefined) return undefined;
  if (v !== 'true' && v !== 'false') throw new ParamError('parameter_invalid_string', name, `Invalid boolean: ${v}`);
  return v === 'true';
}

/** A nested hash parameter (`metadata[...]`, `address[...]`). */
export function hash(params: Params, name: string): Params | undefined {
  const v = params[name];
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw new ParamError('parameter_invalid_string', name, `Invalid hash: ${name}.`);
  return v;
}

/** A flat string→string hash such as `metadata`, with Stripe's limits (50 keys, 40-char keys, 500-char values). */
export function metadata(params: Params, name = 'metadata'): Record<string, string> | undefined {
  const h = hash(params, name);
  if (!h) return undefined;
  const out: Record<string, string> = {};
  const entries = Object.entries(h);
  if (entries.length > 50) throw new ParamError('parameter_invalid_string', name, 'Metadata can have at most 50 keys.');
  for (const [k, v] of entries) {
    if (typeof v !== 'string') throw new ParamError('parameter_invalid_string', `${name}[${k}]`, 'Metadata values must be strings.');
    if (k.length > 40 || v.length > 500) throw new ParamError('parameter_invalid_string', `${name}[${k}]`, 'Metadata keys are at most 40 and values at most 500 characters.');
    out[k] = v;
  }
  return out;
}

/** `expand[]` as a list of dotted paths. */
export function expands(params: Params): string[] {
  const v = params.expand;
  if (v === undefined) return [];
  const list = Array.isArray(v) ? v : [v];
  return list.filter((x): x is string => typeof x === 'string');
}
