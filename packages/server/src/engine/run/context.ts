/**
 * Everything renewals of a batch of subscriptions read besides the subscriptions themselves — plans,
 * companies, tax rates, the seller, payment methods, the closing periods' usage — loaded with one query per kind,
 * so a batch of a thousand costs a handful of round trips. `renewalContext` hands one subscription its share.
 */
import type { InvoiceParty, ProrationPolicy, SellerProfile } from '@subkit/core';
import type { Sql } from '../../db/types.js';
import type { PaymentMethodRow, SubscriptionRow } from '../rows.js';
import type { AppliedTaxRate } from '../tax.js';
import { ratesOfDecision, taxDecision, taxRateRows } from '../tax.js';
import { sellerTaxSettings } from '../../seller/profile.js';
import type { UsageEntry } from '../usage.js';
import { aggregateUsage, aggregationsOf } from '../usage.js';
import type { RenewalContext } from './renewal.js';

interface CompanyInfo {
  id: string;
  name: string;
  billing_email: string | null;
  billing_address: InvoiceParty['address'];
  tax_id: InvoiceParty['taxId'];
  billing_day: number | null;
}

/** What a batch of renewals reads, by id. */
export interface BatchData {
  readonly plans: ReadonlyMap<string, { name: string; trialEndBehavior: 'create_invoice' | 'cancel' }>;
  readonly companies: ReadonlyMap<string, CompanyInfo>;
  /** Each company's tax rates, by the VAT rules checkout applies (reverse charge, not subject, the country's rates). */
  readonly taxRates: ReadonlyMap<string, AppliedTaxRate[]>;
  /** The seller as invoices name it (the seller profile), null when none is configured. */
  readonly seller: SellerProfile | null;
  /** The payment method each subscription would be charged to (its own, else its company's default). */
  readonly paymentMethods: ReadonlyMap<string, PaymentMethodRow>;
  /** Usage records of each subscription's closing period, in order. */
  readonly usage: ReadonlyMap<string, UsageEntry[]>;
  readonly policy: ProrationPolicy;
}

const distinct = <T>(values: Iterable<T>): T[] => [...new Set(values)];

/** Loads what renewing `rows` at their period ends needs. */
export async function loadBatchData(tx: Sql, rows: readonly SubscriptionRow[], policy: ProrationPolicy): Promise<BatchData> {
  const planIds = distinct(rows.flatMap((r) => (r.scheduled_change ? [r.plan_id, r.scheduled_change.planId] : [r.plan_id])));
  const companyIds = distinct(rows.map((r) => r.company_id));
  // One after another: a transaction is one connection, and pg queues concurrent queries on it anyway.
  const plans = await tx.query<{ id: string; name: string; trial_end_behavior: 'create_invoice' | 'cancel' }>(
    'SELECT id, name, trial_end_behavior FROM plans WHERE id = ANY($1::text[])',
    [planIds],
  );
  const companies = await tx.query<CompanyInfo>(
    'SELECT id, name, billing_email, billing_address, tax_id, billing_day FROM companies WHERE id = ANY($1::text[])',
    [companyIds],
  );
  const methods = await tx.query<PaymentMethodRow>(
    `SELECT * FROM payment_methods WHERE detached_at IS NULL AND (id = ANY($1::text[]) OR (company_id = ANY($2::text[]) AND is_default))`,
    [distinct(rows.flatMap((r) => (r.default_payment_method_id ? [r.default_payment_method_id] : []))), companyIds],
  );
  // The tax rules of checkout (tax.ts), decided per company, with one query for the rates of every country named.
  const seller = await sellerTaxSettings(tx);
  const decisions = companies.rows.map((c) => [c.id, taxDecision(seller, { country: c.billing_address?.country ?? null, taxId: c.tax_id })] as const);
  const rateRows = await taxRateRows(tx, decisions.flatMap(([, d]) => d.rateCountries));

  const byId = new Map(methods.rows.map((m) => [m.id, m]));
  const defaults = new Map(methods.rows.filter((m) => m.is_default).map((m) => [m.company_id, m]));
  const paymentMethods = new Map<string, PaymentMethodRow>();
  for (const r of rows) {
    const method = (r.default_payment_method_id ? byId.get(r.default_payment_method_id) : undefined) ?? defaults.get(r.company_id);
    if (method) paymentMethods.set(r.id, method);
  }
  const taxRates = new Map(decisions.map(([id, decision]) => [id, ratesOfDecision(decision, rateRows)]));
  return {
    plans: new Map(plans.rows.map((p) => [p.id, { name: p.name, trialEndBehavior: p.trial_end_behavior }])),
    companies: new Map(companies.rows.map((c) => [c.id, c])),
    taxRates,
    seller: seller.profile,
    paymentMethods,
    usage: await loadPeriodUsage(tx, rows),
    policy,
  };
}

/** Usage records of each metered subscription's current period (the closing one, for a renewal), in time then arrival order. */
export async function loadPeriodUsage(tx: Sql, rows: readonly SubscriptionRow[]): Promise<Map<string, UsageEntry[]>> {
  const metered = rows.filter((r) => r.items.some((i) => i.model.type === 'metered'));
  const usage = new Map<string, UsageEntry[]>();
  if (metered.length === 0) return usage;
  const { rows: records } = await tx.query<UsageEntry & { subscription_id: string }>(
    `SELECT u.subscription_id, u.metric, u.quantity, u.action
       FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) AS w(id, period_start, period_end)
       JOIN usage_records u ON u.subscription_id = w.id AND u.ts >= w.period_start AND u.ts < w.period_end
      ORDER BY u.subscription_id, u.ts, u.seq`,
    [metered.map((r) => r.id), metered.map((r) => r.current_period_start), metered.map((r) => r.current_period_end)],
  );
  for (const r of records) usage.set(r.subscription_id, [...(usage.get(r.subscription_id) ?? []), r]);
  return usage;
}

/**
 * Each batch's plan names, one function per batch: a closure made per subscription cost more than the
 * lookup (under tsx every named function made is also renamed with Object.defineProperty: keepNames).
 */
const planNames = new WeakMap<BatchData['plans'], (planId: string) => string>();

function planNameOf(plans: BatchData['plans']): (planId: string) => string {
  let name = planNames.get(plans);
  if (!name) planNames.set(plans, (name = (id) => plans.get(id)?.name ?? id));
  return name;
}

/** One subscription's renewal context out of a batch's data. */
export function renewalContext(data: BatchData, row: SubscriptionRow): RenewalContext {
  const company = data.companies.get(row.company_id);
  const plan = data.plans.get(row.plan_id);
  return {
    planName: planNameOf(data.plans),
    taxRates: data.taxRates.get(row.company_id) ?? [],
    billingDay: company?.billing_day ?? null,
    policy: data.policy,
    usage: aggregateUsage(data.usage.get(row.id) ?? [], aggregationsOf(row.items)),
    hasPaymentMethod: data.paymentMethods.has(row.id),
    trialEndBehavior: plan?.trialEndBehavior ?? 'create_invoice',
  };
}
