/**
 * Customers (with tax ids), PaymentMethods, refunds, charges, disputes and events of the fake account.
 */
import type Stripe from 'stripe';
import type { Account, Call, Handler } from './account.js';
import { attach, cardOf, customerIdOf, find, known, list, resolvePaymentMethod, secretOnly } from './account.js';
import { LIVE_MODE_TEST_CARD, TEST_CARDS, luhn } from './cards.js';
import { cardError, invalid, missing } from './errors.js';
import type { Params } from './form.js';
import { hash, int, metadata, requiredStr, str } from './form.js';
import { newCardPaymentMethod, newCustomer, stripeId, unixNow } from './state.js';

const CUSTOMER_PARAMS = ['name', 'email', 'phone', 'description', 'address', 'metadata', 'invoice_settings', 'preferred_locales', 'tax_exempt', 'tax_id_data'] as const;

function address(p: Params): Stripe.Address | null | undefined {
  if (p.address === '') return null;
  const a = hash(p, 'address');
  if (!a) return undefined;
  known(a, ['line1', 'line2', 'city', 'postal_code', 'state', 'country']);
  const country = str(a, 'country');
  if (country !== undefined && !/^[A-Z]{2}$/.test(country)) throw invalid(`Country '${country}' is unknown. Try using a 2-character alphanumeric country code instead, such as 'US', 'EG', or 'GB'.`, 'address[country]');
  return {
    line1: str(a, 'line1') ?? null,
    line2: str(a, 'line2') ?? null,
    city: str(a, 'city') ?? null,
    postal_code: str(a, 'postal_code') ?? null,
    state: str(a, 'state') ?? null,
    country: country ?? null,
  };
}

function applyCustomerFields(account: Account, customer: Stripe.Customer, p: Params): void {
  for (const field of ['name', 'email', 'phone', 'description'] as const) {
    if (p[field] !== undefined) customer[field] = str(p, field) ?? null;
  }
  const addr = address(p);
  if (addr !== undefined) customer.address = addr;
  const meta = metadata(p);
  if (meta) {
    // Stripe merges metadata; an empty value deletes a key.
    const merged: Record<string, string> = { ...customer.metadata };
    for (const [k, v] of Object.entries(meta)) {
      if (v === '') delete merged[k];
      else merged[k] = v;
    }
    customer.metadata = merged;
  }
  if (Array.isArray(p.preferred_locales)) customer.preferred_locales = p.preferred_locales.filter((x): x is string => typeof x === 'string');
  const settings = hash(p, 'invoice_settings');
  if (settings && settings.default_payment_method !== undefined) {
    const pmId = str(settings, 'default_payment_method');
    if (pmId) {
      const pm = find(account.state.paymentMethods, pmId, 'PaymentMethod', 'invoice_settings[default_payment_method]');
      if (customerIdOf(pm.customer) !== customer.id) {
        throw invalid(`The customer does not have a payment method with the ID ${pmId}. The payment method must be attached to the customer.`, 'invoice_settings[default_payment_method]');
      }
    }
    customer.invoice_settings = { ...customer.invoice_settings, default_payment_method: pmId ?? null };
  }
}

/** POST /v1/customers */
export const createCustomer: Handler = (account, call) => {
  secretOnly(call);
  known(call.params, CUSTOMER_PARAMS);
  const customer = newCustomer(account.state, {});
  applyCustomerFields(account, customer, call.params);
  account.state.customers.set(customer.id, customer);
  const taxIds = Array.isArray(call.params.tax_id_data) ? call.params.tax_id_data : [];
  for (const data of taxIds) if (typeof data === 'object' && !Array.isArray(data)) addTaxId(account, customer.id, data, call.request);
  account.webhooks.emit('customer.created', customer, call.request);
  return customer;
};

/** GET /v1/customers/:id */
export const retrieveCustomer: Handler = (account, call) => {
  secretOnly(call);
  return find(account.state.customers, call.path.id!, 'customer');
};

