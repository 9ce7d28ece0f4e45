import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../harness.js';

describe('companies', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  const call = (method: string, path: string, body?: unknown) => server.request(method, path, { token: server.config.secretKey, ...(body ? { body } : {}) });

  it('gets a demo company; an unknown id is a 404', async () => {
    const acme = await call('GET', '/v1/companies/co_acme');
    assert.equal(acme.status, 200);
    assert.equal(acme.body.name, 'Acme Logistics GmbH');
    assert.deepEqual(acme.body.taxId, { country: 'DE', value: 'DE123456789' });
    assert.equal(acme.body.invoiceAllowed, true);
    assert.equal((await call('GET', '/v1/companies/co_nope')).status, 404);
  });

  it('creates a company with defaults and normalises its tax id', async () => {
    const res = await call('POST', '/v1/companies', {
      name: 'Stark Industrial BV',
      taxId: { country: 'NL', value: 'nl 8035.75.112.B01' },
      billingAddress: { line1: 'Keizersgracht 1', city: 'Amsterdam', postalCode: '1015 CJ', country: 'NL' },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.match(res.body.id, /^co_/);
    assert.equal(res.body.taxId.value, 'NL803575112B01');
    assert.equal(res.body.paymentTermsDays, 30);
    assert.equal(res.body.invoiceAllowed, true);
    assert.equal(res.body.preferredCurrency, null);
  });

  it('updates only the fields given', async () => {
    const created = await call('POST', '/v1/companies', { name: 'Wayne Freight', billingEmail: 'ap@wayne.example', paymentTermsDays: 45 });
    const updated = await call('POST', '/v1/companies', { id: created.body.id, name: 'Wayne Freight Inc.', invoiceAllowed: false });
    assert.equal(updated.status, 200);
    assert.equal(updated.body.name, 'Wayne Freight Inc.');
    assert.equal(updated.body.billingEmail, 'ap@wayne.example');
    assert.equal(updated.body.paymentTermsDays, 45);
    assert.equal(updated.body.invoiceAllowed, false);
    assert.equal(updated.body.createdAt, created.body.createdAt);
    const cleared = await call('POST', '/v1/companies', { id: created.body.id, name: 'Wayne Freight Inc.', billingEmail: null });
    assert.equal(cleared.body.billingEmail, null);
  });

  it('refuses a tax id that fails its country rule, naming taxId.value', async () => {
    const res = await call('POST', '/v1/companies', { name: 'Bad VAT GmbH', taxId: { country: 'DE', value: 'DE12345' } });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.param, 'taxId.value');
    assert.match(res.body.error.message, /DE12345/);
  });

  it('lists companies newest first across pages without repeats', async () => {
    for (let i = 0; i < 5; i++) await call('POST', '/v1/companies', { name: `Paged ${i}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { status: number; body: { data: { id: string }[]; nextCursor: string | null; hasMore: boolean } } = await call(
        'GET',
        `/v1/companies?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      assert.equal(res.status, 200);
      assert.ok(res.body.data.length <= 2);
      seen.push(...res.body.data.map((c) => c.id));
      cursor = res.body.nextCursor;
      assert.equal(res.body.hasMore, cursor !== null);
      pages++;
    } while (cursor && pages < 50);
    const total = await server.db.query('SELECT id FROM companies');
    assert.equal(seen.length, total.rowCount);
    assert.equal(new Set(seen).size, seen.length);
    const forged = Buffer.from(JSON.stringify(['yesterday', 'co_acme'])).toString('base64url');
    for (const cursor of ['garbage', forged]) {
      const bad = await call('GET', `/v1/companies?cursor=${cursor}`);
      assert.equal(bad.status, 400, cursor);
      assert.equal(bad.body.error.param, 'cursor');
    }
  });
});
