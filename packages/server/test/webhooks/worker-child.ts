/**
 * A delivery worker in a process of its own, for the crash test: it opens the test's database
 * (CHILD_DATABASE_URL or CHILD_DATA_DIR) and delivers until it is killed.
 */
import { generateKeys } from '../../src/auth/keys.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/open.js';
import { createWebhookWorker } from '../../src/webhooks/index.js';

const url = process.env.CHILD_DATABASE_URL;
const db = await openDatabase(url ? { url } : { dataDir: process.env.CHILD_DATA_DIR! });
const worker = createWebhookWorker({ db, config: loadConfig({}, generateKeys('test')), leaseSeconds: 1, timeoutMs: 60_000, pollIntervalMs: 50 });
worker.start();
