/**
 * The state the fuzz and isolation suites attack: a company (Acme) with a metered subscription billed by
 * invoice, a card-paid one with a saved card, a payment waiting for its SCA challenge, and sessions of
 * every kind — valid, expired, revoked — all at a fixed instant of the test clock.
 */
import { can, type Endpoint } from '@subkit/core';
import { buyerClient, card, CARDS, checkout, expectStatus, MONTHLY } from '../billing/helpers.js';
import { TEST_ORIGIN, type TestServer } from '../harness.js';
import type { FuzzContext } from './hostile.js';
import type { KnownValues } from './schema-sample.js';

/** What one company owns, by kind, for the suites to aim at. */
export interface CompanyObjects {
  readonly subscriptionId: string;
  readonly cardSubscriptionId: string;
  readonly invoiceId: string;
  readonly paymentMethodId: string;
  readonly paymentId: string;
  readonly memberId: string;
  readonly offerId: string;
  readonly approvalRequestId: string;
}

/** The attacked state: Acme's objects, tokens and the values a valid request uses. */
export interface FuzzFixtures {
  readonly acme: CompanyObjects;
  readonly known: KnownValues;
  readonly tokens: { admin: string; viewer: string; expired: string; revoked: string; throwaway: string };
}

/** Buys what the suites attack. Freezes the test clock at its start and leaves it two minutes later. */
export async function createFixtures(server: TestServer): Promise<FuzzFixtures> {
  server.clock.set(new Date(Math.floor(Date.now() / 1000) * 1000));
  const admin = await server.mintSession('acme-admin', { ttlSeconds: 3600 });
  const viewer = await server.mintSession('acme-viewer', { ttlSeconds: 3600 });
  const expired = await server.mintSession('acme-admin', { ttlSeconds: 60 });
  const revoked = await server.mintSession('acme-admin', { ttlSeconds: 3600 });
  const throwaway = await server.mintSession('acme-viewer', { ttlSeconds: 3600 });
  const revoke = await server.request('POST', '/v1/sessions/revoke', { token: server.config.secretKey, body: { token: revoked } });
  expectStatus(revoke, 200);
  const client = buyerClient(server, admin);

  const fleet = await checkout(client, { planId: 'plan_fleet_care', currency: 'EUR', recurring: MONTHLY, quantity: 5, payment: { method: 'invoice', poNumber: 'PO-FUZZ' } });
  const byCard = await checkout(client, { planId: 'plan_portal_starter', currency: 'EUR', recurring: MONTHLY, quantity: 3, payment: { method: 'card', testCard: card(CARDS.success) } });
  const sca = await checkout(client, { planId: 'plan_portal_growth', currency: 'EUR', recurring: MONTHLY, quantity: 5, trial: false, payment: { method: 'card', testCard: card(CARDS.scaAlways) } });
  if (!sca.nextAction?.paymentId) throw new Error(`the SCA checkout asked for no challenge: ${JSON.stringify(sca)}`);
  const methods = await client.get('/v1/payment-methods');
  expectStatus(methods, 200);
  const offers = await client.get(`/v1/subscriptions/${fleet.subscription.id}/retention-offers?reason=too_expensive`);
  expectStatus(offers, 200);
  const hook = await server.request('POST', '/v1/webhook-endpoints', {
    token: server.config.secretKey,
    body: { url: 'https://erp.example/subkit', events: ['invoice.finalized'] },
  });
  expectStatus(hook, 200);
  // A purchaser's request waiting for approval (any change needs one) and an open Enterprise quote: the
  // reads of both answer real objects, not 404s.
  expectStatus(await client.post('/v1/purchasing-policy', { rolesWithoutApproval: ['billing_admin'], thresholds: [] }), 200);
  const fleetNow = await client.get(`/v1/subscriptions/${fleet.subscription.id}`);
  const purchaser = buyerClient(server, await server.mintSession('acme-purchaser', { ttlSeconds: 3600 }));
  const request = await purchaser.post('/v1/approval-requests', { subscriptionId: fleet.subscription.id, change: { expectedVersion: fleetNow.body.version, quantity: 8 }, poNumber: 'PO-FUZZ-2' });
  expectStatus(request, 200);
  const quote = await server.request('POST', '/v1/quotes', {
    token: server.config.secretKey,
    body: {
      companyId: 'co_acme', planId: 'plan_portal_enterprise', currency: 'EUR', recurring: MONTHLY, quantity: 40, termMonths: 12,
      items: [{ id: 'seats', description: 'Seats (contract)', model: { type: 'per_unit', unitAmount: 2500 } }],
      expiresAt: new Date(server.clock.now().getTime() + 30 * 86_400_000).toISOString(),
    },
  });
  expectStatus(quote, 200);
  const { rows: events } = await server.db.query<{ id: string }>('SELECT id FROM events ORDER BY created_at LIMIT 1');
  server.clock.advance(120);

  const acme: CompanyObjects = {
    subscriptionId: fleet.subscription.id,
    cardSubscriptionId: byCard.subscription.id,
    invoiceId: fleet.invoiceId,
    paymentMethodId: methods.body.data[0].id,
    paymentId: sca.nextAction.paymentId,
    memberId: 'mem_acme_viewer',
    offerId: offers.body.data[0]?.id ?? 'offer_none',
    approvalRequestId: request.body.id,
  };
  // The merchant's own objects, not a company's: a webhook endpoint and an event.
  const merchantIds = { endpointId: hook.body.id as string, eventId: events[0]?.id ?? 'evt_none', quoteId: quote.body.id as string };
  const known: KnownValues = {
    ...acme,
    ...merchantIds,
    url: 'https://erp.example/subkit',
    planId: 'plan_portal_growth',
    companyId: 'co_acme',
    customerId: 'acme-purchaser',
    currency: 'EUR',
    metric: 'service_hours',
    addOnId: 'addon_sso',
    token: throwaway,
    payment: { method: 'invoice' },
    reason: 'too_expensive',
    fleetVersion: fleetNow.body.version,
  };
  return { acme, known, tokens: { admin, viewer, expired, revoked, throwaway } };
}

