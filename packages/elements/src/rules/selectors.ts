import type { Catalog, Permission, SessionInfo, Subscription } from '@subkit/core';
import type { SubkitError } from '@subkit/client';

/**
 * True when the company still has the subscription: it can be shown, changed or canceled, and its product is not
 * bought again — every status but the two that ended it (`hasEnded`).
 * - `incomplete` counts (its first payment awaits the bank's confirmation): the plan picker had left it out, so a
 *   buyer could buy a second subscription while the first was pending.
 * - `unpaid` counts (on hold once the retries ran out): it had been left out, so the manager offered no way to cancel
 *   it and the picker sold the plan again while the held one went on issuing an invoice each period.
 * - `incomplete_expired` does not: that first payment never came, and the plan can be bought again.
 */
export function isLive(subscription: Pick<Subscription, 'status'>): boolean {
  return !hasEnded(subscription);
}

/** True when the subscription is over for good: canceled, or expired before its first payment (no period, no next invoice, no card). */
export function hasEnded(subscription: Pick<Subscription, 'status'>): boolean {
  return subscription.status === 'canceled' || subscription.status === 'incomplete_expired';
}

/** True when the buyer session has the permission; false while the session is unknown. */
export function can(session: SessionInfo | null | undefined, permission: Permission): boolean {
  return session?.permissions.includes(permission) ?? false;
}

/**
 * True unless the session is known and may not buy: a signed-out visitor compares and chooses plans,
 * a viewer only compares.
 */
export function mayBuy(session: SessionInfo | null | undefined): boolean {
  return !session || can(session, 'checkout:create');
}

/**
 * Cards work with Stripe, or with the test processor in test mode; never as our own inputs in live mode.
 * While the catalog (and so the merchant) is unknown, cards count as available: the manager had assumed
 * the opposite and told buyers cards could not be added while it was still loading.
 */
export function cardsAvailable(merchant: Catalog['merchant'] | null | undefined): boolean {
  return !merchant || merchant.payments === 'stripe' || merchant.mode === 'test';
}

/** True when the card was declined (the processor said no), as opposed to a request or server problem. */
export function isDeclined(error: SubkitError): boolean {
  return error.serverType === 'payment_error' || error.status === 402;
}
