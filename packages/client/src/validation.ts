import type * as z from 'zod/mini';
import { fail, ok, subkitError, type Result, type SubkitError, type SubkitErrorType } from './errors.js';

type Issues = { issues: readonly { path: readonly PropertyKey[]; message: string }[] };

/**
 * The validation step of the request loop: a request is checked against its endpoint's schema before
 * anything is sent, and a response before anything uses it. The problem is named by its dot path.
 */
export function validate(schema: z.ZodMiniType | undefined, value: unknown, code: 'request_invalid' | 'response_invalid'): Result<unknown> {
  if (!schema) return ok(undefined);
  const parsed = schema.safeParse(value);
  if (parsed.success) return ok(parsed.data);
  const issue = (parsed.error as Issues).issues[0];
  const path = (issue?.path ?? []).map(String).join('.');
  return fail(subkitError('validation_error', code, issue ? `${path || 'value'}: ${issue.message}` : 'invalid value', { param: path || null }));
}

/** The error category of an HTTP status. */
export function typeForStatus(status: number): SubkitErrorType {
  if (status === 401) return 'auth_error';
  if (status === 409) return 'conflict_error';
  if (status === 429) return 'rate_limited';
  return 'api_error';
}

/** The request id a response carries in its headers. */
export function requestIdOf(res: Response): string | null {
  return res.headers.get('request-id') ?? res.headers.get('x-request-id');
}
