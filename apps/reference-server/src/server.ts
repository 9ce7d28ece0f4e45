import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, createWebhookWorker, generateKeys, loadConfig, migrate, openDatabase, seedDemo } from '@subkit/server';
import { createReferenceApp } from './app.js';

const APP_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_DATA_DIR = join(APP_DIR, 'data', 'pglite');

/** Test-mode keys for `npm start` without SUBKIT_SECRET_KEY: made once, kept next to the data so restarts keep them. */
function localTestKeys(keysFile: string): { secretKey: string; publishableKey: string; created: boolean } {
  if (existsSync(keysFile)) {
    const stored = JSON.parse(readFileSync(keysFile, 'utf8')) as { secretKey: string; publishableKey: string };
    return { ...stored, created: false };
  }
  const keys = generateKeys('test');
  mkdirSync(dirname(keysFile), { recursive: true });
  writeFileSync(keysFile, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  return { ...keys, created: true };
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be a port number, got "${process.env.PORT}".`);
  const databaseUrl = process.env.DATABASE_URL;
  const dataDir = resolve(process.env.SUBKIT_DATA_DIR ?? DEFAULT_DATA_DIR);

  const env = { ...process.env };
  let generated: { created: boolean; file: string } | undefined;
  if (!env.SUBKIT_SECRET_KEY) {
    const file = join(databaseUrl ? join(APP_DIR, 'data') : dirname(dataDir), 'test-keys.json');
    const keys = localTestKeys(file);
    env.SUBKIT_SECRET_KEY = keys.secretKey;
    env.SUBKIT_PUBLISHABLE_KEY = keys.publishableKey;
    generated = { created: keys.created, file };
  }
  // The storefront is served from this very server, so its own origin is always allowed.
  const ownOrigins = [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
  env.SUBKIT_ALLOWED_ORIGINS = [...ownOrigins, ...(env.SUBKIT_ALLOWED_ORIGINS ?? '').split(',')].filter(Boolean).join(',');
  const config = loadConfig(env);

  const db = await openDatabase(databaseUrl ? { url: databaseUrl } : { dataDir });
  const applied = await migrate(db);
  if (process.env.SUBKIT_SEED !== '0') await seedDemo(db);

  const app = createReferenceApp({
    db,
    config,
    onError: (err, info) => {
      // Method, path and request id only: headers (tokens, keys) are never logged.
      console.error(`[subkit] ${info.requestId} ${info.method} ${info.path} failed:`, err);
    },
  });
  // Outbound webhooks are delivered from this process too (SUBKIT_WEBHOOK_WORKER=0 leaves it to another one).
  const webhooks =
    process.env.SUBKIT_WEBHOOK_WORKER === '0'
      ? undefined
      : createWebhookWorker({ db, config, onError: (err) => console.error('[subkit] webhook delivery failed:', err) });
  webhooks?.start();
  const server = app.listen(port, () => {
    const address = server.address();
    const actualPort = typeof address === 'object' && address ? address.port : port;
    const where = databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${dataDir}`;
    console.log(`[subkit] ${config.merchantName} — subkit reference server (${config.mode} mode, payments by ${config.payments === 'stripe' ? 'Stripe' : 'the test processor'})`);
    console.log(`[subkit] storage: ${where}${applied.length ? `; applied migrations ${applied.join(', ')}` : ''}`);
    if (generated) {
      console.log(`[subkit] SUBKIT_SECRET_KEY is not set: ${generated.created ? 'made' : 'using'} test-mode keys kept in ${generated.file}`);
      console.log(`[subkit]   secret key:      ${config.secretKey}`);
      console.log(`[subkit]   publishable key: ${config.publishableKey}`);
    }
    console.log(`[subkit] listening on http://localhost:${actualPort}  (API under /v1, docs at /openapi.json)`);
  });

  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    server.close(() => {
      // PGlite writes its data folder on close: wait for it (and the delivery in flight) before exiting.
      Promise.resolve(webhooks?.stop())
        .then(() => db.close())
        .then(
          () => process.exit(0),
          () => process.exit(1),
        );
    });
    server.closeAllConnections();
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? `[subkit] configuration error: ${err.message}` : err);
  process.exit(1);
});
