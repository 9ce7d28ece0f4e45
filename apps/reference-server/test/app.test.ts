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

  it('tells the storefront its publishable key, never the secret one', async () => {
    const body = await json(await fetch(`${url}/storefront/config`));
    assert.equal(body.publishableKey, config.publishableKey);
    assert.ok(!JSON.stringify(body).includes(config.secretKey));
  });
});
