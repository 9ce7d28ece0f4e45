import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Catalog, Plan, Price } from '@subkit/core';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { invalidateCatalogCache } from '../../src/handlers/platform/catalog.js';
import { sendRaw, sendRawBytes } from '../fuzz/raw.js';
import { startTestServer, type TestServer } from '../harness.js';

const plansOf = (catalog: Catalog): Plan[] => catalog.products.flatMap((p) => p.plans);
const planOf = (catalog: Catalog, id: string): Plan => {
  const plan = plansOf(catalog).find((p) => p.id === id);
  assert.ok(plan, `plan ${id} is in the catalog`);
  return plan;
};
const priceOf = (plan: Plan, currency: string, interval: string): Price | undefined =>
  plan.prices.find((p) => p.currency === currency && p.recurring.interval === interval);

describe('catalog', () => {
  let server: TestServer;
  let publicCatalog: Catalog;
  before(async () => {
    server = await startTestServer();
    publicCatalog = (await server.request('GET', '/v1/catalog', { token: server.config.publishableKey })).body;
  });
  after(() => server.close());

  it('describes the merchant, its currencies and products', () => {
    assert.equal(publicCatalog.object, 'catalog');
    assert.equal(publicCatalog.merchant.name, 'Northwind Industrial Supply');
    assert.deepEqual(publicCatalog.currencies, ['EUR', 'USD']);
    assert.deepEqual(
      publicCatalog.products.map((p) => p.name),
      ['Consumables Replenishment', 'Fleet Maintenance', 'Service Portal'],
    );
    assert.equal(publicCatalog.companyId, null);
  });

  it('uses every pricing model of the contract', () => {
    const models = new Set<string>();
    for (const plan of plansOf(publicCatalog)) for (const price of plan.prices) for (const item of price.items) models.add(item.model.type);
    for (const product of publicCatalog.products) for (const addOn of product.addOns) for (const price of addOn.prices) models.add(price.model.type);
    assert.deepEqual([...models].sort(), ['flat', 'graduated', 'metered', 'package', 'per_unit', 'volume']);
  });

  it('offers the portal as Starter, Growth (recommended, 14-day trial) and Enterprise (contact sales), in rank order', () => {
    const portal = publicCatalog.products.find((p) => p.id === 'prod_portal')!;
    assert.deepEqual(
      portal.plans.map((p) => [p.name, p.rank, p.recommended, p.contactSales, p.trialDays]),
      [
        ['Starter', 1, false, false, null],
        ['Growth', 2, true, false, 14],
        ['Enterprise', 3, false, true, null],
      ],
    );
    const enterprise = planOf(publicCatalog, 'plan_portal_enterprise');
    assert.equal(enterprise.prices.length, 0);
    assert.match(enterprise.contactUrl ?? '', /^https:\/\//);
    assert.deepEqual(
      portal.addOns.map((a) => [a.name, a.quantityMode]),
      [
        ['Priority support', 'single'],
        ['SSO', 'per_seat'],
        ['Extra storage', 'quantity'],
      ],
    );
    assert.ok(portal.features.length >= 5, 'features for the comparison matrix');
    for (const plan of portal.plans) assert.equal(plan.features.length, portal.features.length, `${plan.name} has a value for every feature`);
  });

  it('prices the yearly portal plan below twelve months', () => {
    const growth = planOf(publicCatalog, 'plan_portal_growth');
    const monthly = priceOf(growth, 'EUR', 'month')!;
    const yearly = priceOf(growth, 'EUR', 'year')!;
    const seatAmount = (p: Price) => {
      const seats = p.items.find((i) => i.id === 'seats')!;
      assert.equal(seats.model.type, 'per_unit');
      return seats.model.type === 'per_unit' ? seats.model.unitAmount : 0;
    };
    assert.ok(seatAmount(yearly) < 12 * seatAmount(monthly));
  });

  it('shows public prices to the public and to Globex, and Acme its contract price instead', async () => {
    const publicGrowth = priceOf(planOf(publicCatalog, 'plan_portal_growth'), 'EUR', 'month')!;
    assert.equal(publicGrowth.contract, false);

    const acme = (await server.request('GET', '/v1/catalog', { token: await server.mintSession('acme-viewer') })).body as Catalog;
    assert.equal(acme.companyId, 'co_acme');
    assert.equal(acme.defaultCurrency, 'EUR');
    const acmeGrowth = planOf(acme, 'plan_portal_growth');
    const eurMonthly = acmeGrowth.prices.filter((p) => p.currency === 'EUR' && p.recurring.interval === 'month');
    assert.equal(eurMonthly.length, 1, 'the contract price replaces the public one, it does not sit beside it');
    assert.equal(eurMonthly[0]!.contract, true);
    assert.notEqual(eurMonthly[0]!.id, publicGrowth.id);
    assert.notDeepEqual(eurMonthly[0]!.items, publicGrowth.items);
    // The list price it replaces comes with it, so the picker can show what the contract beats.
    assert.deepEqual(eurMonthly[0]!.listItems, publicGrowth.items);
    assert.equal(publicGrowth.listItems, undefined);
    // Other intervals and currencies stay public.
    assert.equal(priceOf(acmeGrowth, 'EUR', 'year')!.contract, false);
    assert.equal(priceOf(acmeGrowth, 'USD', 'month')!.contract, false);

    const globex = (await server.request('GET', '/v1/catalog', { token: await server.mintSession('globex-viewer') })).body as Catalog;
    assert.equal(globex.defaultCurrency, 'USD');
    assert.deepEqual(priceOf(planOf(globex, 'plan_portal_growth'), 'EUR', 'month'), publicGrowth);
  });

  it('filters by currency, keeping contact-sales plans', async () => {
    const usd = (await server.request('GET', '/v1/catalog?currency=USD', { token: server.config.publishableKey })).body as Catalog;
    const prices = plansOf(usd).flatMap((p) => p.prices);
    assert.ok(prices.length > 0);
    assert.ok(prices.every((p) => p.currency === 'USD'));
    const addOnPrices = usd.products.flatMap((p) => p.addOns.flatMap((a) => a.prices));
    assert.ok(addOnPrices.length > 0 && addOnPrices.every((p) => p.currency === 'USD'));
    assert.ok(plansOf(usd).some((p) => p.contactSales));
    const jpy = (await server.request('GET', '/v1/catalog?currency=JPY', { token: server.config.publishableKey })).body as Catalog;
    assert.ok(plansOf(jpy).every((p) => p.contactSales), 'plans that cannot be bought in JPY are left out');
  });

  it('a contract price created through the API shows for that company only, replacing its previous one', async () => {
    const created = await server.request('POST', '/v1/contract-prices', {
      token: server.config.secretKey,
      body: {
        companyId: 'co_globex',
        planId: 'plan_fleet_care',
        currency: 'USD',
        recurring: { interval: 'month', intervalCount: 1 },
        items: [
          {
            id: 'vehicles',
            description: 'Vehicles (contract)',
            unitLabel: 'vehicle',
            model: { type: 'graduated', tiers: [{ upTo: 20, unitAmount: 9000, flatAmount: 0 }, { upTo: null, unitAmount: 7000, flatAmount: 0 }] },
          },
        ],
      },
    });
    assert.equal(created.status, 200);
    assert.equal(created.body.companyId, 'co_globex');
    const globexToken = await server.mintSession('globex-purchaser');
    const fleetPrice = async (token: string) =>
      priceOf(planOf((await server.request('GET', '/v1/catalog', { token })).body, 'plan_fleet_care'), 'USD', 'month')!;
    assert.equal((await fleetPrice(globexToken)).id, created.body.id);
    assert.equal((await fleetPrice(await server.mintSession('acme-purchaser'))).contract, false);

    // With an Idempotency-Key the handler writes through a view of the store: the cache is still the store's.
    const replaced = await server.request('POST', '/v1/contract-prices', {
      token: server.config.secretKey,
      body: { ...created.body, id: undefined, createdAt: undefined, items: [{ ...created.body.items[0], model: { type: 'per_unit', unitAmount: 8000 } }] },
      headers: { 'idempotency-key': `replace-fleet-${Date.now()}` },
    });
    assert.equal(replaced.status, 200);
    const now = await fleetPrice(globexToken);
    assert.equal(now.id, replaced.body.id);
    assert.deepEqual(now.items[0]!.model, { type: 'per_unit', unitAmount: 8000 });
  });

  it('refuses a contract price with malformed tiers, for an unknown plan or company', async () => {
    const base = {
      companyId: 'co_acme',
      planId: 'plan_fleet_care',
      currency: 'EUR',
      recurring: { interval: 'month', intervalCount: 1 },
      items: [{ id: 'v', description: 'V', model: { type: 'volume', tiers: [{ upTo: null, unitAmount: 1, flatAmount: 0 }, { upTo: 5, unitAmount: 1, flatAmount: 0 }] } }],
    };
    const tiers = await server.request('POST', '/v1/contract-prices', { token: server.config.secretKey, body: base });
    assert.equal(tiers.status, 400);
    assert.equal(tiers.body.error.param, 'items.0.model.tiers');
    const items = [{ id: 'v', description: 'V', model: { type: 'flat', amount: 100 } }];
    const plan = await server.request('POST', '/v1/contract-prices', { token: server.config.secretKey, body: { ...base, items, planId: 'plan_nope' } });
    assert.equal(plan.status, 404);
    assert.equal(plan.body.error.param, 'planId');
    const company = await server.request('POST', '/v1/contract-prices', { token: server.config.secretKey, body: { ...base, items, companyId: 'co_nope' } });
    assert.equal(company.status, 404);
    assert.equal(company.body.error.param, 'companyId');
  });

  it('shows only active products, plans and prices', async () => {
    await server.db.query("UPDATE plans SET active = false WHERE id = 'plan_portal_starter'");
    await server.db.query("UPDATE prices SET active = false WHERE id = 'price_portal_growth_usd_year'");
    invalidateCatalogCache(server.db);
    try {
      const catalog = (await server.request('GET', '/v1/catalog', { token: server.config.publishableKey })).body as Catalog;
      assert.ok(!plansOf(catalog).some((p) => p.id === 'plan_portal_starter'));
      assert.equal(priceOf(planOf(catalog, 'plan_portal_growth'), 'USD', 'year'), undefined);
    } finally {
      await server.db.query("UPDATE plans SET active = true WHERE id = 'plan_portal_starter'");
      await server.db.query("UPDATE prices SET active = true WHERE id = 'price_portal_growth_usd_year'");
      invalidateCatalogCache(server.db);
    }
  });

  it('serves a cached catalog for a few seconds, per company, until it is invalidated', async () => {
    const rename = (name: string) => server.db.query('UPDATE products SET name = $1 WHERE id = $2', [name, 'prod_fleet']);
    const fleetName = async (token: string) =>
      ((await server.request('GET', '/v1/catalog', { token })).body as Catalog).products.find((p) => p.id === 'prod_fleet')!.name;
    const acme = await server.mintSession('acme-viewer');
    assert.equal(await fleetName(server.config.publishableKey), 'Fleet Maintenance');
    assert.equal(await fleetName(acme), 'Fleet Maintenance');
    await rename('Fleet Care Services');
    try {
      assert.equal(await fleetName(server.config.publishableKey), 'Fleet Maintenance', 'still the cached copy');
      invalidateCatalogCache(server.db);
      assert.equal(await fleetName(server.config.publishableKey), 'Fleet Care Services');
      assert.equal(await fleetName(acme), 'Fleet Care Services');
    } finally {
      await rename('Fleet Maintenance');
      invalidateCatalogCache(server.db);
    }
  });

  it('sends the cached catalog compressed once to a client that accepts Brotli or gzip, the same JSON as uncompressed', async () => {
    const get = (acceptEncoding?: string) =>
      sendRaw(server.url, {
        method: 'GET',
        path: '/v1/catalog',
        headers: { authorization: `Bearer ${server.config.publishableKey}`, ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}) },
      });
    const plain = await get();
    assert.equal(plain.headers['content-encoding'], undefined);
    const json = plain.text;
    assert.equal(JSON.parse(json).object, 'catalog');
    const bytes = async (acceptEncoding: string) => {
      const res = await sendRawBytes(server.url, {
        method: 'GET',
        path: '/v1/catalog',
        headers: { authorization: `Bearer ${server.config.publishableKey}`, 'accept-encoding': acceptEncoding },
      });
      assert.match(String(res.headers.vary), /Accept-Encoding/i);
      return res;
    };
    const browser = await bytes('gzip, deflate, br, zstd');
    assert.equal(browser.headers['content-encoding'], 'br');
    assert.equal(brotliDecompressSync(browser.body).toString('utf8'), json, 'the same JSON');
    assert.ok(browser.body.length * 3 < Buffer.byteLength(json), `compressed to ${browser.body.length} of ${Buffer.byteLength(json)} bytes`);
    assert.equal(Number(browser.headers['content-length']), browser.body.length);
    const gzip = await bytes('br;q=0, gzip');
    assert.equal(gzip.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(gzip.body).toString('utf8'), json);
    const identity = await bytes('compress, *;q=0');
    assert.equal(identity.headers['content-encoding'], undefined);
    assert.equal(identity.body.toString('utf8'), json);
  });

  it('with catalogCacheSeconds 0 every request reads the database', async () => {
    const uncached = await startTestServer({ config: { catalogCacheSeconds: 0 } });
    try {
      const name = async () =>
        ((await uncached.request('GET', '/v1/catalog', { token: uncached.config.publishableKey })).body as Catalog).products[0]!.name;
      assert.equal(await name(), 'Consumables Replenishment');
      await uncached.db.query("UPDATE products SET name = 'Consumables Plus' WHERE id = 'prod_consumables'");
      assert.equal(await name(), 'Consumables Plus');
    } finally {
      await uncached.close();
    }
  });
});
