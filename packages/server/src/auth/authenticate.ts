import type { Request } from 'express';
import { can, type Endpoint } from '@subkit/core';
import type { BuyerPrincipal, Principal, ServerConfig } from '../context.js';
import type { Sql } from '../db/types.js';
import { ApiError, forbidden } from '../errors.js';
import { safeEqual } from './keys.js';
import { MERCHANT_SESSION_PREFIX, resolveMerchantSession } from './merchant-sessions.js';
import { resolveBuyerSession, SESSION_TOKEN_PREFIX, type CallerOrigin } from './sessions.js';

const missing = () => new ApiError('authentication_error', 'missing_credentials', 'This endpoint needs an Authorization: Bearer header.');
const wrongKey = (what: string) => new ApiError('authentication_error', 'invalid_api_key', `The ${what} is not valid.`);

function bearer(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** The origin the browser states for this request (see `resolveBuyerSession` for how a bound session uses it). */
function callerOrigin(req: Request): CallerOrigin {
  const origin = req.headers.origin;
  const sameOrigin = req.headers['sec-fetch-site'] === 'same-origin' && typeof req.headers.host === 'string';
  return { origin: typeof origin === 'string' ? origin : undefined, sameOriginHost: sameOrigin ? req.headers.host : undefined };
}

/** Who is calling, as the endpoint's `auth` demands; throws 401 for missing or bad credentials, 403 for a missing permission. */
export async function authenticate(
  req: Request,
  endpoint: Endpoint,
  deps: { db: Sql; config: ServerConfig; now: Date },
): Promise<Principal> {
  const { config } = deps;
  const token = bearer(req);
  const session = (t: string) => resolveBuyerSession(deps.db, t, { now: deps.now, caller: callerOrigin(req), mode: config.mode });

  switch (endpoint.auth) {
    case 'none':
      return { kind: 'publishable', mode: config.mode };
    case 'secret': {
      if (!token) throw missing();
      if (endpoint.scope && token.startsWith(MERCHANT_SESSION_PREFIX)) {
        return resolveMerchantSession(deps.db, token, { now: deps.now, caller: callerOrigin(req), mode: config.mode, scope: endpoint.scope });
      }
      if (!safeEqual(token, config.secretKey)) throw wrongKey('secret key');
      return { kind: 'secret', mode: config.mode };
    }
    case 'session': {
      if (!token) throw missing();
      if (!token.startsWith(SESSION_TOKEN_PREFIX)) {
        throw new ApiError('authentication_error', 'session_required', 'This endpoint needs a buyer session token, not an API key.');
      }
      const principal = await session(token);
      requirePermission(principal, endpoint);
      return principal;
    }
    case 'publishable': {
      if (token?.startsWith(SESSION_TOKEN_PREFIX)) {
        const principal = await session(token);
        requirePermission(principal, endpoint);
        return principal;
      }
      if (token?.startsWith('sk_')) {
        if (!safeEqual(token, config.secretKey)) throw wrongKey('secret key');
        return { kind: 'secret', mode: config.mode };
      }
      const header = req.headers['publishable-key'];
      const key = token ?? (typeof header === 'string' ? header.trim() : undefined);
      if (!key) throw missing();
      if (!safeEqual(key, config.publishableKey)) throw wrongKey('publishable key');
      return { kind: 'publishable', mode: config.mode };
    }
  }
}

function requirePermission(principal: BuyerPrincipal, endpoint: Endpoint): void {
  if (endpoint.permission && !can(principal.role, endpoint.permission)) {
    throw forbidden(`Your role (${principal.role}) does not allow this action (${endpoint.permission}).`);
  }
}

/** The buyer behind a session-authenticated request; handlers of session endpoints use it to scope every query. */
export function requireBuyer(principal: Principal): BuyerPrincipal {
  if (principal.kind !== 'session') throw new ApiError('authentication_error', 'session_required', 'This action needs a buyer session.');
  return principal;
}
