import type { ApprovalThreshold, AuditEntry } from '@subkit/core';
import { count, date, money } from '../internal/format.js';
import { format } from '../locales/locales.js';
import type { ApprovalsStrings } from '../locales/approvals.js';
import type { ApprovalsAdminStrings } from '../locales/approvals-admin.js';

/** What wording a recorded value needs: the strings, the locale, and the catalog's plan names. */
export interface ValueContext {
  s: ApprovalsStrings;
  a: ApprovalsAdminStrings;
  locale: string;
  /** A plan's name as the catalog knows it, else null. */
  planName(id: string): string | null;
  /** The kind of object the value belongs to (an approval request's `canceled` reads "Withdrawn"). */
  objectType?: AuditEntry['objectType'];
}

/** One changed field as a person reads it: its name in words, and its value before and after (null: none). */
export interface ChangeLine {
  field: string;
  label: string;
  before: string | null;
  after: string | null;
}

// Bookkeeping the entry itself already says (which object, whose, when) — the CSV export keeps it.
const HIDDEN = new Set(['id', 'companyId', 'createdAt', 'productId', 'priceId', 'billingAnchor']);
const ROLE_FIELDS = new Set(['role', 'requestedByRole', 'decidedByRole', 'acceptedByRole']);
const PLAN_FIELDS = new Set(['planId']);
// Fields whose values are the API's words for states and kinds (`past_due`, `send_invoice`), read in the locale.
const WORD_FIELDS = new Set(['status', 'collectionMethod', 'interval', 'paymentMethod', 'kind', 'type', 'effective']);
const DAY_FIELDS = new Set(['requestTtlDays', 'paymentTermsDays']);
// Postgres' JSON of a timestamptz ("2026-11-03T11:00:00+00:00") or the API's ISO instant.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)$/;

const table = (t: object) => t as Record<string, string | undefined>;
const units = new Map<string, Intl.NumberFormat>();

/** "14 days" in the locale's words and plural forms. */
function days(value: number, locale: string): string {
  let formatter = units.get(locale);
  if (!formatter) units.set(locale, (formatter = new Intl.NumberFormat(locale, { style: 'unit', unit: 'day', unitDisplay: 'long' })));
  return formatter.format(value);
}

/** A field's name in words: the table's, else its camelCase split ("trialWillEnd" → "trial will end"). */
export function fieldLabel(field: string, a: ApprovalsAdminStrings): string {
  return table(a)[`field_${field}`] ?? field.replace(/([a-z\d])([A-Z])/g, '$1 $2').toLowerCase();
}

/** "USD: due now above $500.00, yearly increase above $1,200.00" — the limits set, or "no limit". */
function threshold(t: ApprovalThreshold, c: ValueContext): string {
  const limits = [
    t.amountDueNow === null ? null : format(c.a.thresholdDueNow, { amount: money(t.amountDueNow, t.currency, c.locale) }),
    t.annualizedIncrease === null ? null : format(c.a.thresholdYearly, { amount: money(t.annualizedIncrease, t.currency, c.locale) }),
  ].filter((limit) => limit !== null);
  return `${t.currency}: ${limits.length ? new Intl.ListFormat(c.locale).format(limits) : c.a.noLimit}`;
}

const isThreshold = (v: unknown): v is ApprovalThreshold => typeof v === 'object' && v !== null && 'currency' in v && 'amountDueNow' in v;

/** A recorded value in words: dates in the locale, money as money, plan ids as plan names, roles and yes/no translated. */
export function readableValue(field: string, value: unknown, c: ValueContext): string {
  const { a, locale } = c;
  // No allowed plans named: the company may buy every plan.
  if (field === 'allowedPlanIds' && value === null) return a.allPlans;
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? a.yes : a.no;
  if (field === 'allowedPlanIds' && Array.isArray(value)) return value.length ? new Intl.ListFormat(locale).format(value.map((id) => c.planName(String(id)) ?? String(id))) : a.allPlans;
  if (field === 'rolesWithoutApproval' && Array.isArray(value)) return value.length ? new Intl.ListFormat(locale).format(value.map((role) => table(c.s)[`role_${String(role)}`] ?? String(role))) : a.nobody;
  if (field === 'thresholds' && Array.isArray(value)) return value.length ? new Intl.ListFormat(locale).format(value.filter(isThreshold).map((t) => threshold(t, c))) : '—';
  if (typeof value === 'string') {
    if (PLAN_FIELDS.has(field)) return c.planName(value) ?? value;
    if (ROLE_FIELDS.has(field)) return table(c.s)[`role_${value}`] ?? value;
    if (INSTANT.test(value) && !Number.isNaN(Date.parse(value))) return date(new Date(value).toISOString(), locale);
    if (!WORD_FIELDS.has(field)) return value;
    return (c.objectType === 'approval_request' && field === 'status' ? table(c.s)[`status_${value}`] : table(a)[`value_${value}`]) ?? value;
  }
  if (typeof value === 'number') return DAY_FIELDS.has(field) ? days(value, locale) : count(value, locale);
  // Price items: what they are called ("Platform fee, Seats"); their figures are in the CSV.
  if (field === 'items' && Array.isArray(value)) return value.length ? new Intl.ListFormat(locale).format(value.map((item) => String((item as { description?: unknown }).description ?? ''))) : '—';
  if (Array.isArray(value)) return value.length ? new Intl.ListFormat(locale).format(value.map((v) => readableValue('', v, c))) : '—';
  // A nested record (a requested change, a purchase): its fields in words, one after another.
  const record = value as Record<string, unknown>;
  if (field === 'recurring' && typeof record.interval === 'string' && record.intervalCount === 1) return table(a)[`value_${record.interval}`] ?? record.interval;
  if ('amountOff' in record || 'percentOff' in record) return discount(record, c);
  return Object.entries(record)
    .filter(([key, v]) => !HIDDEN.has(key) && key !== 'expectedVersion' && v !== null && v !== undefined)
    .map(([key, v]) => `${fieldLabel(key, a)}: ${readableValue(key, v, c)}`)
    .join(' · ');
}

function discount(record: Record<string, unknown>, c: ValueContext): string {
  if (typeof record.amountOff === 'number' && typeof record.currency === 'string') return money(record.amountOff, record.currency, c.locale);
  if (typeof record.percentOff === 'number') return `${count(record.percentOff, c.locale)} %`;
  return String(record.code ?? '—');
}

const empty = (value: unknown) => value === null || value === undefined || (Array.isArray(value) && value.length === 0);

/**
 * The entry's changed fields as lines: for a change, each field before → after; for a created object the
 * fields it was created with (not its empty ones), for a removed one what it held.
 */
export function changeLines(entry: AuditEntry, context: ValueContext): ChangeLine[] {
  const c = { ...context, objectType: entry.objectType };
  const before = entry.before ?? {};
  const after = entry.after ?? {};
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((field) => !HIDDEN.has(field) && !(empty(before[field]) && empty(after[field])));
  return fields.map((field) => ({
    field,
    label: fieldLabel(field, c.a),
    before: entry.before ? readableValue(field, before[field], c) : null,
    after: entry.after ? readableValue(field, after[field], c) : null,
  }));
}