/** The rightful caller of an endpoint and the callers it must refuse. */
export function callersFor(server: TestServer, fixtures: FuzzFixtures, endpoint: Endpoint): Pick<FuzzContext, 'auth' | 'wrongCallers'> {
  const bearer = (token: string, origin = TEST_ORIGIN) => ({ authorization: `Bearer ${token}`, origin });
  const { tokens } = fixtures;
  const sessionRefusals = [
    { label: 'expired session', headers: bearer(tokens.expired), status: 401 },
    { label: 'revoked session', headers: bearer(tokens.revoked), status: 401 },
    { label: 'session from another origin', headers: bearer(tokens.admin, 'https://evil.example'), status: 401 },
    { label: 'session without an Origin', headers: { authorization: `Bearer ${tokens.admin}` }, status: 401 },
  ];
  switch (endpoint.auth) {
    case 'none':
      return { auth: {}, wrongCallers: [] };
    case 'secret':
      return {
        auth: { authorization: `Bearer ${server.config.secretKey}` },
        wrongCallers: [
          { label: 'publishable key', headers: { authorization: `Bearer ${server.config.publishableKey}` }, status: 401 },
          { label: 'buyer session', headers: bearer(tokens.admin), status: 401 },
          { label: 'secret key with a byte changed', headers: { authorization: `Bearer ${flipLast(server.config.secretKey)}` }, status: 401 },
        ],
      };
    case 'publishable':
      return {
        auth: { authorization: `Bearer ${server.config.publishableKey}` },
        wrongCallers: [...sessionRefusals, { label: 'publishable key with a byte changed', headers: { authorization: `Bearer ${flipLast(server.config.publishableKey)}` }, status: 401 }],
      };
    case 'session':
      return {
        auth: bearer(tokens.admin),
        wrongCallers: [
          ...sessionRefusals,
          { label: 'publishable key', headers: { authorization: `Bearer ${server.config.publishableKey}` }, status: 401 },
          { label: 'secret key', headers: { authorization: `Bearer ${server.config.secretKey}` }, status: 401 },
          ...(endpoint.permission && !can('viewer', endpoint.permission) ? [{ label: 'viewer role', headers: bearer(tokens.viewer), status: 403 }] : []),
        ],
      };
  }
}

/** The key with its last character replaced by another one. */
function flipLast(key: string): string {
  return key.slice(0, -1) + (key.endsWith('x') ? 'y' : 'x');
}
