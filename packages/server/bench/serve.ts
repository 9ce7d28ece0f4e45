// One server for the catalog benchmark, in its own process so the load generator does not share its CPU:
// `hello` is a bare Express hello-world; `subkit` is the subkit app on PGlite with the demo catalog.
import express from 'express';
import type { AddressInfo } from 'node:net';
import { createSubkitApp, generateKeys, loadConfig, migrate, mintBuyerSession, openDatabase, seedDemo } from '../src/index.js';

const kind = process.argv[2];
const app = express();
let extra: Record<string, string> = {};
if (kind === 'hello') {
  app.disable('x-powered-by');
  app.get('/hello', (_req, res) => {
    res.json({ hello: 'world' });
  });
} else {
  const keys = generateKeys('test');
  const config = loadConfig({}, { ...keys, allowedOrigins: ['http://127.0.0.1'] });
  const db = await openDatabase({ dataDir: 'memory://' });
  await migrate(db);
  await seedDemo(db);
  app.use(createSubkitApp({ db, config }));
  const session = await mintBuyerSession(db, config, new Date(), { customerId: 'acme-purchaser', companyId: 'co_acme', ttlSeconds: 3600 });
  extra = { publishableKey: keys.publishableKey, sessionToken: session.token };
}
const server = app.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.address() as AddressInfo).port, ...extra });
});
