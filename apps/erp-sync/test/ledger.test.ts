import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WebhookEvent } from '@subkit/core';
import { ACCOUNTS, balances, entryFor } from '../src/ledger.js';

const invoice = { id: 'in_1', object: 'invoice', number: 'INV-1042', currency: 'EUR', total: 11900, tax: 1900, amountDue: 9900, creditApplied: 2000 };
const event = (type: WebhookEvent['type'], object: Record<string, unknown>): WebhookEvent =>
  ({ id: `evt_${type}`, object: 'event', type, apiVersion: '2026-12-01', createdAt: '2027-01-01T00:00:00.000Z', mode: 'test', companyId: 'co_a', sequence: 1, data: { object } }) as WebhookEvent;

describe('ERP sync booking rules', () => {
  it('books an invoice as due and credit used against net revenue and VAT, balanced', () => {
    const entry = entryFor(event('invoice.finalized', invoice))!;
    assert.deepEqual(entry.lines, [
      { account: ACCOUNTS.receivable, debit: 9900 },
      { account: ACCOUNTS.customerCredit, debit: 2000 },
      { account: ACCOUNTS.revenue, credit: 10000 },
      { account: ACCOUNTS.vat, credit: 1900 },
    ]);
    assert.equal(balances(entry), true);
  });

  it('reverses a voided invoice line for line, so the two net to nothing on every account', () => {
    const booked = entryFor(event('invoice.finalized', invoice))!;
    const voided = entryFor(event('invoice.voided', invoice))!;
    assert.equal(voided.reference, 'Void of invoice INV-1042');
    assert.equal(balances(voided), true);
    const net = new Map<string, number>();
    for (const l of [...booked.lines, ...voided.lines]) net.set(l.account, (net.get(l.account) ?? 0) + (l.debit ?? 0) - (l.credit ?? 0));
    assert.deepEqual([...net.values()], [0, 0, 0, 0]);
  });

  it('books a bank transfer the merchant recorded like any payment, with its bank reference for the statement match', () => {
    const received = { id: 'pay_1', object: 'payment', invoiceId: 'in_1', amount: 9900, currency: 'EUR', received: { method: 'bank_transfer', reference: 'SEPA PO-77' } };
    const entry = entryFor(event('payment.succeeded', received))!;
    assert.equal(entry.reference, 'Payment pay_1 for in_1 (bank transfer SEPA PO-77)');
    assert.deepEqual(net(entryFor(event('invoice.finalized', invoice)), entry), { [ACCOUNTS.bank]: 9900, [ACCOUNTS.customerCredit]: 2000, [ACCOUNTS.revenue]: -10000, [ACCOUNTS.vat]: -1900 });
    assert.equal(entryFor(event('payment.succeeded', { ...received, received: null }))!.reference, 'Payment pay_1 for in_1');
  });

  /** Each account's balance (debits − credits) over entries, the accounts with none left out. */
  const net = (...entries: ({ lines: readonly { account: string; debit?: number; credit?: number }[] } | null)[]) => {
    const sums = new Map<string, number>();
    for (const l of entries.flatMap((e) => e?.lines ?? [])) sums.set(l.account, (sums.get(l.account) ?? 0) + (l.debit ?? 0) - (l.credit ?? 0));
    return Object.fromEntries([...sums].filter(([, v]) => v !== 0));
  };
  const note = (settlement: string, amount: number, kind = 'unused_time') => ({
    id: 'cn_1', object: 'credit_note', number: 'CN-0007', invoiceId: 'in_1', companyId: 'co_a', currency: 'EUR', amount, reason: 'proration',
    memo: null, createdAt: '2027-01-01T00:00:00.000Z',
    lines: [{ description: 'x', amount, text: textOf(kind, settlement) }],
  });
  const textOf = (kind: string, settlement: string) => {
    if (kind === 'late_payment') return { kind, cause: 'invoice_voided', settlement };
    if (kind === 'refunded_at_processor' || kind === 'adjustment') return { kind, settlement };
    return { kind, cause: 'cancellation', planName: null, quantity: null, settlement };
  };
  const refund = (status: string, amount: number) => ({ id: 're_1', object: 'refund', creditNoteId: 'cn_1', invoiceId: 'in_1', amount, currency: 'EUR', status, failureReason: null, createdAt: '2027-01-01T00:00:00.000Z' });

  // Before, every credit note credited the receivable: one credited to the balance left the receivable short and
  // customer credit negative once a later invoice used it.
  it('books a credit note where its credit went: off the invoice (receivable) or to the balance (customer credit)', () => {
    assert.deepEqual(entryFor(event('credit_note.created', note('invoice', 700)))!.lines, [
      { account: ACCOUNTS.returns, debit: 700 },
      { account: ACCOUNTS.receivable, credit: 700 },
    ]);
    const toBalance = entryFor(event('credit_note.created', note('balance', 700)))!;
    assert.deepEqual(toBalance.lines, [
      { account: ACCOUNTS.returns, debit: 700 },
      { account: ACCOUNTS.customerCredit, credit: 700 },
    ]);
    // The next invoice uses that credit: customer credit back to nothing, the receivable only what is due.
    const next = entryFor(event('invoice.finalized', { ...invoice, total: 11900, tax: 1900, amountDue: 11200, creditApplied: 700 }))!;
    assert.deepEqual(net(toBalance, next), { [ACCOUNTS.returns]: 700, [ACCOUNTS.receivable]: 11200, [ACCOUNTS.revenue]: -10000, [ACCOUNTS.vat]: -1900 });
  });

  it('books a refund of balance credit once it went through: customer credit paid out of the bank; pending or failed, nothing', () => {
    assert.equal(entryFor(event('refund.created', refund('pending', 700))), null);
    assert.equal(entryFor(event('refund.updated', refund('failed', 700))), null);
    const paidOut = entryFor(event('refund.updated', refund('succeeded', 700)))!;
    assert.equal(balances(paidOut), true);
    assert.deepEqual(net(entryFor(event('credit_note.created', note('balance', 700))), paidOut), { [ACCOUNTS.returns]: 700, [ACCOUNTS.bank]: -700 });
  });

  // A payment that went through after its invoice was voided, refunded in full: the buyer paid nothing in the end.
  // Before, the late payment's credit note was booked as returns and the refund not at all: revenue 119.00 short.
  it('a late payment refunded in full nets to nothing on every account, the invoice and its void included', () => {
    const story = [
      entryFor(event('invoice.finalized', { ...invoice, amountDue: 11900, creditApplied: 0 })),
      entryFor(event('invoice.voided', { ...invoice, amountDue: 11900, creditApplied: 0 })),
      entryFor(event('credit_note.created', note('refund', 11900, 'late_payment'))),
      entryFor(event('refund.created', refund('pending', 11900))),
      entryFor(event('refund.updated', refund('succeeded', 11900))),
    ];
    assert.ok(story.every((e) => !e || balances(e)));
    assert.deepEqual(net(...story), {});
  });

  // The merchant refunds a paid invoice's charge in the Stripe Dashboard, in two parts: subkit records a credit note
  // (settled `refund`, refunded at the processor) and a refund for each. Before, such a credit note was booked as a late
  // payment's: the bank debited with money it had received once already (the payment), revenue never reversed.
  /** An invoice paid by card in full (119.00), then `after`: the entries booked, each balanced, and what they net to. */
  const paidByCardThen = (...after: [WebhookEvent['type'], Record<string, unknown>][]) => {
    const story = [
      event('invoice.finalized', { ...invoice, amountDue: 11900, creditApplied: 0 }),
      event('payment.succeeded', { id: 'pay_1', invoiceId: 'in_1', amount: 11900, currency: 'EUR' }),
      ...after.map(([type, object]) => event(type, object)),
    ].map(entryFor);
    assert.ok(story.every((e) => !e || balances(e)));
    return net(...story);
  };
  const revenueReversed = { [ACCOUNTS.returns]: 11900, [ACCOUNTS.revenue]: -10000, [ACCOUNTS.vat]: -1900 };

  it('a charge refunded at the processor in two parts: the revenue reversed, the bank and customer credit back to nothing', () => {
    const booked = paidByCardThen(
      ['credit_note.created', note('refund', 4000, 'refunded_at_processor')],
      ['refund.created', refund('pending', 4000)],
      ['refund.updated', refund('succeeded', 4000)],
      ['credit_note.created', note('refund', 7900, 'refunded_at_processor')],
      ['refund.updated', refund('succeeded', 7900)],
    );
    assert.deepEqual(booked, revenueReversed);
  });

  // Part of the invoice was credited to the balance before (a cancellation's unused time), then the whole charge is
  // refunded at Stripe: subkit's credit note takes what the invoice had left (8900), and the refund (11900) pays out
  // the earlier credit too — subkit takes it off the balance, and the ledger's customer credit ends at nothing as well.
  it('a refund at the processor of more than the invoice had left to credit: customer credit nets to nothing, as the balance does', () => {
    const booked = paidByCardThen(
      ['credit_note.created', note('balance', 3000)],
      ['credit_note.created', note('refund', 8900, 'refunded_at_processor')],
      ['refund.updated', refund('succeeded', 11900)],
    );
    assert.deepEqual(booked, revenueReversed);
  });

  // A cancellation's unused time taken off the open invoice, then the merchant voids the rest: the void had mirrored
  // the invoice's lines with the reduced amount due and did not balance (the receiver answered 500 on every retry).
  it('a void after a credit note reduced the invoice balances, and the three net to nothing', () => {
    const issued = { ...invoice, amountDue: 11900, creditApplied: 0 };
    const story = [
      entryFor(event('invoice.finalized', issued)),
      entryFor(event('credit_note.created', note('invoice', 5000))),
      entryFor(event('invoice.voided', { ...issued, amountDue: 6900, status: 'void' })),
    ];
    assert.ok(story.every((e) => e && balances(e)), JSON.stringify(story[2]?.lines));
    assert.deepEqual(net(...story), {});
  });

  // The merchant forgives part of an invoice (POST /v1/invoices/:id/credit-notes): its lines say where the credit went.
  it("books the merchant's credit notes by settlement: off the invoice, to the balance, or paid back outside (bank); returns for all", () => {
    const adjustment = (settlement: string, amount: number) => entryFor(event('credit_note.created', note(settlement, amount, 'adjustment')))!;
    assert.deepEqual(adjustment('invoice', 700).lines, [
      { account: ACCOUNTS.returns, debit: 700 },
      { account: ACCOUNTS.receivable, credit: 700 },
    ]);
    assert.deepEqual(adjustment('balance', 700).lines, [
      { account: ACCOUNTS.returns, debit: 700 },
      { account: ACCOUNTS.customerCredit, credit: 700 },
    ]);
    const outside = adjustment('out_of_band', 700);
    assert.deepEqual(outside.lines, [
      { account: ACCOUNTS.returns, debit: 700 },
      { account: ACCOUNTS.bank, credit: 700 },
    ]);
    assert.ok([outside, adjustment('invoice', 700), adjustment('balance', 700)].every(balances));
  });

  // An open invoice the merchant forgives in full: paid without a payment (no payment.succeeded), the receivable cleared by the credit note alone.
  it('an invoice credited in full nets to revenue reversed by returns, nothing receivable, nothing in the bank', () => {
    const issued = { ...invoice, amountDue: 11900, creditApplied: 0 };
    const story = [entryFor(event('invoice.finalized', issued)), entryFor(event('credit_note.created', note('invoice', 11900, 'adjustment')))];
    assert.deepEqual(net(...story), { [ACCOUNTS.returns]: 11900, [ACCOUNTS.revenue]: -10000, [ACCOUNTS.vat]: -1900 });
  });

  it('books nothing for a zero invoice or an event the ledger does not record', () => {
    assert.equal(entryFor(event('invoice.finalized', { ...invoice, total: 0, tax: 0, amountDue: 0, creditApplied: 0 })), null);
    assert.equal(entryFor(event('subscription.updated', { id: 'sub_1', object: 'subscription' })), null);
  });
});
