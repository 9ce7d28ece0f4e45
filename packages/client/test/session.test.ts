import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { getMetrics } from '@subkit/core/endpoints';
import { apiError, json, page, sessionInfo, subscription, testClient } from './helpers.js';

/** A server that accepts exactly one token and answers 401 to anything else. */
function onlyToken(valid: () => string) {
  return (req: { headers: Headers; url: URL }) => {
    if (req.headers.get('authorization') !== `Bearer ${valid()}`) return apiError(401, 'authentication_error', 'session_expired');
    if (req.url.pathname === '/v1/session') return json(200, sessionInfo());
    return json(200, page([subscription('sub_1')]));
  };
}

describe('sessions', () => {
  test('a session token is sent as the bearer instead of the publishable key', async () => {
    const { client, seen } = testClient(onlyToken(() => 'tok_1'), { session: 'tok_1' });
    const result = await client.listSubscriptions();
    assert.equal(result.ok, true);
    assert.equal(seen[0]!.headers.get('authorization'), 'Bearer tok_1');
  });

  test('an endpoint a merchant session may call (getMetrics) gets its token from getSession before the first request', async () => {
    const { client, seen } = testClient((req) => (req.headers.get('authorization') === 'Bearer ms_test_1' ? json(200, {}) : apiError(401, 'authentication_error', 'missing_credentials')), {
      getSession: async () => 'ms_test_1',
    });
    await client.send(getMetrics, { query: {} });
    assert.deepEqual(seen.map((r) => r.headers.get('authorization')), ['Bearer ms_test_1'], 'one request, with the merchant session');
  });

  test('a 401 calls getSession once and replays the request with the fresh token', async () => {
    let calls = 0;
    const { client, seen } = testClient(onlyToken(() => 'tok_fresh'), {
      session: 'tok_old',
      getSession: async () => {
        calls++;
        return 'tok_fresh';
      },
    });
    const result = await client.listSubscriptions();
    assert.equal(result.ok, true);
    assert.equal(calls, 1);
    assert.deepEqual(seen.map((r) => r.headers.get('authorization')), ['Bearer tok_old', 'Bearer tok_fresh']);
    assert.equal(client.session, 'tok_fresh');
  });

  test('concurrent calls that all get 401 share ONE refresh, and all succeed', async () => {
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { client, seen } = testClient(onlyToken(() => 'tok_fresh'), {
      session: 'tok_old',
      getSession: async () => {
        calls++;
        await gate;
        return { token: 'tok_fresh', expiresAt: new Date(Date.now() + 15 * 60_000).toISOString() };
      },
    });
    const pending = [client.listSubscriptions(), client.getSession(), client.listSubscriptions(), client.getSession(), client.listSubscriptions()];
    setTimeout(release, 10);
    const results = await Promise.all(pending);
    assert.deepEqual(results.map((r) => r.ok), [true, true, true, true, true]);
    assert.equal(calls, 1);
    assert.equal(seen.filter((r) => r.headers.get('authorization') === 'Bearer tok_fresh').length, 5);
  });

  test('a call that gets 401 after another call already refreshed reuses the new token without calling getSession', async () => {
    let calls = 0;
    let token = 'tok_old';
    let slowReply!: (r: Response) => void;
    const { client, seen } = testClient((req, i) => {
      // The first request is held until after the second one has refreshed.
      if (i === 0) return new Promise<Response>((resolve) => (slowReply = resolve));
      return onlyToken(() => token)(req);
    }, {
      session: 'tok_old',
      getSession: async () => {
        calls++;
        return 'tok_new';
      },
    });
    const first = client.listSubscriptions();
    token = 'tok_new';
    const second = await client.listSubscriptions();
    assert.equal(second.ok, true);
    slowReply(apiError(401, 'authentication_error', 'session_expired'));
    assert.equal((await first).ok, true);
    assert.equal(calls, 1);
    assert.equal(seen.at(-1)!.headers.get('authorization'), 'Bearer tok_new');
  });

  test('a mutation replayed after a 401 keeps its Idempotency-Key', async () => {
    const { client, seen } = testClient((req) => (req.headers.get('authorization') === 'Bearer tok_fresh'
      ? json(200, { object: 'payment', id: 'pay_1', status: 'succeeded', invoiceId: 'in_1', subscriptionId: null, failureCode: null, failureMessage: null })
      : apiError(401, 'authentication_error', 'session_expired')), { session: 'tok_old', getSession: async () => 'tok_fresh' });
    const result = await client.payInvoice({ params: { invoiceId: 'in_1' }, body: {} });
    assert.equal(result.ok, true);
    assert.equal(seen.length, 2);
    assert.equal(seen[0]!.headers.get('idempotency-key'), seen[1]!.headers.get('idempotency-key'));
  });

  test('a token known to be expired is refreshed before the call, not after a 401', async () => {
    let calls = 0;
    const { client, seen } = testClient(onlyToken(() => 'tok_fresh'), {
      getSession: async () => {
        calls++;
        return { token: 'tok_fresh', expiresAt: new Date(Date.now() + 60_000).toISOString() };
      },
    });
    client.setSession({ token: 'tok_stale', expiresAt: new Date(Date.now() - 1000).toISOString() });
    const result = await client.listSubscriptions();
    assert.equal(result.ok, true);
    assert.equal(calls, 1);
    assert.deepEqual(seen.map((r) => r.headers.get('authorization')), ['Bearer tok_fresh']);
  });

  test('without a token, getSession is asked before the first session call', async () => {
    let calls = 0;
    const { client, seen } = testClient(onlyToken(() => 'tok_a'), {
      getSession: async () => {
        calls++;
        return 'tok_a';
      },
    });
    await Promise.all([client.getSession(), client.listSubscriptions()]);
    assert.equal(calls, 1);
    assert.equal(seen.length, 2);
  });

  test('a second 401 after the replay is an auth_error (no refresh loop)', async () => {
    let calls = 0;
    const { client, seen } = testClient(() => apiError(401, 'authentication_error', 'session_revoked'), {
      session: 'tok_1',
      getSession: async () => `tok_${++calls + 1}`,
    });
    const result = await client.listSubscriptions();
    assert.equal(result.error?.type, 'auth_error');
    assert.equal(result.error?.code, 'session_revoked');
    assert.equal(calls, 1);
    assert.equal(seen.length, 2);
  });

  test('a failing getSession gives an auth_error for session calls', async () => {
    const { client, seen } = testClient(() => json(200, sessionInfo()), {
      getSession: async () => {
        throw new Error('logged out');
      },
    });
    const result = await client.getSession();
    assert.equal(result.error?.type, 'auth_error');
    assert.equal(result.error?.code, 'session_unavailable');
    assert.equal(seen.length, 0);
  });

  test('without getSession a 401 is simply an auth_error', async () => {
    const { client, seen } = testClient(() => apiError(401, 'authentication_error', 'session_expired'), { session: 'tok_1' });
    const result = await client.getSession();
    assert.equal(result.error?.type, 'auth_error');
    assert.equal(seen.length, 1);
  });

  test('setSession(null) falls back to the publishable key and tells listeners', async () => {
    const heard: (string | null)[] = [];
    const { client, seen } = testClient(() => json(200, page([])), { session: 'tok_1' });
    client.onSessionChange((s) => heard.push(s));
    client.setSession('tok_1');
    client.setSession(null);
    await client.listSubscriptions();
    assert.equal(seen[0]!.headers.get('authorization'), 'Bearer pk_test_123');
    assert.deepEqual(heard, [null]);
  });
});
