import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, TEST_ORIGIN, type TestServer } from '../harness.js';

describe('input validation', () => {
  let server: TestServer;
  let admin: string;
  before(async () => {
    server = await startTestServer();
    admin = await server.mintSession('acme-admin');
  });
  after(() => server.close());

  it('a bad field is a 400 naming the field, with an English message', async () => {
    const res = await server.request('POST', '/v1/members', {
      token: admin,
      body: { customerId: 'acme-x', email: 'not-an-email', name: 'X', role: 'purchaser' },
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.type, 'invalid_request_error');
    assert.equal(res.body.error.code, 'parameter_invalid');
    assert.equal(res.body.error.param, 'email');
    assert.match(res.body.error.message, /email/i);
  });

  it('a missing field is reported as required', async () => {
    const res = await server.request('POST', '/v1/members', { token: admin, body: { email: 'x@acme-logistics.example', name: 'X', role: 'viewer' } });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.param, 'customerId');
    assert.match(res.body.error.message, /required/);
  });

  it('an enum value outside the list names the allowed values', async () => {
    const res = await server.request('PATCH', '/v1/members/mem_acme_viewer', { token: admin, body: { role: 'owner' } });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.param, 'role');
    assert.match(res.body.error.message, /billing_admin/);
  });

  it('nested fields are named by their dot path', async () => {
    const res = await server.request('POST', '/v1/contract-prices', {
      token: server.config.secretKey,
      body: {
        companyId: 'co_acme',
        planId: 'plan_portal_growth',
        currency: 'EUR',
        recurring: { interval: 'month', intervalCount: 1 },
        items: [{ id: 'seats', description: 'Seats', model: { type: 'per_unit', unitAmount: 12.5 } }],
      },
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.param, 'items.0.model.unitAmount');
  });

  it('query strings are validated too', async () => {
    const res = await server.request('GET', '/v1/companies?limit=0', { token: server.config.secretKey });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.param, 'limit');
    const currency = await server.request('GET', '/v1/catalog?currency=euro', { token: server.config.publishableKey });
    assert.equal(currency.status, 400);
    assert.equal(currency.body.error.param, 'currency');
  });

  it('a body that is not an object is a 400 without a param', async () => {
    const res = await server.request('POST', '/v1/members', { token: admin, body: '[1, 2]' });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.type, 'invalid_request_error');
  });

  it('text that would display otherwise than it is stored is refused where the PDFs and CSVs get it; marks and isolates pass', async () => {
    const secret = server.config.secretKey;
    const companies = () => server.db.query('SELECT count(*)::int AS n FROM companies');
    const before = await companies();
    // An override shows "ACME\u202egnp.exe" as "ACMEexe.png" on the invoice PDF, in the CSV, in the widgets.
    for (const [name, why] of [['ACME\u202egnp.exe', /override/], ['PO\u202aX', /embedding/], ['Bell\u0007Co', /control/], ['C1\u0085Co', /control/]] as const) {
      const res = await server.request('POST', '/v1/companies', { token: secret, body: { name, invoiceAllowed: true } });
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.error.param, 'name');
      assert.match(res.body.error.message, why);
    }
    assert.deepEqual((await companies()).rows, before.rows);
    const po = await server.request('POST', '/v1/checkout', {
      token: admin,
      headers: { origin: TEST_ORIGIN },
      body: { planId: 'plan_portal_starter', currency: 'EUR', recurring: { interval: 'month', intervalCount: 1 }, quantity: 5, payment: { method: 'invoice', poNumber: 'PO-1\u202e99' } },
    });
    assert.equal(po.status, 400, JSON.stringify(po.body));
    assert.equal(po.body.error.param, 'payment.poNumber');
    // Right-to-left text with isolates and marks, as Unicode recommends mixing directions, is kept as sent.
    const rtl = '\u2067شركة النور\u2069 \u200fLtd';
    const ok = await server.request('POST', '/v1/companies', { token: secret, body: { name: rtl } });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.name, rtl);
  });

  it('a refused request writes nothing', async () => {
    const before = await server.db.query('SELECT count(*)::int AS n FROM members');
    await server.request('POST', '/v1/members', { token: admin, body: { customerId: 'acme-y', email: 'nope', name: 'Y', role: 'viewer' } });
    const after = await server.db.query('SELECT count(*)::int AS n FROM members');
    assert.deepEqual(after.rows, before.rows);
  });
});
