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

  it('a name made only of what shows nothing (zero-width, joiners, BOM, combining marks alone, blanks) is a 400 naming the field, in every name field', async () => {
    const secret = server.config.secretKey;
    const invisible = ['\u200b', '\u200c\u200d', '\u2060', '\ufeff', '\u0301\u0308', ' \u200b\u00a0'];
    const counts = async () => (await server.db.query('SELECT (SELECT count(*) FROM companies)::int AS companies, (SELECT count(*) FROM members)::int AS members')).rows;
    const before = await counts();
    const problems: string[] = [];
    const expect400 = (what: string, res: Awaited<ReturnType<typeof server.request>>, param: string) => {
      const body = res.body as { error?: { param?: string; message?: string } };
      if (res.status !== 400 || body.error?.param !== param || !/visible character/.test(body.error?.message ?? '')) problems.push(`${what}: ${res.status} ${JSON.stringify(body).slice(0, 160)}`);
    };
    for (const name of invisible) {
      const label = JSON.stringify(name);
      expect400(`company ${label}`, await server.request('POST', '/v1/companies', { token: secret, body: { name, invoiceAllowed: true } }), 'name');
      expect400(`member ${label}`, await server.request('POST', '/v1/members', { token: admin, body: { customerId: 'acme-ghost', email: 'ghost@acme.example', name, role: 'viewer' } }), 'name');
      expect400(
        `checkout company ${label}`,
        await server.request('POST', '/v1/checkout/preview', {
          token: admin,
          headers: { origin: TEST_ORIGIN },
          body: { planId: 'plan_portal_starter', currency: 'EUR', recurring: { interval: 'month', intervalCount: 1 }, quantity: 5, billing: { companyName: name } },
        }),
        'billing.companyName',
      );
      expect400(`plan name ${label}`, await server.request('POST', '/v1/catalog/texts', { token: secret, body: { locale: 'ar', plans: { plan_portal_starter: { name } } } }), 'plans.plan_portal_starter.name');
    }
    assert.deepEqual(problems, []);
    assert.deepEqual(await counts(), before);
    // A name with a zero-width joiner or combining marks inside visible letters is a name: kept as sent.
    const joined = await server.request('POST', '/v1/companies', { token: secret, body: { name: 'Zoe\u0308 \u0915\u094d\u200d\u0937 GmbH', invoiceAllowed: true } });
    assert.equal(joined.status, 200, JSON.stringify(joined.body));
    assert.equal(joined.body.name, 'Zoe\u0308 \u0915\u094d\u200d\u0937 GmbH');
  });

  it('a refused request writes nothing', async () => {
    const before = await server.db.query('SELECT count(*)::int AS n FROM members');
    await server.request('POST', '/v1/members', { token: admin, body: { customerId: 'acme-y', email: 'nope', name: 'Y', role: 'viewer' } });
    const after = await server.db.query('SELECT count(*)::int AS n FROM members');
    assert.deepEqual(after.rows, before.rows);
  });
});
