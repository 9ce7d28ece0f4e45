/**
 * A quote in the buyer's language (issue #17): its plan's name and its price items' descriptions and unit
 * labels come from the merchant's catalog texts of `?locale=` (else Accept-Language), matched by item id —
 * as the catalog answers; the merchant's own words where there is no translation; the merchant's API keeps
 * the merchant's language. Hostile locales are 400s.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testServerOfSuite } from '../harness.js';
import { asBuyer, expectError, expectStatus, IDS, MONTHLY } from '../billing/helpers.js';

const MAY_4 = new Date('2026-05-04T10:00:00.000Z');
const ITEMS = [
  { id: 'platform_fee', description: 'Platform fee (contract)', model: { type: 'flat', amount: 49000 } },
  { id: 'seats', description: 'Seats (contract)', unitLabel: 'seat', unitLabelPlural: 'seats', model: { type: 'per_unit', unitAmount: 2500 } },
  { id: 'onboarding', description: 'Onboarding days', unitLabel: 'day', unitLabelPlural: 'days', model: { type: 'per_unit', unitAmount: 0 } },
];

describe('governance: quotes in the buyer language', () => {
  const suite = testServerOfSuite();

  test('plan name and price items in ?locale= or Accept-Language; untranslated items as the merchant wrote them', async () => {
    suite.server.clock.set(MAY_4);
    const created = await suite.server.request('POST', '/v1/quotes', {
      token: suite.server.config.secretKey,
      body: { companyId: 'co_acme', planId: IDS.enterprise, currency: 'EUR', recurring: MONTHLY, items: ITEMS, quantity: 40, paymentTermsDays: 30, expiresAt: '2026-06-03T10:00:00.000Z' },
    });
    expectStatus(created, 200);
    const id = created.body.id as string;
    const admin = await asBuyer(suite.server, 'acme-admin');
    type Item = { description: string; unitLabel?: string; unitLabelPlural?: string; unitLabels?: Record<string, string> };

    const arabic = await admin.get(`/v1/quotes/${id}?locale=ar`);
    expectStatus(arabic, 200);
    assert.equal(arabic.body.planName, 'المؤسسات');
    const [fee, seats, onboarding] = arabic.body.items as Item[];
    assert.equal(fee!.description, 'رسوم المنصة');
    assert.deepEqual([seats!.description, seats!.unitLabel, seats!.unitLabels?.few], ['المقاعد', 'مقعد', 'مقاعد']);
    assert.deepEqual([onboarding!.description, onboarding!.unitLabel], ['Onboarding days', 'day'], 'no translation: the merchant words');
    assert.equal(arabic.body.firstInvoice.subtotal, created.body.firstInvoice.subtotal, 'the same figures');
    // The first invoice's lines name the plan and items in Arabic too (the widget words them from these).
    const subjects = (arabic.body.firstInvoice.lines as { text: { subject: { planName: string; name: string; unitLabel: string | null } } }[]).map((l) => l.text.subject);
    assert.deepEqual(subjects.map((x) => [x.planName, x.name, x.unitLabel]), [['المؤسسات', 'رسوم المنصة', null], ['المؤسسات', 'المقاعد', 'مقعد'], ['المؤسسات', 'Onboarding days', 'day']]);

    const turkish = await suite.server.request('GET', `/v1/quotes?limit=5`, { token: (await suite.server.mintSession('acme-admin', { ttlSeconds: 600 })), headers: { 'accept-language': 'tr-TR,tr;q=0.9' } });
    expectStatus(turkish, 200);
    assert.deepEqual([turkish.body.data[0].planName, turkish.body.data[0].items[1].unitLabel], ['Kurumsal', 'kullanıcı']);

    // The list in ?locale= too: what <subkit-quote> asks for (it sends the widget's language).
    const listed = await admin.get('/v1/quotes?limit=20&locale=ar');
    expectStatus(listed, 200);
    assert.deepEqual([listed.body.data[0].planName, listed.body.data[0].items[1].unitLabel], ['المؤسسات', 'مقعد']);

    const english = await admin.get(`/v1/quotes/${id}?locale=en`);
    assert.deepEqual([english.body.planName, english.body.items[1].description, english.body.items[1].unitLabel], ['Enterprise', 'Seats (contract)', 'seat']);
    const merchant = await suite.server.request('GET', '/v1/companies/co_acme/quotes', { token: suite.server.config.secretKey, headers: { 'accept-language': 'ar' } });
    assert.equal(merchant.body.data[0].items[1].unitLabel, 'seat', "the merchant's API keeps the merchant's words");

    for (const locale of ['../../etc', 'x'.repeat(300), 'ar;drop']) {
      expectError(await admin.get(`/v1/quotes/${id}?locale=${encodeURIComponent(locale)}`), 400, 'parameter_invalid', 'locale');
      expectError(await admin.get(`/v1/quotes?locale=${encodeURIComponent(locale)}`), 400, 'parameter_invalid', 'locale');
    }
  });
});
