import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createWebhookWorker, signWebhook, type WebhookWorker } from '@subkit/server';
import { startTestServer, type TestServer } from '../../../packages/server/test/harness.js';
import { ACCOUNTS } from '../src/ledger.js';
import { openJournal, type JournalLine } from '../src/journal.js';
import { createErpSync } from '../src/receiver.js';

const T0 = new Date('2027-02-01T10:00:00.000Z');
const CARD = { number: '4242424242424242', expMonth: 12, expYear: 2034, cvc: '123' };

describe('ERP sync example: subkit events booked into a journal, once', () => {
  let subkit: TestServer;
  let worker: WebhookWorker;
  let dir: string;
  let journalFile: string;
  let secret: string;
  let endpointId: string;
  let erp: ReturnType<typeof createErpSync>;
  let erpUrl: string;
  const sk = () => ({ token: subkit.config.secretKey });

  async function startErp(): Promise<void> {
    erp = createErpSync({ journalFile, secret });
    await new Promise<void>((resolve) => erp.server.listen(0, '127.0.0.1', resolve));
    erpUrl = `http://127.0.0.1:${(erp.server.address() as AddressInfo).port}/webhooks`;
    const patched = await subkit.request('PATCH', `/v1/webhook-endpoints/${endpointId}`, { ...sk(), body: { url: erpUrl } });
    assert.equal(patched.status, 200);
  }
  async function stopErp(): Promise<void> {
    erp.server.closeAllConnections();
    await new Promise((resolve) => erp.server.close(resolve));
  }
  const entries = () => openJournal(journalFile).lines().filter((l): l is Extract<JournalLine, { kind: 'entry' }> => l.kind === 'entry');
  /** What the journal has receivable in a currency (debits − credits). */
  const receivable = (currency: string) =>
    entries()
      .filter((e) => e.currency === currency)
      .flatMap((e) => e.lines)
      .filter((l) => l.account === ACCOUNTS.receivable)
      .reduce((sum, l) => sum + (l.debit ?? 0) - (l.credit ?? 0), 0);

  before(async () => {
    subkit = await startTestServer();
    subkit.clock.set(T0);
    dir = mkdtempSync(join(tmpdir(), 'erp-sync-'));
    journalFile = join(dir, 'journal.jsonl');
    const created = await subkit.request('POST', '/v1/webhook-endpoints', { ...sk(), body: { url: 'http://127.0.0.1:9/placeholder', description: 'ERP' } });
    ({ id: endpointId, secret } = created.body);
    worker = createWebhookWorker({ db: subkit.db, config: subkit.config, clock: subkit.clock.now });
    await startErp();
  });
  after(async () => {
    await stopErp();
    await subkit.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('books an invoice on net terms: receivable against revenue and VAT, to the cent', async () => {
    const token = await subkit.mintSession('acme-admin', { ttlSeconds: 3600 });
    const bought = await subkit.request('POST', '/v1/checkout', {
      token,
      headers: { origin: 'https://shop.example', 'idempotency-key': 'erp-1' },
      body: { planId: 'plan_portal_starter', currency: 'EUR', recurring: { interval: 'month', intervalCount: 1 }, quantity: 5, payment: { method: 'invoice', poNumber: 'PO-77' } },
    });
    assert.equal(bought.status, 200, JSON.stringify(bought.body));
    const invoice = (await subkit.request('GET', `/v1/invoices/${bought.body.invoiceId}`, { token, headers: { origin: 'https://shop.example' } })).body;
    assert.ok(invoice.total > 0);
    await worker.runOnce();

    const booked = entries().filter((e) => e.reference === `Invoice ${invoice.number}`);
    assert.equal(booked.length, 1);
    assert.equal(booked[0]!.currency, 'EUR');
    assert.deepEqual(booked[0]!.lines, [
      { account: ACCOUNTS.receivable, debit: invoice.amountDue },
      ...(invoice.creditApplied ? [{ account: ACCOUNTS.customerCredit, debit: invoice.creditApplied }] : []),
      { account: ACCOUNTS.revenue, credit: invoice.total - invoice.tax },
      ...(invoice.tax ? [{ account: ACCOUNTS.vat, credit: invoice.tax }] : []),
    ]);
  });

  it('books a card payment against the receivable it settles', async () => {
    const token = await subkit.mintSession('globex-admin', { ttlSeconds: 3600 });
    const bought = await subkit.request('POST', '/v1/checkout', {
      token,
      headers: { origin: 'https://shop.example', 'idempotency-key': 'erp-2' },
      body: { planId: 'plan_portal_starter', currency: 'USD', recurring: { interval: 'month', intervalCount: 1 }, quantity: 2, payment: { method: 'card', testCard: CARD } },
    });
    assert.equal(bought.status, 200, JSON.stringify(bought.body));
    const invoice = (await subkit.request('GET', `/v1/invoices/${bought.body.invoiceId}`, { token, headers: { origin: 'https://shop.example' } })).body;
    await worker.runOnce();
    const payment = entries().find((e) => e.eventType === 'payment.succeeded');
    assert.ok(payment, 'the payment is booked');
    assert.deepEqual(payment.lines, [
      { account: ACCOUNTS.bank, debit: invoice.total },
      { account: ACCOUNTS.receivable, credit: invoice.total },
    ]);
    assert.equal(receivable('USD'), 0, 'the paid invoice leaves nothing receivable');
  });

  // Before, every credit note was booked against the receivable: this one, on the company's balance, left the
  // receivable of a paid invoice negative.
  it("books a cancellation's unused time credited to the company's balance as customer credit, not receivable", async () => {
    const token = await subkit.mintSession('globex-admin', { ttlSeconds: 3600 });
    const headers = { origin: 'https://shop.example' };
    const bought = await subkit.request('POST', '/v1/checkout', {
      token,
      headers: { ...headers, 'idempotency-key': 'erp-3' },
      body: { planId: 'plan_portal_starter', currency: 'USD', recurring: { interval: 'month', intervalCount: 1 }, quantity: 1, payment: { method: 'card', testCard: CARD } },
    });
    assert.equal(bought.status, 200, JSON.stringify(bought.body));
    const canceled = await subkit.request('POST', `/v1/subscriptions/${bought.body.subscription.id}/cancel`, {
      token,
      headers: { ...headers, 'idempotency-key': 'erp-3-cancel' },
      body: { reason: 'other', when: 'now' },
    });
    assert.equal(canceled.status, 200, JSON.stringify(canceled.body));
    await worker.runOnce();
    const notes = (await subkit.request('GET', `/v1/credit-notes?invoiceId=${bought.body.invoiceId}`, { token, headers })).body.data;
    assert.equal(notes.length, 1);
    assert.equal(notes[0].lines[0].text.settlement, 'balance');
    const entry = entries().find((e) => e.reference === `Credit note ${notes[0].number}`);
    assert.deepEqual(entry?.lines, [
      { account: ACCOUNTS.returns, debit: notes[0].amount },
      { account: ACCOUNTS.customerCredit, credit: notes[0].amount },
    ]);
    assert.equal(receivable('USD'), 0, 'both invoices paid: nothing receivable');
  });

  it('books nothing twice: everything redelivered, and redelivered again after a restart of the ERP', async () => {
    const before = readFileSync(journalFile, 'utf8');
    const replay = await subkit.request('POST', `/v1/webhook-endpoints/${endpointId}/redeliver`, { ...sk(), body: { since: T0.toISOString() } });
    assert.ok(replay.body.queued >= 5, JSON.stringify(replay.body));
    const pass = await worker.runOnce();
    assert.equal(pass.delivered, Math.min(replay.body.queued, 10));
    while ((await worker.runOnce()).attempted > 0);
    assert.equal(readFileSync(journalFile, 'utf8'), before, 'the journal is unchanged');

    await stopErp();
    await startErp();
    await subkit.request('POST', `/v1/webhook-endpoints/${endpointId}/redeliver`, { ...sk(), body: { since: T0.toISOString() } });
    while ((await worker.runOnce()).attempted > 0);
    assert.equal(readFileSync(journalFile, 'utf8'), before, 'still unchanged after a restart');
    const log = await subkit.request('GET', `/v1/webhook-deliveries?endpointId=${endpointId}&status=delivered&limit=100`, sk());
    assert.ok(log.body.data.every((d: any) => d.attempts.at(-1).responseExcerpt.includes('"outcome":"duplicate"')));
  });

  it('refuses forged and stale deliveries with a 400 and books nothing', async () => {
    const before = readFileSync(journalFile, 'utf8');
    const body = JSON.stringify({ id: 'evt_forged', object: 'event', type: 'payment.succeeded', createdAt: T0.toISOString(), data: { object: { id: 'pay_x', amount: 100000, currency: 'EUR' } } });
    const now = Math.floor(Date.now() / 1000);
    for (const signature of [signWebhook(body, ['whsec_guess'], now), signWebhook(body, [secret], now - 3600), 'nonsense']) {
      const res = await fetch(erpUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'subkit-signature': signature }, body });
      assert.equal(res.status, 400);
    }
    const unsigned = await fetch(erpUrl, { method: 'POST', body });
    assert.equal(unsigned.status, 400);
    assert.equal(readFileSync(journalFile, 'utf8'), before);
  });

  it('drops a last line cut short by a crash mid-write, keeping every whole one', () => {
    const whole = openJournal(journalFile).lines().length;
    appendFileSync(journalFile, '{"kind":"entry","eventId":"evt_cut","lin');
    assert.equal(openJournal(journalFile).lines().length, whole);
    assert.ok(readFileSync(journalFile, 'utf8').endsWith('\n'));
  });
});
