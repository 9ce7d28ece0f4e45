import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import {
  ApiError,
  DEMO_BUYERS,
  createSubkitRouter,
  demoBuyer,
  errorBody,
  mintBuyerSession,
  type Database,
  type ServerConfig,
  type SubkitRouterOptions,
} from '@subkit/server';

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
}

/**
 * The demo merchant's Express app: the subkit API (under /v1, plus /openapi.json and /healthz), the
 * merchant's own "login" that mints buyer sessions server-side, and the storefront with the widget bundle.
 */
export function createReferenceApp(options: ReferenceAppOptions): Express {
  const { db, config } = options;
  const clock = options.clock ?? (() => new Date());
  const app = express();
  app.disable('x-powered-by');

  app.use(createSubkitRouter({ db, config, clock, ...(options.onError ? { onError: options.onError } : {}) }));

  // The merchant's own routes: in a real shop they sit behind the shop's login; here a select plays it.
  app.get('/storefront/buyers', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      object: 'list',
      data: DEMO_BUYERS.map(({ customerId, name, email, role, companyId, companyName }) => ({ customerId, name, email, role, companyId, companyName })),
    });
  });

  app.get('/storefront/config', (_req, res) => {
    res.json({ publishableKey: config.publishableKey, apiBase: '/', mode: config.mode, merchantName: config.merchantName });
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

  const elementsDir = options.elementsDir ?? ELEMENTS_DIST_DIR;
  const storefrontDir = options.storefrontDir ?? STOREFRONT_DIR;
  if (existsSync(elementsDir)) app.use('/subkit', express.static(elementsDir, { fallthrough: true }));
  if (existsSync(storefrontDir)) app.use(express.static(storefrontDir, { extensions: ['html'] }));

  return app;
}
