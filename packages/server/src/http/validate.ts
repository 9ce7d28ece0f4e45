import * as z from 'zod/mini';
import { ApiError } from '../errors.js';

// zod/mini ships without messages ("Invalid input"); English ones make the 400s readable.
z.config(z.locales.en());

/** Where a value came from: decides nothing but the wording. */
export type InputPart = 'params' | 'query' | 'body';

type Path = readonly PropertyKey[];

const joinPath = (path: Path) => path.map(String).join('.');

/** The value at `path` of `root`, and whether it is there at all. */
function lookup(root: unknown, path: Path): { present: boolean; value: unknown } {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return { present: false, value: undefined };
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return { present: true, value: current };
}

function describe(issue: z.core.$ZodIssue, param: string, input: unknown): string {
  const field = param === '' ? 'The request body' : `'${param}'`;
  // "Required" only when the field is really absent: `?limit=1e309` is there, just not a finite number.
  if (issue.code === 'invalid_type' && !lookup(input, issue.path).present) return `${field} is required.`;
  if (issue.code === 'invalid_type' && typeof lookup(input, issue.path).value === 'number' && issue.expected === 'number') {
    return `${field}: must be a finite number.`;
  }
  if (issue.code === 'unrecognized_keys') return `${field}: ${issue.message}.`;
  return `${field}: ${issue.message.replace(/\.$/, '')}.`;
}

// Unpaired UTF-16 surrogates (in `u` mode a well-formed pair is one code point and does not match).
const LONE_SURROGATE = /\p{Cs}/u;
// Control characters but tab and line breaks: C0, DEL and C1. Nothing a person types; in a PDF they draw
// as missing glyphs, in a CSV or a terminal some act.
const CONTROL = /[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
// Bidirectional embeddings and overrides (LRE, RLE, PDF, LRO, RLO): text after them displays in another
// order than it is stored ("ACME\u202egnp.exe" shows as "ACMEexe.png"), in the widgets, the PDFs, the CSVs
// and the merchant's tools ("Trojan Source"). Marks (U+200E, U+200F, U+061C) and isolates (U+2066–U+2069),
// what Unicode recommends for mixing directions, stay allowed.
const BIDI_OVERRIDE = /[\u202a-\u202e]/;

/**
 * The first string (value or object key) under `value` that storage cannot keep as sent — a NUL character
 * (Postgres text refuses it) or an unpaired surrogate (not Unicode; it would be stored as U+FFFD) — or that
 * would not show what it holds (a control character, a bidirectional override), with what is wrong with it. Walks iteratively: the depth of a body is limited before this runs, but never trusted.
 */
export function findUnstorableString(value: unknown): { path: string; problem: string } | undefined {
  const stack: { value: unknown; path: PropertyKey[] }[] = [{ value, path: [] }];
  const problemOf = (s: string) =>
    s.includes('\u0000')
      ? 'contains a NUL character'
      : LONE_SURROGATE.test(s)
        ? 'contains an unpaired surrogate (not valid Unicode)'
        : CONTROL.test(s)
          ? 'contains a control character'
          : BIDI_OVERRIDE.test(s)
            ? 'contains a bidirectional embedding or override (U+202A–U+202E), which makes text display in another order than it is; use the marks U+200E/U+200F or the isolates U+2066–U+2069'
            : undefined;
  while (stack.length > 0) {
    const { value: v, path } = stack.pop()!;
    if (typeof v === 'string') {
      const problem = problemOf(v);
      if (problem) return { path: joinPath(path), problem };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: [...path, i] });
    } else if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        const problem = problemOf(key);
        if (problem) return { path: joinPath([...path, key]), problem: `has a field name that ${problem}` };
        stack.push({ value: child, path: [...path, key] });
      }
    }
  }
  return undefined;
}

/**
 * The first key of `input` that validation dropped from `output`: a field the endpoint does not know.
 * Comparing input and output (rather than walking the schema) follows unions and defaults for free.
 */
function findUnknownKey(input: unknown, output: unknown, path: PropertyKey[] = []): string | undefined {
  if (Array.isArray(input) && Array.isArray(output)) {
    for (let i = 0; i < input.length; i++) {
      const found = findUnknownKey(input[i], output[i], [...path, i]);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (input === null || typeof input !== 'object' || output === null || typeof output !== 'object' || Array.isArray(input)) return undefined;
  for (const [key, child] of Object.entries(input)) {
    if (!Object.hasOwn(output, key)) return joinPath([...path, key]);
    const found = findUnknownKey(child, (output as Record<string, unknown>)[key], [...path, key]);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Validates one part of a request. The first problem becomes a 400 naming the offending field by its dot
 * path: a string storage cannot keep as sent, a value the schema refuses, or a field the endpoint does not
 * know (`parameter_unknown` — a misspelt field silently ignored would be a wrong action waiting to happen).
 */
export function validate<S extends z.ZodMiniType>(schema: S, value: unknown, part: InputPart): z.infer<S> {
  const unstorable = findUnstorableString(value);
  if (unstorable) {
    const field = unstorable.path === '' ? `The request ${part}` : `'${unstorable.path}'`;
    throw new ApiError('invalid_request_error', 'parameter_invalid', `${field} ${unstorable.problem}.`, unstorable.path === '' ? {} : { param: unstorable.path });
  }
  const result = schema.safeParse(value);
  if (result.success) {
    const unknown = findUnknownKey(value, result.data);
    if (unknown !== undefined) {
      const where = part === 'query' ? 'query parameter' : part === 'params' ? 'path parameter' : 'field';
      throw new ApiError('invalid_request_error', 'parameter_unknown', `Unknown ${where} '${unknown}': this endpoint does not take it.`, { param: unknown });
    }
    return result.data;
  }
  const problem = firstProblem(result.error, value);
  if (!problem) throw new ApiError('invalid_request_error', 'parameter_invalid', `The request ${part} is invalid.`);
  const { param, message } = problem;
  throw new ApiError('invalid_request_error', param === '' ? 'body_invalid' : 'parameter_invalid', message, param === '' ? {} : { param });
}

/** The first issue of a failed parse of `input`: the field by its dot path ('' for the whole value) and what is wrong with it. */
export function firstProblem(error: z.core.$ZodError, input: unknown): { param: string; message: string } | undefined {
  const issue = error.issues[0];
  if (!issue) return undefined;
  const param = joinPath(issue.path);
  return { param, message: describe(issue, param, input) };
}
