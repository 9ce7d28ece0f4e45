// One server for the catalog benchmark, in its own process so the load generator does not share its CPU:
// `hello` is a bare Express hello-world; `subkit` is the subkit app on PGlite with the demo catalog and one
// subscription (bought through the API) whose change the preview benchmark prices.
// The parent asks for `stats` over IPC: CPU time spent by this process and its RSS.
import express from 'express';
import type { AddressInfo } from 'node:net';
import { createSubkitApp, generateKeys, loadConfig, migrate, mintBuyerSession, openDatabase, seedDemo } from '../src/index.js';

const ORIGIN = 'http://127.0.0.1';
const kind = process.argv[2];
const app = express();
let extra: Record<string, string> = {};
let afterListen: (port: number) => Promise<void> = async () => {};
if (kind === 'hello') {
  app.disable('x-powered-by');
  app.get('/hello', (_req, res) => {
    res.json({ hello: 'world' });
  });
} else {
  const keys = generateKeys('test');
  const config = loadConfig({}, { ...keys, allowedOrigins: [ORIGIN] });
  const db = await openDatabase({ dataDir: 'memory://' });
  await migrate(db);
  await seedDemo(db);
  app.use(createSubkitApp({ db, config }));
  const session = await mintBuyerSession(db, config, new Date(), { customerId: 'acme-purchaser', companyId: 'co_acme', origin: ORIGIN, ttlSeconds: 3600 });
  extra = { publishableKey: keys.publishableKey, sessionToken: session.token, origin: ORIGIN };
  afterListen = async (port) => {
    const res = await fetch(`http://127.0.0.1:${port}/v1/checkout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session.token}`, origin: ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify({
        planId: 'plan_portal_starter',
        currency: 'EUR',
        recurring: { interval: 'month', intervalCount: 1 },
        quantity: 5,
        payment: { method: 'invoice', poNumber: 'PO-BENCH' },
      }),
    });
    const body = (await res.json()) as { subscription?: { id: string; version: number } };
    if (!res.ok || !body.subscription) throw new Error(`bench checkout answered ${res.status}: ${JSON.stringify(body)}`);
    extra = { ...extra, subscriptionId: body.subscription.id, subscriptionVersion: String(body.subscription.version) };
  };
}

process.on('message', (message) => {
  if (message === 'stats') {
    const cpu = process.cpuUsage();
    process.send?.({ cpuMicros: cpu.user + cpu.system, rss: process.memoryUsage().rss });
  }
});
const server = app.listen(0, '127.0.0.1', async () => {
  const port = (server.address() as AddressInfo).port;
  await afterListen(port);
  process.send?.({ port, ...extra });
});