/** POST /v1/customers/:id */
export const updateCustomer: Handler = (account, call) => {
  secretOnly(call);
  known(call.params, CUSTOMER_PARAMS.filter((n) => n !== 'tax_id_data'));
  const customer = find(account.state.customers, call.path.id!, 'customer');
  const before = structuredClone(customer);
  applyCustomerFields(account, customer, call.params);
  const previous: Record<string, unknown> = {};
  for (const key of Object.keys(customer) as (keyof Stripe.Customer)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(customer[key])) previous[key] = before[key];
  }
  if (Object.keys(previous).length > 0) account.webhooks.emit('customer.updated', customer, call.request, previous);
  return customer;
};

/** Stripe's tax id types subkit's buyers use, with the format Stripe checks. */
const TAX_ID_FORMATS: Readonly<Record<string, RegExp>> = {
  eu_vat: /^[A-Z]{2}[0-9A-Z+*]{2,13}$/,
  gb_vat: /^GB\d{9}(\d{3})?$/,
  ch_vat: /^CHE-?\d{3}\.?\d{3}\.?\d{3} ?(MWST|TVA|IVA)$/,
  ch_uid: /^CHE-?\d{3}\.?\d{3}\.?\d{3}$/,
  jp_cn: /^\d{13}$/,
  no_vat: /^\d{9}MVA$/,
  us_ein: /^\d{2}-?\d{7}$/,
  ca_bn: /^\d{9}$/,
  au_abn: /^\d{11}$/,
  in_gst: /^\d{2}[A-Z]{5}\d{4}[A-Z][1-9A-Z]Z[0-9A-Z]$/,
  tr_tin: /^\d{10}$/,
  cn_tin: /^[0-9A-Z]{15,20}$/,
  ae_trn: /^\d{15}$/,
  sa_vat: /^\d{15}$/,
};

function addTaxId(account: Account, customerId: string, p: Params, request: { id: string; idempotencyKey: string | null }): Stripe.TaxId {
  const type = requiredStr(p, 'type');
  const value = requiredStr(p, 'value').trim().toUpperCase();
  const format = TAX_ID_FORMATS[type];
  if (!format) throw invalid(`Invalid value for type: ${type} is not a supported tax id type.`, 'type');
  if (!format.test(value)) throw invalid(`Invalid value for ${type}.`, 'value', 'tax_id_invalid');
  const taxId: Stripe.TaxId = {
    id: stripeId('txi_'),
    object: 'tax_id',
    country: type === 'eu_vat' ? value.slice(0, 2).replace('EL', 'GR') : null,
    created: unixNow(),
    customer: customerId,
    customer_account: null,
    livemode: account.state.livemode,
    owner: { customer: customerId, type: 'customer', customer_account: null },
    type,
    value,
    verification: { status: 'pending', verified_address: null, verified_name: null },
  };
  account.state.taxIds.set(taxId.id, taxId);
  account.webhooks.emit('customer.tax_id.created', taxId, request);
  return taxId;
}

/** POST /v1/customers/:id/tax_ids */
export const createTaxId: Handler = (account, call) => {
  secretOnly(call);
  known(call.params, ['type', 'value']);
  const customer = find(account.state.customers, call.path.id!, 'customer');
  return addTaxId(account, customer.id, call.params, call.request);
};

/** GET /v1/customers/:id/tax_ids */
export const listTaxIds: Handler = (account, call) => {
  secretOnly(call);
  const customer = find(account.state.customers, call.path.id!, 'customer');
  const ids = [...account.state.taxIds.values()].filter((t) => t.customer === customer.id);
  return list(`/v1/customers/${customer.id}/tax_ids`, ids, call.params);
};

