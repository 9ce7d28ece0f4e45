import express, { type Request, type Response, type Router } from 'express';
import { buyerEndpoints, merchantEndpoints, type Endpoint } from '@subkit/core';
import { authenticate } from '../auth/authenticate.js';
import type { HandlerInput, RequestContext, ServerConfig } from '../context.js';
import type { Database } from '../db/types.js';
import { ApiError } from '../errors.js';
import { handlers as builtInHandlers } from '../handlers/index.js';
import type { FileResponse, Handlers } from '../handlers/types.js';
import { randomBase62 } from '../ids.js';
import {
  checkIdempotencyKey,
  claimIdempotencyKey,
  completeIdempotencyKey,
  idempotencyScope,
  releaseIdempotencyKey,
  requestFingerprint,
} from '../idempotency/index.js';
import { buildOpenApi } from '../openapi.js';
import { stripeEventAppliers } from '../payments/stripe/appliers.js';
import { STRIPE_WEBHOOK_PATH, stripeWebhookHandlers } from '../payments/stripe/webhook-route.js';
import { cors } from './cors.js';
import { errorBody, toApiError } from './errors.js';
import { validate } from './validate.js';

/** What the subkit router needs. */
export interface SubkitRouterOptions {
  readonly db: Database;
  readonly config: ServerConfig;
  /** Handlers by endpoint name (default: every built-in handler); endpoints without one answer 501. */
  readonly handlers?: Partial<Handlers>;
  /** The clock behind `ctx.now()` and session expiry; tests move it. Defaults to the wall clock. */
  readonly clock?: () => Date;
  /** Check every JSON response against its schema (tests turn it on; a mismatch answers 500). */
  readonly validateResponses?: boolean;
  /** Called with every unexpected (500) error, for the host's logs; never given headers or tokens. */
  readonly onError?: (err: unknown, info: { requestId: string; method: string; path: string; endpoint?: string }) => void;
}

/** Every endpoint of the API by handler name. */
export const allEndpoints: Readonly<Record<string, Endpoint>> = { ...buyerEndpoints, ...merchantEndpoints };

const MUTATING = new Set(['POST', 'PATCH', 'DELETE']);

type AnyHandler = (ctx: RequestContext, input: HandlerInput) => Promise<unknown>;

function isFileResponse(value: unknown): value is FileResponse {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'file';
}

function requestIdOf(res: Response): string {
  return res.locals.requestId as string;
}

function sendError(res: Response, err: ApiError): void {
  res.status(err.status).json(errorBody(err, requestIdOf(res)));
}

/**
 * The subkit API as an Express router, to mount in a merchant's app: `/v1/*` from the endpoint table of
 * `@subkit/core`, `GET /openapi.json` and `GET /healthz`. Each call passes CORS, JSON parsing, authentication,
 * the role's permission, schema validation and the Idempotency-Key check before its handler runs.
 */
