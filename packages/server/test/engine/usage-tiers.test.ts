import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { modelAmount, type PricingModel } from '@subkit/core';
import { startTestServer } from '../harness.js';
import type { TestServer } from '../harness.js';
import { checkout, expectError, expectStatus, IDS, MONTHLY } from '../billing/helpers.js';
import { advance, newCompany, payOpenInvoices } from './run-helpers.js';

// Service hours billed by tiers on a company's contract price: 5 included, hours 1–20 at 80.00,
// beyond at 60.00 with a 25.00 step fee (graduated), or all at the rate of the tier the total reaches (volume).
const TIERS = [
  { upTo: 20, unitAmount: 8000, flatAmount: 0 },
  { upTo: null, unitAmount: 6000, flatAmount: 2500 },
];

describe('metered usage priced by its tiers on the renewal invoice', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    server.clock.set(new Date('2027-03-10T09:00:00.000Z'));
  });
  after(() => server.close());

  async function contractFleet(tiersMode: 'graduated' | 'volume') {
    const company = await newCompany(server, { country: 'US', invoiceAllowed: true });
    const model: PricingModel = { type: 'metered', includedQuantity: 5, unitAmount: 0, tiers: TIERS, tiersMode };
    const price = await server.request('POST', '/v1/contract-prices', {
      token: server.config.secretKey,
      body: {
        companyId: company.id,
        planId: IDS.fleet,
        currency: 'USD',
        recurring: MONTHLY,
        items: [
          { id: 'vehicles', description: 'Vehicles', unitLabel: 'vehicle', model: { type: 'per_unit', unitAmount: 9000 } },
          { id: 'service_hours', description: 'Service hours', metric: 'service_hours', model },
        ],
      },
    });
    expectStatus(price, 200);
    return { company, model };
  }

  for (const mode of ['graduated', 'volume'] as const) {
    test(`${mode}: the closed period's hours are billed by the tiers, to the minor unit, as promised at the period end`, async () => {
      const { company, model } = await contractFleet(mode);
      let buyer = await company.client();
      const { subscription } = await checkout(buyer, { planId: IDS.fleet, currency: 'USD', recurring: MONTHLY, quantity: 2, trial: false, payment: { method: 'invoice' } });
      await payOpenInvoices(buyer);
      for (const hours of [12, 9, 7]) {
        expectStatus(await server.request('POST', '/v1/usage-records', { token: server.config.secretKey, body: { subscriptionId: subscription.id, metric: 'service_hours', quantity: hours } }), 200);
      }
      const end = subscription.currentPeriodEnd;
      await advance(server, { to: new Date(new Date(end).getTime() - 1000).toISOString() });
      buyer = await company.client();
      const promised = (await buyer.get(`/v1/subscriptions/${subscription.id}`)).body.nextInvoice;
      const report = await advance(server, { to: end });
      const issued = report.invoices.find((i: any) => i.subscriptionId === subscription.id);
      buyer = await company.client();
      const invoice = (await buyer.get(`/v1/invoices/${issued.id}`)).body;
      const hours = invoice.lines.find((l: any) => l.type === 'usage');
      assert.equal(hours.quantity, 28);
      // 28 hours, 5 included. Graduated: 15 × 80.00 (hours 6–20) + 8 × 60.00 + 25.00 (hours 21–28).
      // Volume: 28 falls in the second tier, so all 23 billed hours at 60.00, plus 25.00.
      const expected = mode === 'graduated' ? 15 * 8000 + 8 * 6000 + 2500 : 23 * 6000 + 2500;
      assert.equal(hours.amount, expected);
      assert.equal(hours.amount, modelAmount(model, 28).amount);
      assert.equal(hours.periodEnd, end, 'billed into the period that closed');
      assert.equal(invoice.subtotal, 2 * 9000 + expected, 'two vehicles for the new period plus the hours of the closed one');
      assert.equal(invoice.total, promised.total, 'the next invoice promised at the period end is what was billed');
    });
  }

  test('a contract price with malformed usage tiers, or tiers and a package size together, is refused', async () => {
    const company = await newCompany(server, { country: 'US' });
    const body = (model: unknown) => ({
      companyId: company.id,
      planId: IDS.fleet,
      currency: 'USD',
      recurring: MONTHLY,
      items: [{ id: 'service_hours', description: 'Hours', metric: 'service_hours', model }],
    });
    const open = { type: 'metered', includedQuantity: 0, unitAmount: 0, tiers: [{ upTo: null, unitAmount: 1, flatAmount: 0 }, { upTo: 9, unitAmount: 1, flatAmount: 0 }] };
    expectError(await server.request('POST', '/v1/contract-prices', { token: server.config.secretKey, body: body(open) }), 400, 'parameter_invalid', 'items.0.model.tiers');
    const both = { type: 'metered', includedQuantity: 0, unitAmount: 0, packageSize: 10, tiers: TIERS };
    expectError(await server.request('POST', '/v1/contract-prices', { token: server.config.secretKey, body: body(both) }), 400, 'parameter_invalid', 'items.0.model.packageSize');
  });
});
