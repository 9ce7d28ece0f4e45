/** The payment handlers of lane stripe's module: refunding a credit note to the card that paid it. */
import type { RequestContext } from '../context.js';
import { ApiError } from '../errors.js';
import type { Handlers } from '../handlers/types.js';
import { refundCreditNote } from './refunds.js';

function companyOf(ctx: RequestContext): string {
  if (ctx.principal.kind !== 'session') throw new ApiError('authentication_error', 'session_required', 'This endpoint needs a buyer session.');
  return ctx.principal.companyId;
}

/** Handlers by endpoint name. */
export const paymentHandlers: Partial<Handlers> = {
  refundCreditNote: (ctx, { params }) => refundCreditNote(ctx, companyOf(ctx), params.creditNoteId),
};
