/**
 * PaymentIntents and SetupIntents: create, confirm (on- or off-session), 3-D Secure, cancel, retrieve,
 * search — following the status machine Stripe documents
 * (requires_payment_method → requires_confirmation → requires_action → succeeded / canceled) and each
 * test card's documented behaviour.
 */
import type Stripe from 'stripe';
import type { Account, Call, Handler } from './account.js';
import { attach, cardOf, checkClientSecret, checkOwner, customerIdOf, find, known, list, resolvePaymentMethod, secretOnly } from './account.js';
import type { Decline } from './cards.js';
import { AUTHENTICATION_FAILED, AUTHENTICATION_REQUIRED, LIVE_MODE_TEST_CARD, MINIMUM_CHARGE, SETUP_AUTHENTICATION_FAILED, THREE_DECIMAL } from './cards.js';
import { cardError, invalid, lastError, StripeFailure } from './errors.js';
import { bool, int, metadata, requiredStr, str } from './form.js';
import { newCharge, newPaymentIntent, newSetupIntent } from './state.js';
import { disputeCharge } from './resources.js';

const PI_PARAMS = [
  'amount', 'currency', 'customer', 'payment_method', 'confirm', 'off_session', 'setup_future_usage', 'metadata', 'description',
  'automatic_payment_methods', 'payment_method_types', 'return_url', 'statement_descriptor_suffix', 'receipt_email', 'error_on_requires_action',
  'use_stripe_sdk',
] as const;
const PI_CONFIRM_PARAMS = ['payment_method', 'off_session', 'setup_future_usage', 'return_url', 'client_secret', 'error_on_requires_action', 'use_stripe_sdk'] as const;
const SI_PARAMS = [
  'customer', 'payment_method', 'confirm', 'usage', 'metadata', 'description', 'automatic_payment_methods', 'payment_method_types', 'return_url', 'use_stripe_sdk',
] as const;

/** The `next_action` of an intent waiting for 3-D Secure in the browser. */
function useStripeSdk(id: string): Stripe.PaymentIntent.NextAction {
  return { type: 'use_stripe_sdk', use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: `/_fake/3ds/${id}`, source: id } } as Stripe.PaymentIntent.NextAction;
}

/** POST /v1/payment_intents */
export const createPaymentIntent: Handler = (account, call) => {
  secretOnly(call);
  const p = call.params;
  known(p, PI_PARAMS);
  const amount = int(p, 'amount');
  if (amount === undefined) throw invalid('Missing required param: amount.', 'amount', 'parameter_missing');
  const currency = requiredStr(p, 'currency').toLowerCase();
  if (!/^[a-z]{3}$/.test(currency)) throw invalid(`Invalid currency: ${currency}.`, 'currency', 'parameter_invalid_string');
  if (amount < 1) throw invalid('This value must be greater than or equal to 1.', 'amount', 'parameter_invalid_integer');
  const minimum = MINIMUM_CHARGE[currency] ?? 50;
  if (amount < minimum) {
    throw invalid(`Amount must be at least ${minimum} ${currency} minor units.`, 'amount', 'amount_too_small');
  }
  if (THREE_DECIMAL.has(currency) && amount % 10 !== 0) {
    throw invalid(`Amounts in ${currency.toUpperCase()} must be rounded to the nearest ten minor units.`, 'amount', 'invalid_amount');
  }
  const customer = str(p, 'customer') ?? null;
  if (customer) find(account.state.customers, customer, 'customer', 'customer');
  const confirm = bool(p, 'confirm') ?? false;
  const offSession = bool(p, 'off_session') ?? false;
  if (offSession && !confirm) throw invalid('You can only pass `off_session` when `confirm` is true.', 'off_session');
  const setupFutureUsage = str(p, 'setup_future_usage') as Stripe.PaymentIntent.SetupFutureUsage | undefined;
  if (setupFutureUsage && setupFutureUsage !== 'off_session' && setupFutureUsage !== 'on_session') {
    throw invalid(`Invalid setup_future_usage: must be one of on_session or off_session.`, 'setup_future_usage');
  }
  const pmParam = str(p, 'payment_method');
  const pm = pmParam ? resolvePaymentMethod(account, pmParam) : null;
  if (pm) checkOwner(pm, customer);
  const pi = newPaymentIntent(account.state, {
    amount,
    currency,
    customer,
    description: str(p, 'description') ?? null,
    metadata: metadata(p) ?? {},
    payment_method: pm?.id ?? null,
    setup_future_usage: setupFutureUsage ?? null,
    status: pm ? 'requires_confirmation' : 'requires_payment_method',
  });
  account.state.paymentIntents.set(pi.id, pi);
  account.webhooks.emit('payment_intent.created', pi, call.request);
  return confirm ? confirmPaymentIntent(account, call, pi, offSession) : pi;
};

