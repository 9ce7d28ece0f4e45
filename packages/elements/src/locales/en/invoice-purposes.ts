/**
 * English words for what an invoice is for (core's `InvoicePurpose`): part of the line texts (line-texts.ts), and
 * on their own in the billing history's list, which shows an invoice's purpose but none of its lines.
 */
export const invoicePurposes = {
  purpose: 'For',
  purpose_purchase: 'New subscription',
  purpose_renewal: 'Renewal',
  purpose_upgrade: 'Upgrade',
  purpose_downgrade: 'Downgrade',
  purpose_seats: 'Change of seats',
  purpose_add_ons: 'Change of add-ons',
  purpose_billing_period: 'Change of billing period',
  purpose_change: 'Subscription change',
  purpose_usage: 'Usage',
  purpose_manual: 'Invoice',
};

/** The keys of the invoice purpose strings. */
export type InvoicePurposeStrings = typeof invoicePurposes;
