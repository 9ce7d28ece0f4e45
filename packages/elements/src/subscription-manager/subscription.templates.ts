import { html, nothing, type TemplateResult } from 'lit';
import type { InvoiceSummary, PaymentMethod, Plan, Product, Subscription, UsageSummary } from '@subkit/core';
import type { Remote } from '@subkit/client';
import { count, date, money } from '../internal/format.js';
import { format } from '../locales/locales.js';
import { unitFor, unitsLabel } from '../locales/plural.js';
import type { ManagerListStrings } from '../locales/subscription-manager.js';
import { hasEnded, isLive } from '../rules/selectors.js';
import { loadingState, skeleton } from '../templates/states.js';
import type { DirectAction } from './subscription-manager.types.js';

/** What a subscription's templates need: words, locale, what the buyer may do, and the element's handlers. */
export interface SubscriptionContext {
  s: ManagerListStrings;
  locale: string;
  nudgeAt: number;
  product(subscription: Subscription): Product | null;
  plan(subscription: Subscription): Plan | null;
  usage: Record<string, Remote<UsageSummary>>;
  openInvoices: Record<string, InvoiceSummary | null>;
  /** An open invoice not in `openInvoices` yet is on its way (false when its code could not be fetched). */
  invoicesPending: boolean;
  paymentMethods: PaymentMethod[];
  /** The default payment method (a card to pay an overdue invoice with). */
  defaultMethod: PaymentMethod | null;
  /** What the buyer's role allows on a subscription. */
  may: {
    change(subscription: Subscription): boolean;
    pause: boolean;
    cancel: boolean;
    managePayment: boolean;
    pay: boolean;
  };
  /** The next bigger plan for the usage nudge, when the buyer may change to it. */
  upgradePlan(subscription: Subscription): Plan | null;
  busy: boolean;
  /** The direct action running (its button is marked busy). */
  running: string | null;
  onChange(subscription: Subscription, event: Event, planId?: string): void;
  onPause(subscription: Subscription, event: Event): void;
  onCancel(subscription: Subscription, event: Event): void;
  onPayment(event: Event): void;
  onPay(subscription: Subscription, event: Event): void;
  onDirect(subscription: Subscription, action: DirectAction): void;
  onRetryUsage(subscription: Subscription): void;
}

const strings = (s: ManagerListStrings) => s as ManagerListStrings & Record<string, string>;

/** Two subscription cards in outline while the list loads. */
export function listSkeleton(s: ManagerListStrings): TemplateResult {
  const card = html`<div part="subscription subscription-skeleton">
    ${skeleton({ block: '1.4em', inline: '40%' })} ${skeleton({ block: '5em' })} ${skeleton({ block: '2.6em', inline: '60%' })}
  </div>`;
  return loadingState(s.loading, html`<div part="subscriptions skeletons" aria-hidden="true">${[card, card]}</div>`);
}

/** One subscription: its plan and status, a past-due banner, its details, usage and the actions the buyer may take. */
export function subscriptionItem(sub: Subscription, c: SubscriptionContext): TemplateResult {
  const s = strings(c.s);
  const ending = sub.cancelAtPeriodEnd && !hasEnded(sub);
  const titleId = `sub-${sub.id}-title`;
  const status = sub.status.replace('_', '-');
  const authenticate = needsAuthentication(sub);
  return html`<li part=${['subscription', `subscription-${status}`, ending ? 'subscription-ending' : ''].filter(Boolean).join(' ')} data-subscription=${sub.id}>
    <article aria-labelledby=${titleId}>
      <div part="subscription-header">
        <h3 part="plan-name" id=${titleId} tabindex="-1">${sub.planName}</h3>
        <span part="status status-${status}">${s[`status_${sub.status}`] ?? sub.status}</span>
        ${ending ? html`<span part="status status-ending">${s.status_ending}</span>` : nothing}
        ${authenticate ? html`<span part="status status-authentication">${s.authenticationNeeded}</span>` : nothing}
      </div>
      ${owesPayment(sub) ? paymentBanner(sub, c) : nothing} ${details(sub, c)} ${usageBlock(sub, c)} ${actions(sub, c)}
    </article>
  </li>`;
}

