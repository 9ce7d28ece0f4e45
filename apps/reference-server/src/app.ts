import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import {
  ApiError,
  DEMO_BUYERS,
  createSubkitRouter,
  engineClock,
  demoBuyer,
  errorBody,
  mintBuyerSession,
  mintMerchantSession,
  type Database,
  type ServerConfig,
  type SubkitRouterOptions,
} from '@subkit/server';
import { cspReportRoute, storefrontSecurityHeaders, type CspViolation } from './content-security.js';
import { mountReceivables } from './receivables.js';
import { mountTestClockPanel } from './test-clock.js';

const STOREFRONT_DIR = fileURLToPath(new URL('../../storefront/public/', import.meta.url));
const ELEMENTS_DIST_DIR = fileURLToPath(new URL('../../../packages/elements/dist/', import.meta.url));

/** What the merchant's app is built from. */
export interface ReferenceAppOptions {
  readonly db: Database;
  readonly config: ServerConfig;
  readonly clock?: () => Date;
  readonly onError?: SubkitRouterOptions['onError'];
  /** Where the storefront and the widget bundle are served from (defaults: the workspace's folders). */
  readonly storefrontDir?: string;
  readonly elementsDir?: string;
  /** Called with each Content-Security-Policy or Trusted Types violation a browser reports from the storefront. */
  readonly onCspViolation?: (violation: CspViolation) => void;
}

/**
 * The demo merchant's Express app: the subkit API (under /v1, plus /openapi.json and /healthz), the
 * merchant's own "login" that mints buyer sessions server-side, and the storefront with the widget bundle.
 */
export function createReferenceApp(options: ReferenceAppOptions): Express {
  const { db, config } = options;
  // Sessions are minted on the engine's clock (the test clock in test mode), like the API checks them.
  const clock = engineClock(db, config, options.clock);
  const app = express();
  app.disable('x-powered-by');

  // The router adds the test clock to the host's clock itself.
  app.use(createSubkitRouter({ db, config, ...(options.clock ? { clock: options.clock } : {}), ...(options.onError ? { onError: options.onError } : {}) }));

  // The merchant's own routes: in a real shop they sit behind the shop's login; here a select plays it.
  // Names as the database has them now (a company or member renamed through the API shows renamed).
  app.get('/storefront/buyers', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const { rows } = await db.query<{ id: string; name: string; email: string; company_name: string }>(
      'SELECT m.id, m.name, m.email, c.name AS company_name FROM members m JOIN companies c ON c.id = m.company_id WHERE m.id = ANY($1::text[])',
      [DEMO_BUYERS.map((b) => b.memberId)],
    );
    const current = new Map(rows.map((row) => [row.id, row]));
    res.json({
      object: 'list',
      data: DEMO_BUYERS.map(({ memberId, customerId, name, email, role, companyId, companyName }) => {
        const row = current.get(memberId);
        return { customerId, name: row?.name ?? name, email: row?.email ?? email, role, companyId, companyName: row?.company_name ?? companyName };
      }),
    });
  });

  app.get('/storefront/config', (_req, res) => {
    res.json({ publishableKey: config.publishableKey, apiBase: '/', mode: config.mode, merchantName: config.merchantName, payments: config.payments });
  });

  app.post('/storefront/session', express.json({ limit: '16kb' }), async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const requestId = `req_storefront_${Date.now().toString(36)}`;
    try {
      const customerId = (req.body as { customerId?: unknown } | undefined)?.customerId;
      if (typeof customerId !== 'string' || customerId === '') {
        throw new ApiError('invalid_request_error', 'parameter_missing', "'customerId' is required.", { param: 'customerId' });
      }
      const buyer = demoBuyer(customerId);
      if (!buyer) throw new ApiError('not_found_error', 'resource_missing', 'No such customer in this shop.', { param: 'customerId' });
      const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
      // The same code path as POST /v1/sessions: the browser never sees the secret key.
      const session = await mintBuyerSession(db, config, clock(), { customerId, companyId: buyer.companyId, origin });
      res.json({ token: session.token, expiresAt: session.expiresAt, customerId, companyId: buyer.companyId, role: session.role });
    } catch (err) {
      const apiError = err instanceof ApiError ? err : new ApiError('api_error', 'internal_error', 'Could not sign in.');
      if (!(err instanceof ApiError)) options.onError?.(err, { requestId, method: req.method, path: req.path });
      res.status(apiError.status).json(errorBody(apiError, requestId));
    }
  });

  // The merchant console's session (test mode only: the demo's own admin). A read-only merchant session
  // (metrics:read) bound to the calling origin; a real merchant mints it behind their admin login.
  app.post('/console/session', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const requestId = `req_console_${Date.now().toString(36)}`;
    try {
      if (config.mode !== 'test') throw new ApiError('not_found_error', 'route_not_found', 'The demo console exists in test mode only.');
      const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
      const session = await mintMerchantSession(db, config, clock(), { scopes: ['metrics:read'], origin });
      res.json({ token: session.token, expiresAt: session.expiresAt, scopes: session.scopes });
    } catch (err) {
      const apiError = err instanceof ApiError ? err : new ApiError('api_error', 'internal_error', 'Could not open the console.');
      if (!(err instanceof ApiError)) options.onError?.(err, { requestId, method: req.method, path: req.path });
      res.status(apiError.status).json(errorBody(apiError, requestId));
    }
  });

  app.use(cspReportRoute(options.onCspViolation ?? (() => {})));

  // The demo's test-clock panel (test mode only).
  mountTestClockPanel(app, { db, config, clock, onError: options.onError });
  // The console's open invoices and their "record bank transfer" (test mode only).
  mountReceivables(app, { config, onError: options.onError });

  // The storefront and the widget bundle are served under a strict CSP with Trusted Types (content-security.ts).
  const elementsDir = options.elementsDir ?? ELEMENTS_DIST_DIR;
  const storefrontDir = options.storefrontDir ?? STOREFRONT_DIR;
  const secured = storefrontSecurityHeaders({ stripe: config.payments === 'stripe' });
  if (existsSync(elementsDir)) app.use('/subkit', secured, express.static(elementsDir, { fallthrough: true }));
  if (existsSync(storefrontDir)) app.use(secured, express.static(storefrontDir, { extensions: ['html'] }));

  return app;
}
