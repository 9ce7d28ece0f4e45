/**
 * Invoice lines and totals of subscription items: the period charge of each item with its tier
 * breakdown, proration lines, and the totals (discount, tax, customer credit) from core's math.
 */
import { fromBigInt, invoiceTotals, modelAmount, prorationLines, roundDiv } from '@subkit/core';
import type { Discount, Fraction, InvoiceDiscount, InvoiceLine, InvoiceTotals, LineSubject, LineText, ProratedItem, SubscriptionItem, TaxLine, TierBreakdownLine } from '@subkit/core';
import type { ProrationPolicy } from '@subkit/core';
import { newId } from '../ids.js';
import { isoString } from '../iso.js';
import { discountActive } from './promo.js';
import type { AppliedTaxRate } from './tax.js';

/** Whether an item is billed in advance for the period (metered items are billed in arrears from usage). */
export function isLicensed(item: SubscriptionItem): boolean {
  return item.model.type !== 'metered';
}

/** The full-period amount of a licensed item at its quantity, with the breakdown. */
export function itemAmount(item: SubscriptionItem, usage?: number): { amount: number; tiers: TierBreakdownLine[] } {
  const quantity = item.model.type === 'metered' ? (usage ?? 0) : item.quantity;
  const { amount, lines } = modelAmount(item.model, quantity);
  return { amount, tiers: lines };
}

/** What an item bills, as a structured line text names it (`planId` null when the caller does not know it). */
export function lineSubject(item: SubscriptionItem, plan: { id?: string | null | undefined; name: string }): LineSubject {
  return {
    type: item.kind,
    planId: plan.id ?? null,
    planName: plan.name === '' ? null : plan.name,
    itemId: item.kind === 'addon' ? (item.addOnId ?? item.priceItemId) : item.priceItemId,
    name: item.description,
    unitLabel: item.unitLabel,
    unitLabelPlural: item.unitLabelPlural ?? null,
  };
}

/** How an item is named on an invoice. */
export function itemLabel(item: SubscriptionItem, planName: string): string {
  return item.kind === 'plan' ? `${planName} — ${item.description}` : item.description;
}

function unitAmountOf(item: SubscriptionItem): number | null {
  switch (item.model.type) {
    case 'flat':
      return item.model.amount;
    case 'per_unit':
      return item.model.unitAmount;
    default:
      return null;
  }
}

/**
 * One line per licensed item for a billing period (charged in advance). During a trial the lines are
 * there at zero, so the buyer sees what the trial covers.
 */
export function periodLines(
  items: readonly SubscriptionItem[],
  opts: { planName: string; planId?: string; periodStart: Date; periodEnd: Date; trial?: boolean },
): InvoiceLine[] {
  return items.filter(isLicensed).map((item) => {
    const { amount, tiers } = itemAmount(item);
    const label = itemLabel(item, opts.planName);
    const subject = lineSubject(item, { id: opts.planId, name: opts.planName });
    return {
      id: newId('il_'),
      type: item.kind === 'plan' ? 'subscription' : 'addon',
      description: opts.trial ? `Trial period — ${label}` : label,
      quantity: item.model.type === 'flat' ? 1 : item.quantity,
      unitAmount: opts.trial ? 0 : unitAmountOf(item),
      amount: opts.trial ? 0 : amount,
      periodStart: isoString(opts.periodStart),
      periodEnd: isoString(opts.periodEnd),
      proration: false,
      tiers: opts.trial ? [] : tiers,
      text: opts.trial ? { kind: 'trial', subject } : { kind: 'period', subject },
    };
  });
}

/**
 * A period line billed for a partial first period (calendar billing): its amount times the fraction,
 * rounded per line like proration, marked as prorated (no unit amount or tier breakdown then).
 */
export function partialPeriodLine(line: InvoiceLine, fraction: Fraction): InvoiceLine {
  if (fraction.numerator === fraction.denominator) return line;
  return {
    ...line,
    amount: fromBigInt(roundDiv(BigInt(line.amount) * fraction.numerator, fraction.denominator)),
    unitAmount: null,
    proration: true,
    tiers: [],
  };
}

/** The metered lines of a period from its usage per metric (billed in arrears). */
export function usageLines(
  items: readonly SubscriptionItem[],
  usage: Readonly<Record<string, number>>,
  opts: { planName: string; planId?: string; periodStart: Date; periodEnd: Date },
): InvoiceLine[] {
  return items
    .filter((item) => !isLicensed(item))
    .map((item) => {
      const used = usage[item.metric ?? item.priceItemId] ?? 0;
      const { amount, tiers } = itemAmount(item, used);
      return {
        id: newId('il_'),
        type: 'usage' as const,
        description: itemLabel(item, opts.planName),
        quantity: used,
        unitAmount: null,
        amount,
        periodStart: isoString(opts.periodStart),
        periodEnd: isoString(opts.periodEnd),
        proration: false,
        tiers,
        text: {
          kind: 'usage' as const,
          subject: lineSubject(item, { id: opts.planId, name: opts.planName }),
          included: item.model.type === 'metered' ? item.model.includedQuantity : null,
        },
      };
    });
}

/** Licensed items as the proration math takes them: full-period amounts keyed by item id. */
export function proratedItems(items: readonly SubscriptionItem[], planName: string): ProratedItem[] {
  return items.filter(isLicensed).map((item) => ({
    key: item.id,
    description: `${itemLabel(item, planName)}${item.model.type === 'flat' ? '' : ` × ${item.quantity}`}`,
    amount: itemAmount(item).amount,
  }));
}

/** A wire proration line plus the item quantity it came from. */
export type ProrationResult = {
  lines: { description: string; text: LineText; kind: 'credit' | 'charge'; amount: number; periodStart: Date; periodEnd: Date; quantity: number }[];
  total: number;
};

