import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { PDFDocument } from 'pdf-lib';
import { DEMO_SELLER_ENV } from '../../src/seed/demo-seller.js';
import { sellerSettingsFromEnv } from '../../src/seller/config.js';
import { invoicePdfCache } from '../../src/pdf/invoice-pdf.js';
import { choosePdfLocale } from '../../src/pdf/strings.js';
import { startTestServer, TEST_ORIGIN } from '../harness.js';
import type { TestServer } from '../harness.js';
import { pdfText } from '../pdf-text.js';
import { asBuyer, checkout, expectStatus, IDS, starterByInvoice } from './helpers.js';

const MAR_1 = new Date('2026-03-01T09:00:00.000Z');
const MAR_16_NOON = new Date('2026-03-16T12:00:00.000Z');
/** Where the PDFs of this suite are saved for people to look at (pdftoppm -png them). */
const ARTIFACTS = fileURLToPath(new URL('../../../../test/artifacts/invoices/', import.meta.url));
const FRENCH_BUYER = {
  companyName: 'Acme Logistique SARL',
  taxId: { country: 'FR', value: 'FR40303265045' },
  address: { line1: '12 rue de la Paix', city: 'Paris', postalCode: '75002', country: 'FR' },
};

/**
 * What the EU VAT directive (2006/112/EC) art. 226 asks of an invoice, as the lines a reader finds in the
 * PDF: each entry is [the article's point, what must be printed].
 */
function art226(invoice: any, expect: { sellerVatId: string; buyerVatId: string | null; rate: string; taxable: string; tax: string; note?: RegExp }): [string, string | RegExp][] {
  return [
    ['(1) date of issue', 'Issue date\tMar 1, 2026'],
    ['(2) sequential number', `Invoice number\t${invoice.number}`],
    ['(3) the supplier VAT ID', `VAT ID: ${expect.sellerVatId}`],
    ...(expect.buyerVatId ? ([['(4) the customer VAT ID (reverse charge)', `VAT ID: ${expect.buyerVatId}`]] as [string, string][]) : []),
    ['(5) supplier name and address', 'Northwind Industrial Supply GmbH'],
    ['(5) supplier address', '80804 München'],
    ['(5) customer name', invoice.buyer.name],
    ['(5) customer address', `${invoice.buyer.address.postalCode} ${invoice.buyer.address.city}`],
    ['(6) quantity and nature of the services', /Starter — Seats\t5\t€12\.00\t€60\.00/],
    ['(6) quantity and nature of the services', /Starter — Platform fee\t1\t€49\.00\t€49\.00/],
    ['(7) the period of supply', 'Period of supply\tMar 1, 2026 – Apr 1, 2026'],
    ['(8) taxable amount per rate, (9) the rate, (10) the tax', `${expect.rate} on ${expect.taxable}\t${expect.tax}`],
    ...(expect.note ? ([['(11a) reverse charge / (11) the exemption', expect.note]] as [string, RegExp][]) : []),
  ];
}

