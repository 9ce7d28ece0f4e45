import express, { type ErrorRequestHandler, type RequestHandler, type Router } from 'express';
import { ApiError, errorBody } from '@subkit/server';

/** Where browsers send Content-Security-Policy and Trusted Types violation reports. */
export const CSP_REPORT_PATH = '/storefront/csp-report';

/** One violation as a browser reported it (the fields both report formats carry). */
export interface CspViolation {
  /** The directive that blocked something, e.g. `script-src-elem` or `require-trusted-types-for`. */
  readonly directive: string;
  /** What was blocked: a URL, `inline`, `eval`, or `trusted-types-sink`. */
  readonly blocked: string;
  /** The page it happened on. */
  readonly page: string;
  /** The start of the offending script or value, when the browser sends it. */
  readonly sample: string;
}

/** What the storefront's pages may load; `stripe` adds Stripe.js and its frames (the Payment Element). */
export interface ContentSecurityOptions {
  readonly stripe?: boolean;
}

/**
 * The storefront's Content-Security-Policy: scripts only from this origin (no inline script, no eval),
 * no inline styles, and Trusted Types required for every script sink — only Lit's `lit-html` policy may
 * make trusted values (and, with Stripe, a `default` policy that lets Stripe.js's own URL through).
 */
export function contentSecurityPolicy(options: ContentSecurityOptions = {}): string {
  const stripe = options.stripe ?? false;
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'", ...(stripe ? ['https://js.stripe.com'] : [])],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'", ...(stripe ? ['https://api.stripe.com'] : [])],
    'frame-src': stripe ? ['https://js.stripe.com', 'https://hooks.stripe.com'] : ["'none'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    'require-trusted-types-for': ["'script'"],
    'trusted-types': ['lit-html', ...(stripe ? ['default'] : [])],
    // report-uri alone: Chrome posts each violation at once; with report-to it batches them for up to a minute.
    'report-uri': [CSP_REPORT_PATH],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

/** Sets the CSP and the other document hardening headers on every storefront response. */
export function storefrontSecurityHeaders(options: ContentSecurityOptions = {}): RequestHandler {
  const policy = contentSecurityPolicy(options);
  return (_req, res, next) => {
    res.setHeader('Content-Security-Policy', policy);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    next();
  };
}

/** Reads the violations out of a report body: the legacy `csp-report` object or a Reporting API array. */
export function parseCspReports(body: unknown): CspViolation[] {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const legacy = (body as { 'csp-report'?: Record<string, unknown> } | null)?.['csp-report'];
  if (legacy && typeof legacy === 'object') {
    return [
      {
        directive: text(legacy['effective-directive']) || text(legacy['violated-directive']),
        blocked: text(legacy['blocked-uri']),
        page: text(legacy['document-uri']),
        sample: text(legacy['script-sample']),
      },
    ];
  }
  if (!Array.isArray(body)) return [];
  return body
    .filter((report): report is { type: string; body: Record<string, unknown> } => report?.type === 'csp-violation' && typeof report.body === 'object')
    .map(({ body: b }) => ({
      directive: text(b.effectiveDirective),
      blocked: text(b.blockedURL),
      page: text(b.documentURL),
      sample: text(b.sample),
    }));
}

/**
 * The route browsers post violation reports to (both formats, 64 kB at most). Each violation goes to
 * `onViolation` — a real shop would log it; the end-to-end tests collect them and expect none.
 */
export function cspReportRoute(onViolation: (violation: CspViolation) => void): Router {
  const router = express.Router();
  const parse = express.json({ limit: '64kb', type: ['application/csp-report', 'application/reports+json', 'application/json'] });
  router.post(CSP_REPORT_PATH, parse, (req, res) => {
    for (const violation of parseCspReports(req.body)) onViolation(violation);
    res.status(204).end();
  });
  // A body too large or not JSON is the sender's mistake: a 4xx in subkit's error shape, never a 5xx.
  const refuse: ErrorRequestHandler = (err: { status?: number; type?: string }, _req, res, _next) => {
    const tooLarge = err.type === 'entity.too.large';
    const error = new ApiError('invalid_request_error', tooLarge ? 'body_too_large' : 'invalid_json', tooLarge ? 'The report is larger than 64 kB.' : 'The report is not valid JSON.');
    res.status(tooLarge ? 413 : 400).json(errorBody(error, `req_csp_${Date.now().toString(36)}`));
  };
  router.use(CSP_REPORT_PATH, refuse);
  return router;
}
