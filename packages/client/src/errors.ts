import type { PurchaseApprovalCheck } from '@subkit/core/schemas';

/** The error categories a caller branches on. */
export type SubkitErrorType =
  | 'api_error'
  | 'network_error'
  | 'validation_error'
  | 'auth_error'
  | 'conflict_error'
  | 'rate_limited';

/** A failed call as a plain object: branch on `type`, never on `instanceof` (a page may load two copies). */
export interface SubkitError {
  type: SubkitErrorType;
  /** HTTP status when there was a response. */
  status: number | null;
  /** The server's `error.code`, or a client code such as `aborted`, `request_invalid`, `response_invalid`. */
  code: string;
  message: string;
  /** The offending field as a dot path (request validation and 400s). */
  param: string | null;
  requestId: string | null;
  /** The processor's decline code for card declines (status 402). */
  declineCode?: string | null;
  /** The server's own `error.type`, e.g. `permission_error`, `payment_error`, `not_found_error`. */
  serverType?: string | null;
  /** How long the server asked to wait before trying again (429/503 with `Retry-After`), in ms. */
  retryAfterMs?: number | null;
  /** For a 403 `approval_required`: the purchasing policy's check, with the limit the purchase passes. */
  approval?: PurchaseApprovalCheck | null;
}

/** The outcome of every client call: calls never reject. */
export type Result<T> = { ok: true; data: T; error: null } | { ok: false; data: null; error: SubkitError };

/** A successful result. */
export function ok<T>(data: T): Result<T> {
  return { ok: true, data, error: null };
}

/** A failed result. */
export function fail<T = never>(error: SubkitError): Result<T> {
  return { ok: false, data: null, error };
}

/** Builds a `SubkitError` with the fields a caller may leave out set to null. */
export function subkitError(
  type: SubkitErrorType,
  code: string,
  message: string,
  extra: Partial<Omit<SubkitError, 'type' | 'code' | 'message'>> = {},
): SubkitError {
  return { type, status: null, code, message, param: null, requestId: null, ...extra };
}

const TYPES: readonly string[] = ['api_error', 'network_error', 'validation_error', 'auth_error', 'conflict_error', 'rate_limited'];

/** Whether a value is a `SubkitError` (structural check, so it works across copies of this package). */
export function isSubkitError(value: unknown): value is SubkitError {
  return typeof value === 'object' && value !== null && TYPES.includes((value as { type?: unknown }).type as string)
    && typeof (value as { code?: unknown }).code === 'string';
}
