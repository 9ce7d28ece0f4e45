/**
 * The merchant's billing rules over time: the dunning schedule, what ends a subscription whose invoice
 * stays unpaid, the grace of invoice customers, the trial notice. Defaults follow Stripe's (retries over
 * about a week, then cancel; https://docs.stripe.com/billing/revenue-recovery/smart-retries) with the
 * schedule the issue names.
 */
import type { ServerConfig } from '../../context.js';

/** How the billing run collects and when it gives up. */
export interface BillingSettings {
  /** Days after the first failed charge on which dunning charges again (default 1, 3, 5, 7). */
  readonly retryDays: readonly number[];
  /** What a subscription becomes when its invoice stays unpaid after the last retry or the grace (default `canceled`). */
  readonly dunningEnd: 'canceled' | 'unpaid';
  /** Days after a net-terms invoice's due date before the end policy applies (default 30: invoice customers pay slower). */
  readonly invoiceGraceDays: number;
  /** Days before a trial ends that `subscription.trial_will_end` is sent (Stripe: 3). */
  readonly trialWillEndDays: number;
}

/** The defaults: retries 1, 3, 5, 7 days after the failure, then canceled; 30 days' grace for invoices; trial notice 3 days ahead. */
export const DEFAULT_BILLING_SETTINGS: BillingSettings = {
  retryDays: [1, 3, 5, 7],
  dunningEnd: 'canceled',
  invoiceGraceDays: 30,
  trialWillEndDays: 3,
};

/** The deployment's billing settings (its config's, else the defaults). */
export function billingSettings(config: Pick<ServerConfig, 'billing'>): BillingSettings {
  return { ...DEFAULT_BILLING_SETTINGS, ...config.billing };
}
