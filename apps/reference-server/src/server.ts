import { ConfigError, createWebhookWorker, describeRun, startBillingWorker } from '@subkit/server';
import { createReferenceApp } from './app.js';
import { openReference } from './setup.js';

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be a port number, got "${process.env.PORT}".`);
  const { config, db, databaseUrl, dataDir, applied, generated } = await openReference({ port });

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

  // The billing worker runs inside the server for the demo (renewals, trials, dunning on the wall clock);
  // with Postgres, run `pnpm --filter @subkit/reference-server worker` processes instead (SUBKIT_WORKER=0 here).
  const worker =
    process.env.SUBKIT_WORKER === '0'
      ? null
      : startBillingWorker(db, config, {
          intervalMs: Number(process.env.SUBKIT_WORKER_INTERVAL_SECONDS ?? 60) * 1000,
          onRun: (run) => {
            if (run.report.renewals + run.report.payments.length + run.report.statusChanges.length > 0) console.log(`[subkit] ${describeRun(run)}`);
          },
          onError: (err) => console.error('[subkit] billing run failed:', err),
        });

  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    server.close(() => {
      // PGlite writes its data folder on close: wait for the billing run and the delivery in flight, then for it.
      Promise.all([worker?.stop(), webhooks?.stop()])
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