/**
 * True when the subscription waits on a payment the buyer can see to: past due (a renewal's), unpaid (the
 * renewal's retries ran out and the merchant keeps it on hold until its invoices are paid), or incomplete (the
 * first one, e.g. the checkout's 3-D Secure page closed unanswered: it expires unpaid after 23 hours).
 */
export function owesPayment(subscription: Pick<Subscription, 'status'>): boolean {
  return subscription.status === 'past_due' || subscription.status === 'unpaid' || subscription.status === 'incomplete';
}

/** The bank wants the buyer to authenticate a payment (3-D Secure) — a renewal's or the first one: paying now on the page completes it. */
function needsAuthentication(sub: Subscription): boolean {
  return owesPayment(sub) && sub.paymentIssue?.reason === 'authentication_required';
}

function paymentBanner(sub: Subscription, c: SubscriptionContext): TemplateResult | typeof nothing {
  const { s } = c;
  const invoice = c.openInvoices[sub.id];
  const first = sub.status === 'incomplete';
  const unpaid = sub.status === 'unpaid';
  // banner-past-due, banner-unpaid, banner-incomplete: the status as its part is written.
  const kind = sub.status.replace('_', '-');
  // The words hang on the invoice (its amount; paying it or updating the card): none that the next moment contradicts.
  if (invoice === undefined && c.invoicesPending) {
    return html`<div part="banner banner-${kind}" aria-busy="true">${skeleton({ block: '1.5em', inline: '70%' })}</div>`;
  }
  if (first && !invoice) return nothing;
  // Billed by invoice, nothing failed: the invoice is overdue. It can still be paid by card, when there is one.
  const invoiced = sub.collectionMethod === 'send_invoice';
  // A payment the bank is still processing is not paid twice (the server refuses it): the banner only says so.
  const processing = sub.paymentIssue?.reason === 'payment_processing';
  const canPay = c.may.pay && !!invoice && !processing && (!invoiced || !!c.defaultMethod);
  const amount = invoice ? money(invoice.amountRemaining, invoice.currency, c.locale) : '';
  const args = { plan: sub.planName, amount, number: invoice?.number ?? '' };
  const text = processing
    ? format(first ? s.firstPaymentProcessing : s.paymentProcessing, args)
    : first
      ? format(needsAuthentication(sub) ? s.firstPaymentAuthentication : s.firstPayment, args)
      : !invoice
        ? format(invoiced ? s.pastDueInvoicedNoInvoice : s.pastDueNoInvoice, args)
        : format(invoiced ? s.pastDueInvoiced : unpaid ? s.unpaid : needsAuthentication(sub) ? s.pastDueAuthentication : s.pastDue, args);
  // Card dunning: when the engine charges again (what the buyer can do is in the text and the button).
  const retry = !invoiced && !first && !processing && invoice?.nextPaymentAttemptAt ? format(s.nextRetry, { date: date(invoice.nextPaymentAttemptAt, c.locale) }) : null;
  return html`<div part="banner banner-${kind}" role=${processing ? 'status' : 'alert'}>
    <p>${text}</p>
    ${retry ? html`<p part="next-retry">${retry}</p>` : nothing}
    ${canPay ? html`<button part="button pay-now" type="button" @click=${(e: Event) => c.onPay(sub, e)}>${invoiced ? s.payByCard : s.payNow}</button>` : nothing}
  </div>`;
}

