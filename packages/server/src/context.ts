import type { MerchantScope, Mode, OutsideEuPolicy, RetentionSettings, Role, SellerProfile, SubkitLocale } from '@subkit/core';
import type { Database, Sql } from './db/types.js';
import type { ReportingSettings } from './metrics/fx.js';

/** The authenticated buyer behind a session token. */
export interface BuyerPrincipal {
  readonly kind: 'session';
  readonly companyId: string;
  readonly memberId: string;
  readonly customerId: string;
  readonly role: Role;
  readonly mode: Mode;
  readonly expiresAt: Date;
}

/** The merchant's own backend, calling with its secret key. */
export interface MerchantPrincipal {
  readonly kind: 'secret';
  readonly mode: Mode;
}

/** A widget of the merchant's own admin, calling with a short-lived merchant session of some scopes. */
export interface MerchantSessionPrincipal {
  readonly kind: 'merchant_session';
  readonly mode: Mode;
  readonly scopes: readonly MerchantScope[];
  readonly expiresAt: Date;
}

/** A storefront calling with only the publishable key. */
export interface PublicPrincipal {
  readonly kind: 'publishable';
  readonly mode: Mode;
}

export type Principal = BuyerPrincipal | MerchantPrincipal | MerchantSessionPrincipal | PublicPrincipal;

/** Settings of one subkit deployment. */
export interface ServerConfig extends SellerConfig {
  readonly merchantName: string;
  readonly mode: Mode;
  readonly secretKey: string;
  readonly publishableKey: string;
  /** Origins allowed by CORS and bound into sessions. */
  readonly allowedOrigins: readonly string[];
  /**
   * What collects the money: `test` is the built-in test processor (documented test cards only, test mode
   * only); `stripe` is Stripe (customers, SetupIntents, PaymentIntents, webhooks). subkit's engine stays
   * the one system of record either way.
   */
  readonly payments: 'test' | 'stripe';
  readonly sessionTtlSeconds: number;
  readonly defaultCurrency: string;
  readonly currencies: readonly string[];
  /** Proration rule of the local engine. */
  readonly prorationPolicy: 'second' | 'day';
  /** How long a process may serve a catalog from memory before reading it again (default 5; 0 = never cache). */
  readonly catalogCacheSeconds?: number;
  /** Billing over time: dunning schedule, end policy, invoice grace, trial notice (defaults in engine/run/settings.ts). */
  readonly billing?: {
    readonly retryDays?: readonly number[];
    readonly dunningEnd?: 'canceled' | 'unpaid';
    readonly invoiceGraceDays?: number;
    readonly trialWillEndDays?: number;
  };
  /** Stripe settings; present exactly when `payments` is `stripe`. */
  readonly stripe?: StripeSettings;
  /** The currency metrics are also reported in, with the merchant's exchange rates (never fetched). */
  readonly reporting?: ReportingSettings;
  /**
   * The merchant's refund policy (`SUBKIT_REFUNDS`): `balance` (the default) keeps a credit note on the
   * company's balance for its next invoices; `card` also lets the company's billing admin have a credit
   * note on a card-paid invoice refunded to that card.
   */
  readonly refunds?: 'balance' | 'card';
}

/** The Stripe account that collects payments. */
export interface StripeSettings {
  /** `sk_…` or a restricted `rk_…` key of the same mode as subkit's keys. */
  readonly secretKey: string;
  /** `pk_…`: the widgets load Stripe.js with it. */
  readonly publishableKey: string;
  /** `whsec_…`: the signing secret of the webhook endpoint that points at `/v1/stripe/webhooks`. */
  readonly webhookSecret: string;
  /** Another API base than https://api.stripe.com (a local fake in tests; never in live mode). */
  readonly apiBase?: string;
}

/** The seller identity and tax settings of a deployment. */
export interface SellerConfig {
  /** The merchant as invoices name it (legal name, address, VAT ID, bank details); null or absent: the merchant name only. */
  readonly seller?: SellerProfile | null;
  /** Buyers outside the EU: 0% "not subject to VAT" (default) or the rates configured for their country. */
  readonly taxOutsideEu?: OutsideEuPolicy;
  /**
   * The merchant's language (default `en`): the catalog's own texts are in it, a catalog asked in a language the
   * merchant has no texts for answers in it, and invoices fall back to it when the buyer's cannot be printed.
   */
  readonly defaultLocale?: SubkitLocale;
  /** The retention offers made to a buyer who cancels (default: core's DEFAULT_RETENTION). */
  readonly retention?: RetentionSettings;
}

/** Everything a handler gets for one request. */
export interface RequestContext {
  readonly db: Database;
  readonly config: ServerConfig;
  readonly principal: Principal;
  readonly requestId: string;
  /** The request's Accept-Language header, for endpoints that answer in a language. */
  readonly acceptLanguage?: string;
  /** The current instant: the test clock's in test mode, else the wall clock. */
  now(): Date;
}

/** Parsed, validated input of one endpoint call. */
export interface HandlerInput<P = unknown, Q = unknown, B = unknown> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
}

/** The transaction-scoped runner handlers use for multi-step writes. */
export type { Sql };
