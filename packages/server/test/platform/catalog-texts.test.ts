import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Catalog, Plan } from '@subkit/core';
import { startTestServer, type TestServer } from '../harness.js';

const planOf = (catalog: Catalog, id: string): Plan => catalog.products.flatMap((p) => p.plans).find((p) => p.id === id)!;
const LATIN_WORD = /[A-Za-z]{3,}/;

describe('catalog texts per locale', () => {
  let server: TestServer;
  const catalog = async (query: string, headers: Record<string, string> = {}) => {
    const res = await server.request<Catalog>('GET', `/v1/catalog${query}`, { token: server.config.publishableKey, headers });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res;
  };
  const write = (body: unknown, token = server.config.secretKey) => server.request('POST', '/v1/catalog/texts', { token, body });

  before(async () => {
    server = await startTestServer({ config: { catalogCacheSeconds: 60 } });
  });
  after(async () => {
    assert.deepEqual(server.serverErrors, [], 'no 5xx');
    await server.close();
  });

  it('answers in the locale asked for: the demo catalog in Arabic has Arabic names, feature rows and counted unit forms', async () => {
    const res = await catalog('?locale=ar');
    const ar = res.body;
    assert.equal(ar.locale, 'ar');
    assert.match(res.headers.get('vary') ?? '', /Accept-Language/i);
    const starter = planOf(ar, 'plan_portal_starter');
    assert.equal(starter.name, 'المبتدئة');
    assert.deepEqual(
      { one: starter.quantity?.unitLabel, several: starter.quantity?.unitLabelPlural, few: starter.quantity?.unitLabels?.few, many: starter.quantity?.unitLabels?.many },
      { one: 'مقعد', several: 'المقاعد', few: 'مقاعد', many: 'مقعدًا' },
    );
    assert.equal(starter.features.find((f) => f.featureId === 'feat_portal_support')?.value, 'البريد الإلكتروني');
    assert.equal(starter.features.find((f) => f.featureId === 'feat_portal_api')?.value, false, 'yes/no rows stay data');
    const seats = starter.prices[0]!.items.find((i) => i.id === 'seats')!;
    assert.equal(seats.description, 'المقاعد');
    assert.equal(seats.unitLabels?.few, 'مقاعد');
    // No English word is left in any name, description, unit or text feature row of the demo catalog (REST, API, SSO, SAML, ERP, SKU are names).
    const texts: string[] = [];
    for (const product of ar.products) {
      texts.push(product.name, product.description ?? '');
      for (const f of product.features) texts.push(f.name, f.description ?? '');
      for (const a of product.addOns) texts.push(a.name, a.description ?? '', a.unitLabel ?? '', a.unitLabelPlural ?? '');
      for (const plan of product.plans) {
        texts.push(plan.name, plan.description ?? '', plan.quantity?.unitLabel ?? '', plan.quantity?.unitLabelPlural ?? '');
        for (const f of plan.features) if (typeof f.value === 'string') texts.push(f.value);
        for (const price of plan.prices) for (const i of price.items) texts.push(i.description, i.unitLabel ?? '', i.unitLabelPlural ?? '');
      }
    }
    const english = texts.map((t) => t.replace(/\b(REST|API|SSO|SAML|ERP|SKU)\b/g, '')).filter((t) => LATIN_WORD.test(t));
    assert.deepEqual(english, []);
  });

  it('carries all five locales in the demo seed', async () => {
    const names = new Map<string, string>();
    for (const locale of ['en', 'zh-CN', 'ar', 'hi', 'tr']) {
      const body = (await catalog(`?locale=${locale}`)).body;
      assert.equal(body.locale, locale);
      names.set(locale, planOf(body, 'plan_portal_growth').name);
    }
    assert.deepEqual(Object.fromEntries(names), { en: 'Growth', 'zh-CN': '成长版', ar: 'النمو', hi: 'ग्रोथ', tr: 'Büyüme' });
  });

  it('takes Accept-Language when no locale is asked, matching by language and falling back to the merchant language', async () => {
    assert.equal((await catalog('', { 'accept-language': 'fr-FR, tr;q=0.8, en;q=0.5' })).body.locale, 'tr');
    assert.equal((await catalog('', { 'accept-language': 'zh' })).body.locale, 'zh-CN');
    assert.equal((await catalog('', { 'accept-language': 'ar-EG' })).body.locale, 'ar');
    const fr = (await catalog('', { 'accept-language': 'fr, de;q=0.9' })).body;
    assert.equal(fr.locale, 'en');
    assert.equal(planOf(fr, 'plan_portal_growth').name, 'Growth');
    // ?locale= wins over the header; a language subkit does not speak answers in the merchant's.
    assert.equal((await catalog('?locale=hi', { 'accept-language': 'tr' })).body.locale, 'hi');
    assert.equal((await catalog('?locale=fr', { 'accept-language': 'tr' })).body.locale, 'en');
    assert.equal((await catalog('', { 'accept-language': '*;q=0.5, ;;;, xx-!!' })).body.locale, 'en');
  });

  it('keeps a cache per locale: an Arabic answer never serves a Turkish request', async () => {
    const ar = (await catalog('?locale=ar&currency=EUR')).body;
    const tr = (await catalog('?locale=tr&currency=EUR')).body;
    assert.equal(planOf(ar, 'plan_portal_starter').name, 'المبتدئة');
    assert.equal(planOf(tr, 'plan_portal_starter').name, 'Başlangıç');
  });

  it('refuses a malformed ?locale= with a 400 naming the parameter', async () => {
    for (const locale of ['a', 'ar_EG', '<script>', 'x'.repeat(300), 'ar-EG-x-y-z-w']) {
      const res = await server.request('GET', `/v1/catalog?locale=${encodeURIComponent(locale)}`, { token: server.config.publishableKey });
      assert.equal(res.status, 400, locale);
      assert.equal(res.body.error.param, 'locale');
    }
  });

  it('lets the merchant write texts for one locale: they replace per object, fall back per text, and show at once', async () => {
    const res = await write({
      locale: 'tr',
      plans: { plan_portal_starter: { name: 'Başlangıç Artı', items: { platform_fee: { description: 'Platform bedeli' } } } },
      products: { prod_portal: null },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.object, 'catalog_texts');
    assert.deepEqual(res.body.plans.plan_portal_starter, { name: 'Başlangıç Artı', items: { platform_fee: { description: 'Platform bedeli' } } });
    assert.equal(res.body.products.prod_portal, undefined);

    const tr = (await catalog('?locale=tr')).body;
    const starter = planOf(tr, 'plan_portal_starter');
    assert.equal(starter.name, 'Başlangıç Artı', 'the cache was forgotten');
    assert.equal(starter.description, 'For a single site getting started with digital work orders.', 'a text the locale lacks falls back to the merchant language');
    assert.equal(starter.quantity?.unitLabel, 'seat', 'units fall back as a whole');
    assert.equal(starter.quantity?.unitLabels, undefined);
    assert.equal(starter.prices[0]!.items.find((i) => i.id === 'platform_fee')?.description, 'Platform bedeli');
    assert.equal(tr.products.find((p) => p.id === 'prod_portal')?.name, 'Service Portal', 'null removed the product texts');
    assert.equal(planOf(tr, 'plan_portal_growth').name, 'Büyüme', 'objects not named keep theirs');

    const read = await server.request('GET', '/v1/catalog/texts?locale=tr', { token: server.config.secretKey });
    assert.equal(read.status, 200);
    assert.deepEqual(read.body, res.body);
  });

  it('derives the missing forms of a unit from the locale, never from English', async () => {
    const res = await write({ locale: 'hi', plans: { plan_portal_growth: { quantity: { unitLabels: { one: 'उपयोगकर्ता', other: 'उपयोगकर्ता' } } } } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const growth = planOf((await catalog('?locale=hi')).body, 'plan_portal_growth');
    assert.deepEqual([growth.name, growth.quantity?.unitLabel, growth.quantity?.unitLabelPlural], ['Growth', 'उपयोगकर्ता', 'उपयोगकर्ता']);
  });

  it('refuses hostile or wrong texts with a 4xx naming the field, and writes nothing of such a request', async () => {
    const before = (await server.request('GET', '/v1/catalog/texts?locale=ar', { token: server.config.secretKey })).body;
    const cases: [unknown, number, string | RegExp][] = [
      [{ locale: 'fr', plans: {} }, 400, 'locale'],
      [{ locale: 'AR', plans: {} }, 400, 'locale'],
      [{ plans: {} }, 400, 'locale'],
      [{ locale: 'ar', plans: { plan_portal_starter: { name: 'x'.repeat(121) } } }, 400, 'plans.plan_portal_starter.name'],
      [{ locale: 'ar', plans: { plan_portal_starter: { description: 'x'.repeat(2001) } } }, 400, 'plans.plan_portal_starter.description'],
      [{ locale: 'ar', plans: { plan_portal_starter: { name: '   ' } } }, 400, 'plans.plan_portal_starter.name'],
      [{ locale: 'ar', plans: { plan_portal_starter: { name: 'a\u0000b' } } }, 400, 'plans.plan_portal_starter.name'],
      [{ locale: 'ar', plans: { plan_portal_starter: { name: 42 } } }, 400, 'plans.plan_portal_starter.name'],
      [{ locale: 'ar', plans: { plan_portal_starter: { nmae: 'typo' } } }, 400, /plans\.plan_portal_starter/],
      [{ locale: 'ar', plans: { plan_portal_starter: { quantity: { unitLabels: { one: 'مقعد' } } } } }, 400, 'plans.plan_portal_starter.quantity.unitLabels.other'],
      [{ locale: 'ar', plans: { plan_portal_starter: { quantity: { unitLabels: { dual: 'x', other: 'y' } } } } }, 400, /unitLabels/],
      [{ locale: 'ar', plans: { plan_portal_enterprise: { quantity: { unitLabel: 'مقعد' } } } }, 400, 'plans.plan_portal_enterprise.quantity'],
      [{ locale: 'ar', plans: { plan_portal_starter: { features: { feat_portal_api: 'نعم' } } } }, 400, 'plans.plan_portal_starter.features.feat_portal_api'],
      [{ locale: 'ar', plans: { plan_portal_starter: { features: { feat_nope: 'x' } } } }, 400, 'plans.plan_portal_starter.features.feat_nope'],
      [{ locale: 'ar', plans: { plan_portal_starter: { items: { nope: { description: 'x' } } } } }, 400, 'plans.plan_portal_starter.items.nope'],
      [{ locale: 'ar', plans: { plan_nope: { name: 'x' } }, products: { prod_portal: { name: 'y' } } }, 404, 'plans.plan_nope'],
      [{ locale: 'ar', products: { prod_nope: { name: 'x' } } }, 404, 'products.prod_nope'],
      [{ locale: 'ar', addOns: { addon_sso: { unitLabels: { few: 'x' } } } }, 400, 'addOns.addon_sso.unitLabels.other'],
      [{ locale: 'ar', plans: Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`plan_${i}`, null])) }, 400, 'plans'],
      [{ locale: 'ar', plans: [] }, 400, 'plans'],
      [{ locale: 'ar', plans: { '': { name: 'x' } } }, 400, /plans/],
    ];
    for (const [body, status, param] of cases) {
      const res = await write(body);
      assert.equal(res.status, status, `${JSON.stringify(body).slice(0, 120)} → ${JSON.stringify(res.body)}`);
      assert.ok(res.body.error?.requestId);
      if (typeof param === 'string') assert.equal(res.body.error.param, param, JSON.stringify(res.body));
      else assert.match(res.body.error.param ?? res.body.error.message, param);
    }
    const after = (await server.request('GET', '/v1/catalog/texts?locale=ar', { token: server.config.secretKey })).body;
    assert.deepEqual(after, before, 'a refused request wrote nothing (the valid product text beside a missing plan too)');
  });

  it('is the merchant’s: a publishable key or a buyer session cannot read or write texts', async () => {
    const session = await server.mintSession('acme-admin');
    for (const token of [server.config.publishableKey, session]) {
      assert.ok([401, 403].includes((await write({ locale: 'ar', plans: {} }, token)).status));
      assert.ok([401, 403].includes((await server.request('GET', '/v1/catalog/texts?locale=ar', { token })).status));
    }
    assert.equal((await server.request('GET', '/v1/catalog/texts', { token: server.config.secretKey })).status, 400);
    assert.equal((await server.request('GET', '/v1/catalog/texts?locale=xx', { token: server.config.secretKey })).status, 400);
  });
});
