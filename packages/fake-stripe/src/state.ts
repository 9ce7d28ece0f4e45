/**
 * What the fake holds: Stripe objects exactly as the API returns them (typed with stripe-node's own
 * definitions, which are generated from Stripe's OpenAPI description), plus the private card facts
 * Stripe keeps behind a PaymentMethod (which test card it is, whether it was set up for off-session use).
 */
import { randomBytes } from 'node:crypto';
import type Stripe from 'stripe';
import type { TestCardSpec } from './cards.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A Stripe-looking id: `pi_` + 24 base62 characters. */
export function stripeId(prefix: string, length = 24): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += BASE62[b % 62];
  return `${prefix}${out}`;
}

/** Seconds since the epoch, as every Stripe timestamp. */
export const unixNow = (): number => Math.floor(Date.now() / 1000);

/** The card behind a PaymentMethod. */
export interface CardFacts {
  readonly number: string;
  readonly spec: TestCardSpec;
  /** Set up for future off-session use (a succeeded SetupIntent, or a payment with `setup_future_usage`). */
  setUp: boolean;
}

/** One account's objects. */
export class FakeState {
  readonly customers = new Map<string, Stripe.Customer>();
  readonly taxIds = new Map<string, Stripe.TaxId>();
  readonly paymentMethods = new Map<string, Stripe.PaymentMethod>();
  readonly cards = new Map<string, CardFacts>();
  readonly paymentIntents = new Map<string, Stripe.PaymentIntent>();
  readonly setupIntents = new Map<string, Stripe.SetupIntent>();
  readonly charges = new Map<string, Stripe.Charge>();
  readonly refunds = new Map<string, Stripe.Refund>();
  readonly disputes = new Map<string, Stripe.Dispute>();
  readonly events: Stripe.Event[] = [];

  constructor(readonly livemode: boolean) {}
}

/** A new customer. */
export function newCustomer(state: FakeState, fields: Partial<Stripe.Customer>): Stripe.Customer {
  const customer: Stripe.Customer = {
    id: stripeId('cus_', 14),
    object: 'customer',
    address: null,
    balance: 0,
    created: unixNow(),
    currency: null,
    default_source: null,
    delinquent: false,
    description: null,
    discount: null,
    email: null,
    invoice_prefix: randomBytes(4).toString('hex').toUpperCase().slice(0, 7),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: state.livemode,
    metadata: {},
    name: null,
    next_invoice_sequence: 1,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: null,
    customer_account: null,
    ...fields,
  };
  return customer;
}

