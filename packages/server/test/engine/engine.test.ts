import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SubscriptionItem } from '@subkit/core';
import type { ServerConfig } from '../../src/context.js';
import { csvCell, csvLine } from '../../src/engine/csv.js';
import { discountsFor, prorate, signedTotals } from '../../src/engine/lines.js';
import { acceptTestCard, challengeOutcome, chargeOutcome, isHardDecline, setupOutcome } from '../../src/engine/processor/index.js';
import { consumeDiscountPeriod } from '../../src/engine/promo.js';
import { decodeCursor, encodeCursor } from '../../src/http/pagination.js';
import { projectUsage } from '../../src/engine/usage.js';

const config = { mode: 'test' } as ServerConfig;
const NOW = new Date('2026-03-01T00:00:00.000Z');
const testCard = (number: string) => ({ number, expMonth: 12, expYear: 2030, cvc: '123' });

describe('test-mode processor', () => {
  const ref = (n: string) => acceptTestCard(config, testCard(n), NOW, 'card').processorRef;

  test('documented cards behave as Stripe documents them', () => {
    assert.deepEqual(chargeOutcome(ref('4242 4242 4242 4242'), { firstUse: true, onSession: true }), { status: 'succeeded' });
    const decline = chargeOutcome(ref('4000000000000002'), { firstUse: true, onSession: true });
    assert.equal(decline.status, 'failed');
    assert.equal(decline.status === 'failed' && decline.declineCode, 'generic_decline');
    const expired = chargeOutcome(ref('4000000000000069'), { firstUse: false, onSession: true });
    assert.equal(expired.status === 'failed' && expired.code, 'expired_card');
    // 3155 asks for SCA on the first, on-session payment only; 3184 on every payment.
    assert.equal(chargeOutcome(ref('4000002500003155'), { firstUse: true, onSession: true }).status, 'requires_action');
    assert.equal(chargeOutcome(ref('4000002500003155'), { firstUse: false, onSession: true }).status, 'succeeded');
    assert.equal(chargeOutcome(ref('4000002760003184'), { firstUse: false, onSession: true }).status, 'requires_action');
    // 0341 attaches fine but every charge fails.
    assert.equal(setupOutcome(ref('4000000000000341')).status, 'succeeded');
    assert.equal(chargeOutcome(ref('4000000000000341'), { firstUse: false, onSession: true }).status, 'failed');
    assert.equal(setupOutcome(ref('4000000000009995')).status, 'failed');
  });

  test('hard declines are flagged never-retry', () => {
    for (const n of ['4100000000000019', '4000000000009987', '4000000000009979', '4000000000000069']) {
      const outcome = chargeOutcome(ref(n), { firstUse: false, onSession: true });
      assert.ok(outcome.status === 'failed' && outcome.hard && isHardDecline(outcome), n);
    }
    // Insufficient funds and Stripe's processing error (4000000000000119) may well pass later: retried.
    for (const n of ['4000000000009995', '4000000000000119', '4000000000000002']) {
      const soft = chargeOutcome(ref(n), { firstUse: false, onSession: true });
      assert.ok(soft.status === 'failed' && !soft.hard && !isHardDecline(soft), n);
    }
  });

  test('other numbers, past expiry and live mode are refused', () => {
    assert.throws(() => acceptTestCard(config, testCard('4111111111111111'), NOW, 'card'), { code: 'card_not_test_card', status: 402 });
    assert.throws(() => acceptTestCard(config, { ...testCard('4242424242424242'), expYear: 2026, expMonth: 2 }, NOW, 'card'), {
      code: 'invalid_expiry_year',
      param: 'card.expYear',
    });
    assert.doesNotThrow(() => acceptTestCard(config, { ...testCard('4242424242424242'), expYear: 2026, expMonth: 3 }, NOW, 'card'));
    assert.throws(() => acceptTestCard({ mode: 'live' } as ServerConfig, testCard('4242424242424242'), NOW, 'card'), {
      code: 'livemode_test_card',
      status: 400,
    });
  });

  test('the card holder can fail the SCA challenge', () => {
    assert.equal(challengeOutcome('approve').status, 'succeeded');
    const failed = challengeOutcome('fail');
    assert.ok(failed.status === 'failed' && failed.code === 'payment_intent_authentication_failure');
  });

  test('a saved card keeps its brand, last four digits and which test card it is', () => {
    const accepted = acceptTestCard(config, testCard('4000 0025 0000 3155'), NOW, 'card');
    assert.equal(accepted.last4, '3155');
    assert.equal(accepted.brand, 'visa');
    assert.equal(accepted.processorRef, 'test_card:4000002500003155');
  });
});

