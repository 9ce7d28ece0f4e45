/**
 * Invoice totals: subtotal → discounts → tax → total → customer credit → amount due, all in integer
 * minor units. Percentages become integers (percent × 10 000) before they touch an amount. Also which statuses
 * leave an invoice owed.
 */
import type { InvoiceStatus } from '../schemas/invoice.js';
import { checkedAmount, fromBigInt, MoneyError, roundDiv, sumAmounts } from './money.js';

/**
 * The statuses of an invoice still owed, which can be paid: open, and uncollectible — written off as bad debt
 * with the claim kept, so a late payment still settles it (Stripe's rule for `mark_uncollectible`).
 */
export const PAYABLE_STATUSES: readonly InvoiceStatus[] = ['open', 'uncollectible'];

/** Whether an invoice in this status is still owed and can be paid (`PAYABLE_STATUSES`). */
export const isPayable = (status: InvoiceStatus): boolean => PAYABLE_STATUSES.includes(status);

/** A discount on the invoice: a percentage or a fixed amount off (percent wins when both are set). */
export type InvoiceDiscount = { percentOff: number | null; amountOff: number | null };

/** A tax rate; `inclusive` rates are already inside the line amounts and are carved out, not added. */
export type InvoiceTaxRate = { id: string; name: string; percent: number; inclusive?: boolean };

/** The discount taken by one entry of `discounts` (positive: the amount taken off). */
export type DiscountLine = { index: number; amount: number };

/** The tax of one rate: `amount` on `taxableAmount` (the net amount before that tax). */
export type TaxLine = { id: string; name: string; percent: number; taxableAmount: number; amount: number };

/** An invoice's totals; `total = subtotal − discountTotal + exclusiveTax` and `amountDue = total − creditApplied` (never below 0). */
export type InvoiceTotals = {
  subtotal: number;
  discountLines: DiscountLine[];
  discountTotal: number;
  taxLines: TaxLine[];
  /** All tax on the invoice, inclusive and exclusive. */
  tax: number;
  /** Tax carved out of inclusive prices (already inside `subtotal`). */
  inclusiveTax: number;
  /** Tax added on top of the prices. */
  exclusiveTax: number;
  total: number;
  creditApplied: number;
  amountDue: number;
};

/** Percent scaled to an integer: 12.5 → 125 000 (of 1 000 000). */
const PERCENT_SCALE = 10_000;
const WHOLE = 100n * BigInt(PERCENT_SCALE);

/** A percentage as an exact integer of millionths; throws on negative, non-finite or > `max`. */
export function percentToScaled(percent: number, max = 100): bigint {
  if (!Number.isFinite(percent) || percent < 0 || percent > max) {
    throw new MoneyError('invalid_amount', `percent must be within 0..${max}, got ${percent}`);
  }
  return BigInt(Math.round(percent * PERCENT_SCALE));
}

/** `percent`% of `amount` in minor units, rounded as invoice discounts round (half away from zero). */
export function percentOfAmount(amount: number, percent: number): number {
  return fromBigInt(roundDiv(BigInt(checkedAmount(amount)) * percentToScaled(percent), WHOLE));
}

/** What one discount takes off `discountable` before capping: a percentage of it, or its fixed amount. */
function discountOff(discount: InvoiceDiscount, discountable: number): number {
  if (discount.percentOff !== null) return percentOfAmount(discountable, discount.percentOff);
  if (discount.amountOff === null) return 0;
  const amountOff = checkedAmount(discount.amountOff);
  if (amountOff < 0) throw new MoneyError('invalid_amount', `amountOff must not be negative, got ${amountOff}`);
  return amountOff;
}

/**
 * Totals of an invoice. Discounts apply in order to what is left of the positive subtotal and never
 * take it below zero; exclusive tax is added on the discounted amount, inclusive tax is carved out of
 * it; customer credit (`creditBalance`, positive) pays the total first; `amountDue` is never negative.
 */
export function invoiceTotals(input: {
  lines: readonly { amount: number }[];
  discounts?: readonly InvoiceDiscount[];
  taxRates?: readonly InvoiceTaxRate[];
  creditBalance?: number;
}): InvoiceTotals {
  const subtotal = sumAmounts(input.lines.map((l) => l.amount));

  let discountable = Math.max(0, subtotal);
  const discountLines: DiscountLine[] = [];
  for (const [index, discount] of (input.discounts ?? []).entries()) {
    const off = Math.min(discountOff(discount, discountable), discountable);
    discountable -= off;
    discountLines.push({ index, amount: off });
  }
  const discountTotal = sumAmounts(discountLines.map((d) => d.amount));
  const net = BigInt(subtotal) - BigInt(discountTotal);

  const rates = (input.taxRates ?? []).map((rate) => ({ rate, scaled: percentToScaled(rate.percent, 1000) }));
  const inclusiveScaled = rates.filter((r) => r.rate.inclusive).reduce((sum, r) => sum + r.scaled, 0n);
  // Inclusive: net = base × (1 + Σ inclusive rates), so each such rate's share is net × rate / (1 + Σ inclusive rates).
  const carved = rates.map((r) => ({ ...r, carved: r.rate.inclusive ? roundDiv(net * r.scaled, WHOLE + inclusiveScaled) : 0n }));
  const inclusiveTax = fromBigInt(carved.reduce((sum, r) => sum + r.carved, 0n));
  const base = net - BigInt(inclusiveTax);

  const taxLines: TaxLine[] = carved.map((r) => {
    const amount = r.rate.inclusive ? r.carved : roundDiv(base * r.scaled, WHOLE);
    return { id: r.rate.id, name: r.rate.name, percent: r.rate.percent, taxableAmount: fromBigInt(base), amount: fromBigInt(amount) };
  });
  const tax = sumAmounts(taxLines.map((t) => t.amount));
  const exclusiveTax = tax - inclusiveTax;
  const total = fromBigInt(net + BigInt(exclusiveTax));

  const credit = checkedAmount(input.creditBalance ?? 0);
  const creditApplied = Math.max(0, Math.min(credit, total));
  const amountDue = Math.max(0, total - creditApplied);
  return { subtotal, discountLines, discountTotal, taxLines, tax, inclusiveTax, exclusiveTax, total, creditApplied, amountDue };
}
