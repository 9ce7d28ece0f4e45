import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  Amount,
  ApiErrorBody,
  CheckoutRequest,
  Money,
  Name,
  PlanTexts,
  PricingModel,
  Subscription,
  SubscriptionChangeRequest,
  buyerEndpoints,
  can,
  merchantEndpoints,
  permissionsFor,
} from '../../src/index.js';

describe('money on the wire', () => {
  it('accepts integer minor units and rejects floats, NaN and unsafe integers', () => {
    assert.equal(Amount.safeParse(1999).success, true);
    assert.equal(Amount.safeParse(-500).success, true);
    assert.equal(Amount.safeParse(19.99).success, false);
    assert.equal(Amount.safeParse(Number.NaN).success, false);
    assert.equal(Amount.safeParse(Number.MAX_SAFE_INTEGER + 2).success, false);
    assert.equal(Amount.safeParse('1999').success, false);
  });

  it('requires an upper-case ISO 4217 currency beside an amount', () => {
    assert.equal(Money.safeParse({ amount: 100, currency: 'EUR' }).success, true);
    assert.equal(Money.safeParse({ amount: 100, currency: 'eur' }).success, false);
    assert.equal(Money.safeParse({ amount: 100 }).success, false);
  });
});

describe('names people read', () => {
  it('refuse text made only of what shows nothing: zero-width characters, joiners, BOM, combining marks alone, blanks', () => {
    const blank = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u3164', '\u2800', '\u0301', '\u0301\u0308\u20dd', ' ', '\u00a0\u3000', '\t\n', ' \u200b\ufe0f '];
    for (const text of blank) {
      assert.equal(Name.safeParse(text).success, false, JSON.stringify(text));
      // The same rule for a plan's name in a language (the catalog texts).
      assert.equal(PlanTexts.safeParse({ name: text }).success, false, `plan name ${JSON.stringify(text)}`);
    }
  });

  it('keep every script, and invisible characters inside visible text (a ZWJ in Devanagari, a combining umlaut)', () => {
    for (const text of ['Acme', 'Zoe\u0308', '\u0915\u094d\u200d\u0937', 'شركة', '株式会社', '\u200bAcme', 'A', 'Ünal Ltd.']) {
      assert.equal(Name.safeParse(text).success, true, JSON.stringify(text));
      assert.equal(PlanTexts.safeParse({ name: text }).success, true, `plan name ${JSON.stringify(text)}`);
    }
  });
});

describe('pricing models', () => {
  it('discriminates by type and validates each model', () => {
    assert.equal(PricingModel.safeParse({ type: 'package', packageSize: 10, packageAmount: 500 }).success, true);
    assert.equal(PricingModel.safeParse({ type: 'package', packageSize: 0, packageAmount: 500 }).success, false);
    assert.equal(PricingModel.safeParse({ type: 'graduated', tiers: [] }).success, false);
    assert.equal(
      PricingModel.safeParse({ type: 'volume', tiers: [{ upTo: 10, unitAmount: 100, flatAmount: 0 }, { upTo: null, unitAmount: 80, flatAmount: 0 }] }).success,
      true,
    );
    assert.equal(PricingModel.safeParse({ type: 'metered', includedQuantity: 100, unitAmount: 2.5 }).success, false);
    assert.equal(PricingModel.safeParse({ type: 'bogus', amount: 1 }).success, false);
  });
});

describe('requests', () => {
  const base = { planId: 'plan_growth', currency: 'EUR', recurring: { interval: 'month', intervalCount: 1 } };

  it('takes pay-by-invoice with a PO number, and names the offending field when wrong', () => {
    assert.equal(CheckoutRequest.safeParse({ ...base, payment: { method: 'invoice', poNumber: 'PO-1' } }).success, true);
    const bad = CheckoutRequest.safeParse({ ...base, quantity: 0, payment: { method: 'invoice' } });
    assert.equal(bad.success, false);
    assert.deepEqual(bad.error?.issues[0]?.path, ['quantity']);
  });

  it('rejects an unknown payment method and a quarter interval count of 0', () => {
    assert.equal(CheckoutRequest.safeParse({ ...base, payment: { method: 'cash' } }).success, false);
    assert.equal(
      CheckoutRequest.safeParse({ ...base, recurring: { interval: 'quarter', intervalCount: 0 }, payment: { method: 'invoice' } }).success,
      false,
    );
  });

  it('guards changes with the version the buyer saw', () => {
    assert.equal(SubscriptionChangeRequest.safeParse({ quantity: 5 }).success, false);
    assert.equal(SubscriptionChangeRequest.safeParse({ expectedVersion: 3, quantity: 5 }).success, true);
  });

  it('has one error shape with a type', () => {
    assert.equal(ApiErrorBody.safeParse({ error: { type: 'conflict_error', code: 'version_conflict', message: 'stale', requestId: 'req_1' } }).success, true);
    assert.equal(ApiErrorBody.safeParse({ error: { type: 'oops', code: 'x', message: 'y', requestId: 'r' } }).success, false);
  });

  it('rejects a subscription whose status is unknown', () => {
    assert.equal(Subscription.safeParse({ status: 'zombie' }).success, false);
  });
});

describe('roles', () => {
  it('grants each role a superset of the one below', () => {
    for (const p of permissionsFor('viewer')) assert.ok(can('purchaser', p));
    for (const p of permissionsFor('purchaser')) assert.ok(can('billing_admin', p));
    assert.equal(can('viewer', 'checkout:create'), false);
    assert.equal(can('purchaser', 'subscriptions:cancel'), false);
    assert.equal(can('purchaser', 'payment_methods:manage'), false);
    assert.equal(can('billing_admin', 'members:manage'), true);
  });
});

describe('endpoint table', () => {
  const all = { ...buyerEndpoints, ...merchantEndpoints };

  it('declares a params schema for exactly the parameters of each path', () => {
    for (const [name, e] of Object.entries(all)) {
      const inPath = [...e.path.matchAll(/:(\w+)/g)].map((m) => m[1]).sort();
      const declared = 'params' in e && e.params ? Object.keys(e.params.def.shape).sort() : [];
      assert.deepEqual(declared, inPath, name);
    }
  });

  it('gives every session endpoint a permission and every JSON endpoint a response schema', () => {
    for (const [name, e] of Object.entries(all)) {
      if (e.auth === 'session') assert.ok('permission' in e && e.permission, name);
      assert.ok(('response' in e && e.response) || ('produces' in e && e.produces), name);
    }
  });

  it('has no two endpoints on the same method and path', () => {
    const keys = Object.values(all).map((e) => `${e.method} ${e.path}`);
    assert.equal(new Set(keys).size, keys.length);
  });
});
