import { randomUUID } from 'node:crypto';
import { createServer, type RequestListener, type Server } from 'node:http';
import { ConfigError, createWebhookWorker, describeRun, startBillingWorker } from '@subkit/server';
import { createReferenceApp } from './app.js';
import { openReference } from './setup.js';

/**
 * Takes the port before anything else: a port already in use is refused with what to do, before the data
 * folder is opened (a second PGlite on the same folder is never started). Express's `app.listen` hands a
 * listen error to its callback, so a second `npm start` used to print "listening" while the first answered.
 */
function takePort(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') {
        reject(new ConfigError(`port ${port} is already in use (another subkit server, or another program, listens on it). Stop that one, or choose another port: PORT=${port === 8787 ? 8788 : port + 1} npm start`));
      } else if (err.code === 'EACCES') {
        reject(new ConfigError(`not allowed to listen on port ${port}; choose a port above 1023: PORT=8787 npm start`));
      } else reject(err);
    });
    server.listen(port, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be a port number, got "${process.env.PORT}".`);
  // Until the app is ready (migrations, seed), a request is answered 503 rather than left hanging.
  let handle: RequestListener = (_req, res) => {
    res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '2' });
    res.end(JSON.stringify({ error: { type: 'api_error', code: 'starting', message: 'The server is starting; try again in a moment.', requestId: `req_${randomUUID()}` } }));
  };
  const server = createServer((req, res) => handle(req, res));
  const actualPort = await takePort(server, port);
  const { config, db, databaseUrl, dataDir, applied, generated } = await openReference({ port: actualPort });

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
  handle = app;
  const where = databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${dataDir}`;
  console.log(`[subkit] ${config.merchantName} — subkit reference server (${config.mode} mode, payments by ${config.payments === 'stripe' ? 'Stripe' : 'the test processor'})`);
  console.log(`[subkit] storage: ${where}${applied.length ? `; applied migrations ${applied.join(', ')}` : ''}`);
  if (generated) {
    console.log(`[subkit] SUBKIT_SECRET_KEY is not set: ${generated.created ? 'made' : 'using'} test-mode keys kept in ${generated.file}`);
    console.log(`[subkit]   secret key:      ${config.secretKey}`);
    console.log(`[subkit]   publishable key: ${config.publishableKey}`);
  }
  console.log(`[subkit] listening on http://localhost:${actualPort}  (API under /v1, docs at /openapi.json)`);

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