describe('invoice PDF', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ config: sellerSettingsFromEnv(DEMO_SELLER_ENV) });
    server.clock.set(MAR_1);
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  after(() => server.close());

  async function pdf(token: string, path: string, headers: Record<string, string> = {}) {
    const res = await fetch(server.url + path, { headers: { authorization: `Bearer ${token}`, origin: TEST_ORIGIN, ...headers } });
    const bytes = new Uint8Array(await res.arrayBuffer());
    return { status: res.status, language: res.headers.get('content-language'), bytes, text: res.status === 200 ? await pdfText(bytes) : '' };
  }

  /** Acme as the demo seeds it (tests that bill a French Acme put it back). */
  async function resetAcme() {
    server.clock.set(MAR_1);
    await server.db.query(
      `UPDATE companies SET name = 'Acme Logistics GmbH', tax_id = '{"country":"DE","value":"DE123456789"}',
         billing_address = '{"line1":"Hafenstraße 12","city":"Hamburg","postalCode":"20457","country":"DE"}' WHERE id = 'co_acme'`,
    );
  }

  test('a domestic invoice (Acme in Hamburg) has everything art. 226 asks, and the bank details to pay it', async () => {
    await resetAcme();
    const token = await server.mintSession('acme-admin', { ttlSeconds: 3600 });
    const acme = await asBuyer(server, 'acme-admin');
    const { invoiceId } = await checkout(acme, starterByInvoice());
    const invoice = (await acme.get(`/v1/invoices/${invoiceId}`)).body;
    const { status, bytes, text, language } = await pdf(token, invoice.pdfUrl);
    assert.equal(status, 200);
    assert.equal(language, 'en');
    writeFileSync(`${ARTIFACTS}domestic-en.pdf`, bytes);
    for (const [point, expected] of art226(invoice, { sellerVatId: 'DE136695976', buyerVatId: 'DE123456789', rate: 'VAT 19%', taxable: '€109.00', tax: '€20.71' })) {
      assert.ok(typeof expected === 'string' ? text.includes(expected) : expected.test(text), `art. 226 ${point}: "${expected}" in\n${text}`);
    }
    for (const expected of [
      'Invoice',
      'Due date\tMar 31, 2026',
      'PO number\tPO-4711',
      'For\tNew subscription — Starter',
      'Status\tDue',
      'Total\t€129.71',
      'Amount due\t€129.71',
      'Please pay €129.71 by Mar 31, 2026 by bank transfer to:',
      'IBAN\tDE89 3704 0044 0532 0130 00',
      'BIC\tCOBADEFFXXX',
      'Account holder\tNorthwind Industrial Supply GmbH',
      `Payment reference\t${invoice.number} (PO PO-4711)`,
      'Amtsgericht München, HRB 218765',
      'Page 1 of 1',
    ]) {
      assert.ok(text.includes(expected), `PDF shows "${expected}":\n${text}`);
    }
    assert.doesNotMatch(text, /\(19%\)|Tax\t|open/, 'no rate twice, no bare "Tax", no raw status word');
    assert.doesNotMatch(text, /Reverse charge|Not subject/);
    assert.doesNotMatch(text, /\uFFFD/, 'every character is mapped back to text');
    const doc = await PDFDocument.load(bytes);
    assert.equal(doc.getTitle(), `Invoice ${invoice.number}`);
  });

  test('a reverse-charge invoice (a French business): 0% with the taxable amount, both VAT IDs and the note', async () => {
    await resetAcme();
    const token = await server.mintSession('acme-admin', { ttlSeconds: 3600 });
    const acme = await asBuyer(server, 'acme-admin');
    const { invoiceId } = await checkout(acme, starterByInvoice({ billing: FRENCH_BUYER }));
    const invoice = (await acme.get(`/v1/invoices/${invoiceId}`)).body;
    const { bytes, text } = await pdf(token, invoice.pdfUrl);
    writeFileSync(`${ARTIFACTS}reverse-charge-en.pdf`, bytes);
    for (const [point, expected] of art226(invoice, {
      sellerVatId: 'DE136695976',
      buyerVatId: 'FR40303265045',
      rate: 'VAT 0%',
      taxable: '€109.00',
      tax: '€0.00',
      note: /Reverse charge: VAT is to be accounted for by the recipient \(Article 196, Council Directive 2006\/112\/EC\)\./,
    })) {
      assert.ok(typeof expected === 'string' ? text.includes(expected) : expected.test(text), `art. 226 ${point}: "${expected}" in\n${text}`);
    }
    assert.ok(text.includes('Amount due\t€109.00'));
    assert.ok(text.includes('Acme Logistique SARL'));
    assert.ok(text.includes('France'));
    await resetAcme();
  });

  test('a proration invoice says what each line prorates and over which dates, and what the invoice is for', async () => {
    await resetAcme();
    const acme = await asBuyer(server, 'acme-admin');
    const { subscription } = await checkout(acme, starterByInvoice());
    server.clock.set(MAR_16_NOON);
    const later = await asBuyer(server, 'acme-admin');
    const change = await later.post(`/v1/subscriptions/${subscription.id}/change`, { expectedVersion: 1, planId: IDS.growth });
    expectStatus(change, 200);
    const token = await server.mintSession('acme-admin', { ttlSeconds: 3600 });
    const { bytes, text } = await pdf(token, `/v1/invoices/${change.body.invoiceId}/pdf`);
    writeFileSync(`${ARTIFACTS}upgrade-en.pdf`, bytes);
    for (const expected of [
      /For\tUpgrade — Growth/,
      /Unused time on Starter — Platform fee\t1\t-€\d+\.\d\d\nMar 16, 2026 – Apr 1, 2026/,
      /Unused time on Starter — Seats\t5\t-€\d+\.\d\d\nMar 16, 2026 – Apr 1, 2026/,
      /Remaining time on Growth — Seats \(contract\)\t5\t€\d+\.\d\d\nMar 16, 2026 – Apr 1, 2026/,
      /Period of supply\tMar 16, 2026 – Apr 1, 2026/,
    ]) {
      assert.match(text, expected);
    }
    // Prorated lines have no unit price of their own: the column stays empty rather than showing a full-period price.
    assert.doesNotMatch(text, /Unused time on Starter — Seats\t5\t€12\.00/);
    server.clock.set(MAR_1);
  });

  test('in the buyer language where it can be printed (Turkish, Chinese), else in the merchant language', async () => {
    await resetAcme();
    const token = await server.mintSession('acme-admin', { ttlSeconds: 3600 });
    const acme = await asBuyer(server, 'acme-admin');
    const { invoiceId } = await checkout(acme, starterByInvoice());
    const path = `/v1/invoices/${invoiceId}/pdf`;
    const turkish = await pdf(token, `${path}?locale=tr`);
    writeFileSync(`${ARTIFACTS}domestic-tr.pdf`, turkish.bytes);
    assert.equal(turkish.language, 'tr');
    for (const expected of ['Fatura', 'Fatura numarası', 'KDV numarası: DE136695976', 'Düzenleme tarihi\t1 Mar 2026', '€109,00 üzerinden KDV %19', 'Ödenecek tutar', 'Sayfa 1 / 1']) {
      assert.ok(turkish.text.includes(expected), `Turkish PDF shows "${expected}":\n${turkish.text}`);
    }
    assert.doesNotMatch(turkish.text, /\uFFFD/, 'dotless ı and every other letter has a glyph and maps back to text');
    const chinese = await pdf(token, path, { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5' });
    writeFileSync(`${ARTIFACTS}domestic-zh-CN.pdf`, chinese.bytes);
    assert.equal(chinese.language, 'zh-CN');
    // The plan and its items as the catalog names them in Chinese (they were printed in English).
    for (const expected of ['发票', '增值税 19%（计税金额 €109.00）', '应付金额', '第 1 页，共 1 页', '请于 2026年3月31日 前通过银行转账支付 €129.71：', '新订阅 — 入门版', '入门版 — ']) {
      assert.ok(chinese.text.includes(expected), `Chinese PDF shows "${expected}":\n${chinese.text}`);
    }
    assert.doesNotMatch(chinese.text, /\uFFFD/);
    // Arabic and Hindi need shaping the PDF library cannot do: the merchant language (English) instead, never broken text.
    for (const locale of ['ar', 'hi']) {
      const fallback = await pdf(token, `${path}?locale=${locale}`);
      assert.equal(fallback.language, 'en', locale);
      assert.ok(fallback.text.includes('Amount due'), locale);
    }
    const bad = await fetch(`${server.url}${path}?locale=${encodeURIComponent('<script>')}`, { headers: { authorization: `Bearer ${token}`, origin: TEST_ORIGIN } });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { error: { param: string } }).error.param, 'locale');
  });

  test('an unchanged invoice is drawn once; what changes what it shows (the due date passing, the language, the buyer) draws it anew', async () => {
    await resetAcme();
    const token = await server.mintSession('acme-admin', { ttlSeconds: 3600 });
    const acme = await asBuyer(server, 'acme-admin');
    const { invoiceId } = await checkout(acme, starterByInvoice());
    const path = `/v1/invoices/${invoiceId}/pdf`;
    const drawn = () => invoicePdfCache.stats.entries;
    const before = drawn();
    const first = await pdf(token, path);
    const again = await Promise.all([pdf(token, path), pdf(token, path)]);
    assert.equal(drawn(), before + 1, 'three downloads of one invoice: one drawing');
    for (const copy of again) assert.deepEqual(copy.bytes, first.bytes);
    assert.match(first.text, /Status\tDue/);

    server.clock.set(new Date('2026-04-02T09:00:00.000Z'));
    const later = await server.mintSession('acme-admin', { ttlSeconds: 3600 });
    const late = await pdf(later, path);
    assert.match(late.text, /Status\tOverdue/, 'past its due date the PDF says overdue, not the copy drawn before');
    assert.equal(drawn(), before + 2);
    const turkish = await pdf(later, `${path}?locale=tr`);
    assert.ok(turkish.text.includes('Fatura'));
    assert.equal(drawn(), before + 3);
    await server.db.query(`UPDATE companies SET name = 'Acme Renamed GmbH' WHERE id = 'co_acme'`);
    const invoice = (await (await asBuyer(server, 'acme-admin')).get(`/v1/invoices/${invoiceId}`)).body;
    const renamed = await pdf(later, path);
    assert.ok(renamed.text.includes(invoice.buyer?.name ?? 'Acme Renamed GmbH'), 'the buyer the invoice names (its snapshot, else the company now)');
    await resetAcme();
  });

  test('choosing the PDF locale', () => {
    assert.deepEqual(choosePdfLocale(['tr-TR'], 'en'), { locale: 'tr', asked: 'tr' });
    assert.deepEqual(choosePdfLocale(['ar-EG', 'en'], 'en'), { locale: 'en', asked: 'ar' });
    assert.deepEqual(choosePdfLocale(['hi'], 'zh-CN'), { locale: 'zh-CN', asked: 'hi' });
    assert.deepEqual(choosePdfLocale(['ar'], 'ar'), { locale: 'en', asked: 'ar' });
    assert.deepEqual(choosePdfLocale(['de'], 'tr'), { locale: 'tr', asked: null });
  });
});