/** A new card PaymentMethod for a test card. */
export function newCardPaymentMethod(
  state: FakeState,
  card: { number: string; spec: TestCardSpec; expMonth: number; expYear: number },
  billing: Partial<Stripe.PaymentMethod.BillingDetails> = {},
): Stripe.PaymentMethod {
  const id = stripeId('pm_');
  const pm: Stripe.PaymentMethod = {
    id,
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: { address: null, email: null, name: null, phone: null, tax_id: null, ...billing },
    card: {
      brand: card.spec.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
      country: 'US',
      display_brand: card.spec.brand,
      exp_month: card.expMonth,
      exp_year: card.expYear,
      fingerprint: fingerprintOf(card.number),
      funding: card.spec.funding,
      generated_from: null,
      last4: card.number.slice(-4),
      networks: { available: [card.spec.brand], preferred: null },
      regulated_status: 'unregulated',
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: unixNow(),
    customer: null,
    customer_account: null,
    livemode: state.livemode,
    metadata: {},
    type: 'card',
  };
  state.paymentMethods.set(id, pm);
  state.cards.set(id, { number: card.number, spec: card.spec, setUp: false });
  return pm;
}

/** Stripe's card fingerprint: the same number always gives the same value within an account. */
function fingerprintOf(number: string): string {
  let h = 0;
  for (const ch of number) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return `fp${h.toString(36)}`.padEnd(16, 'x').slice(0, 16);
}

/** A new PaymentIntent in its first status. */
export function newPaymentIntent(state: FakeState, fields: Partial<Stripe.PaymentIntent> & Pick<Stripe.PaymentIntent, 'amount' | 'currency'>): Stripe.PaymentIntent {
  const id = stripeId('pi_');
  const pi: Stripe.PaymentIntent = {
    id,
    object: 'payment_intent',
    allowed_payment_method_types: null,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: { enabled: true, allow_redirects: 'always' },
    canceled_at: null,
    cancellation_reason: null,
    capture_method: 'automatic_async',
    client_secret: `${id}_secret_${stripeId('', 25)}`,
    confirmation_method: 'automatic',
    created: unixNow(),
    customer: null,
    customer_account: null,
    description: null,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: state.livemode,
    managed_payments: null,
    metadata: {},
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: null,
    payment_method_options: { card: { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic' } },
    payment_method_types: ['card'],
    payment_record: null,
    processing: null,
    receipt_email: null,
    review: null,
    setup_future_usage: null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: 'requires_payment_method',
    transfer_data: null,
    transfer_group: null,
    ...fields,
  };
  return pi;
}

/** A new SetupIntent in its first status. */
export function newSetupIntent(state: FakeState, fields: Partial<Stripe.SetupIntent>): Stripe.SetupIntent {
  const id = stripeId('seti_');
  const si: Stripe.SetupIntent = {
    id,
    object: 'setup_intent',
    allowed_payment_method_types: null,
    application: null,
    automatic_payment_methods: { enabled: true, allow_redirects: 'always' },
    cancellation_reason: null,
    client_secret: `${id}_secret_${stripeId('', 25)}`,
    created: unixNow(),
    customer: null,
    customer_account: null,
    description: null,
    excluded_payment_method_types: null,
    flow_directions: null,
    last_setup_error: null,
    latest_attempt: null,
    livemode: state.livemode,
    mandate: null,
    metadata: {},
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: null,
    payment_method_options: { card: { mandate_options: null, network: null, request_three_d_secure: 'automatic' } },
    payment_method_types: ['card'],
    single_use_mandate: null,
    status: 'requires_payment_method',
    usage: 'off_session',
    ...fields,
  };
  return si;
}

/** A charge of a PaymentIntent with a card, succeeded or failed. */
export function newCharge(
  state: FakeState,
  pi: Stripe.PaymentIntent,
  pm: Stripe.PaymentMethod,
  failure: { code: string; declineCode: string; message: string } | null,
): Stripe.Charge {
  const id = stripeId('ch_');
  const card = pm.card!;
  const charge: Stripe.Charge = {
    id,
    object: 'charge',
    amount: pi.amount,
    amount_captured: failure ? 0 : pi.amount,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: failure ? null : stripeId('txn_'),
    billing_details: pm.billing_details,
    calculated_statement_descriptor: 'SUBKIT TEST',
    captured: !failure,
    created: unixNow(),
    currency: pi.currency,
    customer: typeof pi.customer === 'string' ? pi.customer : null,
    description: pi.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: failure?.code ?? null,
    failure_message: failure?.message ?? null,
    fraud_details: {},
    livemode: state.livemode,
    metadata: pi.metadata,
    on_behalf_of: null,
    outcome: {
      advice_code: null,
      network_advice_code: null,
      network_decline_code: null,
      network_status: failure ? (failure.declineCode === 'fraudulent' ? 'not_sent_to_network' : 'declined_by_network') : 'approved_by_network',
      reason: failure ? failure.declineCode : null,
      risk_level: failure?.declineCode === 'fraudulent' ? 'highest' : 'normal',
      seller_message: failure ? 'The bank did not return any further details with this decline.' : 'Payment complete.',
      type: failure ? (failure.declineCode === 'fraudulent' ? 'blocked' : 'issuer_declined') : 'authorized',
    },
    paid: !failure,
    payment_intent: pi.id,
    payment_method: pm.id,
    payment_method_details: {
      type: 'card',
      card: {
        amount_authorized: failure ? null : pi.amount,
        authorization_code: failure ? null : String(100000 + Math.floor(Math.random() * 900000)),
        brand: card.brand,
        checks: card.checks,
        country: card.country,
        electronic_commerce_indicator: null,
        exp_month: card.exp_month,
        exp_year: card.exp_year,
        fingerprint: card.fingerprint ?? null,
        funding: card.funding,
        installments: null,
        last4: card.last4,
        mandate: null,
        network: card.brand,
        network_token: { used: false },
        network_transaction_id: null,
        regulated_status: 'unregulated',
        three_d_secure: null,
        transaction_link_id: null,
        wallet: null,
      },
    },
    receipt_email: null,
    receipt_number: null,
    receipt_url: null,
    refunded: false,
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: failure ? 'failed' : 'succeeded',
    transfer_data: null,
    transfer_group: null,
  };
  state.charges.set(id, charge);
  return charge;
}
