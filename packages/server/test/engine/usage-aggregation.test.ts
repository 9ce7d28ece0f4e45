// Usage aggregation per meter without a database: how a period's records make the one quantity a
// renewal bills (Stripe's aggregate_usage: sum, max, last_during_period).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SubscriptionItem } from '@subkit/core';
import { aggregateUsage, aggregationsOf } from '../../src/engine/usage.js';

const metered = (metric: string, aggregation?: 'sum' | 'max' | 'last'): SubscriptionItem => ({
  id: `si_${metric}`,
  kind: 'plan',
  priceItemId: metric,
  addOnId: null,
  description: metric,
  unitLabel: null,
  metric,
  quantity: 1,
  model: { type: 'metered', includedQuantity: 0, unitAmount: 100, ...(aggregation ? { aggregation } : {}) },
});

describe('usage aggregation per meter', () => {
  const items = [metered('api_calls'), metered('storage_gb', 'max'), metered('seats_active', 'last')];
  const how = aggregationsOf(items);

  test('each metered item names its rule; sum when the price says nothing', () => {
    assert.deepEqual([...how], [['api_calls', 'sum'], ['storage_gb', 'max'], ['seats_active', 'last']]);
  });

  test('sum adds increments, and a set record restarts the running total from its value', () => {
    const entries = [
      { metric: 'api_calls', quantity: 100, action: 'increment' as const },
      { metric: 'api_calls', quantity: 50, action: 'increment' as const },
      { metric: 'api_calls', quantity: 20, action: 'set' as const },
      { metric: 'api_calls', quantity: 5, action: 'increment' as const },
    ];
    assert.deepEqual(aggregateUsage(entries, how), { api_calls: 25 });
  });

  test('max keeps the highest value reported in the period, whatever the order', () => {
    const entries = [40, 120, 75].map((quantity) => ({ metric: 'storage_gb', quantity, action: 'set' as const }));
    assert.deepEqual(aggregateUsage(entries, how), { storage_gb: 120 });
  });

  test('last keeps the latest value, even a lower one', () => {
    const entries = [12, 30, 9].map((quantity) => ({ metric: 'seats_active', quantity, action: 'increment' as const }));
    assert.deepEqual(aggregateUsage(entries, how), { seats_active: 9 });
  });

  test('meters aggregate independently in one period; a meter without records is absent (zero billed)', () => {
    const entries = [
      { metric: 'storage_gb', quantity: 10, action: 'set' as const },
      { metric: 'api_calls', quantity: 7, action: 'increment' as const },
      { metric: 'storage_gb', quantity: 4, action: 'set' as const },
      { metric: 'api_calls', quantity: 3, action: 'increment' as const },
    ];
    assert.deepEqual(aggregateUsage(entries, how), { storage_gb: 10, api_calls: 10 });
  });

  test('a metric no item prices sums (records of a removed item are not lost)', () => {
    assert.deepEqual(aggregateUsage([{ metric: 'legacy', quantity: 2, action: 'increment' }, { metric: 'legacy', quantity: 2, action: 'increment' }], how), { legacy: 4 });
  });
});
