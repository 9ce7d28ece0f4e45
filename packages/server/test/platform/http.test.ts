import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buyerEndpoints, merchantEndpoints } from '@subkit/core';
import { startTestServer, type TestServer } from '../harness.js';

describe('HTTP platform', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({
      handlers: {
        // Stands in for a handler with a bug: the client must not see its internals.
        listCompanies: async () => {
          throw new Error('connection to 10.0.0.5 refused; password=hunter2');
        },
      },
    });
  });
  after(() => server.close());

  it('GET /healthz answers ok with the storage kind', async () => {
    const res = await server.request('GET', '/healthz');
    assert.equal(res.status, 200);
    assert.equal(res.body.ok, true);
    assert.equal(res.body.database, process.env.SUBKIT_TEST_DB === 'postgres' ? 'postgres' : 'pglite');
  });

  it('GET /openapi.json documents every endpoint of the core table with its method, security and schemas', async () => {
    const res = await server.request('GET', '/openapi.json');
    assert.equal(res.status, 200);
    assert.equal(res.body.openapi, '3.1.0');
    for (const [name, endpoint] of Object.entries({ ...buyerEndpoints, ...merchantEndpoints })) {
      const path = endpoint.path.replace(/:(\w+)/g, '{$1}');
      const op = res.body.paths[path]?.[endpoint.method.toLowerCase()];
      assert.ok(op, `${name} is missing from the OpenAPI document`);
      assert.equal(op.operationId, name);
    }
    const checkout = res.body.paths['/v1/checkout'].post;
    assert.deepEqual(checkout.security, [{ buyerSession: [] }]);
    assert.ok(checkout.requestBody.content['application/json'].schema.properties, 'request body schema has properties');
    const invoice = res.body.paths['/v1/invoices/{invoiceId}'].get;
    assert.deepEqual(
      invoice.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`),
      ['path:invoiceId'],
    );
    const pdf = res.body.paths['/v1/invoices/{invoiceId}/pdf'].get;
    assert.ok(pdf.responses[200].content['application/pdf']);
    const companies = res.body.paths['/v1/companies'].get;
    assert.deepEqual(
      companies.parameters.map((p: { name: string; required: boolean }) => [p.name, p.required]),
      [
        ['limit', false],
        ['cursor', false],
      ],
    );
  });

  it('every response carries a Request-Id, and errors repeat it in the body', async () => {
    const ok = await server.request('GET', '/healthz');
    assert.match(ok.headers.get('request-id') ?? '', /^req_\w{20}$/);
    const err = await server.request('GET', '/v1/session');
    assert.equal(err.status, 401);
    assert.equal(err.body.error.requestId, err.headers.get('request-id'));
  });

  it('an unknown route under /v1 is a 404 in the error shape', async () => {
    const res = await server.request('GET', '/v1/no-such-thing', { token: server.config.secretKey });
    assert.equal(res.status, 404);
    assert.equal(res.body.error.type, 'not_found_error');
    assert.equal(res.body.error.code, 'route_not_found');
  });

  it('a body that is not JSON is a 400, not a 500', async () => {
    const res = await server.request('POST', '/v1/companies', { token: server.config.secretKey, body: '{"name": "Acme",' });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.type, 'invalid_request_error');
    assert.equal(res.body.error.code, 'invalid_json');
  });

  it('an unexpected handler error is a 500 api_error that leaks nothing', async () => {
    const res = await server.request('GET', '/v1/companies', { token: server.config.secretKey });
    assert.equal(res.status, 500);
    assert.equal(res.body.error.type, 'api_error');
    assert.doesNotMatch(JSON.stringify(res.body), /hunter2|10\.0\.0\.5|Error:|at /);
    assert.equal(server.serverErrors.length, 1, 'the host still learns about the failure');
    server.serverErrors.length = 0;
  });

  it('an endpoint without a handler answers 501 in the error shape, after authentication', async () => {
    const started = await startTestServer({ handlers: { listSubscriptions: undefined as never } });
    try {
      const unauthenticated = await started.request('GET', '/v1/subscriptions');
      assert.equal(unauthenticated.status, 401);
      const token = await started.mintSession('acme-viewer');
      const res = await started.request('GET', '/v1/subscriptions', { token });
      assert.equal(res.status, 501);
      assert.equal(res.body.error.type, 'api_error');
      assert.equal(res.body.error.code, 'not_implemented');
    } finally {
      await started.close();
    }
  });

  it('API responses are not cacheable', async () => {
    const res = await server.request('GET', '/v1/catalog', { token: server.config.publishableKey });
    assert.equal(res.headers.get('cache-control'), 'no-store');
  });
});
