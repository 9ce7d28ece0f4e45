/**
 * The fake account that handlers act on: its objects, its event log, and the helpers every resource
 * shares (finding objects, resolving a PaymentMethod id or test token, attaching a card to a customer).
 */
import type Stripe from 'stripe';
import { TEST_CARDS, TEST_TOKENS } from './cards.js';
import { invalid, missing } from './errors.js';
import type { Params } from './form.js';
import { newCardPaymentMethod, type CardFacts, type FakeState } from './state.js';
import type { Webhooks } from './webhooks.js';

/** Who is calling: the secret key (server) or the publishable key (Stripe.js in a browser). */
export type Caller = 'secret' | 'publishable';

/** One API call as a handler sees it. */
export interface Call {
  readonly params: Params;
  readonly path: Readonly<Record<string, string>>;
  readonly caller: Caller;
  readonly request: { readonly id: string; readonly idempotencyKey: string | null };
}

/** The account a handler works on. */
export interface Account {
  readonly state: FakeState;
  readonly webhooks: Webhooks;
  /** Work to run after the current response is sent (a dispute that follows a charge). */
  later(task: () => void): void;
}

/** A handler of one route. */
export type Handler = (account: Account, call: Call) => unknown;

/** A stored object, or Stripe's 404. */
export function find<T>(map: ReadonlyMap<string, T>, id: string, kind: string, param = 'id'): T {
  const found = map.get(id);
  if (!found) throw missing(kind, id, param);
  return found;
}

/** Only the secret key may make this call (Stripe answers 401 to a publishable key). */
export function secretOnly(call: Call): void {
  if (call.caller !== 'secret') {
    throw invalid('This API call cannot be made with a publishable API key. Please use a secret API key.', undefined, 'secret_key_required');
  }
}

/** A publishable-key call on an intent must name its client secret. */
export function checkClientSecret(call: Call, intent: { client_secret: string | null }): void {
  if (call.caller === 'secret') return;
  const given = call.params.client_secret;
  if (given !== intent.client_secret) throw invalid('The client_secret provided does not match the client_secret associated with this intent.', 'client_secret');
}

/**
 * A PaymentMethod by id, or a fresh one for a test token (`pm_card_visa`), as Stripe resolves the
 * `payment_method` parameter.
 */
export function resolvePaymentMethod(account: Account, idOrToken: string, param = 'payment_method'): Stripe.PaymentMethod {
  const number = TEST_TOKENS[idOrToken];
  if (number) {
    const spec = TEST_CARDS[number]!;
    return newCardPaymentMethod(account.state, { number, spec, expMonth: 12, expYear: new Date().getUTCFullYear() + 3 });
  }
  return find(account.state.paymentMethods, idOrToken, 'PaymentMethod', param);
}

/** The test card behind a PaymentMethod. */
export function cardOf(account: Account, pm: Stripe.PaymentMethod): CardFacts {
  return account.state.cards.get(pm.id)!;
}

/** The customer id of a `customer` field. */
export const customerIdOf = (value: string | { id: string } | null): string | null => (value === null ? null : typeof value === 'string' ? value : value.id);

/** Makes sure a PaymentMethod may be used with `customerId` (Stripe refuses one attached to someone else). */
export function checkOwner(pm: Stripe.PaymentMethod, customerId: string | null): void {
  const owner = customerIdOf(pm.customer);
  if (owner && owner !== customerId) {
    throw invalid(
      customerId
        ? 'The provided PaymentMethod is attached to another Customer.'
        : 'The provided PaymentMethod belongs to a Customer, but you did not provide the Customer. Please include the Customer in the `customer` parameter on the PaymentIntent.',
      'payment_method',
    );
  }
}

/** Attaches a PaymentMethod to a customer (no-op when it already is) and records `payment_method.attached`. */
export function attach(account: Account, pm: Stripe.PaymentMethod, customerId: string, call: Call): void {
  find(account.state.customers, customerId, 'customer', 'customer');
  const owner = customerIdOf(pm.customer);
  if (owner === customerId) return;
  if (owner) throw invalid('The payment method you provided has already been attached to a customer.', 'payment_method');
  pm.customer = customerId;
  account.webhooks.emit('payment_method.attached', pm, call.request);
}

/** Stripe's list object. */
export function list<T extends { id: string }>(url: string, items: readonly T[], params: Params): Stripe.ApiList<T> {
  const limit = Math.min(100, Math.max(1, Number(params.limit ?? 10) || 10));
  let start = 0;
  const after = typeof params.starting_after === 'string' ? params.starting_after : undefined;
  if (after) start = items.findIndex((i) => i.id === after) + 1;
  const page = items.slice(start, start + limit);
  return { object: 'list', data: page, has_more: start + limit < items.length, url };
}

/** Refuses parameters a route does not know, as Stripe does ("Received unknown parameter"). */
export function known(params: Params, names: readonly string[]): void {
  for (const name of Object.keys(params)) {
    if (!names.includes(name) && name !== 'expand' && name !== 'key') throw invalid(`Received unknown parameter: ${name}`, name, 'parameter_unknown');
  }
}
