import { fixture, html } from '@open-wc/testing';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { SubkitCheckout } from '../checkout.js';
import type { CheckoutCompletedEvent } from '../../events/index.js';
import { freshKey } from '../../../test/msw.js';
import { type FixtureServer } from '../../../test/handlers.js';
import { $, $$, text, type, until } from '../../../test/helpers.js';

// What the checkout tests share: the fixture server, the widget on a page and ways to read it.
export const api = location.origin;

export interface Options {
  key?: string;
  session?: string | null;
  plan?: string | null;
  interval?: string;
  quantity?: number;
  locale?: string;
  paymentMethod?: 'card' | 'invoice';
}

export async function checkout(options: Options = {}): Promise<SubkitCheckout> {
  const session = options.session === undefined ? 'tok_purchaser' : options.session;
  const plan = options.plan === undefined ? 'plan_team' : options.plan;
  return fixture<SubkitCheckout>(html`<subkit-checkout
    api-base=${api}
    publishable-key=${options.key ?? freshKey()}
    session=${ifDefined(session ?? undefined)}
    plan=${ifDefined(plan ?? undefined)}
    interval=${options.interval ?? 'month'}
    quantity=${ifDefined(options.quantity)}
    locale=${ifDefined(options.locale)}
    payment-method=${ifDefined(options.paymentMethod)}
  ></subkit-checkout>`);
}

export async function priced(options: Options = {}): Promise<SubkitCheckout> {
  const el = await checkout(options);
  await until(() => $$(el, '[part~="summary-total"]').length > 0, 'order summary');
  return el;
}

export function summary(el: SubkitCheckout): string[][] {
  return $$(el, '[part~="summary-line"]').map((row) => [text(row.querySelector('dt')), text(row.querySelector('dd'))]);
}

export const input = (el: SubkitCheckout, id: string) => $(el, `#${id}`) as HTMLInputElement;
export const errorOf = (el: SubkitCheckout, id: string) => text($(el, `#${id}-error`));
export const checkoutRequests = (server: FixtureServer) => server.requests.filter((r) => r.method === 'POST' && r.path === '/v1/checkout');

export async function choose(el: SubkitCheckout, method: 'card' | 'invoice'): Promise<void> {
  ($(el, `input[name="method"][value="${method}"]`) as HTMLInputElement).click();
  await el.updateComplete;
}

export async function fillTestCard(el: SubkitCheckout, number: string): Promise<void> {
  type(input(el, 'cardNumber'), number);
  type(input(el, 'cardExpiry'), '12/30');
  type(input(el, 'cardCvc'), '123');
  await el.updateComplete;
}

export function submit(el: SubkitCheckout): HTMLButtonElement {
  const button = $(el, '[part~="submit"]') as HTMLButtonElement;
  button.click();
  return button;
}

export function completion(): Promise<CheckoutCompletedEvent> {
  return new Promise((resolve) => document.addEventListener('subkit-checkout-completed', resolve, { once: true }));
}

/** The control a label names (by its text), as a buyer finds it. */
export function byLabel(el: SubkitCheckout, label: string): HTMLInputElement {
  const found = $$(el, 'label').find((l) => text(l) === label);
  if (!found) throw new Error(`no label "${label}"`);
  return el.shadowRoot!.getElementById((found as HTMLLabelElement).htmlFor) as HTMLInputElement;
}

/** The buttons a buyer can read, by their names. */
export const buttons = (el: SubkitCheckout) => $$(el, 'button').map((b) => text(b));

/** The button named `name`. */
export function button(el: SubkitCheckout, name: string): HTMLButtonElement {
  const found = $$(el, 'button').find((b) => text(b) === name);
  if (!found) throw new Error(`no button "${name}"`);
  return found as HTMLButtonElement;
}
