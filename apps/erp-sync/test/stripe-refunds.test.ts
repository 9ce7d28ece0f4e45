// A charge the merchant refunds in the Stripe Dashboard, not through subkit, reaches the ERP as subkit's own refunds
// do (credit_note.created, refund.updated): the journal reverses the revenue and pays the money out of the bank, and
// every account ends where subkit's books say — nothing receivable, no customer credit beyond the company's balance.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createWebhookWorker, type WebhookWorker } from '@subkit/server';
import { asBuyer, checkout, IDS, MONTHLY } from '../../../packages/server/test/billing/helpers.js';
import { browserCard, chargeOfInvoice, refundInDashboard, STRIPE_CARDS, startStripeTestBed, type StripeTestBed } from '../../../packages/server/test/stripe/helpers.js';
import { ACCOUNTS } from '../src/ledger.js';
import { openJournal, type JournalLine } from '../src/journal.js';
import { createErpSync } from '../src/receiver.js';

describe('ERP sync example: refunds made in the Stripe Dashboard', () => {
  let bed: StripeTestBed;
  let worker: WebhookWorker;
  let erp: ReturnType<typeof createErpSync>;
  let dir: string;
  let journalFile: string;

  before(async () => {
    bed = await startStripeTestBed();
    dir = mkdtempSync(join(tmpdir(), 'erp-sync-stripe-'));
    journalFile = join(dir, 'journal.jsonl');
    const created = await bed.server.request('POST', '/v1/webhook-endpoints', { token: bed.server.config.secretKey, body: { url: 'http://127.0.0.1:9/placeholder', description: 'ERP' } });
    erp = createErpSync({ journalFile, secret: created.body.secret });
    await new Promise<void>((resolve) => erp.server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(erp.server.address() as AddressInfo).port}/webhooks`;
    assert.equal((await bed.server.request('PATCH', `/v1/webhook-endpoints/${created.body.id}`, { token: bed.server.config.secretKey, body: { url } })).status, 200);
    worker = createWebhookWorker({ db: bed.server.db, config: bed.server.config, clock: bed.server.clock.now });
  });
  after(async () => {
    erp.server.closeAllConnections();
    await new Promise((resolve) => erp.server.close(resolve));
    await bed.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const entries = () => openJournal(journalFile).lines().filter((l): l is Extract<JournalLine, { kind: 'entry' }> => l.kind === 'entry');
  /** Each account's balance (debits − credits) in the journal, the accounts at nothing left out. */
  const net = () => {
    const sums = new Map<string, number>();
    for (const l of entries().flatMap((e) => e.lines)) sums.set(l.account, (sums.get(l.account) ?? 0) + (l.debit ?? 0) - (l.credit ?? 0));
    return Object.fromEntries([...sums].filter(([, v]) => v !== 0));
  };
  const deliverAll = async () => {
    await bed.fake.webhooks.settled();
    while ((await worker.runOnce()).attempted > 0);
  };

  /** Starter × 2 bought with a Visa through Stripe by the company's admin: the paid invoice and the charge that paid it. */
  async function paidByCard(customerId: string) {
    const admin = await asBuyer(bed.server, customerId);
    const bought = await checkout(admin, { planId: IDS.starter, currency: 'USD', recurring: MONTHLY, quantity: 2, payment: { method: 'card', stripePaymentMethodId: await browserCard(bed.fake, STRIPE_CARDS.visa) } });
    assert.equal(bought.status, 'succeeded');
    return { admin, bought, charge: chargeOfInvoice(bed.fake, bought.invoiceId) };
  }

  /** What the journal should hold by subkit's own books: revenue and VAT of the invoices, their credit notes as returns, the bank what stayed with the merchant, the companies' balances as customer credit. */
  async function subkitBooks() {
    const one = async (sql: string) => Number((await bed.server.db.query<{ n: string | null }>(sql)).rows[0]?.n ?? 0);
    const [total, tax, credited, refunded, balances] = await Promise.all([
      one(`SELECT sum(total) AS n FROM invoices WHERE status = 'paid' AND currency = 'USD'`),
      one(`SELECT sum(tax) AS n FROM invoices WHERE status = 'paid' AND currency = 'USD'`),
      one(`SELECT sum(amount) AS n FROM credit_notes WHERE currency = 'USD'`),
      one(`SELECT sum(amount) AS n FROM refunds WHERE status = 'succeeded' AND currency = 'USD'`),
      one(`SELECT sum(amount) AS n FROM company_balances WHERE currency = 'USD'`),
    ]);
    const expected: Record<string, number> = {
      [ACCOUNTS.bank]: total - refunded,
      [ACCOUNTS.customerCredit]: -balances,
      [ACCOUNTS.revenue]: -(total - tax),
      [ACCOUNTS.vat]: -tax,
      [ACCOUNTS.returns]: credited,
    };
    return Object.fromEntries(Object.entries(expected).filter(([, v]) => v !== 0));
  }

  it('a charge refunded at Stripe in two parts, then the rest: booked as returns paid out of the bank; every account nets to what subkit says', async () => {
    const { charge } = await paidByCard('acme-admin');
    await refundInDashboard(bed.fake, charge.id, { amount: 1000 });
    await refundInDashboard(bed.fake, charge.id, { amount: 1500 });
    await deliverAll();
    // In the order of the refunds' amounts: the worker does not promise the order of deliveries.
    const booked = entries().filter((e) => e.eventType === 'credit_note.created' || e.eventType === 'refund.updated');
    const byAmount = booked.map((e) => [e.eventType, e.lines] as const).sort(([ta, la], [tb, lb]) => (la[0]!.debit ?? 0) - (lb[0]!.debit ?? 0) || ta.localeCompare(tb));
    assert.deepEqual(byAmount, [
      ['credit_note.created', [{ account: ACCOUNTS.returns, debit: 1000 }, { account: ACCOUNTS.customerCredit, credit: 1000 }]],
      ['refund.updated', [{ account: ACCOUNTS.customerCredit, debit: 1000 }, { account: ACCOUNTS.bank, credit: 1000 }]],
      ['credit_note.created', [{ account: ACCOUNTS.returns, debit: 1500 }, { account: ACCOUNTS.customerCredit, credit: 1500 }]],
      ['refund.updated', [{ account: ACCOUNTS.customerCredit, debit: 1500 }, { account: ACCOUNTS.bank, credit: 1500 }]],
    ]);
    await refundInDashboard(bed.fake, charge.id);
    await deliverAll();
    const books = await subkitBooks();
    assert.equal(books[ACCOUNTS.bank], undefined, 'all of it went back');
    assert.deepEqual(net(), books);
  });

  it("the unused time of a cancellation credited to the balance, then the whole charge refunded at Stripe: the balance pays out with it, and customer credit nets to the balance's nothing", async () => {
    const { admin, bought, charge } = await paidByCard('globex-admin');
    bed.server.clock.advance(600);
    assert.equal((await admin.post(`/v1/subscriptions/${bought.subscription.id}/cancel`, { reason: 'too_expensive', when: 'now' })).status, 200);
    await refundInDashboard(bed.fake, charge.id);
    await deliverAll();
    const books = await subkitBooks();
    assert.equal(books[ACCOUNTS.customerCredit], undefined, 'no credit left on any balance');
    assert.deepEqual(net(), books);
  });
});