/** POST /v1/payment_intents/:id/confirm */
export const confirmPaymentIntentRoute: Handler = (account, call) => {
  const pi = find(account.state.paymentIntents, call.path.id!, 'payment_intent');
  checkClientSecret(call, pi);
  known(call.params, PI_CONFIRM_PARAMS);
  const pmParam = str(call.params, 'payment_method');
  if (pmParam) {
    const pm = resolvePaymentMethod(account, pmParam);
    checkOwner(pm, customerIdOf(pi.customer));
    pi.payment_method = pm.id;
  }
  const sfu = str(call.params, 'setup_future_usage');
  if (sfu === 'off_session' || sfu === 'on_session') pi.setup_future_usage = sfu;
  return confirmPaymentIntent(account, call, pi, bool(call.params, 'off_session') ?? false);
};

const CONFIRMABLE: readonly string[] = ['requires_payment_method', 'requires_confirmation', 'requires_action'];

/** Runs a confirmation: the charge succeeds, waits for 3-D Secure, or fails with a card error (402). */
function confirmPaymentIntent(account: Account, call: Call, pi: Stripe.PaymentIntent, offSession: boolean): Stripe.PaymentIntent {
  if (!CONFIRMABLE.includes(pi.status)) {
    throw invalid(`You cannot confirm this PaymentIntent because it has a status of ${pi.status}.`, undefined, 'payment_intent_unexpected_state');
  }
  if (!pi.payment_method) {
    throw invalid(
      "You cannot confirm this PaymentIntent because it's missing a payment method. To confirm the PaymentIntent with a customer, you must provide a payment method.",
      'payment_method',
      'payment_intent_unexpected_state',
    );
  }
  const pm = find(account.state.paymentMethods, pi.payment_method as string, 'PaymentMethod', 'payment_method');
  const card = cardOf(account, pm);
  if (account.state.livemode) return failPayment(account, call, pi, pm, LIVE_MODE_TEST_CARD, true);
  const behavior = card.spec.behavior;
  if (behavior.kind === 'decline') return failPayment(account, call, pi, pm, behavior.decline, true);
  if (behavior.kind === 'authenticate') {
    const needed = behavior.when === 'always' || !offSession || !card.setUp;
    if (needed && offSession) return failPayment(account, call, pi, pm, AUTHENTICATION_REQUIRED, false);
    if (needed) {
      pi.status = 'requires_action';
      pi.next_action = useStripeSdk(pi.id);
      pi.last_payment_error = null;
      account.webhooks.emit('payment_intent.requires_action', pi, call.request);
      return pi;
    }
  }
  return succeedPayment(account, call, pi, pm);
}

function succeedPayment(account: Account, call: Call, pi: Stripe.PaymentIntent, pm: Stripe.PaymentMethod): Stripe.PaymentIntent {
  const customer = customerIdOf(pi.customer);
  if (pi.setup_future_usage && customer) {
    attach(account, pm, customer, call);
    cardOf(account, pm).setUp = true;
  }
  const charge = newCharge(account.state, pi, pm, null);
  Object.assign(pi, { status: 'succeeded', amount_received: pi.amount, latest_charge: charge.id, last_payment_error: null, next_action: null, payment_method: pm.id });
  account.webhooks.emit('charge.succeeded', charge, call.request);
  account.webhooks.emit('payment_intent.succeeded', pi, call.request);
  if (cardOf(account, pm).spec.behavior.kind === 'dispute') account.later(() => disputeCharge(account, charge, 'fraudulent'));
  return pi;
}

function failPayment(account: Account, call: Call, pi: Stripe.PaymentIntent, pm: Stripe.PaymentMethod, decline: Decline, withCharge: boolean): never {
  const charge = withCharge ? newCharge(account.state, pi, pm, decline) : null;
  Object.assign(pi, {
    status: 'requires_payment_method',
    payment_method: null,
    next_action: null,
    latest_charge: charge?.id ?? pi.latest_charge,
    last_payment_error: lastError(decline, pm, charge?.id),
  });
  if (charge) account.webhooks.emit('charge.failed', charge, call.request);
  account.webhooks.emit('payment_intent.payment_failed', pi, call.request);
  throw cardError(decline, { payment_intent: structuredClone(pi), payment_method: pm, ...(charge ? { charge: charge.id } : {}) });
}

