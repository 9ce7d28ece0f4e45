/**
 * The billing worker on its own: `pnpm --filter @subkit/reference-server worker` runs the billing run
 * every SUBKIT_WORKER_INTERVAL_SECONDS (default 60) against the configured database, SUBKIT_BILLING_BATCH_SIZE
 * subscriptions per transaction (default 500; see `pnpm --filter @subkit/server run bench:billing`); `-- --once` runs it
 * once and exits (for cron). Start as many as you like against one Postgres server (DATABASE_URL): they
 * share the work. A PGlite data folder belongs to one process, so with PGlite `npm start` runs the worker
 * inside the server instead (SUBKIT_WORKER=0 turns that off).
 */
import { ConfigError, DEFAULT_BATCH_SIZE, describeRun, startBillingWorker } from '@subkit/server';
import { openReference } from './setup.js';

async function main(): Promise<void> {
  const once = process.argv.includes('--once');
  const intervalSeconds = Number(process.env.SUBKIT_WORKER_INTERVAL_SECONDS ?? 60);
  if (!Number.isFinite(intervalSeconds) || intervalSeconds < 1) {
    throw new ConfigError(`SUBKIT_WORKER_INTERVAL_SECONDS must be a number of seconds ≥ 1, got "${process.env.SUBKIT_WORKER_INTERVAL_SECONDS}".`);
  }
  const batchSize = Number(process.env.SUBKIT_BILLING_BATCH_SIZE ?? DEFAULT_BATCH_SIZE);
  if (!Number.isSafeInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    throw new ConfigError(`SUBKIT_BILLING_BATCH_SIZE must be a whole number from 1 to 10000, got "${process.env.SUBKIT_BILLING_BATCH_SIZE}".`);
  }
  const { config, db, databaseUrl, dataDir } = await openReference({ seed: false });
  console.log(`[subkit worker] ${config.mode} mode, ${databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${dataDir}`}`);
  const worker = startBillingWorker(db, config, {
    schedule: !once,
    intervalMs: intervalSeconds * 1000,
    batchSize,
    onRun: (run) => console.log(`[subkit worker] ${describeRun(run)}`),
    onError: (err) => console.error('[subkit worker] billing run failed:', err),
  });
  if (once) {
    const run = await worker.runOnce();
    if (!run) console.log('[subkit worker] the test clock is being advanced; nothing to do now');
    await worker.stop();
    await db.close();
    return;
  }
  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    // A run in progress finishes its transaction; then the process leaves.
    void worker.stop().then(() => db.close()).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? `[subkit worker] configuration error: ${err.message}` : err);
  process.exit(1);
});
