/**
 * Array parameters as Postgres array literals, made in one `join`: for a `$n::text[]` (or `int[]`,
 * `bigint[]`, `timestamptz[]`) parameter the `pg` driver escapes every element of a JS array on its own
 * (two regular-expression replaces and three strings per element; the billing run's batches send ~70
 * such elements per renewal). Ids, codes, instants and integers never need escaping, so the literal is the
 * values joined (a null as NULL); an array with a value that does (a quote, a backslash) is sent as it is,
 * and the driver escapes it as before. Both drivers send a string parameter as it is (PGlite's array
 * serializer passes a non-array through), and the server reads the same array.
 */

const NEEDS_ESCAPING = /["\\]/;

/** A `text[]` (or `timestamptz[]`) parameter: a literal when no element needs escaping, else the array itself (null and undefined elements as NULL, as the driver sends them). */
export function textArray(values: readonly (string | null | undefined)[]): string | readonly (string | null | undefined)[] {
  let nulls = false;
  for (const v of values) {
    if (v === null || v === undefined) nulls = true;
    else if (NEEDS_ESCAPING.test(v)) return values;
  }
  if (values.length === 0) return '{}';
  return nulls ? `{${values.map((v) => (v === null || v === undefined ? 'NULL' : `"${v}"`)).join(',')}}` : `{"${values.join('","')}"}`;
}

/** An `int[]` or `bigint[]` parameter of safe integers (null and undefined elements as NULL, as the driver sends them). */
export function integerArray(values: readonly (number | null | undefined)[]): string {
  let nulls = false;
  for (const v of values) {
    if (v === null || v === undefined) nulls = true;
    else if (!Number.isSafeInteger(v)) throw new RangeError(`integerArray: ${v} is not a safe integer`);
  }
  return `{${(nulls ? values.map((v) => (v === null || v === undefined ? 'NULL' : v)) : values).join(',')}}`;
}