/** DELETE /v1/customers/:id/tax_ids/:taxId */
export const deleteTaxId: Handler = (account, call) => {
  secretOnly(call);
  const taxId = account.state.taxIds.get(call.path.taxId!);
  if (!taxId || taxId.customer !== call.path.id) throw missing('tax_id', call.path.taxId!);
  account.state.taxIds.delete(taxId.id);
  account.webhooks.emit('customer.tax_id.deleted', taxId, call.request);
  return { id: taxId.id, object: 'tax_id', deleted: true };
};

/** POST /v1/payment_methods — a card from its number (Stripe.js, publishable key) or a test token. */
export const createPaymentMethod: Handler = (account, call) => {
  const p = call.params;
  known(p, ['type', 'card', 'billing_details', 'metadata', 'payment_method']);
  const type = str(p, 'type') ?? 'card';
  if (type !== 'card') throw invalid(`The payment method type "${type}" is not enabled in the fake.`, 'type');
  const card = hash(p, 'card');
  if (!card) throw invalid('Missing required param: card.', 'card', 'parameter_missing');
  const token = str(card, 'token');
  if (token) return resolvePaymentMethod(account, token, 'card[token]');
  if (call.caller === 'secret') {
    throw invalid('Sending credit card numbers directly to the Stripe API is generally unsafe. Use Stripe.js or test tokens such as pm_card_visa.', 'card[number]', 'unsafe_card_data');
  }
  const number = requiredStr(card, 'number').replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(number) || !luhn(number)) throw cardError({ code: 'incorrect_number', declineCode: 'incorrect_number', message: 'Your card number is incorrect.' }, { param: 'number' });
  const expMonth = int(card, 'exp_month');
  const expYear = int(card, 'exp_year');
  if (expMonth === undefined || expMonth < 1 || expMonth > 12) throw cardError({ code: 'invalid_expiry_month', declineCode: 'invalid_expiry_month', message: "Your card's expiration month is invalid." }, { param: 'exp_month' });
  const now = new Date();
  const fullYear = expYear !== undefined && expYear < 100 ? 2000 + expYear : expYear;
  if (fullYear === undefined || fullYear < now.getUTCFullYear() || (fullYear === now.getUTCFullYear() && expMonth < now.getUTCMonth() + 1)) {
    throw cardError({ code: 'invalid_expiry_year', declineCode: 'invalid_expiry_year', message: "Your card's expiration year is invalid." }, { param: 'exp_year' });
  }
  const cvc = str(card, 'cvc');
  if (cvc !== undefined && !/^\d{3,4}$/.test(cvc)) throw cardError({ code: 'invalid_cvc', declineCode: 'invalid_cvc', message: "Your card's security code is invalid." }, { param: 'cvc' });
  const spec = TEST_CARDS[number];
  if (!spec) {
    throw cardError({ code: 'card_declined', declineCode: 'test_mode_live_card', message: 'Your card was declined. Your request was in test mode, but used a non test (live) card.' });
  }
  const billing = hash(p, 'billing_details');
  return newCardPaymentMethod(account.state, { number, spec, expMonth, expYear: fullYear }, billing ? { name: str(billing, 'name') ?? null, email: str(billing, 'email') ?? null } : {});
};

/** GET /v1/payment_methods/:id */
export const retrievePaymentMethod: Handler = (account, call) => find(account.state.paymentMethods, call.path.id!, 'PaymentMethod');

/** POST /v1/payment_methods/:id/attach — attaching checks the card with the issuer, so declining cards fail here. */
export const attachPaymentMethod: Handler = (account, call) => {
  secretOnly(call);
  const pm = resolvePaymentMethod(account, call.path.id!, 'id');
  const customer = requiredStr(call.params, 'customer');
  if (account.state.livemode) throw cardError(LIVE_MODE_TEST_CARD, { payment_method: pm });
  const behavior = cardOf(account, pm).spec.behavior;
  if (behavior.kind === 'decline' && behavior.onSetup) throw cardError(behavior.decline, { payment_method: pm });
  attach(account, pm, customer, call);
  return pm;
};

