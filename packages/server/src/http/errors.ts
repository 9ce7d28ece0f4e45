import type { ApiErrorBody } from '@subkit/core';
import { ApiError } from '../errors.js';
import { PG_ERROR, pgErrorCode } from '../db/open.js';

/** Turns anything thrown while serving a request into the ApiError the client sees; never leaks internals. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const bodyParserType = (err as { type?: unknown } | null)?.type;
  if (bodyParserType === 'entity.parse.failed') {
    return new ApiError('invalid_request_error', 'invalid_json', 'The request body is not valid JSON.');
  }
  if (bodyParserType === 'entity.too.large') {
    return new ApiError('invalid_request_error', 'body_too_large', 'The request body is too large.', { status: 413 });
  }
  if (bodyParserType === 'encoding.unsupported' || bodyParserType === 'charset.unsupported') {
    return new ApiError('invalid_request_error', 'unsupported_encoding', 'The request body encoding is not supported.', { status: 415 });
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
    },
  };
}
