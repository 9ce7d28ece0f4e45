import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import { createInvoice } from '../../src/engine/invoices.js';
import { startTestServer, TEST_ORIGIN } from '../harness.js';
import { pdfText } from '../pdf-text.js';
import type { TestServer } from '../harness.js';
import { asBuyer, CARDS, card, checkout, expectError, expectStatus, starterByInvoice } from './helpers.js';

const MAR_1 = new Date('2026-03-01T00:00:00.000Z');

describe('invoices', () => {
  let server: TestServer;
  let token: string;
  before(async () => {
    server = await startTestServer();
    server.clock.set(MAR_1);
    token = await server.mintSession('acme-admin', { ttlSeconds: 3600 });
  });
  after(() => server.close());

  async function raw(path: string) {
    const res = await fetch(server.url + path, { headers: { authorization: `Bearer ${token}`, origin: TEST_ORIGIN } });
    return { status: res.status, type: res.headers.get('content-type') ?? '', disposition: res.headers.get('content-disposition') ?? '', bytes: new Uint8Array(await res.arrayBuffer()) };
  }

  test('the PDF is a real PDF with the invoice number, bill-to, PO, lines and totals', async () => {
    const acme = await asBuyer(server, 'acme-admin');
    const { invoiceId } = await checkout(acme, starterByInvoice());
    const invoice = (await acme.get(`/v1/invoices/${invoiceId}`)).body;
    assert.equal(invoice.pdfUrl, `/v1/invoices/${invoiceId}/pdf`);
    const pdf = await raw(invoice.pdfUrl);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.type, 'application/pdf');
    assert.match(pdf.disposition, new RegExp(`${invoice.number}\\.pdf`));
    assert.equal(Buffer.from(pdf.bytes.slice(0, 5)).toString('latin1'), '%PDF-');
    const doc = await PDFDocument.load(pdf.bytes);
    assert.equal(doc.getTitle(), `Invoice ${invoice.number}`);
    const text = await pdfText(pdf.bytes);
    // No seller configured: the merchant name heads the invoice; the buyer's VAT ID, the lines and the totals are there.
    for (const expected of [
      'Northwind Industrial Supply',
      invoice.number,
      'Acme Logistics GmbH',
      'VAT ID: DE123456789',
      'Hafenstraße 12',
      'PO number\tPO-4711',
      'Starter — Seats\t5\t€12.00\t€60.00',
      'Mar 1, 2026 – Apr 1, 2026',
      'VAT 19% on €109.00\t€20.71',
      'Amount due\t€129.71',
      'Status\tDue',
      `Please pay €129.71 by Mar 31, 2026, quoting ${invoice.number} (PO PO-4711).`,
    ]) {
      assert.ok(text.includes(expected), `PDF shows ${expected}:\n${text}`);
    }
    assert.ok(!text.includes('(19%)'), `the rate is printed once:\n${text}`);
  });

  test('CSV export: header, decimal amounts, RFC 4180 quoting and formula-injection-safe cells', async () => {
    const acme = await asBuyer(server, 'acme-admin');
    const { invoiceId } = await checkout(acme, starterByInvoice({ payment: { method: 'invoice', poNumber: '=SUM(1,2)' } }));
    const csv = await raw('/v1/invoices/export.csv');
    assert.equal(csv.status, 200);
    assert.match(csv.type, /^text\/csv/);
    // A UTF-8 byte-order mark first: Excel reads the file as UTF-8 only with it.
    assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = Buffer.from(csv.bytes.subarray(3)).toString('utf8');
    const lines = text.split('\r\n').filter((l) => l !== '');
    assert.equal(lines[0], 'number,id,status,issued_at,due_at,paid_at,period_start,period_end,currency,subtotal,discount,tax,total,credit_applied,amount_due,amount_paid,po_number,subscription_id,billing_reason');
    const row = lines.find((l) => l.includes(invoiceId))!;
    assert.ok(row, 'the new invoice is exported');
    assert.ok(row.includes(',EUR,109.00,0.00,20.71,129.71,0.00,129.71,0.00,'), row);
    assert.ok(row.includes(`,"'=SUM(1,2)",`), `PO number quoted and defused: ${row}`);
    const list = (await acme.get('/v1/invoices?limit=100')).body.data;
    assert.equal(lines.length - 1, list.length);
  });

  test('pay an open invoice with the default card: paid, and a past-due subscription is active again', async () => {
    const admin = await asBuyer(server, 'acme-admin');
    const { subscription, invoiceId } = await checkout(admin, starterByInvoice());
    await server.db.query("UPDATE subscriptions SET status = 'past_due' WHERE id = $1", [subscription.id]);
    const purchaser = await asBuyer(server, 'acme-purchaser');
    expectError(await purchaser.post(`/v1/invoices/${invoiceId}/pay`, {}), 400, 'payment_method_required', 'paymentMethodId');
    expectStatus(await admin.post('/v1/payment-methods', { testCard: card(CARDS.success) }), 200);

    const paid = await purchaser.post(`/v1/invoices/${invoiceId}/pay`, {});
    expectStatus(paid, 200);
    assert.equal(paid.body.status, 'succeeded');
    assert.equal(paid.body.invoiceId, invoiceId);
    const invoice = (await purchaser.get(`/v1/invoices/${invoiceId}`)).body;
    assert.equal(invoice.status, 'paid');
    assert.equal(invoice.amountPaid, invoice.amountDue);
    assert.equal(invoice.amountRemaining, 0);
    assert.equal(invoice.paidAt, MAR_1.toISOString());
    assert.equal((await purchaser.get(`/v1/subscriptions/${subscription.id}`)).body.status, 'active');
    expectError(await purchaser.post(`/v1/invoices/${invoiceId}/pay`, {}), 409, 'invoice_not_open');
  });

  test('a declined payment answers 402 and the failed attempt stays on the invoice', async () => {
    const admin = await asBuyer(server, 'acme-admin');
    const { invoiceId } = await checkout(admin, starterByInvoice());
    const setup = await admin.post('/v1/payment-methods', { testCard: card(CARDS.attachThenDecline) });
    expectStatus(setup, 200);
    const declined = await admin.post(`/v1/invoices/${invoiceId}/pay`, { paymentMethodId: setup.body.paymentMethod.id });
    expectError(declined, 402, 'card_declined');
    assert.equal(declined.body.error.declineCode, 'generic_decline');
    const invoice = (await admin.get(`/v1/invoices/${invoiceId}`)).body;
    assert.equal(invoice.status, 'open');
    assert.equal(invoice.paymentAttempts.length, 1);
    assert.equal(invoice.paymentAttempts[0].status, 'failed');
    assert.equal(invoice.paymentAttempts[0].failureCode, 'generic_decline');
    assert.equal(invoice.paymentAttempts[0].paymentMethodId, setup.body.paymentMethod.id);
  });

  test('paying with a card that always asks for SCA needs the challenge', async () => {
    const admin = await asBuyer(server, 'acme-admin');
    const { invoiceId } = await checkout(admin, starterByInvoice());
    const setup = await admin.post('/v1/payment-methods', { testCard: card(CARDS.scaAlways) });
    const pending = await admin.post(`/v1/invoices/${invoiceId}/pay`, { paymentMethodId: setup.body.paymentMethod.id });
    expectStatus(pending, 200);
    assert.equal(pending.body.status, 'requires_action');
    assert.equal((await admin.get(`/v1/invoices/${invoiceId}`)).body.status, 'open');
    const confirmed = await admin.post(`/v1/payments/${pending.body.id}/confirm`, { outcome: 'approve' });
    assert.equal(confirmed.body.status, 'succeeded');
    assert.equal((await admin.get(`/v1/invoices/${invoiceId}`)).body.status, 'paid');
  });

  test('the list pages through more than 100 invoices to the last one, newest first, with filters', async () => {
    const fresh = await startTestServer();
    try {
      fresh.clock.set(MAR_1);
      // 135 invoices: 45 instants with 3 invoices each, so the id tie-break of the order matters.
      const created: string[] = [];
      await fresh.db.transaction(async (tx) => {
        for (let i = 0; i < 135; i += 1) {
          const issuedAt = new Date(Date.UTC(2025, 0, 1 + Math.floor(i / 3)));
          const row = await createInvoice(tx, {
            companyId: 'co_acme',
            subscriptionId: null,
            currency: 'EUR',
            billingReason: 'manual',
            collectionMethod: 'send_invoice',
            lines: [{ id: `il_${i}`, type: 'one_time', description: `Service visit ${i}`, quantity: 1, unitAmount: 1000 + i, amount: 1000 + i, periodStart: issuedAt.toISOString(), periodEnd: issuedAt.toISOString(), proration: false, tiers: [] }],
            discounts: [],
            taxRates: [],
            poNumber: null,
            periodStart: issuedAt,
            periodEnd: issuedAt,
            issuedAt,
            paymentTermsDays: 30,
            mode: 'test',
          });
          created.push(row.id);
        }
      });
      const acme = await asBuyer(fresh, 'acme-viewer');
      const seen: any[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: any = await acme.get(`/v1/invoices?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
        expectStatus(res, 200);
        seen.push(...res.body.data);
        cursor = res.body.nextCursor;
        assert.equal(res.body.hasMore, cursor !== null);
        pages += 1;
      } while (cursor);
      assert.equal(pages, 2);
      assert.equal(seen.length, 135);
      assert.deepEqual(new Set(seen.map((i) => i.id)), new Set(created));
      for (let i = 1; i < seen.length; i += 1) {
        const [a, b] = [seen[i - 1], seen[i]];
        assert.ok(a.issuedAt > b.issuedAt || (a.issuedAt === b.issuedAt && a.id > b.id), `order at ${i}`);
      }
      assert.equal(seen.at(-1).issuedAt, '2025-01-01T00:00:00.000Z');

      // Small pages reach the same last invoice.
      let small: string[] = [];
      cursor = null;
      do {
        const res: any = await acme.get(`/v1/invoices?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
        small = small.concat(res.body.data.map((i: any) => i.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      assert.deepEqual(small, seen.map((i) => i.id));

      const january = (await acme.get('/v1/invoices?from=2025-01-10&to=2025-01-12&limit=100')).body.data;
      assert.equal(january.length, 9);
      assert.ok(january.every((i: any) => i.issuedAt >= '2025-01-10' && i.issuedAt < '2025-01-13'));
      assert.equal((await acme.get('/v1/invoices?status=paid')).body.data.length, 0);
      assert.equal((await acme.get('/v1/invoices?status=open&limit=5')).body.data.length, 5);
      expectError(await acme.get('/v1/invoices?cursor=not-a-cursor'), 400, 'invalid_cursor', 'cursor');
      expectStatus(await acme.get('/v1/invoices?limit=101'), 400);

      // Postgres keeps microseconds: invoices issued within one millisecond are neither skipped nor repeated.
      const micro = ['2025-03-01 10:00:00.000100+00', '2025-03-01 10:00:00.000900+00', '2025-03-01 10:00:00.000500+00'];
      for (const [i, at] of micro.entries()) await fresh.db.query('UPDATE invoices SET issued_at = $1::timestamptz WHERE id = $2', [at, created[i]]);
      const sameMillisecond: string[] = [];
      cursor = null;
      do {
        const res: any = await acme.get(`/v1/invoices?from=2025-03-01&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        expectStatus(res, 200);
        sameMillisecond.push(...res.body.data.map((i: any) => i.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      assert.deepEqual(sameMillisecond, [created[1], created[2], created[0]]);
    } finally {
      await fresh.close();
    }
  });

  test('numbers are unique and sequential', async () => {
    const { rows } = await server.db.query<{ number: string }>('SELECT number FROM invoices ORDER BY number');
    const numbers = rows.map((r) => Number(r.number.slice(4)));
    assert.equal(new Set(numbers).size, numbers.length);
    for (let i = 1; i < numbers.length; i += 1) assert.equal(numbers[i], numbers[i - 1]! + 1);
  });

  test('no request answered 500', () => {
    assert.deepEqual(server.serverErrors, []);
  });
});
