import { monthlyEquivalent, monthsPerPeriod, quotePrice, savingsPercent, type Catalog, type Plan, type Price, type PriceQuote, type Product, type Recurring, type SessionInfo, type Subscription } from '@subkit/core';
import type { CheckoutDraft } from '@subkit/client';
import { isLive } from '../rules/selectors.js';
import { parseQuantity, clampQuantity, quantityError, type QuantityStrings } from '../rules/quantity.js';

/** How a plan relates to the buyer's current subscription of the same product. */
export type Relation = 'new' | 'current' | 'upgrade' | 'downgrade';

/** Everything one plan card shows. */
export interface PlanCard {
  plan: Plan;
  price: Price | null;
  quantity: number;
  quantityError: string | null;
  quote: PriceQuote | null;
  /** The period amount per month, when a period is longer than a month. */
  monthly: number | null;
  /** Whole percent saved against the same plan billed monthly. */
  savings: number;
  /** What the list price would cost for this quantity, when a contract price replaces it (and beats it). */
  listSubtotal: number | null;
  relation: Relation;
  selected: boolean;
  /** A contact-sales plan's newest open quote for the buyer's company (the session names them), else `null`. */
  quoteId: string | null;
}

/** What the plan picker shows, derived from the stores and the widget's properties. */
export interface PickerView {
  product: Product | null;
  currencies: string[];
  currency: string;
  /** The billing periods on offer in this currency, shortest first, with the best saving of each. */
  intervals: { key: string; savings: number }[];
  intervalKey: string;
  cards: PlanCard[];
  /** The company's live subscription of the product, if any. */
  current: Subscription | null;
}

/** What the view is derived from. */
export interface PickerInput {
  catalog: Catalog | null;
  session: SessionInfo | null;
  subscriptions: Subscription[] | null;
  draft: CheckoutDraft | null;
  /** The widget's `product`, `currency` and `interval` properties. */
  productId: string | undefined;
  currency: string | undefined;
  interval: string | undefined;
  /** Quantities as typed, per plan id. */
  quantities: Record<string, string>;
  strings: QuantityStrings;
  locale: string;
}

/** A stable key of a billing interval: `month`, `year`, or `2-month` for multi-interval prices. */
export function recurringKey(recurring: Recurring): string {
  return recurring.intervalCount === 1 ? recurring.interval : `${recurring.intervalCount}-${recurring.interval}`;
}

/** The billing interval of a key. */
export function keyToRecurring(key: string): Recurring {
  const [a, b] = key.split('-');
  return b ? { interval: b as Recurring['interval'], intervalCount: Number(a) } : { interval: a as Recurring['interval'], intervalCount: 1 };
}

/**
 * The picker's view: the product's plans in rank order, priced in the chosen currency and period with
 * core's pricing math, each related to the buyer's current subscription. A subscriber starts at the terms
 * they already pay, so their plan shows as current, not as a change.
 */
export function pickerView(input: PickerInput): PickerView {
  const { catalog, draft } = input;
  const product = (catalog && (catalog.products.find((p) => p.id === input.productId) ?? catalog.products[0])) ?? null;
  const currencies = catalog?.currencies ?? [];
  const current = (product && input.subscriptions?.find((s) => s.productId === product.id && isLive(s))) ?? null;
  const currencyChoices = [input.currency, draft?.currency, current?.currency, input.session?.company.preferredCurrency, catalog?.defaultCurrency];
  const currency = currencyChoices.find((c): c is string => !!c && currencies.includes(c)) ?? catalog?.defaultCurrency ?? '';

  const plans = [...(product?.plans ?? [])].sort((a, b) => a.rank - b.rank);
  const keys = new Set<string>();
  for (const plan of plans) for (const price of plan.prices) if (price.currency === currency) keys.add(recurringKey(price.recurring));
  const ordered = [...keys].sort((a, b) => monthsPerPeriod(keyToRecurring(a)) - monthsPerPeriod(keyToRecurring(b)));
  const draftKey = draft?.recurring && recurringKey(draft.recurring);
  const intervalKey = [input.interval, draftKey, current && recurringKey(current.recurring), 'month', ordered[0]].find((k): k is string => !!k && keys.has(k)) ?? 'month';

  const card = (plan: Plan, key: string) => planCard(plan, key, { ...input, product, currency, current });
  return {
    product,
    currencies,
    currency,
    intervals: ordered.map((key) => ({ key, savings: Math.max(0, ...plans.map((plan) => card(plan, key).savings)) })),
    intervalKey,
    cards: plans.map((plan) => card(plan, intervalKey)),
    current,
  };
}

function planCard(plan: Plan, key: string, input: PickerInput & { product: Product | null; currency: string; current: Subscription | null }): PlanCard {
  const { currency, current, draft } = input;
  const recurring = keyToRecurring(key);
  const price = plan.prices.find((p) => p.currency === currency && recurringKey(p.recurring) === key) ?? null;
  const rule = plan.quantity;
  const fallback = draft?.planId === plan.id && draft.quantity ? draft.quantity : current?.planId === plan.id ? current.quantity : (rule?.default ?? 1);
  const raw = input.quantities[plan.id];
  let quantity = fallback;
  let error: string | null = null;
  if (rule && raw !== undefined) {
    const parsed = parseQuantity(raw, rule);
    if (parsed !== null) quantity = parsed;
    else {
      error = quantityError(raw, rule, input.strings);
      // Priced at the nearest allowed quantity meanwhile, so the card keeps a price.
      const n = Number(raw);
      quantity = clampQuantity(Number.isFinite(n) ? Math.trunc(n) : rule.minimum, rule);
    }
  }
  const quote = price ? quotePrice(price, { quantity }) : null;
  let monthly: number | null = null;
  let savings = 0;
  if (price && quote && monthsPerPeriod(recurring) > 1) {
    monthly = monthlyEquivalent(quote.subtotal, recurring);
    const monthlyPrice = plan.prices.find((p) => p.currency === currency && recurringKey(p.recurring) === 'month');
    if (monthlyPrice) savings = savingsPercent(quote.subtotal, recurring, quotePrice(monthlyPrice, { quantity }).subtotal);
  }
  const list = price?.contract && price.listItems && quote ? quotePrice({ ...price, items: price.listItems }, { quantity }).subtotal : null;
  const listSubtotal = list !== null && quote && list > quote.subtotal ? list : null;
  let relation: Relation = 'new';
  if (current) {
    if (current.planId === plan.id) {
      const sameTerms = current.currency === currency && recurringKey(current.recurring) === key && (!rule || current.quantity === quantity);
      relation = sameTerms ? 'current' : monthsPerPeriod(recurring) < monthsPerPeriod(current.recurring) || quantity < current.quantity ? 'downgrade' : 'upgrade';
    } else {
      const currentRank = input.product?.plans.find((p) => p.id === current.planId)?.rank ?? 0;
      relation = plan.rank >= currentRank ? 'upgrade' : 'downgrade';
    }
  }
  const selected = !!draft && draft.planId === plan.id && draft.currency === currency && !!draft.recurring && recurringKey(draft.recurring) === key;
  const quoteId = (plan.contactSales && input.session?.openQuotes?.find((q) => q.planId === plan.id)?.quoteId) || null;
  return { plan, price, quantity, quantityError: error, quote, monthly, savings, listSubtotal, relation, selected, quoteId };
}
