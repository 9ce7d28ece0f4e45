import type { RequestHandler } from 'express';

const ALLOWED_HEADERS = 'Authorization, Content-Type, Idempotency-Key, Publishable-Key';
const EXPOSED_HEADERS = 'Request-Id, Idempotent-Replayed';

/** Whether a browser origin is on the allowlist (`*` on the list allows any origin, for local demos). */
export function originAllowed(origin: string, allowedOrigins: readonly string[]): boolean {
  return allowedOrigins.includes(origin) || allowedOrigins.includes('*');
}

/**
 * CORS for the API: allowlisted origins only, no credentials (bearer tokens, never cookies, so no CSRF surface).
 * Preflights end here; a disallowed origin gets no CORS headers, so the browser blocks the call.
 */
export function cors(allowedOrigins: readonly string[]): RequestHandler {
  return (req, res, next) => {
    const origin = req.headers.origin;
    res.vary('Origin');
    const allowed = typeof origin === 'string' && originAllowed(origin, allowedOrigins);
    if (allowed) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    }
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      if (allowed) {
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PATCH, DELETE');
        res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
        res.setHeader('Access-Control-Max-Age', '600');
      }
      res.status(204).end();
      return;
    }
    next();
  };
}
