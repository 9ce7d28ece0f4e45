import type { ApiErrorType, PurchaseApprovalCheck } from '@subkit/core';

const STATUS: Record<ApiErrorType, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  permission_error: 403,
  not_found_error: 404,
  conflict_error: 409,
  idempotency_error: 422,
  rate_limit_error: 429,
  payment_error: 402,
  api_error: 500,
};

/** An error the API answers with its one JSON shape; thrown by handlers, rendered by the error handler. */
export class ApiError extends Error {
  readonly type: ApiErrorType;
  readonly code: string;
  readonly status: number;
  readonly param: string | undefined;
  readonly declineCode: string | undefined;
  /** For `approval_required`: the purchasing policy's check, with the limit that applies. */
  readonly approval: PurchaseApprovalCheck | undefined;

  constructor(type: ApiErrorType, code: string, message: string, options: { param?: string; status?: number; declineCode?: string; approval?: PurchaseApprovalCheck } = {}) {
    super(message);
    this.name = 'ApiError';
    this.type = type;
    this.code = code;
    this.status = options.status ?? STATUS[type];
    this.param = options.param;
    this.declineCode = options.declineCode;
    this.approval = options.approval;
  }
}

/** 400 for a client's mistake in one field. */
export const invalidRequest = (code: string, message: string, param?: string) =>
  new ApiError('invalid_request_error', code, message, param === undefined ? {} : { param });

/** 404 for a missing object, or another company's object (never reveal it exists). */
export const notFound = (what: string, param?: string) =>
  new ApiError('not_found_error', 'resource_missing', `No such ${what}.`, param === undefined ? {} : { param });

/** 409 for a stale version or a state that does not allow the action. */
export const conflict = (code: string, message: string) => new ApiError('conflict_error', code, message);

/** 403 when the session's role lacks a permission. */
export const forbidden = (message = 'Your role does not allow this action.') => new ApiError('permission_error', 'insufficient_role', message);
