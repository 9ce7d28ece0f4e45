import { expect, fixture, html } from '@open-wc/testing';
import { createStores, getSharedClient } from '@subkit/client';
import type { Catalog, Role } from '@subkit/core';
import type { SubkitSubscriptionManager } from '../subscription-manager.js';
import { freshKey, useFixtureServer } from '../../../test/msw.js';
import { acmeCatalog } from '../../../test/fixtures/catalog.js';
import type { FixtureServer, FixtureServerOptions } from '../../../test/handlers.js';
import { subscriptionFixture } from '../../../test/fixtures/subscriptions.js';
import { $, $$, text, until } from '../../../test/helpers.js';

// What the subscription-manager tests share: the fixture server, the widget on a page and ways to read it.
export const api = location.origin;

/** What the manager's tests ask of the fixture server: its catalog is the company's; a payment may decline or need the bank. */
export interface ServeOptions extends Omit<FixtureServerOptions, 'payOutcome'> {
  declinePayment?: boolean;
  scaPayment?: boolean;
}

/** The fixture server with the subscriptions (and its request log). */
export function serve({ catalog, declinePayment, scaPayment, ...options }: ServeOptions = {}): FixtureServer {
  return useFixtureServer({ ...options, sessionCatalog: catalog, payOutcome: declinePayment ? 'failed' : scaPayment ? 'requires_action' : 'succeeded' });
}

export const keys = new WeakMap<Element, string>();

export async function manager(options: { key?: string; session?: string | null; locale?: string } = {}): Promise<SubkitSubscriptionManager> {
  const key = options.key ?? freshKey();
  const el = await fixture<SubkitSubscriptionManager>(
    html`<subkit-subscription-manager
      api-base=${api}
      publishable-key=${key}
      session=${options.session === null ? '' : (options.session ?? 'tok_buyer')}
      locale=${options.locale ?? ''}
    ></subkit-subscription-manager>`,
  );
  keys.set(el, key);
  return el;
}

/** The shared stores the widget uses (tests read them as another widget on the page would). */
export function storesOf(el: SubkitSubscriptionManager) {
  return createStores(getSharedClient({ baseUrl: api, publishableKey: keys.get(el)! }));
}

/** A manager with its subscriptions (and the buyer's permissions) rendered. */
export async function loaded(options: Parameters<typeof manager>[0] = {}): Promise<SubkitSubscriptionManager> {
  const el = await manager(options);
  await until(() => $$(el, 'li[part~="subscription"]').length > 0, 'subscriptions rendered');
  const stores = storesOf(el);
  // The payment methods read without get(): the manager binds their store once its code arrives (side-stores.ts), and
  // a get() before that would mount it with no listener, which nanostores does not mount again for the widget's.
  await until(() => !!stores.$session.get().data && !!stores.$catalog.get().data && !!stores.$paymentMethods.value?.data, 'session, catalog and cards loaded');
  await el.updateComplete;
  return el;
}

/** The list item of a subscription, by id. */
export function item(el: SubkitSubscriptionManager, id: string): HTMLElement {
  return $(el, `li[data-subscription="${id}"]`);
}

export function button(scope: Element | ShadowRoot, part: string): HTMLButtonElement {
  const found = scope.querySelector<HTMLButtonElement>(`[part~="${part}"]`);
  if (!found) throw new Error(`no ${part} button`);
  return found;
}

export function dialog(el: SubkitSubscriptionManager): HTMLDialogElement {
  return $(el, 'dialog') as HTMLDialogElement;
}

/** True once the widget's dialog is open (false while there is none). */
export function isOpen(el: SubkitSubscriptionManager): boolean {
  return el.shadowRoot!.querySelector('dialog')?.open ?? false;
}

export function detail(el: SubkitSubscriptionManager, id: string, term: string): string {
  const row = [...item(el, id).querySelectorAll('[part~="details"] > div')].find((d) => text(d.querySelector('dt')) === term);
  return text(row?.querySelector('dd'));
}

export const buttonLabels = (el: SubkitSubscriptionManager) => $$(el, 'button').map((b) => text(b));

export function listen<K extends keyof GlobalEventHandlersEventMap>(name: K): GlobalEventHandlersEventMap[K][] {
  const seen: GlobalEventHandlersEventMap[K][] = [];
  document.addEventListener(name, (e) => seen.push(e), { once: true });
  return seen;
}

export const sessionToken = (role: Role) => `tok_${role}`;

/**
 * Opens a subscription's cancel dialog, gives `reason` and goes on to the confirmation — with no retention offer to
 * decline (the subscription has none, e.g. not started or on hold). Returns the radio of each `when` choice.
 */
export async function toCancelConfirmation(el: SubkitSubscriptionManager, subscriptionId: string, reason: string): Promise<(when: string) => HTMLInputElement | null> {
  button(item(el, subscriptionId), 'action-cancel').click();
  await until(() => isOpen(el), 'cancel dialog');
  dialog(el).querySelector<HTMLInputElement>(`input[name="reason"][value="${reason}"]`)!.click();
  await el.updateComplete;
  button(dialog(el), 'confirm').click();
  await until(() => text(dialog(el).querySelector('#dialog-title')) === 'Confirm cancellation', 'confirm step');
  return (when) => dialog(el).querySelector<HTMLInputElement>(`input[name="when"][value="${when}"]`);
}

/**
 * Pays a subscription's open invoice from its banner, the bank asking for a confirmation (the fixture server's
 * `scaPayment`): pay now, pay, confirm payment. Resolves with the `subkit-invoice-paid` events once one came.
 */
export async function payNowConfirmingWithBank(el: SubkitSubscriptionManager, subscriptionId: string): Promise<Event[]> {
  const sub = () => item(el, subscriptionId);
  await until(() => !!sub().querySelector('[part~="pay-now"]'), 'pay now');
  await expect(el).to.be.accessible();
  button(sub(), 'pay-now').click();
  await until(() => isOpen(el), 'pay dialog');
  button(dialog(el), 'confirm').click();
  await until(() => text(dialog(el).querySelector('#dialog-title')) === 'Confirm this payment', "the bank's step");
  const paid = listen('subkit-invoice-paid');
  button(dialog(el), 'sca-approve').click();
  await until(() => paid.length === 1, 'paid event');
  return paid;
}

/** Acme's catalog naming units one and several: seats and vehicles on the plans, trackers on the quantity add-on. */
export function catalogWithUnits(): Catalog {
  const cat = structuredClone(acmeCatalog);
  const units: Record<string, [string, string]> = { plan_vehicles: ['vehicle', 'vehicles'] };
  for (const plan of cat.products[0]!.plans) {
    const [one, other] = units[plan.id] ?? ['seat', 'seats'];
    if (plan.quantity) plan.quantity = { ...plan.quantity, unitLabel: one, unitLabelPlural: other };
  }
  const trackers = cat.products[0]!.addOns.find((a) => a.id === 'addon_trackers')!;
  Object.assign(trackers, { unitLabel: 'tracker', unitLabelPlural: 'trackers' });
  return cat;
}

/** Acme's Team subscription billed by invoice with net terms (nothing is charged by a change). */
export const invoicedTeam = (paymentTermsDays: number) =>
  subscriptionFixture({ id: 'sub_team', planId: 'plan_team', quantity: 5, overrides: { collectionMethod: 'send_invoice', paymentTermsDays, defaultPaymentMethodId: null } });
