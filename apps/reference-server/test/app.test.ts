import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateKeys, loadConfig, type Database, type ServerConfig } from '@subkit/server';
import { openTestDatabase } from '../../../packages/server/test/harness.js';
import { createReferenceApp } from '../src/app.js';

/** A response body as JSON, untyped: the assertions check its shape. */
const json = (res: Response): Promise<any> => res.json();

const SHOP = 'http://localhost:8787';

describe('reference server app', () => {
  let db: Database;
  let drop: () => Promise<void>;
  let server: Server;
  let url: string;
  let config: ServerConfig;
  let staticDir: string;

  before(async () => {
    ({ db, drop } = await openTestDatabase());
    config = loadConfig({}, { ...generateKeys('test'), allowedOrigins: [SHOP] });
    staticDir = mkdtempSync(join(tmpdir(), 'subkit-ref-'));
    mkdirSync(join(staticDir, 'storefront'));
    mkdirSync(join(staticDir, 'elements'));
    writeFileSync(join(staticDir, 'storefront', 'index.html'), '<!doctype html><title>Northwind</title><subkit-plan-picker></subkit-plan-picker>');
    writeFileSync(join(staticDir, 'elements', 'subkit.js'), 'export const loaded = true;');
    const app = createReferenceApp({ db, config, storefrontDir: join(staticDir, 'storefront'), elementsDir: join(staticDir, 'elements') });
    server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await db.close();
    await drop();
    rmSync(staticDir, { recursive: true, force: true });
  });

  it('serves the API, /healthz and /openapi.json', async () => {
    assert.equal((await fetch(`${url}/healthz`)).status, 200);
    const openapi = await json(await fetch(`${url}/openapi.json`));
    assert.ok(openapi.paths['/v1/catalog']);
    const catalog = await fetch(`${url}/v1/catalog`, { headers: { authorization: `Bearer ${config.publishableKey}` } });
    assert.equal(catalog.status, 200);
  });

  it('lists the demo buyers for the "signed in as" switch, without any key', async () => {
    const res = await fetch(`${url}/storefront/buyers`);
    const body = await json(res);
    assert.equal(body.data.length, 6);
    assert.deepEqual(
      body.data.filter((b: { companyId: string }) => b.companyId === 'co_acme').map((b: { role: string }) => b.role),
      ['viewer', 'purchaser', 'billing_admin'],
    );
    assert.ok(!JSON.stringify(body).includes(config.secretKey));
  });

  it('signs a demo buyer in: a session bound to the calling origin, minted without the browser seeing the secret key', async () => {
    const res = await fetch(`${url}/storefront/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: SHOP },
      body: JSON.stringify({ customerId: 'globex-purchaser' }),
    });
    assert.equal(res.status, 200);
    const body = await json(res);
    assert.match(body.token, /^bs_test_/);
    assert.ok(Date.parse(body.expiresAt) > Date.now());
    assert.ok(!JSON.stringify(body).includes(config.secretKey));

    const me = await fetch(`${url}/v1/session`, { headers: { authorization: `Bearer ${body.token}`, origin: SHOP } });
    assert.equal(me.status, 200);
    const info = await json(me);
    assert.equal(info.member.customerId, 'globex-purchaser');
    assert.equal(info.company.name, 'Globex Corporation');
    const elsewhere = await fetch(`${url}/v1/session`, { headers: { authorization: `Bearer ${body.token}`, origin: 'https://evil.example' } });
    assert.equal(elsewhere.status, 401);
  });

  it('refuses to sign in an unknown or missing customer', async () => {
    const unknown = await fetch(`${url}/storefront/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customerId: 'mallory' }),
    });
    assert.equal(unknown.status, 404);
    assert.equal((await json(unknown)).error.param, 'customerId');
    const missing = await fetch(`${url}/storefront/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(missing.status, 400);
  });

  it('serves the storefront at / and the widget bundle at /subkit/', async () => {
    const page = await fetch(`${url}/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<subkit-plan-picker>/);
    const bundle = await fetch(`${url}/subkit/subkit.js`);
    assert.equal(bundle.status, 200);
    assert.match(bundle.headers.get('content-type') ?? '', /javascript/);
  });

  it("moves the test clock for the storefront's panel by a day, a week or a month, and says what happened to the buyer's company", async () => {
    const clock = await json(await fetch(`${url}/storefront/test-clock`));
    assert.deepEqual(clock.steps, ['P1D', 'P7D', 'P1M']);
    const post = (body: unknown) =>
      fetch(`${url}/storefront/test-clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    for (const [body, param] of [[{ by: 'P10Y' }, 'by'], [{}, 'by'], [{ by: 1 }, 'by'], [{ by: 'P1D', customerId: 'mallory' }, 'customerId']] as const) {
      const res = await post(body);
      assert.ok(res.status === 400 || res.status === 404, `${JSON.stringify(body)}: ${res.status}`);
      assert.equal((await json(res)).error.param, param);
    }
    const res = await post({ by: 'P1D', customerId: 'globex-admin' });
    assert.equal(res.status, 200);
    const moved = await json(res);
    assert.equal(Date.parse(moved.now) - Date.parse(moved.from), 86_400_000);
    assert.ok(Date.parse(moved.from) >= Date.parse(clock.now));
    for (const item of [...moved.invoices, ...moved.payments, ...moved.statusChanges]) assert.equal(item.companyId, 'co_globex');
    assert.equal(typeof moved.elsewhere, 'number');
    const after = await json(await fetch(`${url}/storefront/test-clock`));
    assert.ok(Date.parse(after.now) >= Date.parse(moved.now));
  });

  it("lists the console's open invoices and records a transfer through subkit's API; odd invoice ids get subkit's 4xx, never a 5xx", async () => {
    const listed = await fetch(`${url}/console/receivables`);
    assert.equal(listed.status, 200);
    assert.equal((await json(listed)).object, 'list');
    for (const id of ['in_nope', '%00', 'a'.repeat(300), '..%2F..%2Fv1%2Fsessions', '%E0%A4%A', 'in_x%22%3E']) {
      const res = await fetch(`${url}/console/receivables/${id}/record`, { method: 'POST' });
      assert.ok(res.status >= 400 && res.status < 500, `${id.slice(0, 30)}: ${res.status}`);
      assert.equal(typeof (await json(res)).error?.message, 'string');
    }
  });

  it('has no test clock panel in live mode', async () => {
    const stripe = { secretKey: 'sk_live_never_called', publishableKey: 'pk_live_never_called', webhookSecret: 'whsec_never_called' };
    const live = loadConfig({}, { ...generateKeys('live'), payments: 'stripe', stripe, allowedOrigins: [SHOP] });
    assert.equal(live.mode, 'live');
    const app = createReferenceApp({ db, config: live, storefrontDir: join(staticDir, 'storefront'), elementsDir: join(staticDir, 'elements') });
    const liveServer: Server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const liveUrl = `http://127.0.0.1:${(liveServer.address() as AddressInfo).port}`;
      assert.equal((await fetch(`${liveUrl}/storefront/test-clock`)).status, 404);
      const res = await fetch(`${liveUrl}/storefront/test-clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"by":"P1D"}' });
      assert.equal(res.status, 404);
      assert.equal((await json(await fetch(`${liveUrl}/storefront/config`))).mode, 'live');
      // Nor the console's open invoices: in live mode the merchant's own admin does that.
      assert.equal((await fetch(`${liveUrl}/console/receivables`)).status, 404);
      assert.equal((await fetch(`${liveUrl}/console/receivables/in_x/record`, { method: 'POST' })).status, 404);
    } finally {
      liveServer.closeAllConnections();
      await new Promise((resolve) => liveServer.close(resolve));
    }
  });

  it('tells the storefront its publishable key, never the secret one', async () => {
    const body = await json(await fetch(`${url}/storefront/config`));
    assert.equal(body.publishableKey, config.publishableKey);
    assert.ok(!JSON.stringify(body).includes(config.secretKey));
  });
});