describe('CSV cells', () => {
  test('RFC 4180 quoting', () => {
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('two\nlines'), '"two\nlines"');
    assert.equal(csvCell(null), '');
    assert.equal(csvLine(['a', 1, null]), 'a,1,\r\n');
  });

  test('text that a spreadsheet would run as a formula is defused', () => {
    for (const formula of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) assert.ok(csvCell(formula).replace(/^"/, '').startsWith("'"), formula);
    assert.equal(csvCell('=HYPERLINK("http://x","y")'), `"'=HYPERLINK(""http://x"",""y"")"`);
    assert.equal(csvCell(-5), '-5');
  });
});

describe('usage projection', () => {
  const start = new Date('2026-03-01T00:00:00.000Z');
  const end = new Date('2026-04-01T00:00:00.000Z');
  test('scales usage from the elapsed time to the whole period, exactly', () => {
    assert.equal(projectUsage(8, start, end, new Date('2026-03-11T00:00:00.000Z')), 25); // 8 × 31/10 = 24.8
    assert.equal(projectUsage(10, start, end, new Date('2026-03-16T12:00:00.000Z')), 20);
    assert.equal(projectUsage(7, start, end, end), 7);
    assert.equal(projectUsage(7, start, end, start), 7);
    assert.equal(projectUsage(0, start, end, new Date('2026-03-05T00:00:00.000Z')), 0);
  });
});

describe('cursors', () => {
  test('round-trip, and anything else is a 400 on cursor', () => {
    const key = ['2026-03-01 00:00:00.123456+00', 'in_1'];
    assert.deepEqual(decodeCursor(encodeCursor(key), 2), key);
    for (const bad of ['not-a-cursor', Buffer.from('["x"]').toString('base64url'), Buffer.from('{"a":1}').toString('base64url')]) {
      assert.throws(() => decodeCursor(bad, 2), (err: { type?: string; code?: string; param?: string }) =>
        err.type === 'invalid_request_error' && err.code === 'invalid_cursor' && err.param === 'cursor');
    }
  });
});

describe('discounts', () => {
  const promo = { source: 'promo' as const, code: 'X', percentOff: 10, amountOff: null, currency: null, duration: 'repeating' as const, durationInPeriods: 2, periodsRemaining: 2 };
  test('a repeating discount runs out after its periods', () => {
    const once = consumeDiscountPeriod(promo);
    assert.equal(once?.periodsRemaining, 1);
    assert.equal(consumeDiscountPeriod(once), null);
    const forever = { ...promo, duration: 'forever' as const, periodsRemaining: null };
    assert.equal(consumeDiscountPeriod(forever), forever);
  });
  test('proration invoices take percentages, not fixed amounts', () => {
    assert.deepEqual(discountsFor(promo, 'proration'), [{ percentOff: 10, amountOff: null }]);
    const fixed = { ...promo, percentOff: null, amountOff: 500, currency: 'EUR' };
    assert.deepEqual(discountsFor(fixed, 'proration'), []);
    assert.deepEqual(discountsFor(fixed, 'period'), [{ percentOff: null, amountOff: 500 }]);
    assert.deepEqual(discountsFor({ ...promo, periodsRemaining: 0 }, 'period'), []);
  });
});

describe('signed totals of proration lines', () => {
  const vat = [{ id: 'vat', name: 'VAT 19%', percent: 19, inclusive: false }];
  const tenPercent = [{ percentOff: 10, amountOff: null }];
  test('a net credit is the exact mirror of the same net charge, discount and tax included', () => {
    const charge = signedTotals({ lines: [{ amount: -2450 }, { amount: 4301 }], discounts: tenPercent, taxRates: vat, creditBalance: 0 });
    const credit = signedTotals({ lines: [{ amount: 2450 }, { amount: -4301 }], discounts: tenPercent, taxRates: vat, creditBalance: 500 });
    // 18.51 − 10% (1.851 → 1.85) = 16.66; VAT 3.1654 → 3.17; 19.83.
    assert.deepEqual([charge.subtotal, charge.discountTotal, charge.tax, charge.total], [1851, 185, 317, 1983]);
    assert.deepEqual([credit.subtotal, credit.discountTotal, credit.tax, credit.total], [-1851, -185, -317, -1983]);
    assert.equal(credit.total, credit.subtotal - credit.discountTotal + credit.tax);
    // A credit pays nothing and takes nothing from the balance.
    assert.equal(credit.amountDue, 0);
    assert.equal(credit.creditApplied, 0);
  });
});

describe('proration of subscription items', () => {
  const seats = (id: string, quantity: number, unitAmount: number): SubscriptionItem => ({
    id,
    kind: 'plan',
    priceItemId: 'seats',
    addOnId: null,
    description: 'Seats',
    unitLabel: 'seat',
    metric: null,
    quantity,
    model: { type: 'per_unit', unitAmount },
  });
  const hours: SubscriptionItem = { ...seats('h', 0, 0), metric: 'hours', model: { type: 'metered', includedQuantity: 10, unitAmount: 500 } };

  test("$10 → $20 halfway is +$5 (Stripe's example); metered items are not prorated", () => {
    const result = prorate({
      oldItems: [seats('a', 1, 1000), hours],
      oldPlanName: 'Basic',
      newItems: [seats('b', 1, 2000), hours],
      newPlanName: 'Pro',
      periodStart: new Date('2026-03-01T00:00:00.000Z'),
      periodEnd: new Date('2026-04-01T00:00:00.000Z'),
      at: new Date('2026-03-16T12:00:00.000Z'),
      policy: 'second',
    });
    assert.deepEqual(result.lines.map((l) => [l.kind, l.amount, l.quantity]), [
      ['credit', -500, 1],
      ['charge', 1000, 1],
    ]);
    assert.equal(result.total, 500);
  });

  test('the day policy counts the day of the change as remaining', () => {
    const result = prorate({
      oldItems: [seats('a', 1, 3100)],
      oldPlanName: 'Basic',
      newItems: [],
      newPlanName: 'Basic',
      periodStart: new Date('2026-03-01T00:00:00.000Z'),
      periodEnd: new Date('2026-04-01T00:00:00.000Z'),
      at: new Date('2026-03-22T18:00:00.000Z'),
      policy: 'day',
    });
    assert.equal(result.total, -1000); // 10 of 31 days
  });
});
