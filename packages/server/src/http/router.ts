import express, { type Request, type Response, type Router } from 'express';
import * as z from 'zod/mini';
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
  keyedDatabase,
  releaseIdempotencyKey,
  requestFingerprint,
  type KeyClaim,
  type KeyedEffects,
} from '../idempotency/index.js';
import { buildOpenApi } from '../openapi.js';
import { stripeEventAppliers } from '../payments/stripe/appliers.js';
import { STRIPE_WEBHOOK_PATH, stripeWebhookHandlers } from '../payments/stripe/webhook-route.js';
import { readJsonBody } from './body.js';
import { engineClock } from '../engine/run/clock.js';
import { compileRoutes, decodeParams, type RouteMatch } from './routes.js';
import { syncSellerProfile } from '../seller/profile.js';
import { cors } from './cors.js';
import { errorBody } from './errors.js';
import { keptJson } from './json-text.js';
import { errorAnswer, requestIdOf, sendError, sendFile, sendJsonText, sendKeptJson, type OnError } from './respond.js';
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
  readonly onError?: OnError;
}

/** Every endpoint of the API by handler name. */
export const allEndpoints: Readonly<Record<string, Endpoint>> = { ...buyerEndpoints, ...merchantEndpoints };

const MUTATING = new Set(['POST', 'PATCH', 'DELETE']);

// What an endpoint that declares no params, query or body accepts: nothing (an unknown field is a 400).
const NOTHING = z.object({});

type AnyHandler = (ctx: RequestContext, input: HandlerInput) => Promise<unknown>;

function isFileResponse(value: unknown): value is FileResponse {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'file';
}

/**
 * Headers on every answer of the router: no MIME sniffing, no referrer leaking ids, and no `X-Powered-By`
 * (the host app may have left Express's on). `/v1` answers are `no-store` too: they carry tokens and company data.
 */
function securityHeaders(res: Response): void {
  res.removeHeader('X-Powered-By');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
}

/**
 * The subkit API as an Express router, to mount in a merchant's app: `/v1/*` from the endpoint table of
 * `@subkit/core`, `GET /openapi.json` and `GET /healthz`. Each call passes CORS, authentication, the
 * role's permission, the JSON body rules, schema validation and the Idempotency-Key check before its
 * handler runs; every failure on the way, whoever raised it, leaves through one error path (`sendError`).
 */