/** POST /v1/payment_methods/:id/detach */
export const detachPaymentMethod: Handler = (account, call) => {
  secretOnly(call);
  const pm = find(account.state.paymentMethods, call.path.id!, 'PaymentMethod');
  const owner = customerIdOf(pm.customer);
  if (!owner) throw invalid('The payment method you provided is not attached to a customer so detachment is impossible.', 'payment_method', 'payment_method_unexpected_state');
  pm.customer = null;
  const customer = account.state.customers.get(owner);
  if (customer?.invoice_settings.default_payment_method === pm.id) customer.invoice_settings.default_payment_method = null;
  cardOf(account, pm).setUp = false;
  account.webhooks.emit('payment_method.detached', pm, call.request, { customer: owner });
  return pm;
};

/** GET /v1/payment_methods?customer=… and GET /v1/customers/:id/payment_methods */
export const listPaymentMethods: Handler = (account, call) => {
  secretOnly(call);
  const customer = call.path.id ?? requiredStr(call.params, 'customer');
  find(account.state.customers, customer, 'customer', 'customer');
  const type = str(call.params, 'type');
  const methods = [...account.state.paymentMethods.values()].filter((pm) => customerIdOf(pm.customer) === customer && (!type || pm.type === type)).reverse();
  return list(call.path.id ? `/v1/customers/${customer}/payment_methods` : '/v1/payment_methods', methods, call.params);
};

/** POST /v1/refunds */
export const createRefund: Handler = (account, call) => {
  secretOnly(call);
  const p = call.params;
  known(p, ['payment_intent', 'charge', 'amount', 'reason', 'metadata']);
  const piId = str(p, 'payment_intent');
  let chargeId = str(p, 'charge');
  if (piId) {
    const pi = find(account.state.paymentIntents, piId, 'payment_intent', 'payment_intent');
    if (pi.status !== 'succeeded' || !pi.latest_charge) throw invalid(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, 'payment_intent', 'charge_not_refundable');
    chargeId = pi.latest_charge as string;
  }
  if (!chargeId) throw invalid('One of the following params should be provided for this request: payment_intent or charge.', 'payment_intent', 'parameter_missing');
  const charge = find(account.state.charges, chargeId, 'charge', 'charge');
  return refundCharge(account, charge, { amount: int(p, 'amount'), reason: str(p, 'reason'), metadata: metadata(p) ?? {}, status: 'succeeded' }, call.request);
};

/**
 * POST /_fake/charges/:id/refund — the merchant refunds the charge in the Dashboard, outside the integration: the
 * same Refund and events as through the API, without the integration's metadata. `status=pending` makes one that
 * is settled later (`/_fake/refunds/:id/settle`), as Stripe's test card 4000000000007726 does.
 */
export const refundInDashboard: Handler = (account, call) => {
  const p = call.params;
  known(p, ['amount', 'reason', 'status']);
  const charge = find(account.state.charges, call.path.id!, 'charge', 'charge');
  const status = str(p, 'status') ?? 'succeeded';
  if (status !== 'succeeded' && status !== 'pending') throw invalid('status must be succeeded or pending.', 'status');
  return refundCharge(account, charge, { amount: int(p, 'amount'), reason: str(p, 'reason'), metadata: {}, status }, call.request);
};

/**
 * Refunds a charge, in full by default: `refund.created`, then `charge.refunded` with the charge's new
 * `amount_refunded`. Since API version 2022-11-15 a charge no longer carries its `refunds` list, so neither does
 * the event (https://docs.stripe.com/changelog/2022-11-15); since 2024-10-28 `refund.created` is sent for every refund.
 */
