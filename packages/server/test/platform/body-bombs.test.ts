/**
 * Compressed bodies against the server's memory. A whole 1 GiB bomb is a 413 (the fuzz suite sends one to
 * every write); here a client sends only the first bytes of one and then waits, on many connections: the
 * server must hold no decoder for them. A Brotli decoder keeps a window of up to 16 MB, so one held per
 * connection made 30 bytes sent cost the server ~3.6 MB for as long as the connection lasted (measured:
 * 100 such connections, +359 MB RSS). Bodies are now decoded only once complete, at most to the limit.
 */
import assert from 'node:assert/strict';
import { createHook } from 'node:async_hooks';
import { connect, type Socket } from 'node:net';
import { brotliCompressSync, constants } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { BROTLI_MAX_WINDOW_BITS } from '../../src/http/body.js';
import { STRIPE_WEBHOOK_PATH } from '../../src/payments/stripe/webhook-route.js';
import { prepareBombs, type Bombs } from '../fuzz/hostile-wire.js';
import { sendRaw } from '../fuzz/raw.js';
import { startTestServer, TEST_ORIGIN, type TestServer } from '../harness.js';

const CONNECTIONS = 20;

describe('compressed bodies: no decoder held for a body still arriving', () => {
  let server: TestServer;
  let bombs: Bombs;
  let token: string;
  before(async () => {
    bombs = await prepareBombs();
    server = await startTestServer();
    token = await server.mintSession('acme-admin', { ttlSeconds: 3600 });
  });
  after(() => server.close());

  /** Opens connections that each send a request's headers and the first `bytes` of `body`, then wait. */
  function holdPartial(path: string, encoding: string, body: Buffer, bytes: number): Socket[] {
    const url = new URL(server.url);
    return Array.from({ length: CONNECTIONS }, () => {
      const socket = connect(Number(url.port), url.hostname);
      socket.on('error', () => {});
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${token}\r\nOrigin: ${TEST_ORIGIN}\r\n` +
          `Content-Type: application/json\r\nContent-Encoding: ${encoding}\r\nContent-Length: ${body.length}\r\n\r\n`,
      );
      socket.write(body.subarray(0, bytes));
      return socket;
    });
  }

  /** The most zlib/Brotli handles alive at once while `during` runs (the server runs in this process). */
  async function liveDecoders(during: () => Promise<void>): Promise<number> {
    const live = new Set<number>();
    let most = 0;
    const hook = createHook({
      init(id, type) {
        if (type !== 'ZLIB') return;
        live.add(id);
        most = Math.max(most, live.size);
      },
      destroy(id) {
        live.delete(id);
      },
    }).enable();
    try {
      await during();
    } finally {
      hook.disable();
    }
    return most;
  }

  test(`a Brotli body declaring a window over 4 MiB is refused (413) before any decoder exists; one of ${BROTLI_MAX_WINDOW_BITS} bits or less is decoded`, async () => {
    const body = JSON.stringify({ fuzzUnknownField: 1 });
    const encoded = (lgwin: number) => brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_LGWIN]: lgwin } });
    const send = (bytes: Buffer) =>
      sendRaw(server.url, {
        method: 'POST',
        path: '/v1/checkout',
        headers: { authorization: `Bearer ${token}`, origin: TEST_ORIGIN, 'content-type': 'application/json', 'content-encoding': 'br' },
        body: bytes,
      });
    for (const lgwin of [23, 24]) {
      const bytes = encoded(lgwin);
      let res: Awaited<ReturnType<typeof send>> | undefined;
      const most = await liveDecoders(async () => {
        res = await send(bytes);
      });
      assert.equal(res!.status, 413, `lgwin ${lgwin}: ${res!.text.slice(0, 200)}`);
      assert.equal((JSON.parse(res!.text) as { error: { code: string } }).error.code, 'body_too_large');
      assert.equal(most, 0, `lgwin ${lgwin}: a decoder was made for a window the server refuses`);
    }
    // Encoders' default (Node's brotliCompress: 22) and smaller windows are decoded: validation names a field.
    for (const lgwin of [10, 16, 20, 22]) {
      const res = await send(encoded(lgwin));
      assert.equal(res.status, 400, `lgwin ${lgwin}: ${res.text.slice(0, 200)}`);
      assert.ok((JSON.parse(res.text) as { error: { param?: string } }).error.param, `lgwin ${lgwin}: the body reached validation: ${res.text.slice(0, 200)}`);
    }
  });

  // An API write inflates a whole body up to the limit (413 past it); Stripe never compresses its events (415).
  for (const [path, label, wholeBomb] of [['/v1/checkout', 'an API write', 413], [STRIPE_WEBHOOK_PATH, 'the Stripe webhook route', 415]] as const) {
    test(`${label}: ${CONNECTIONS} connections holding the first 30 bytes of a Brotli bomb (and of a gzip one) hold no decoder`, async () => {
      const sockets: Socket[] = [];
      const most = await liveDecoders(async () => {
        sockets.push(...holdPartial(path, 'br', bombs.br, 30), ...holdPartial(path, 'gzip', bombs.gzip, 30));
        // Long enough for the server to authenticate each request and start on its body (milliseconds
        // unloaded); a decoder opened then would be counted. Passing never depends on this wait.
        await new Promise((resolve) => setTimeout(resolve, 1500));
      });
      for (const socket of sockets) socket.destroy();
      assert.equal(most, 0, `${most} decoders alive for ${sockets.length} bodies still arriving`);
      // The server still answers, and a whole bomb is refused.
      const whole = await sendRaw(server.url, {
        method: 'POST',
        path,
        headers: { authorization: `Bearer ${token}`, origin: TEST_ORIGIN, 'content-type': 'application/json', 'content-encoding': 'br' },
        body: bombs.br,
      });
      assert.equal(whole.status, wholeBomb, `a whole bomb answered ${whole.status}: ${whole.text.slice(0, 200)}`);
    });
  }
});