/**
 * Credit for the unused time of `oldItems` and charge for the rest of the period on `newItems`
 * (core's `prorationLines`: per-line rounding, lines sum to the total).
 */
export function prorate(opts: {
  oldItems: readonly SubscriptionItem[];
  oldPlanName: string;
  oldPlanId?: string;
  newItems: readonly SubscriptionItem[];
  newPlanName: string;
  newPlanId?: string;
  periodStart: Date;
  periodEnd: Date;
  at: Date;
  policy: ProrationPolicy;
}): ProrationResult {
  const quantities = new Map<string, number>();
  const subjects = new Map<string, LineSubject>();
  for (const item of opts.oldItems) subjects.set(item.id, lineSubject(item, { id: opts.oldPlanId, name: opts.oldPlanName }));
  for (const item of opts.newItems) subjects.set(item.id, lineSubject(item, { id: opts.newPlanId, name: opts.newPlanName }));
  for (const item of [...opts.oldItems, ...opts.newItems]) quantities.set(item.id, item.model.type === 'flat' ? 1 : item.quantity);
  const { lines, total } = prorationLines({
    periodStart: opts.periodStart,
    periodEnd: opts.periodEnd,
    at: opts.at,
    policy: opts.policy,
    oldItems: proratedItems(opts.oldItems, opts.oldPlanName),
    newItems: proratedItems(opts.newItems, opts.newPlanName),
  });
  return {
    total,
    lines: lines.map((l) => ({
      description: `${l.kind === 'credit' ? 'Unused time on' : 'Remaining time on'} ${l.description}`,
      text: { kind: l.kind === 'credit' ? ('unused_time' as const) : ('remaining_time' as const), subject: subjects.get(l.key)! },
      kind: l.kind,
      amount: l.amount,
      periodStart: l.periodStart,
      periodEnd: l.periodEnd,
      quantity: quantities.get(l.key) ?? 1,
    })),
  };
}

/** Proration lines as invoice lines. */
export function prorationInvoiceLines(result: ProrationResult): InvoiceLine[] {
  return result.lines.map((l) => ({
    id: newId('il_'),
    type: 'proration',
    description: l.description,
    quantity: l.quantity,
    unitAmount: null,
    amount: l.amount,
    periodStart: l.periodStart.toISOString(),
    periodEnd: l.periodEnd.toISOString(),
    proration: true,
    tiers: [],
    text: l.text,
  }));
}

/**
 * The discounts an invoice gets from a subscription's discount. Period invoices take it while it has
 * periods left. Proration invoices take a percentage (the buyer pays that share of any price), but not
 * a fixed amount, which is granted once per period and was already granted on the period's invoice.
 */
export function discountsFor(discount: Discount | null, kind: 'period' | 'proration'): InvoiceDiscount[] {
  if (!discountActive(discount)) return [];
  if (kind === 'proration' && discount.percentOff === null) return [];
  return [{ percentOff: discount.percentOff, amountOff: discount.amountOff }];
}

/** Totals of lines with discounts, tax and customer credit, via core's `invoiceTotals`. */
export function totalsOf(input: {
  lines: readonly { amount: number }[];
  discounts: readonly InvoiceDiscount[];
  taxRates: readonly AppliedTaxRate[];
  creditBalance: number;
}): InvoiceTotals {
  return invoiceTotals({ lines: input.lines, discounts: input.discounts, taxRates: input.taxRates, creditBalance: input.creditBalance });
}

/**
 * Totals of proration lines, which may net to a credit. Core's `invoiceTotals` only discounts a
 * positive subtotal, so a net credit is totalled as its mirror image and negated: a buyer paying 80%
 * of the price gets 80% of the unused time back, and credit and charge round symmetrically.
 */
export function signedTotals(input: {
  lines: readonly { amount: number }[];
  discounts: readonly InvoiceDiscount[];
  taxRates: readonly AppliedTaxRate[];
  creditBalance: number;
}): InvoiceTotals {
  const net = input.lines.reduce((sum, l) => sum + BigInt(l.amount), 0n);
  if (net >= 0n) return totalsOf(input);
  const m = totalsOf({ ...input, lines: input.lines.map((l) => ({ amount: -l.amount })), creditBalance: 0 });
  const neg = (n: number) => (n === 0 ? 0 : -n);
  return {
    subtotal: neg(m.subtotal),
    discountLines: m.discountLines.map((d) => ({ ...d, amount: neg(d.amount) })),
    discountTotal: neg(m.discountTotal),
    taxLines: m.taxLines.map((t) => ({ ...t, taxableAmount: neg(t.taxableAmount), amount: neg(t.amount) })),
    tax: neg(m.tax),
    inclusiveTax: neg(m.inclusiveTax),
    exclusiveTax: neg(m.exclusiveTax),
    total: neg(m.total),
    creditApplied: 0,
    amountDue: 0,
  };
}

/** Core's tax lines as the wire shows them (with whether the rate is inside the prices). */
export function wireTaxLines(totals: InvoiceTotals, rates: readonly AppliedTaxRate[]): TaxLine[] {
  return totals.taxLines.map((t) => ({
    name: t.name,
    percent: t.percent,
    taxableAmount: t.taxableAmount,
    amount: t.amount,
    inclusive: rates.find((r) => r.id === t.id)?.inclusive ?? false,
    kind: rates.find((r) => r.id === t.id)?.kind ?? 'vat',
    treatment: rates.find((r) => r.id === t.id)?.treatment ?? 'standard',
    country: rates.find((r) => r.id === t.id)?.country ?? null,
  }));
}
