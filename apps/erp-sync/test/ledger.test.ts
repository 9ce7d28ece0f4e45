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

  it('books nothing for a zero invoice or an event the ledger does not record', () => {
    assert.equal(entryFor(event('invoice.finalized', { ...invoice, total: 0, tax: 0, amountDue: 0, creditApplied: 0 })), null);
    assert.equal(entryFor(event('subscription.updated', { id: 'sub_1', object: 'subscription' })), null);
  });
});