/** POST /_fake/payment_intents/:id/authenticate — the buyer passes or fails 3-D Secure (what Stripe.js's challenge does). */
export const authenticatePaymentIntent: Handler = (account, call) => {
  const pi = find(account.state.paymentIntents, call.path.id!, 'payment_intent');
  checkClientSecret(call, pi);
  if (pi.status !== 'requires_action') throw invalid(`This PaymentIntent is ${pi.status}; it is not waiting for authentication.`, undefined, 'payment_intent_unexpected_state');
  const pm = find(account.state.paymentMethods, pi.payment_method as string, 'PaymentMethod');
  if (call.params.outcome === 'fail') {
    try {
      failPayment(account, call, pi, pm, AUTHENTICATION_FAILED, false);
    } catch {
      return pi;
    }
  }
  return succeedPayment(account, call, pi, pm);
};

/** GET /v1/payment_intents/:id */
export const retrievePaymentIntent: Handler = (account, call) => {
  const pi = find(account.state.paymentIntents, call.path.id!, 'payment_intent');
  checkClientSecret(call, pi);
  return pi;
};

/** The statuses Stripe lets a PaymentIntent be canceled from. */
const CANCELABLE: readonly string[] = ['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action', 'processing'];
const CANCELLATION_REASONS: readonly string[] = ['abandoned', 'duplicate', 'fraudulent', 'requested_by_customer'];

/**
 * POST /v1/payment_intents/:id/cancel — `cancellation_reason` one of Stripe's four; a PaymentIntent that
 * succeeded or was canceled already is refused with `payment_intent_unexpected_state`, the intent in the error.
 */
export const cancelPaymentIntent: Handler = (account, call) => {
  secretOnly(call);
  const pi = find(account.state.paymentIntents, call.path.id!, 'payment_intent');
  known(call.params, ['cancellation_reason', 'expand']);
  const reason = str(call.params, 'cancellation_reason');
  if (reason !== undefined && !CANCELLATION_REASONS.includes(reason)) {
    throw invalid(`Invalid cancellation_reason: must be one of ${CANCELLATION_REASONS.join(', ')}`, 'cancellation_reason');
  }
  if (!CANCELABLE.includes(pi.status)) {
    throw new StripeFailure(400, {
      type: 'invalid_request_error',
      code: 'payment_intent_unexpected_state',
      message: `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${CANCELABLE.join(', ')}.`,
      payment_intent: structuredClone(pi),
    });
  }
  Object.assign(pi, {
    status: 'canceled',
    canceled_at: Math.floor(Date.now() / 1000),
    cancellation_reason: (reason as Stripe.PaymentIntent.CancellationReason | undefined) ?? null,
    next_action: null,
  });
  account.webhooks.emit('payment_intent.canceled', pi, call.request);
  return pi;
};

/** GET /v1/payment_intents?customer= */
export const listPaymentIntents: Handler = (account, call) => {
  secretOnly(call);
  const customer = str(call.params, 'customer');
  const all = [...account.state.paymentIntents.values()].filter((pi) => !customer || customerIdOf(pi.customer) === customer).reverse();
  return list('/v1/payment_intents', all, call.params);
};

/** GET /v1/payment_intents/search?query=metadata['key']:'value' AND status:'succeeded' */
export const searchPaymentIntents: Handler = (account, call) => {
  secretOnly(call);
  const query = requiredStr(call.params, 'query');
  const clauses = query.split(/\s+AND\s+/i).map((clause) => {
    const m = /^(?:metadata\[['"]([^'"]+)['"]\]|(status|customer|currency|amount)):['"]?([^'"]*)['"]?$/.exec(clause.trim());
    if (!m) throw invalid(`Unsupported search query clause: ${clause}`, 'query');
    return { meta: m[1], field: m[2], value: m[3]! };
  });
  const hits = [...account.state.paymentIntents.values()].filter((pi) =>
    clauses.every((c) => (c.meta ? pi.metadata[c.meta] === c.value : String((pi as unknown as Record<string, unknown>)[c.field!]) === c.value)),
  );
  return { object: 'search_result', data: hits.reverse(), has_more: false, next_page: null, url: '/v1/payment_intents/search' };
};

/** POST /v1/setup_intents */
export const createSetupIntent: Handler = (account, call) => {
  secretOnly(call);
  const p = call.params;
  known(p, SI_PARAMS);
  const customer = str(p, 'customer') ?? null;
  if (customer) find(account.state.customers, customer, 'customer', 'customer');
  const usage = str(p, 'usage') ?? 'off_session';
  if (usage !== 'off_session' && usage !== 'on_session') throw invalid('Invalid usage: must be one of on_session or off_session.', 'usage');
  const pmParam = str(p, 'payment_method');
  const pm = pmParam ? resolvePaymentMethod(account, pmParam) : null;
  if (pm) checkOwner(pm, customer);
  const si = newSetupIntent(account.state, {
    customer,
    usage,
    description: str(p, 'description') ?? null,
    metadata: metadata(p) ?? {},
    payment_method: pm?.id ?? null,
    status: pm ? 'requires_confirmation' : 'requires_payment_method',
  });
  account.state.setupIntents.set(si.id, si);
  account.webhooks.emit('setup_intent.created', si, call.request);
  return bool(p, 'confirm') ? confirmSetupIntent(account, call, si) : si;
};

