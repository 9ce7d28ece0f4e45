import { html } from 'lit';
import { addDays, type Catalog, type ChangePreview, type Subscription } from '@subkit/core';
import type { ChangeInput } from '@subkit/client';
import { count, date, money } from '../internal/format.js';
import { unitFor } from '../locales/plural.js';
import type { SubscriptionManagerStrings } from '../locales/subscription-manager.js';
import { findPlan } from '../rules/catalog.js';
import { fillParts, type Part } from '../templates/parts.js';

/** What the headline needs to word a change. */
export interface HeadlineContext {
  s: SubscriptionManagerStrings;
  locale: string;
  catalog: Catalog | null;
}

const name = (text: string) => html`<bdi>${text}</bdi>`;

/** What the change changes, each part in a few words: "5 → 8 seats on Team", "Team → Business", "Monthly → Yearly", "+ Priority support". */
function changedParts(sub: Subscription, change: ChangeInput, { s, locale, catalog }: HeadlineContext): Part[][] {
  const table = s as SubscriptionManagerStrings & Record<string, string>;
  const parts: Part[][] = [];
  const plan = findPlan(catalog, change.planId ?? sub.planId);
  if (change.planId && change.planId !== sub.planId) parts.push(fillParts(s.headlinePlan, { from: name(sub.planName), to: name(plan?.name ?? change.planId) }));
  if (change.quantity !== undefined && change.quantity !== sub.quantity) {
    const unit = plan?.quantity ? unitFor(change.quantity, plan.quantity, locale) : '';
    parts.push(fillParts(s.headlineSeats, { from: count(sub.quantity, locale), to: count(change.quantity, locale), unit: name(unit), plan: name(plan?.name ?? sub.planName) }));
  }
  if (change.recurring && change.recurring.interval !== sub.recurring.interval) {
    const label = (interval: string) => table[`billedEvery_${interval}`] ?? interval;
    parts.push(fillParts(s.headlineInterval, { from: label(sub.recurring.interval), to: label(change.recurring.interval) }));
  }
  if (change.addOns) {
    const before = new Map(sub.addOns.map((a) => [a.addOnId, a]));
    const after = new Set(change.addOns.map((a) => a.addOnId));
    const addOnName = (id: string) => before.get(id)?.name ?? catalog?.products.flatMap((p) => p.addOns).find((a) => a.id === id)?.name ?? id;
    for (const selection of change.addOns) if (!before.has(selection.addOnId)) parts.push(fillParts(s.headlineAddOnAdded, { name: name(addOnName(selection.addOnId)) }));
    for (const id of before.keys()) if (!after.has(id)) parts.push(fillParts(s.headlineAddOnRemoved, { name: name(addOnName(id)) }));
    if (parts.length === 0) parts.push([s.headlineAddOnsChanged]);
  }
  return parts;
}

/** What the change costs now: charged, invoiced with its due date, credited, or nothing until the period ends. */
function moneyPart(sub: Subscription, preview: ChangePreview, { s, locale }: HeadlineContext): Part[] {
  const m = (amount: number) => money(amount, preview.currency, locale);
  if (preview.effective === 'period_end') return fillParts(s.headlineAtPeriodEnd, { date: date(preview.nextInvoice.date, locale) });
  if (preview.amountDueNow > 0) {
    if (sub.collectionMethod !== 'send_invoice') return fillParts(s.headlineCharged, { amount: m(preview.amountDueNow) });
    const due = addDays(new Date(preview.prorationDate), sub.paymentTermsDays ?? 0).toISOString();
    return fillParts(s.headlineInvoiced, { amount: m(preview.amountDueNow), date: date(due, locale) });
  }
  if (preview.creditCreated > 0) return fillParts(s.headlineCredit, { amount: m(preview.creditCreated) });
  return [s.headlineNothingDue];
}

/**
 * The change and its cost in one sentence, above the preview's lines and in the confirmation after it:
 * "5 → 8 seats on Team: $9.12 charged now." / "5 → 7 seats on Starter: €285.60 invoiced now, due Jan 20, 2027."
 */
export function changeHeadline(sub: Subscription, change: ChangeInput, preview: ChangePreview, c: HeadlineContext): Part[] {
  const changed = changedParts(sub, change, c);
  const list = changed.flatMap((part, i) => (i === 0 ? part : [c.s.headlineJoin, ...part]));
  return fillParts(c.s.headline, { change: html`${list}`, money: html`${moneyPart(sub, preview, c)}` });
}