export function createSubkitRouter(options: SubkitRouterOptions): Router {
  const { db, config } = options;
  const handlers = options.handlers ?? builtInHandlers;
  // In test mode the engine's now follows the test clock (kept in the database, shared by every process).
  const clock = engineClock(db, config, options.clock);
  const router = express.Router();
  // The engine reads the seller identity and tax settings from the database: written once, before the first call.
  let sellerSynced: Promise<void> | undefined;
  const sellerReady = () =>
    (sellerSynced ??= syncSellerProfile(db, config).catch((err: unknown) => {
      sellerSynced = undefined;
      throw err;
    }));

  router.use((_req, res, next) => {
    const requestId = `req_${randomBase62(20)}`;
    res.locals.requestId = requestId;
    res.setHeader('Request-Id', requestId);
    securityHeaders(res);
    next();
  });

  let openApi: string | undefined;
  router.get('/openapi.json', (_req, res) => {
    openApi ??= JSON.stringify(buildOpenApi(config));
    sendJsonText(res, 200, openApi);
  });

  router.get('/healthz', async (_req, res) => {
    try {
      await db.query('SELECT 1');
      sendJsonText(res, 200, JSON.stringify({ ok: true, database: db.kind, payments: config.payments, mode: config.mode }));
    } catch {
      sendJsonText(res, 503, JSON.stringify({ ok: false, database: db.kind }));
    }
  });

  router.use('/v1', cors(config.allowedOrigins), (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  // Stripe signs the raw body, so its webhook route reads the body itself (API routes read theirs in readJsonBody).
  router.post(STRIPE_WEBHOOK_PATH, ...stripeWebhookHandlers({ db, config, clock, appliers: stripeEventAppliers, ...(options.onError ? { onError: options.onError } : {}) }));

  // Every endpoint of core's table through one lookup (http/routes.ts).
  const findRoute = compileRoutes(allEndpoints);
  router.use((req, res, next) => {
    const match = findRoute(req.method, req.path);
    if (match) void serve(match, req, res);
    else next();
  });

  async function serve({ name, endpoint, rawParams }: RouteMatch, req: Request, res: Response): Promise<void> {
    const requestId = requestIdOf(res);
    let claim: KeyClaim | undefined;
    // With an Idempotency-Key, the handler's writes carry the key: see idempotency/index.ts.
    const effects: KeyedEffects = { committed: 0, stored: undefined };
    // An endpoint that answers in a language (`?locale=`) picks it from Accept-Language when none is asked: caches must key on it.
    if (endpoint.query?.shape && 'locale' in endpoint.query.shape) res.vary('Accept-Language');
    try {
      await sellerReady();
      const now = clock();
      // A malformed percent-escape is refused before anything else, as Express's router did.
      const params = decodeParams(rawParams);
      const principal = await authenticate(req, endpoint, { db, config, now });
      const body = MUTATING.has(endpoint.method) ? await readJsonBody(req) : undefined;
      const input: HandlerInput = {
        params: validate(endpoint.params ?? NOTHING, params, 'params'),
        query: validate(endpoint.query ?? NOTHING, { ...req.query }, 'query'),
        body: validate(endpoint.body ?? NOTHING, body === undefined ? {} : body, 'body'),
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
        const path = req.baseUrl + req.path;
        const claimed = await claimIdempotencyKey(db, {
          scope: idempotencyScope(principal),
          key,
          method: endpoint.method,
          path,
          fingerprint: requestFingerprint(endpoint.method, path, body ?? null),
        });
        if (claimed.kind === 'replay') {
          sendJsonText(res, claimed.status, claimed.text, { 'Idempotent-Replayed': 'true' });
          return;
        }
        claim = claimed.claim;
      }
      const rules = {
        isAnswer: (value: unknown) => endpoint.response?.safeParse(value).success ?? false,
        errorText: (error: ApiError) => JSON.stringify(errorBody(error, requestId)),
      };
      const acceptLanguage = req.headers['accept-language'];
      const ctx: RequestContext = { db: claim ? keyedDatabase(db, claim, rules, effects) : db, config, principal, requestId, now: clock, ...(acceptLanguage ? { acceptLanguage } : {}) };
      const result = await handler(ctx, input);

      if (isFileResponse(result)) {
        sendFile(res, result);
        // Files are reads: nothing to replay, and a retry may simply run again.
        if (claim) await releaseIdempotencyKey(db, claim);
        return;
      }
      if (options.validateResponses && endpoint.response) {
        const check = endpoint.response.safeParse(result);
        if (!check.success) {
          const issue = check.error.issues[0];
          throw new Error(`${name} answered with a body that does not match its schema: ${issue?.path.join('.')} ${issue?.message}`);
        }
      }
      // A shared answer (the cached catalog) goes out as the bytes made once for it.
      const kept = claim ? undefined : keptJson(result);
      if (kept) {
        sendKeptJson(req, res, kept);
        return;
      }
      let text: string;
      const stored = effects.stored;
      if (claim && stored && stored.status === 200 && stored.value === result) {
        // Stored in the transaction of its effect: sent exactly as stored.
        text = stored.text;
      } else {
        if (claim && effects.committed > 0 && options.validateResponses) {
          throw new Error(
            `${name} committed its effect without its answer: return the value of the last write transaction (idempotency/index.ts), ` +
              'or a crash after COMMIT leaves the key without an answer to replay.',
          );
        }
        text = JSON.stringify(result);
        if (claim) await completeIdempotencyKey(db, claim, 200, text);
      }
      sendJsonText(res, 200, text);
    } catch (err) {
      const stored = effects.stored;
      if (claim && stored && stored.value === err) {
        // An error answer (e.g. a decline) stored with the effect that decided it: sent exactly as stored.
        sendJsonText(res, stored.status, stored.text);
        return;
      }
      const { error, text } = errorAnswer(req, res, err, options.onError, name);
      // The key is settled before the answer leaves: a client's immediate retry must find it replayable (or free).
      if (claim) {
        try {
          if (error.status >= 500) await releaseIdempotencyKey(db, claim);
          else await completeIdempotencyKey(db, claim, error.status, text);
        } catch (storeError) {
          options.onError?.(storeError, { requestId, method: req.method, path: req.baseUrl + req.path, endpoint: name });
        }
      }
      if (!res.headersSent) sendJsonText(res, error.status, text);
    }
  }

  router.use('/v1', (req, res) => {
    sendError(req, res, new ApiError('not_found_error', 'route_not_found', `No API endpoint ${req.method} ${req.baseUrl + req.path}.`), options.onError);
  });

  // What fails before a route's own code runs (a malformed percent-escape in a path id) takes the same path.
  router.use((err: unknown, req: Request, res: Response, _next: express.NextFunction) => {
    sendError(req, res, err, options.onError);
  });

  return router;
}
