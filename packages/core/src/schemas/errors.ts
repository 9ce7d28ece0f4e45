import * as z from 'zod/mini';
import { PurchaseApprovalCheck } from './governance.js';

/** Error categories on the wire; clients branch on `type`, never on `instanceof`. */
export const ApiErrorType = z.enum([
  'invalid_request_error',
  'authentication_error',
  'permission_error',
  'not_found_error',
  'conflict_error',
  'idempotency_error',
  'rate_limit_error',
  'payment_error',
  'api_error',
]);
export type ApiErrorType = z.infer<typeof ApiErrorType>;

/** The one error shape every endpoint answers with. `param` names the offending field (dot path). */
export const ApiErrorBody = z.object({
  error: z.object({
    type: ApiErrorType,
    code: z.string(),
    message: z.string(),
    param: z.optional(z.string()),
    requestId: z.string(),
    /** For payment errors: the processor's decline code, e.g. `insufficient_funds`. */
    declineCode: z.optional(z.string()),
    /** For `approval_required`: why the company's purchasing policy asks for approval, with the limit that applies. */
    approval: z.optional(PurchaseApprovalCheck),
  }),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;