function details(sub: Subscription, c: SubscriptionContext): TemplateResult {
  const { s, locale } = c;
  const plan = c.plan(sub);
  const rows: [string, TemplateResult | string][] = [];
  rows.push([
    s.items,
    html`<ul part="items" role="list">
      ${sub.items.filter((i) => i.model.type !== 'metered').map((i) => html`<li part="item">${i.description}</li>`)}
      ${sub.addOns.map((a) => html`<li part="item item-addon">${addOnItem(sub, a, c)}</li>`)}
    </ul>`,
  ]);
  if (plan?.quantity || sub.items.some((i) => i.unitLabel && i.model.type !== 'metered')) {
    rows.push([plan?.quantity ? format(s.quantity, { unit: unitsLabel(plan.quantity) }) : s.seats, count(sub.quantity, locale)]);
  }
  rows.push([s.billing, intervalLabel(sub.recurring.interval, s)]);
  if (!hasEnded(sub)) {
    rows.push([s.currentPeriod, format(s.periodRange, { start: date(sub.currentPeriodStart, locale), end: date(sub.currentPeriodEnd, locale) })]);
    rows.push([
      s.nextInvoice,
      sub.nextInvoice ? format(s.nextInvoiceValue, { amount: money(sub.nextInvoice.amountDue, sub.currency, locale), date: date(sub.nextInvoice.date, locale) }) : s.noNextInvoice,
    ]);
  }
  if (sub.status === 'trialing' && sub.trialEnd) rows.push([s.trialEnds, trialEnd(sub, sub.trialEnd, c)]);
  if (sub.status === 'paused' && sub.pause) rows.push([s.pausedUntil, sub.pause.resumesAt ? date(sub.pause.resumesAt, locale) : s.pausedIndefinitely]);
  if (sub.cancelAtPeriodEnd && !hasEnded(sub)) rows.push([s.endsOn, date(sub.currentPeriodEnd, locale)]);
  if (hasEnded(sub) && sub.endedAt) rows.push([s.endedOn, date(sub.endedAt, locale)]);
  if (sub.skippedPeriods.length > 0) rows.push([s.skipped, new Intl.ListFormat(locale).format(sub.skippedPeriods.map((p) => date(p, locale)))]);
  if (sub.discount?.percentOff) {
    const { percentOff: percent, periodsRemaining: periods } = sub.discount;
    rows.push([s.discount, periods ? format(s.discountPeriods, { percent, periods }) : format(s.discountPercent, { percent })]);
  }
  if (!hasEnded(sub)) rows.push([s.paymentMethod, paymentLabel(sub, c)]);
  if (sub.poNumber) rows.push([s.poNumber, sub.poNumber]);
  if (sub.commitment && !hasEnded(sub)) rows.push([s.commitment, commitmentTerms(sub.commitment, c)]);
  return html`<dl part="details">
    ${rows.map(([term, value]) => html`<div part="detail"><dt part="detail-term">${term}</dt><dd part="detail-value">${value}</dd></div>`)}
  </dl>`;
}

/** The contract's terms, one per line: minimum term, earliest cancellation, seat minimum, downgrades at renewal. */
function commitmentTerms(terms: NonNullable<Subscription['commitment']>, { s, locale }: SubscriptionContext): TemplateResult {
  const lines = [
    terms.termEndsAt ? format(s.commitmentTerm, { date: date(terms.termEndsAt, locale) }) : null,
    terms.earliestCancelAt ? format(s.commitmentCancelFrom, { date: date(terms.earliestCancelAt, locale) }) : null,
    terms.minimumSeats ? format(s.commitmentSeats, { count: count(terms.minimumSeats, locale) }) : null,
    terms.downgradesAtRenewalOnly ? s.commitmentDowngrades : null,
  ].filter((line): line is string => line !== null);
  return html`<ul part="items commitment" role="list">${lines.map((line) => html`<li part="item">${line}</li>`)}</ul>`;
}

/** Why the buyer cannot cancel here (the contract's earliest date, or the merchant's policy), or null when they can. */
function cancelBlocked(sub: Subscription, { s, locale }: SubscriptionContext): string | null {
  const a = sub.actions;
  if (!a || a.cancelNow.allowed || a.cancelAtPeriodEnd.allowed) return null;
  const reason = a.cancelAtPeriodEnd.reason ?? a.cancelNow.reason;
  const from = sub.commitment?.earliestCancelAt;
  if (reason === 'commitment' && from) return format(s.cancelBlocked_commitment, { date: date(from, locale) });
  return s.cancelBlocked_merchant_policy;
}

/** A card as people name it: "Visa ending in 4242". */
export function cardLabel(method: PaymentMethod, template: string): string {
  if (!method.card) return method.type;
  const brand = method.card.brand.charAt(0).toUpperCase() + method.card.brand.slice(1);
  return format(template, { brand, last4: method.card.last4 });
}

