/**
 * What an invoice is for, in the words a buyer's accounts payable would use: the first invoice of a
 * subscription is a purchase, a period's invoice a renewal, and a change's invoice an upgrade, a
 * downgrade, more (or fewer) seats, add-ons or a new billing period.
 */
import type { InvoicePurpose } from '@subkit/core';
import type { InvoiceRow } from './rows.js';

/** The purpose an invoice has when its creator says nothing more: from its billing reason. */
export function purposeOfReason(reason: InvoiceRow['billing_reason']): InvoicePurpose {
  switch (reason) {
    case 'subscription_create':
      return 'purchase';
    case 'subscription_cycle':
      return 'renewal';
    case 'subscription_update':
      return 'change';
    default:
      return 'manual';
  }
}

/** What a change is, from the subscription before and after it: the plan's rank decides up or down. */
export function purposeOfChange(before: ChangeSide, after: ChangeSide): InvoicePurpose {
  if (before.planId !== after.planId) return after.rank > before.rank ? 'upgrade' : after.rank < before.rank ? 'downgrade' : 'change';
  if (before.recurring !== after.recurring) return 'billing_period';
  const seats = before.quantity !== after.quantity;
  const addOns = before.addOns !== after.addOns;
  if (seats && !addOns) return 'seats';
  if (addOns && !seats) return 'add_ons';
  return 'change';
}

/** One side of a change, as `purposeOfChange` compares it (`recurring` and `addOns` as comparable keys). */
export interface ChangeSide {
  readonly planId: string;
  readonly rank: number;
  readonly quantity: number;
  readonly recurring: string;
  readonly addOns: string;
}

/** The comparable key of a subscription's add-ons (order does not matter). */
export function addOnsKey(addOns: readonly { addOnId: string; quantity?: number | undefined }[]): string {
  return addOns
    .map((a) => `${a.addOnId}×${a.quantity ?? 1}`)
    .sort()
    .join(',');
}
