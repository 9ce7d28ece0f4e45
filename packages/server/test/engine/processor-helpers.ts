import type { PaymentProcessor } from '../../src/engine/processor/index.js';

/** `base` with its `charge` replaced (a processor that fails, waits or dies on a charge); everything else goes to `base`. */
export function withCharge(base: PaymentProcessor, charge: PaymentProcessor['charge']): PaymentProcessor {
  return {
    name: base.name,
    retrieveCharge: (id) => base.retrieveCharge(id),
    setupPaymentMethod: (request) => base.setupPaymentMethod(request),
    acceptPaymentMethod: (input, ctx) => base.acceptPaymentMethod(input, ctx),
    syncPaymentMethod: (change) => base.syncPaymentMethod(change),
    refund: (request) => base.refund(request),
    cancelCharge: (request) => base.cancelCharge(request),
    charge,
  };
}
