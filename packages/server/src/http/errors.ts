import type { ApiErrorBody } from '@subkit/core';
import { ApiError } from '../errors.js';
import { PG_ERROR, pgErrorCode } from '../db/open.js';

/** body-parser's error types (http-errors `type`) and what the client is told for each. */
const BODY_ERRORS: Readonly<Record<string, () => ApiError>> = {
  'entity.parse.failed': () => new ApiError('invalid_request_error', 'invalid_json', 'The request body is not valid JSON.'),
  'entity.too.large': () => new ApiError('invalid_request_error', 'body_too_large', 'The request body is too large.', { status: 413 }),
  'encoding.unsupported': () =>
    new ApiError('invalid_request_error', 'unsupported_encoding', 'The Content-Encoding of the request body is not supported (use gzip, deflate, br or none).', { status: 415 }),
  'charset.unsupported': () => new ApiError('invalid_request_error', 'unsupported_charset', 'The request body must be UTF-8.', { status: 415 }),
  'request.size.invalid': () => new ApiError('invalid_request_error', 'body_invalid', 'The request body is shorter or longer than its Content-Length.'),
  'request.aborted': () => new ApiError('invalid_request_error', 'body_invalid', 'The request body was not sent completely.'),
};

/** The 4xx status a library error carries (http-errors' `status`, set by body-parser and the router), if any. */
function clientStatus(err: unknown): number | undefined {
  const status = (err as { status?: unknown; statusCode?: unknown } | null)?.status ?? (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

/**
 * Turns anything thrown while serving a request into the ApiError the client sees; never leaks internals.
 * What a client can cause maps to a 4xx — a malformed body, a broken Content-Encoding, a malformed
 * percent-escape in the path, an amount beyond exact arithmetic — and only the server's own failures stay 500.
 */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const type = (err as { type?: unknown } | null)?.type;
  if (typeof type === 'string' && type in BODY_ERRORS) return BODY_ERRORS[type]!();
  // Core's MoneyError (checked by its `type`, not instanceof): a total beyond ±(2^53−1) minor units.
  if (type === 'money_error' && (err as { code?: unknown }).code === 'overflow') {
    return new ApiError(
      'invalid_request_error',
      'amount_too_large',
      `The amounts of this request exceed what can be computed exactly (${Number.MAX_SAFE_INTEGER} minor units). Lower the quantity or the price.`,
    );
  }
  const status = clientStatus(err);
  if (err instanceof URIError && status !== undefined) {
    return new ApiError('invalid_request_error', 'path_invalid', 'The URL path contains a malformed percent-escape.', { status });
  }
  if (status !== undefined) {
    // A decompression error (corrupt gzip/deflate/br) or another stream problem body-parser flagged as the client's.
    const decoding = typeof (err as { code?: unknown }).code === 'string' && /^(Z_|ERR_(BROTLI|ZLIB))/.test((err as { code: string }).code);
    return decoding || /incorrect header check|unexpected end of file|Decompression failed/i.test((err as Error).message ?? '')
      ? new ApiError('invalid_request_error', 'body_encoding_invalid', 'The request body does not match its Content-Encoding.', { status })
      : new ApiError('invalid_request_error', 'request_invalid', 'The request is malformed.', { status });
  }
  const code = pgErrorCode(err);
  if (code === PG_ERROR.serializationFailure || code === PG_ERROR.deadlockDetected) {
    return new ApiError('conflict_error', 'concurrent_update', 'Another request changed the same object at the same time. Try again.');
  }
  // Class 22 (data exception): a value from the request that Postgres cannot take (bad date, out of range).
  if (code?.startsWith('22')) {
    return new ApiError('invalid_request_error', 'parameter_invalid', 'A value in the request is malformed or out of range.');
  }
  if (code === PG_ERROR.uniqueViolation) {
    return new ApiError('conflict_error', 'duplicate', 'An object with the same unique values already exists.');
  }
  return new ApiError('api_error', 'internal_error', 'An unexpected error occurred. The request id identifies it in the server logs.');
}

/** The error's wire shape. */
export function errorBody(err: ApiError, requestId: string): ApiErrorBody {
  return {
    error: {
      type: err.type,
      code: err.code,
      message: err.message,
      ...(err.param !== undefined ? { param: err.param } : {}),
      requestId,
      ...(err.declineCode !== undefined ? { declineCode: err.declineCode } : {}),
      ...(err.approval !== undefined ? { approval: err.approval } : {}),
    },
  };
}
