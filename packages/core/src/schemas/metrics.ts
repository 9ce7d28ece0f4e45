import * as z from 'zod/mini';
import { Amount, CurrencyCode, Id, Timestamp } from './common.js';

/** A share from 0 to 1 (4 decimals); null when its denominator is 0 (nobody to churn). */
const Rate = z.nullable(z.number().check(z.minimum(0)));
const Count = z.int().check(z.minimum(0));
/** A calendar month `YYYY-MM` (UTC). */
export const MonthKey = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/));

/** What moved MRR in one month, per company (the B2B customer). */
export const MetricsMonth = z.object({
  month: MonthKey,
  /** The running month: figures up to the report's instant. */
  partial: z.boolean(),
  startMrr: Amount,
  endMrr: Amount,
  newMrr: Amount,
  expansionMrr: Amount,
  contractionMrr: Amount,
  churnedMrr: Amount,
  reactivationMrr: Amount,
  /** endMrr − startMrr = new + expansion + reactivation − contraction − churned. */
  netNewMrr: Amount,
  startCompanies: Count,
  endCompanies: Count,
  newCompanies: Count,
  reactivatedCompanies: Count,
  churnedCompanies: Count,
  /** Companies paying at the start and nothing at the end ÷ companies paying at the start. */
  logoChurnRate: Rate,
  /** MRR those companies lost (each at most what it had) ÷ MRR at the start. */
  revenueChurnRate: Rate,
  /** Their MRR at the end ÷ at the start (above 1 when expansion outgrows churn). */
  netRevenueRetention: Rate,
});
export type MetricsMonth = z.infer<typeof MetricsMonth>;

/** The companies that first paid in one month, followed month by month. */
export const MetricsCohort = z.object({
  cohort: MonthKey,
  companies: Count,
  periods: z.array(z.object({ offset: Count, companies: Count, mrr: Amount })),
});
export type MetricsCohort = z.infer<typeof MetricsCohort>;

/** Recurring revenue in one currency (or converted into the reporting currency). */
export const CurrencyMetrics = z.object({
  currency: CurrencyCode,
  /** Monthly recurring revenue at the report's instant, minor units. */
  mrr: Amount,
  /** MRR × 12. */
  arr: Amount,
  /** Average revenue per active company: MRR ÷ active companies, rounded. */
  arpa: Amount,
  activeSubscriptions: Count,
  activeCompanies: Count,
  trialingSubscriptions: Count,
  /** Trials that ended in the report's months, and how many became paying. */
  trialConversion: z.object({ ended: Count, converted: Count, rate: Rate }),
  months: z.array(MetricsMonth),
  cohorts: z.array(MetricsCohort),
});
export type CurrencyMetrics = z.infer<typeof CurrencyMetrics>;

/** The figures converted into the merchant's reporting currency, with the rates used. */
export const ReportingMetrics = z.extend(CurrencyMetrics, {
  /** Units of the reporting currency per unit of each other currency, as the merchant configured them (never fetched). */
  rates: z.array(z.object({ currency: CurrencyCode, rate: z.string() })),
  /** Currencies with revenue but no configured rate: left out of these figures. */
  missingRates: z.array(CurrencyCode),
});
export type ReportingMetrics = z.infer<typeof ReportingMetrics>;

/** How outbound webhooks are doing, for the merchant's console. */
export const WebhookHealth = z.object({
  pending: Count,
  /** Deliveries that reached their endpoint in the 24 hours before the report's instant. */
  deliveredLastDay: Count,
  /** Failed attempts in those 24 hours. */
  failedAttemptsLastDay: Count,
  endpoints: z.array(
    z.object({
      id: Id,
      url: z.string(),
      status: z.enum(['enabled', 'disabled']),
      disabledReason: z.nullable(z.enum(['merchant', 'failing'])),
      pending: Count,
      lastSuccessAt: z.nullable(Timestamp),
      failingSince: z.nullable(Timestamp),
    }),
  ),
});
export type WebhookHealth = z.infer<typeof WebhookHealth>;

/** `GET /v1/metrics`: recurring revenue at an instant, computed from the engine's history. */
export const Metrics = z.object({
  object: z.literal('metrics'),
  at: Timestamp,
  /** Each currency on its own. */
  currencies: z.array(CurrencyMetrics),
  /** Everything in the reporting currency; null when the merchant configured none. */
  reporting: z.nullable(ReportingMetrics),
  webhooks: WebhookHealth,
});
export type Metrics = z.infer<typeof Metrics>;

/** Query of `GET /v1/metrics`. */
export const MetricsQuery = z.object({
  /** The instant to report at (default: now, the test clock's in test mode). */
  at: z.optional(Timestamp),
  /** How many months of movements and cohorts, ending with the month of `at` (default 12). */
  months: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(36))),
  /** Only this currency in `currencies`. */
  currency: z.optional(CurrencyCode),
});
export type MetricsQuery = z.infer<typeof MetricsQuery>;