/** The "Billed monthly" of an interval. */
export function intervalLabel(interval: string, s: ManagerListStrings): string {
  return strings(s)[`billedEvery_${interval}`] ?? interval;
}

/** An add-on of the subscription: its name, with how many when it is bought in any number ("3 trackers"). */
function addOnItem(sub: Subscription, item: Subscription['addOns'][number], { s, locale, product }: SubscriptionContext): string {
  const addOn = product(sub)?.addOns.find((a) => a.id === item.addOnId);
  if (addOn?.quantityMode === 'quantity' && addOn.unitLabel) {
    return format(s.itemUnits, { description: item.name, count: count(item.quantity, locale), unit: unitFor(item.quantity, addOn, locale) });
  }
  return item.quantity > 1 ? format(s.itemQuantity, { description: item.name, quantity: count(item.quantity, locale) }) : item.name;
}

/** "12 Apr 2027, then €49.00" — and, paid by card with none on file, that one is needed before then. */
function trialEnd(sub: Subscription, end: string, c: SubscriptionContext): TemplateResult {
  const { s, locale } = c;
  const when = sub.nextInvoice ? format(s.trialEndsThen, { date: date(end, locale), amount: money(sub.nextInvoice.amountDue, sub.currency, locale) }) : date(end, locale);
  return html`${when} ${hasNoCard(sub, c) ? html`<span part="trial-note">${s.trialAddCard}</span>` : nothing}`;
}

/** Paid by card, and no card to charge. */
function hasNoCard(sub: Subscription, { paymentMethods, defaultMethod }: SubscriptionContext): boolean {
  return sub.collectionMethod === 'charge_automatically' && !paymentMethods.some((m) => m.id === sub.defaultPaymentMethodId) && !defaultMethod;
}

function paymentLabel(sub: Subscription, { s, paymentMethods, defaultMethod }: SubscriptionContext): string {
  if (sub.collectionMethod === 'send_invoice') return format(s.payByInvoice, { days: sub.paymentTermsDays ?? 0 });
  const method = paymentMethods.find((m) => m.id === sub.defaultPaymentMethodId) ?? defaultMethod;
  return method ? cardLabel(method, s.cardLabel) : '—';
}

function usageBlock(sub: Subscription, c: SubscriptionContext): TemplateResult | typeof nothing {
  if (!sub.items.some((i) => i.model.type === 'metered') || !isLive(sub)) return nothing;
  const { s, locale } = c;
  const remote = c.usage[sub.id];
  const usage = remote?.data;
  const titleId = `usage-${sub.id}`;
  if (!usage) {
    return html`<div part="usage" role="group" aria-labelledby=${titleId}>
      <h4 part="usage-title" id=${titleId}>${s.usage}</h4>
      ${remote?.error
        ? html`<p part="field-error">${s.usageError}</p>
            <button part="button button-secondary retry" type="button" @click=${() => c.onRetryUsage(sub)}>${s.retry}</button>`
        : html`<p part="hint" role="status">${s.usageLoading}</p>${skeleton({ block: '0.8em' })}`}
    </div>`;
  }
  const near = usage.metrics.filter((m) => m.included > 0 && m.used / m.included >= c.nudgeAt);
  const upgrade = c.may.change(sub) ? c.upgradePlan(sub) : null;
  return html`<div part="usage" role="group" aria-labelledby=${titleId}>
    <h4 part="usage-title" id=${titleId}>${s.usage}</h4>
    ${usage.metrics.map((m) => {
      const id = `usage-${sub.id}-${m.metric}`;
      const percent = m.included > 0 ? Math.round((m.used / m.included) * 100) : 0;
      return html`<div part="usage-metric">
        <span part="usage-label" id="${id}-label">${m.description}</span>
        <meter
          part="meter"
          min="0"
          max=${Math.max(m.included, m.used, 1)}
          low=${Math.round(m.included * c.nudgeAt)}
          high=${m.included}
          optimum="0"
          .value=${m.used}
          aria-labelledby="${id}-label"
          aria-describedby="${id}-figures"
        ></meter>
        <p part="usage-figures" id="${id}-figures">${usageOf(sub, m.metric, m.used, m.included, c)} · ${format(s.usagePercent, { percent: count(percent, locale) })}</p>
        <p part="usage-projection">
          ${format(s.usageProjected, { date: date(usage.periodEnd, locale), projected: count(m.projected, locale), amount: money(m.projectedAmount, usage.currency, locale) })}
        </p>
      </div>`;
    })}
    <p part="projected-total">${format(s.projectedTotal, { amount: money(usage.projectedTotal, usage.currency, locale) })}</p>
    ${near.length > 0
      ? html`<div part="nudge">
          <p>${format(s.nudge, { percent: count(Math.round((near[0]!.used / near[0]!.included) * 100), locale), description: near[0]!.description })}</p>
          ${upgrade ? html`<button part="button upgrade" type="button" @click=${(e: Event) => c.onChange(sub, e, upgrade.id)}>${format(s.upgradeTo, { plan: upgrade.name })}</button>` : nothing}
        </div>`
      : nothing}
  </div>`;
}

