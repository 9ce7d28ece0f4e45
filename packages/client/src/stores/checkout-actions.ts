import type { CheckoutPayment, CheckoutResult } from '@subkit/core/schemas';
import { createCheckout } from '@subkit/core/endpoints';
import type { Result } from '../errors.js';
import { randomKey } from '../transport.js';
import { checkoutRequest, checkoutSubmission } from './checkout.js';
import { reactions } from './reactions.js';
import { defineStore } from './store.js';

/**
 * What buys the checkout draft; the result shows in `checkoutStore`'s `$checkoutResult`. Apart from
 * `checkoutStore` so that a widget pricing the draft does not bundle the order's endpoint and its wire rules
 * until the buyer places the order.
 */
export interface CheckoutActions {
  /** Buys the draft; on success refreshes subscriptions and invoices. */
  submitCheckout(payment?: CheckoutPayment, idempotencyKey?: string): Promise<Result<CheckoutResult>>;
}

/** The checkout actions of a client. */
export const checkoutActions = defineStore<CheckoutActions>('checkout-actions', (client) => {
  const submission = checkoutSubmission(client);
  const { $checkoutResult } = submission;
  const react = reactions(client);
  let submitting: Promise<Result<CheckoutResult>> | null = null;

  return {
    submitCheckout(payment, idempotencyKey) {
      // A second click while the first submission runs gets the same answer, never a second subscription.
      if (submitting) return submitting;
      const request = checkoutRequest(client, payment);
      const fingerprint = JSON.stringify(request);
      if (submission.attempt?.fingerprint !== fingerprint) submission.attempt = { fingerprint, key: randomKey() };
      const key = idempotencyKey ?? submission.attempt.key;
      $checkoutResult.set({ ...$checkoutResult.value!, error: null, loading: true });
      submitting = (async () => {
        const result = await client.send(createCheckout, { body: request, idempotencyKey: key });
        // Only an unknown outcome (the network failed, or the server failed and released the key) may be
        // sent again with the same key; any other answer is final, and the next attempt is a new one.
        if (result.ok || !(result.error.type === 'network_error' || (result.error.status ?? 0) >= 500)) submission.attempt = null;
        if (result.ok) await react.emit('purchase');
        $checkoutResult.set(result.ok ? { data: result.data, error: null, loading: false } : { data: null, error: result.error, loading: false });
        return result;
      })().finally(() => {
        submitting = null;
      });
      return submitting;
    },
  };
});
