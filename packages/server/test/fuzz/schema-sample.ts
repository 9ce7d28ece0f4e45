/**
 * Valid example values derived from core's zod schemas, so the fuzz suite can send every endpoint a
 * request that is right in all but one place. Known ids (a plan, a subscription, …) come from the test's
 * fixtures by field name; everything else is the first candidate the field's own schema accepts.
 */
import type * as z from 'zod/mini';

type Schema = z.ZodMiniType;
type Path = readonly (string | number)[];

/** One leaf (or container) of a sample with the schema that describes it. */
export interface SampleNode {
  readonly path: Path;
  readonly schema: Schema;
  readonly value: unknown;
  /** Whether the field may be left out (optional) or null (nullable) where it sits. */
  readonly optional: boolean;
  readonly nullable: boolean;
}

/** Values the sampler should use for fields of these names (ids of the fixtures, a currency, a metric). */
export type KnownValues = Readonly<Record<string, unknown>>;

const def = (schema: Schema) => (schema as unknown as { _zod: { def: Record<string, any> } })._zod.def;

const STRING_CANDIDATES = [
  'x',
  'EUR',
  'DE',
  'https://shop.example',
  'fuzz@example.com',
  '2030-01-15T00:00:00.000Z',
  '2030-01-15',
  '4242424242424242',
  '123',
  'P1M',
  'fuzz_id',
];

function accepts(schema: Schema, value: unknown): boolean {
  return (schema as unknown as { safeParse(v: unknown): { success: boolean } }).safeParse(value).success;
}

/** The first value of `candidates` the schema accepts, else undefined. */
function firstAccepted(schema: Schema, candidates: readonly unknown[]): unknown {
  return candidates.find((c) => c !== undefined && accepts(schema, c));
}

/** The numeric bounds a number schema declares (inclusive), if any. */
export function numberBounds(schema: Schema): { min?: number; max?: number; int: boolean } {
  const out: { min?: number; max?: number; int: boolean } = { int: false };
  for (const check of def(schema).checks ?? []) {
    const c = check._zod.def;
    if (c.check === 'greater_than') out.min = c.inclusive ? c.value : c.value + 1;
    if (c.check === 'less_than') out.max = c.inclusive ? c.value : c.value - 1;
    if (c.check === 'number_format' && /int/.test(c.format)) out.int = true;
  }
  return out;
}

/** The innermost schema under optional/nullable/default wrappers, with what the wrappers allow. */
export function unwrap(schema: Schema): { inner: Schema; optional: boolean; nullable: boolean } {
  let inner = schema;
  let optional = false;
  let nullable = false;
  for (;;) {
    const d = def(inner);
    if (d.type === 'optional' || d.type === 'default' || d.type === 'prefault') optional = true;
    else if (d.type === 'nullable') nullable = true;
    else break;
    inner = d.innerType;
  }
  return { inner, optional, nullable };
}

/**
 * A value `schema` accepts. `full` includes optional fields (to know every place a hostile value can go);
 * without it only required fields are filled in. `nodes` collects every leaf and container visited.
 */
export function sample(schema: Schema, known: KnownValues, opts: { full: boolean; nodes?: SampleNode[] } = { full: false }): unknown {
  return walk(schema, [], undefined);

  function walk(s: Schema, path: Path, name: string | undefined): unknown {
    const { inner, optional, nullable } = unwrap(s);
    const d = def(inner);
    let value: unknown;
    switch (d.type) {
      case 'object': {
        const obj: Record<string, unknown> = {};
        for (const [key, field] of Object.entries(d.shape as Record<string, Schema>)) {
          const u = unwrap(field);
          if (u.optional && !opts.full) continue;
          const v = walk(field, [...path, key], key);
          if (v !== undefined) obj[key] = v;
        }
        value = obj;
        break;
      }
      case 'array':
        value = [walk(d.element, [...path, 0], name)];
        break;
      case 'record':
        value = { fuzz_key: walk(d.valueType, [...path, 'fuzz_key'], undefined) };
        break;
      case 'union': {
        // A discriminated union: the option the known values point at, else the first that works.
        const options = d.options as Schema[];
        const preferred = options.find((o) => accepts(o, sample(o, known, { full: false })) && name !== undefined && name in known && accepts(o, known[name]));
        const chosen = preferred ?? options.find((o) => accepts(o, sample(o, known, { full: false }))) ?? options[0]!;
        value = walk(chosen, path, name);
        return record(value);
      }
      case 'enum':
        value = name !== undefined && Object.values(d.entries).includes(known[name]) ? known[name] : Object.values(d.entries)[0];
        break;
      case 'literal':
        value = d.values[0];
        break;
      case 'boolean':
        value = name !== undefined && typeof known[name] === 'boolean' ? known[name] : false;
        break;
      case 'number': {
        const b = numberBounds(inner);
        value = firstAccepted(inner, [name !== undefined ? known[name] : undefined, b.min !== undefined && b.min > 1 ? b.min : 1, b.min, 0, b.max]);
        break;
      }
      case 'string':
        value = firstAccepted(inner, [name !== undefined ? known[name] : undefined, ...STRING_CANDIDATES]);
        break;
      case 'pipe':
        // z.coerce / transforms: sample the input side.
        return walk(d.in, path, name);
      default:
        value = name !== undefined ? known[name] : undefined;
    }
    return record(value);

    function record(v: unknown): unknown {
      opts.nodes?.push({ path, schema: inner, value: v, optional, nullable });
      return v;
    }
  }
}

/** A deep copy of `base` with `value` put at `path`; missing parents are taken from `full`. */
export function withValueAt(base: unknown, full: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const container = (base ?? (typeof head === 'number' ? [] : {})) as Record<string | number, unknown>;
  const copy = (Array.isArray(container) ? [...container] : { ...container }) as Record<string | number, unknown>;
  const fullChild = (full as Record<string | number, unknown> | undefined)?.[head];
  const baseChild = head in copy ? copy[head] : structuredClone(fullChild);
  copy[head] = withValueAt(baseChild, fullChild, rest, value);
  return copy;
}