export function createSubkitRouter(options: SubkitRouterOptions): Router {
  const { db, config } = options;
  const handlers = options.handlers ?? builtInHandlers;
  const clock = options.clock ?? (() => new Date());
  const router = express.Router();

  router.use((_req, res, next) => {
    const requestId = `req_${randomBase62(20)}`;
    res.locals.requestId = requestId;
    res.setHeader('Request-Id', requestId);
    next();
  });

  let openApi: unknown;
  router.get('/openapi.json', (_req, res) => {
    openApi ??= buildOpenApi(config);
    res.json(openApi);
  });

  router.get('/healthz', async (_req, res) => {
    try {
      await db.query('SELECT 1');
      res.json({ ok: true, database: db.kind, payments: config.payments, mode: config.mode });
    } catch {
      res.status(503).json({ ok: false, database: db.kind });
    }
  });

  router.use('/v1', cors(config.allowedOrigins), (_req, res, next) => {
    // Responses carry tokens and company data: no shared or browser caches.
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  // Stripe signs the raw body, so its webhook route reads the body itself, before the JSON parser.
  router.post(STRIPE_WEBHOOK_PATH, ...stripeWebhookHandlers({ db, config, clock, appliers: stripeEventAppliers, ...(options.onError ? { onError: options.onError } : {}) }));
  router.use('/v1', express.json({ limit: '1mb' }));

  // Static segments must win over `:param` ones (`/v1/invoices/export.csv` before `/v1/invoices/:invoiceId`).
  const ordered = Object.entries(allEndpoints).sort(([, a], [, b]) => a.path.split(':').length - b.path.split(':').length);
  for (const [name, endpoint] of ordered) {
    const method = endpoint.method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete';
    router[method](endpoint.path, (req, res) => serve(name, endpoint, req, res));
  }

  async function serve(name: string, endpoint: Endpoint, req: Request, res: Response): Promise<void> {
    const requestId = requestIdOf(res);
    let claimed: { scope: string; key: string } | undefined;
    try {
      const now = clock();
      const principal = await authenticate(req, endpoint, { db, config, now });
      const input: HandlerInput = {
        params: endpoint.params ? validate(endpoint.params, req.params, 'params') : {},
        query: endpoint.query ? validate(endpoint.query, { ...req.query }, 'query') : {},
        body: endpoint.body ? validate(endpoint.body, req.body ?? {}, 'body') : undefined,
      };
      const handler = handlers[name as keyof Handlers] as AnyHandler | undefined;
      if (!handler) {
        throw new ApiError('api_error', 'not_implemented', `The endpoint ${endpoint.method} ${endpoint.path} is not available on this server yet.`, {
          status: 501,
        });
      }

      const key = req.headers['idempotency-key'];
      if (MUTATING.has(endpoint.method) && typeof key === 'string') {
        checkIdempotencyKey(key);
        const scope = idempotencyScope(principal);
        const path = req.baseUrl + req.path;
        const claim = await claimIdempotencyKey(db, {
          scope,
          key,
          method: endpoint.method,
          path,
          fingerprint: requestFingerprint(endpoint.method, path, req.body ?? null),
        });
        if (claim.kind === 'replay') {
          res.setHeader('Idempotent-Replayed', 'true');
          res.status(claim.status).json(claim.body);
          return;
        }
        claimed = { scope, key };
      }

      const ctx: RequestContext = { db, config, principal, requestId, now: clock };
      const result = await handler(ctx, input);

      if (isFileResponse(result)) {
        res.status(200);
        res.setHeader('Content-Type', result.contentType === 'text/csv' ? 'text/csv; charset=utf-8' : result.contentType);
        res.setHeader('Content-Disposition', `attachment; filename="${result.filename.replace(/["\\\r\n]/g, '_')}"`);
        res.send(typeof result.body === 'string' ? result.body : Buffer.from(result.body));
        if (claimed) await completeIdempotencyKey(db, claimed.scope, claimed.key, 200, null);
        return;
      }
      if (options.validateResponses && endpoint.response) {
        const check = endpoint.response.safeParse(result);
        if (!check.success) {
          const issue = check.error.issues[0];
          throw new Error(`${name} answered with a body that does not match its schema: ${issue?.path.join('.')} ${issue?.message}`);
        }
      }
      if (claimed) await completeIdempotencyKey(db, claimed.scope, claimed.key, 200, result);
      res.status(200).json(result);
    } catch (err) {
      const apiError = toApiError(err);
      if (apiError.status >= 500 && !(err instanceof ApiError && apiError.status === 501)) {
        options.onError?.(err, { requestId, method: req.method, path: req.baseUrl + req.path, endpoint: name });
      }
      if (claimed) {
        try {
          if (apiError.status >= 500) await releaseIdempotencyKey(db, claimed.scope, claimed.key);
          else await completeIdempotencyKey(db, claimed.scope, claimed.key, apiError.status, errorBody(apiError, requestId));
        } catch (storeError) {
          options.onError?.(storeError, { requestId, method: req.method, path: req.baseUrl + req.path, endpoint: name });
        }
      }
      if (!res.headersSent) sendError(res, apiError);
    }
  }

  router.use('/v1', (req, res) => {
    sendError(res, new ApiError('not_found_error', 'route_not_found', `No API endpoint ${req.method} ${req.baseUrl + req.path}.`));
  });

  // Body-parser failures (bad JSON, too large) and anything else that escaped a route.
  router.use((err: unknown, req: Request, res: Response, _next: express.NextFunction) => {
    const apiError = toApiError(err);
    if (apiError.status >= 500) options.onError?.(err, { requestId: requestIdOf(res), method: req.method, path: req.path });
    if (!res.headersSent) sendError(res, apiError);
  });

  return router;
}