/** "8,500 of 10,000 calls used", with the metered item's unit for the allowance's count when the catalog names it. */
function usageOf(sub: Subscription, metric: string, used: number, included: number, { s, locale }: SubscriptionContext): string {
  const item = sub.items.find((i) => (i.metric ?? i.priceItemId) === metric);
  const values = { used: count(used, locale), included: count(included, locale) };
  return item?.unitLabel ? format(s.usageOfUnits, { ...values, unit: unitFor(included, item, locale) }) : format(s.usageOf, values);
}

function actions(sub: Subscription, c: SubscriptionContext): TemplateResult | typeof nothing {
  const { s } = c;
  const buttons: TemplateResult[] = [];
  const dialogButton = (part: string, label: string, open: (e: Event) => void) =>
    html`<button part="button ${part}" type="button" ?disabled=${c.busy} @click=${open}>${label}</button>`;
  const direct = (action: DirectAction, label: string) =>
    html`<button
      part="button button-secondary action-${action}"
      type="button"
      ?disabled=${c.busy}
      aria-busy=${c.running === `${action}:${sub.id}` ? 'true' : 'false'}
      @click=${() => c.onDirect(sub, action)}
    >
      ${label}
    </button>`;
  const ending = sub.cancelAtPeriodEnd;
  // What the merchant's action policy and the contract allow (no `actions` from an older server: everything).
  const allowed = (action: 'pause' | 'skip') => sub.actions?.[action].allowed ?? true;
  let note: string | null = null;
  if (c.may.change(sub)) buttons.push(dialogButton('action-change', s.change, (e) => c.onChange(sub, e)));
  if (c.may.pause) {
    if ((sub.status === 'active' || sub.status === 'trialing') && !ending) {
      if (allowed('pause')) buttons.push(dialogButton('button-secondary action-pause', s.pause, (e) => c.onPause(sub, e)));
      if (allowed('skip')) buttons.push(direct('skip', s.skip));
    }
    if (sub.status === 'paused') buttons.push(direct('resume', s.resume));
  }
  if (c.may.managePayment && !hasEnded(sub) && sub.collectionMethod === 'charge_automatically') {
    buttons.push(dialogButton('button-secondary action-payment', hasNoCard(sub, c) ? s.addPaymentMethod : s.updatePayment, c.onPayment));
  }
  if (c.may.cancel) {
    if (ending && !hasEnded(sub)) buttons.push(direct('reactivate', s.reactivate));
    else if (isLive(sub) && !ending) {
      note = cancelBlocked(sub, c);
      if (!note) buttons.push(dialogButton('button-danger action-cancel', s.cancel, (e) => c.onCancel(sub, e)));
    }
  }
  const actionNote = note ? html`<p part="action-note">${note}</p>` : nothing;
  if (buttons.length === 0) return actionNote;
  return html`<div part="actions" role="group" aria-label=${format(s.actions, { plan: sub.planName })}>${buttons}</div>${actionNote}`;
}