/** POST /v1/setup_intents/:id/confirm */
export const confirmSetupIntentRoute: Handler = (account, call) => {
  const si = find(account.state.setupIntents, call.path.id!, 'setup_intent');
  checkClientSecret(call, si);
  known(call.params, ['payment_method', 'client_secret', 'return_url', 'use_stripe_sdk']);
  const pmParam = str(call.params, 'payment_method');
  if (pmParam) {
    const pm = resolvePaymentMethod(account, pmParam);
    checkOwner(pm, customerIdOf(si.customer));
    si.payment_method = pm.id;
  }
  return confirmSetupIntent(account, call, si);
};

function confirmSetupIntent(account: Account, call: Call, si: Stripe.SetupIntent): Stripe.SetupIntent {
  if (!CONFIRMABLE.includes(si.status)) {
    throw invalid(`You cannot confirm this SetupIntent because it has a status of ${si.status}.`, undefined, 'setup_intent_unexpected_state');
  }
  if (!si.payment_method) throw invalid("You cannot confirm this SetupIntent because it's missing a payment method.", 'payment_method', 'setup_intent_unexpected_state');
  const pm = find(account.state.paymentMethods, si.payment_method as string, 'PaymentMethod', 'payment_method');
  const behavior = cardOf(account, pm).spec.behavior;
  if (account.state.livemode) return failSetup(account, call, si, pm, LIVE_MODE_TEST_CARD);
  if (behavior.kind === 'decline' && behavior.onSetup) return failSetup(account, call, si, pm, behavior.decline);
  if (behavior.kind === 'authenticate') {
    si.status = 'requires_action';
    si.next_action = useStripeSdk(si.id) as Stripe.SetupIntent.NextAction;
    si.last_setup_error = null;
    account.webhooks.emit('setup_intent.requires_action', si, call.request);
    return si;
  }
  return succeedSetup(account, call, si, pm);
}

function succeedSetup(account: Account, call: Call, si: Stripe.SetupIntent, pm: Stripe.PaymentMethod): Stripe.SetupIntent {
  const customer = customerIdOf(si.customer);
  if (customer) attach(account, pm, customer, call);
  cardOf(account, pm).setUp = si.usage === 'off_session';
  Object.assign(si, { status: 'succeeded', next_action: null, last_setup_error: null, payment_method: pm.id });
  account.webhooks.emit('setup_intent.succeeded', si, call.request);
  return si;
}

function failSetup(account: Account, call: Call, si: Stripe.SetupIntent, pm: Stripe.PaymentMethod, decline: Decline): never {
  Object.assign(si, { status: 'requires_payment_method', payment_method: null, next_action: null, last_setup_error: lastError(decline, pm) });
  account.webhooks.emit('setup_intent.setup_failed', si, call.request);
  throw cardError(decline, { setup_intent: structuredClone(si), payment_method: pm });
}

/** POST /_fake/setup_intents/:id/authenticate */
export const authenticateSetupIntent: Handler = (account, call) => {
  const si = find(account.state.setupIntents, call.path.id!, 'setup_intent');
  checkClientSecret(call, si);
  if (si.status !== 'requires_action') throw invalid(`This SetupIntent is ${si.status}; it is not waiting for authentication.`, undefined, 'setup_intent_unexpected_state');
  const pm = find(account.state.paymentMethods, si.payment_method as string, 'PaymentMethod');
  if (call.params.outcome === 'fail') {
    try {
      failSetup(account, call, si, pm, SETUP_AUTHENTICATION_FAILED);
    } catch {
      return si;
    }
  }
  return succeedSetup(account, call, si, pm);
};

/** GET /v1/setup_intents/:id */
export const retrieveSetupIntent: Handler = (account, call) => {
  const si = find(account.state.setupIntents, call.path.id!, 'setup_intent');
  checkClientSecret(call, si);
  return si;
};

/** POST /v1/setup_intents/:id/cancel */
export const cancelSetupIntent: Handler = (account, call) => {
  secretOnly(call);
  const si = find(account.state.setupIntents, call.path.id!, 'setup_intent');
  if (!CONFIRMABLE.includes(si.status)) throw invalid(`You cannot cancel this SetupIntent because it has a status of ${si.status}.`, undefined, 'setup_intent_unexpected_state');
  Object.assign(si, { status: 'canceled', next_action: null });
  account.webhooks.emit('setup_intent.canceled', si, call.request);
  return si;
};
