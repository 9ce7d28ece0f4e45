/**
 * One HTTP POST of a webhook, with a hard timeout and, in live mode, the SSRF guard: no request to a
 * private, loopback, link-local or otherwise non-public address — checked on the literal host and on
 * every address DNS gives, at connection time (so a name that re-resolves to 127.0.0.1 is caught too).
 * Redirects are not followed (a 3xx is a failed attempt), as Stripe does.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

const NON_PUBLIC = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  NON_PUBLIC.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96], // NAT64
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4 can wrap any IPv4 address
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // old site-local
  ['ff00::', 8], // multicast
] as const) {
  NON_PUBLIC.addSubnet(net, prefix, 'ipv6');
}

// IPv4-mapped IPv6 (::ffff:a.b.c.d) is refused outright. It has a list of its own because a BlockList
// also matches plain IPv4 addresses against IPv6 rules in their mapped form.
const MAPPED = new BlockList();
MAPPED.addSubnet('::ffff:0:0', 96, 'ipv6');

/** Whether an IP address is outside the public internet (private, loopback, link-local, reserved …). */
export function isNonPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 4) return NON_PUBLIC.check(bare, 'ipv4');
  if (family === 6) return MAPPED.check(bare, 'ipv6') || NON_PUBLIC.check(bare, 'ipv6');
  return true;
}

class BlockedAddressError extends Error {
  readonly code = 'blocked_address';
}

/** A DNS lookup that refuses names resolving to any non-public address. */
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
    if (err) return callback(err, '', 0);
    const blocked = addresses.find((a) => isNonPublicAddress(a.address));
    if (blocked || addresses.length === 0) {
      return callback(new BlockedAddressError(`${hostname} resolves to ${blocked?.address ?? 'nothing'}, not a public address.`), '', 0);
    }
    if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    const first = addresses[0]!;
    callback(null, first.address, first.family);
  });
};

/** The outcome of one POST: an answer (any status), or why there was none. */
export interface PostResult {
  readonly status: number | null;
  /** The first characters of the answer's body. */
  readonly excerpt: string | null;
  readonly durationMs: number;
  readonly error: { readonly code: 'timeout' | 'blocked_address' | 'connection_failed'; readonly message: string } | null;
}

/** What `postJson` needs besides the URL and body. */
export interface PostOptions {
  readonly headers: Readonly<Record<string, string>>;
  /** The whole call (DNS, connect, TLS, answer) must finish within this. */
  readonly timeoutMs: number;
  /** Refuse non-public addresses (live mode). */
  readonly publicOnly: boolean;
  /** How much of the answer to keep. */
  readonly excerptChars?: number;
}

const MAX_READ = 64 * 1024;

/** POSTs `body` to `url`; never throws, never follows a redirect, never waits longer than `timeoutMs`. */
export function postJson(url: string, body: string, options: PostOptions): Promise<PostResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const fail = (code: NonNullable<PostResult['error']>['code'], message: string): PostResult => ({
    status: null,
    excerpt: null,
    durationMs: elapsed(),
    error: { code, message },
  });
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.resolve(fail('connection_failed', 'The endpoint URL is not valid.'));
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:') return Promise.resolve(fail('connection_failed', 'Only http and https URLs are called.'));
  if (options.publicOnly) {
    const host = target.hostname.replace(/^\[|\]$/g, '');
    if (target.protocol !== 'https:') return Promise.resolve(fail('blocked_address', 'Live mode calls https URLs only.'));
    if (isIP(host) && isNonPublicAddress(host)) return Promise.resolve(fail('blocked_address', `${host} is not a public address.`));
  }

  return new Promise((resolve) => {
    let settled = false;
    const done = (result: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const client = target.protocol === 'https:' ? https : http;
    const req = client.request(target, {
      method: 'POST',
      headers: { ...options.headers, 'content-length': String(Buffer.byteLength(body)) },
      ...(options.publicOnly ? { lookup: guardedLookup } : {}),
      agent: false,
    });
    const timer = setTimeout(() => {
      done(fail('timeout', `No answer within ${options.timeoutMs} ms.`));
      req.destroy();
    }, options.timeoutMs);
    req.on('error', (err: Error & { code?: string }) => {
      done(fail(err instanceof BlockedAddressError ? 'blocked_address' : 'connection_failed', err.message || err.code || 'The connection failed.'));
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = () => {
        const text = Buffer.concat(chunks).toString('utf8');
        done({ status: res.statusCode ?? null, excerpt: text.slice(0, options.excerptChars ?? 500), durationMs: elapsed(), error: null });
      };
      res.on('data', (chunk: Buffer) => {
        if (size >= MAX_READ) return;
        chunks.push(chunk);
        size += chunk.length;
        // Enough to show an excerpt: the rest of a large answer is not read.
        if (size >= MAX_READ) {
          finish();
          res.destroy();
        }
      });
      res.on('end', finish);
      res.on('error', finish);
    });
    req.end(body);
  });
}
