/**
 * The raw client the fuzz, isolation and edge suites send their requests with: a fresh connection for each
 * request, even in a burst — the server under test runs in the test's process, and PGlite's queries hold its
 * event loop for seconds under load.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { sendRaw } from './raw.js';

describe('raw requests (test/fuzz/raw.ts)', () => {
  test('a burst goes out on one fresh connection per request, so a server stalled past its keep-alive timeout never resets one', async () => {
    // A synchronous stretch, as a PGlite query makes in the server's process: 5× the server's keep-alive timeout.
    const stall = () => {
      const end = Date.now() + 150;
      while (Date.now() < end);
    };
    let connections = 0;
    const server: Server = createServer((req, res) => {
      res.on('finish', () => {
        if (req.url === '/stall') setTimeout(() => setImmediate(stall), 20);
      });
      res.end('ok');
    });
    server.on('connection', () => connections++);
    server.keepAliveTimeout = 30;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      // Before: the agent (keepAlive false, 4 sockets) reused each socket for the next queued request; the
      // stall let the server's idle timer close sockets with a request waiting on them: ECONNRESET (2 of 12 here).
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, i) => sendRaw(url, { method: 'GET', path: i % 4 === 0 ? '/stall' : '/read' }).then((r) => r.status, (err: NodeJS.ErrnoException) => err.code)),
      );
      assert.deepEqual(answers, Array.from({ length: 12 }, () => 200));
      assert.equal(connections, 12);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
