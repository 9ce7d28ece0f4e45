// A subkit server (for idempotency-crash.test.ts) whose company upsert kills its own process with SIGKILL
// right after the real handler committed: no answer is sent, no cleanup runs.
import type { AddressInfo } from 'node:net';
import { createSubkitApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/open.js';
import { handlers } from '../../src/handlers/index.js';
import { upsertCompany } from '../../src/handlers/platform/companies.js';

const db = await openDatabase({ url: process.env.CRASH_DATABASE_URL! });
const config = loadConfig({}, { secretKey: process.env.CRASH_SECRET_KEY!, publishableKey: process.env.CRASH_PUBLISHABLE_KEY!, allowedOrigins: ['https://shop.example'] });
const app = createSubkitApp({
  db,
  config,
  handlers: {
    ...handlers,
    upsertCompany: async (ctx, input) => {
      await upsertCompany(ctx, input);
      process.kill(process.pid, 'SIGKILL');
      throw new Error('unreachable');
    },
  },
});
const server = app.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
