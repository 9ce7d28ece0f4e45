/**
 * Signing outbound webhooks and verifying them on the receiving side. Only `node:crypto`: a receiver
 * can import `@subkit/server/webhooks` without loading the server, the engine or a database driver.
 *
 * The header is `Subkit-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, with one
 * `v1` per secret that signs (two while a rotated secret's overlap lasts), the scheme Stripe uses.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookEvent } from '@subkit/core';

/** The header carrying the signature. */
export const SIGNATURE_HEADER = 'Subkit-Signature';

/** Why a webhook was refused; `type` is always `webhook_signature_error`, `code` says which check failed. */
export class WebhookSignatureError extends Error {
  readonly type = 'webhook_signature_error';
  readonly code: 'missing_header' | 'malformed_header' | 'no_matching_signature' | 'timestamp_outside_tolerance' | 'invalid_payload';

  constructor(code: WebhookSignatureError['code'], message: string) {
    super(message);
    this.name = 'WebhookSignatureError';
    this.code = code;
  }
}

function hmacHex(secret: string, timestamp: number, body: string | Uint8Array): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${timestamp}.`);
  mac.update(body);
  return mac.digest('hex');
}

/** The `Subkit-Signature` value for a body sent at `timestamp` (unix seconds), signed by each secret. */
export function signWebhook(body: string, secrets: readonly string[], timestamp: number): string {
  return [`t=${timestamp}`, ...secrets.map((secret) => `v1=${hmacHex(secret, timestamp, body)}`)].join(',');
}

/** Options of `verifyWebhook`. */
export interface VerifyWebhookOptions {
  /** How far the signing time may lie from now, either way (default 300 s: replays older than that are refused). */
  readonly toleranceSeconds?: number;
  /** The receiver's clock (default: the wall clock). */
  readonly now?: Date;
}

function parseHeader(header: string): { timestamp: number; signatures: string[] } {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (timestamp === undefined || signatures.length === 0) {
    throw new WebhookSignatureError('malformed_header', `${SIGNATURE_HEADER} must look like "t=<unix seconds>,v1=<hex signature>".`);
  }
  return { timestamp, signatures };
}

/**
 * Checks a delivery's signature over the RAW request body (before any JSON parsing) and returns the
 * event. Throws a `WebhookSignatureError` when the header is missing or malformed, no signature matches
 * any of the secrets (forged, altered, or signed with another secret), the timestamp is further than
 * `toleranceSeconds` from now (a replay), or the body is not an event. Pass several secrets while
 * rotating. Deduplicate on `event.id`; order one object's events by `event.sequence`.
 */
export function verifyWebhook(
  rawBody: string | Uint8Array,
  header: string | null | undefined,
  secret: string | readonly string[],
  options: VerifyWebhookOptions = {},
): WebhookEvent {
  if (!header) throw new WebhookSignatureError('missing_header', `The request has no ${SIGNATURE_HEADER} header.`);
  const { timestamp, signatures } = parseHeader(header);
  const secrets = typeof secret === 'string' ? [secret] : secret;
  const matches = secrets.some((s) => {
    const expected = Buffer.from(hmacHex(s, timestamp, rawBody), 'hex');
    // Every candidate is compared in constant time; no early exit reveals which bytes matched.
    return signatures.map((sig) => timingSafeEqual(expected, Buffer.from(sig, 'hex'))).includes(true);
  });
  if (!matches) throw new WebhookSignatureError('no_matching_signature', 'No signature matches the body and the secret.');
  const tolerance = options.toleranceSeconds ?? 300;
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - timestamp) > tolerance) {
    throw new WebhookSignatureError('timestamp_outside_tolerance', `The signature was made ${now - timestamp} s from now, more than ${tolerance} s.`);
  }
  let event: unknown;
  try {
    event = JSON.parse(typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody).toString('utf8'));
  } catch {
    throw new WebhookSignatureError('invalid_payload', 'The body is not JSON.');
  }
  if (!isEvent(event)) throw new WebhookSignatureError('invalid_payload', 'The body is not a subkit event.');
  return event;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';

/**
 * Whether a signed body has the fields a receiver acts on (id, type, createdAt, sequence, data.object and
 * its id), so a receiver never meets `undefined` where the type promises a value — even from a sender that
 * holds the secret but sends something else.
 */
function isEvent(value: unknown): value is WebhookEvent {
  if (!isRecord(value) || value.object !== 'event' || !isText(value.id) || !isText(value.type) || !isText(value.createdAt)) return false;
  if (!Number.isSafeInteger(value.sequence) || (value.sequence as number) < 1) return false;
  return isRecord(value.data) && isRecord(value.data.object) && isText(value.data.object.id);
}