function refundCharge(
  account: Account,
  charge: Stripe.Charge,
  fields: { amount: number | undefined; reason: string | undefined; metadata: Stripe.Metadata; status: 'succeeded' | 'pending' },
  request: Call['request'],
): Stripe.Refund {
  if (charge.status !== 'succeeded') throw invalid(`Charge ${charge.id} has not succeeded and cannot be refunded.`, 'charge', 'charge_not_refundable');
  const remaining = charge.amount - charge.amount_refunded;
  if (remaining <= 0) throw invalid(`Charge ${charge.id} has already been refunded.`, 'charge', 'charge_already_refunded');
  if (charge.disputed) throw invalid(`Charge ${charge.id} has been charged back; cannot issue a refund.`, 'charge', 'charge_disputed');
  const amount = fields.amount ?? remaining;
  if (amount < 1) throw invalid('Refund amount must be positive.', 'amount', 'parameter_invalid_integer');
  if (amount > remaining) throw invalid(`Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`, 'amount', 'amount_too_large');
  const reason = fields.reason as Stripe.Refund.Reason | undefined;
  if (reason && !['duplicate', 'fraudulent', 'requested_by_customer'].includes(reason)) throw invalid('Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer.', 'reason');
  const refund: Stripe.Refund = {
    id: stripeId('re_'),
    object: 'refund',
    amount,
    balance_transaction: stripeId('txn_'),
    charge: charge.id,
    created: unixNow(),
    currency: charge.currency,
    customer: charge.customer,
    customer_account: null,
    destination_details: { type: 'card', card: { reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' } },
    metadata: fields.metadata,
    payment_intent: charge.payment_intent,
    payment_method: charge.payment_method,
    reason: reason ?? null,
    receipt_number: null,
    source_transfer_reversal: null,
    status: fields.status,
    transfer_reversal: null,
  };
  account.state.refunds.set(refund.id, refund);
  const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded === charge.amount;
  account.webhooks.emit('refund.created', refund, request);
  account.webhooks.emit('charge.refunded', charge, request, previous);
  return refund;
}

/**
 * POST /_fake/refunds/:id/settle — what the card network answers later: a pending refund goes through
 * (`status=succeeded`), or a refund fails (`status=failed`, with `failure_reason`; the card was closed meanwhile, as
 * test card 4000000000005126 does) and its amount is no longer refunded on the charge. `refund.updated`, and
 * `refund.failed` for a failure.
 */
export const settleRefundRoute: Handler = (account, call) => {
  const p = call.params;
  known(p, ['status', 'failure_reason']);
  const refund = find(account.state.refunds, call.path.id!, 'refund');
  const status = str(p, 'status');
  if (status === 'succeeded' && refund.status !== 'pending') throw invalid(`Refund ${refund.id} is ${refund.status}; only a pending refund can succeed.`, 'status');
  if (status === 'failed' && refund.status !== 'pending' && refund.status !== 'succeeded') throw invalid(`Refund ${refund.id} is ${refund.status}; it cannot fail.`, 'status');
  if (status !== 'succeeded' && status !== 'failed') throw invalid('status must be succeeded or failed.', 'status');
  const previous = { status: refund.status };
  refund.status = status;
  if (status === 'failed') {
    refund.failure_reason = (str(p, 'failure_reason') ?? 'expired_or_canceled_card');
    const charge = account.state.charges.get(refund.charge as string);
    if (charge) {
      charge.amount_refunded -= refund.amount;
      charge.refunded = false;
    }
    account.webhooks.emit('refund.failed', refund, null, previous);
  }
  account.webhooks.emit('refund.updated', refund, null, previous);
  return refund;
};

/** GET /v1/refunds?charge=…&payment_intent=… — newest first. */
export const listRefunds: Handler = (account, call) => {
  secretOnly(call);
  const charge = str(call.params, 'charge');
  const pi = str(call.params, 'payment_intent');
  const refunds = [...account.state.refunds.values()].filter((r) => (!charge || r.charge === charge) && (!pi || r.payment_intent === pi)).reverse();
  return list('/v1/refunds', refunds, call.params);
};

/** GET /v1/refunds/:id */
export const retrieveRefund: Handler = (account, call) => (secretOnly(call), find(account.state.refunds, call.path.id!, 'refund'));

/** GET /v1/charges/:id */
export const retrieveCharge: Handler = (account, call) => (secretOnly(call), find(account.state.charges, call.path.id!, 'charge'));

/** GET /v1/disputes/:id */
export const retrieveDispute: Handler = (account, call) => (secretOnly(call), find(account.state.disputes, call.path.id!, 'dispute'));

/** GET /v1/events/:id */
export const retrieveEvent: Handler = (account, call) => {
  secretOnly(call);
  const event = account.state.events.find((e) => e.id === call.path.id);
  if (!event) throw missing('event', call.path.id!);
  return event;
};

/** GET /v1/events?type= */
export const listEvents: Handler = (account, call) => {
  secretOnly(call);
  const type = str(call.params, 'type');
  return list('/v1/events', account.state.events.filter((e) => !type || e.type === type).reverse(), call.params);
};

/** The cardholder disputes a charge: `charge.dispute.created`, and the charge is marked disputed. */
export function disputeCharge(account: Account, charge: Stripe.Charge, reason: string): Stripe.Dispute {
  const dispute: Stripe.Dispute = {
    id: stripeId('dp_'),
    object: 'dispute',
    amount: charge.amount - charge.amount_refunded,
    balance_transactions: [],
    charge: charge.id,
    created: unixNow(),
    currency: charge.currency,
    enhanced_eligibility_types: [],
    evidence: { access_activity_log: null, billing_address: null, cancellation_policy: null, cancellation_policy_disclosure: null, cancellation_rebuttal: null, customer_communication: null, customer_email_address: null, customer_name: null, customer_purchase_ip: null, customer_signature: null, duplicate_charge_documentation: null, duplicate_charge_explanation: null, duplicate_charge_id: null, product_description: null, receipt: null, refund_policy: null, refund_policy_disclosure: null, refund_refusal_explanation: null, service_date: null, service_documentation: null, shipping_address: null, shipping_carrier: null, shipping_date: null, shipping_documentation: null, shipping_tracking_number: null, uncategorized_file: null, uncategorized_text: null, enhanced_evidence: {} },
    evidence_details: { due_by: unixNow() + 7 * 86400, has_evidence: false, past_due: false, submission_count: 0, submission_method: 'not_submitted', enhanced_eligibility: {} },
    intended_submission_method: null,
    is_charge_refundable: false,
    livemode: account.state.livemode,
    metadata: {},
    payment_intent: charge.payment_intent,
    payment_method_details: { type: 'card', card: { brand: charge.payment_method_details?.card?.brand ?? 'visa', case_type: 'chargeback', network: charge.payment_method_details?.card?.network ?? 'visa', network_reason_code: '10.4' } },
    reason,
    status: 'needs_response',
  };
  account.state.disputes.set(dispute.id, dispute);
  charge.disputed = true;
  account.webhooks.emit('charge.dispute.created', dispute, null);
  return dispute;
}

/** POST /_fake/charges/:id/dispute */
export const disputeChargeRoute: Handler = (account, call) => {
  const charge = find(account.state.charges, call.path.id!, 'charge');
  if (charge.disputed) throw invalid(`Charge ${charge.id} is already disputed.`, 'charge');
  return disputeCharge(account, charge, str(call.params, 'reason') ?? 'fraudulent');
};

/** POST /_fake/disputes/:id/close — the dispute is decided (`won` or `lost`). */
export const closeDispute: Handler = (account, call) => {
  const dispute = find(account.state.disputes, call.path.id!, 'dispute');
  const status = str(call.params, 'status');
  if (status !== 'won' && status !== 'lost') throw invalid('status must be won or lost.', 'status');
  const previous = { status: dispute.status };
  dispute.status = status;
  account.webhooks.emit('charge.dispute.closed', dispute, null, previous);
  return dispute;
};
