import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { isNonPublicAddress, postJson } from '../../src/webhooks/transport.js';
import { startReceiver, type Receiver } from './receiver.js';

describe('webhook transport and SSRF guard', () => {
  let receiver: Receiver;
  let silent: Server;
  let silentPort: number;
  before(async () => {
    receiver = await startReceiver();
    silent = createServer(() => {}); // accepts and never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as AddressInfo).port;
  });
  after(async () => {
    await receiver.close();
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('classifies private, loopback, link-local, reserved and mapped addresses as non-public', () => {
    for (const ip of [
      '127.0.0.1', '127.255.255.254', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1',
      '0.0.0.0', '224.0.0.1', '255.255.255.255', '::1', '::', 'fe80::1', 'fd00::1', 'fc00::abcd', '::ffff:127.0.0.1', '::ffff:8.8.8.8',
      '64:ff9b::7f00:1', '2002:7f00:1::', 'ff02::1', 'not an ip',
    ]) {
      assert.equal(isNonPublicAddress(ip), true, ip);
    }
    for (const ip of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '192.169.0.1', '100.128.0.1', '2606:4700:4700::1111', '2a00:1450:4001::200e']) {
      assert.equal(isNonPublicAddress(ip), false, ip);
    }
  });

  it('in live mode never calls a loopback or private address: literal IPs, names resolving to them, plain http', async () => {
    const port = new URL(receiver.url).port;
    for (const url of [
      `https://127.0.0.1:${port}/hooks`,
      `https://[::1]:${port}/hooks`,
      `https://2130706433:${port}/hooks`, // 127.0.0.1 written as one number
      `https://0x7f.0.0.1:${port}/hooks`,
      `https://10.0.0.7:${port}/hooks`,
      `https://169.254.169.254/latest/meta-data/`,
      `https://localhost:${port}/hooks`, // resolved by DNS, then refused
      `http://example.com/hooks`,
    ]) {
      const result = await postJson(url, '{}', { headers: {}, timeoutMs: 2000, publicOnly: true });
      assert.equal(result.status, null, url);
      assert.equal(result.error?.code, 'blocked_address', `${url}: ${JSON.stringify(result.error)}`);
    }
    assert.equal(receiver.received.length, 0, 'no request reached the loopback receiver');
  });

  it('in test mode calls local receivers, keeps an excerpt of the answer and does not follow redirects', async () => {
    receiver.answer({ status: 200, body: 'x'.repeat(2000) }, { status: 302, body: 'moved' });
    const ok = await postJson(receiver.url, '{"a":1}', { headers: { 'content-type': 'application/json' }, timeoutMs: 5000, publicOnly: false });
    assert.equal(ok.status, 200);
    assert.equal(ok.excerpt?.length, 500);
    assert.equal(receiver.received.at(-1)!.rawBody, '{"a":1}');
    const moved = await postJson(receiver.url, '{}', { headers: {}, timeoutMs: 5000, publicOnly: false });
    assert.equal(moved.status, 302);
    assert.equal(receiver.received.length, 2, 'the redirect was not followed');
  });

  it('gives up on an endpoint that does not answer within the timeout, and on one that refuses connections', async () => {
    const started = Date.now();
    const slow = await postJson(`http://127.0.0.1:${silentPort}/`, '{}', { headers: {}, timeoutMs: 300, publicOnly: false });
    assert.equal(slow.error?.code, 'timeout');
    assert.ok(Date.now() - started < 3000);
    const refused = await postJson('http://127.0.0.1:1/', '{}', { headers: {}, timeoutMs: 2000, publicOnly: false });
    assert.equal(refused.error?.code, 'connection_failed');
  });
});
