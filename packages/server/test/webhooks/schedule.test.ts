import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextAttemptAt, retryDelaySeconds, RETRY_WINDOW_SECONDS } from '../../src/webhooks/schedule.js';

describe('webhook retry schedule', () => {
  it('doubles from one minute and stops growing at 12 hours', () => {
    const mid = () => 0.5;
    assert.deepEqual(
      [1, 2, 3, 4, 5, 10, 11, 12, 30].map((n) => retryDelaySeconds(n, mid)),
      [60, 120, 240, 480, 960, 30_720, 43_200, 43_200, 43_200],
    );
  });

  it('spreads each delay by at most ±20 % (jitter)', () => {
    assert.equal(retryDelaySeconds(3, () => 0), 192);
    assert.equal(retryDelaySeconds(3, () => 0.999999), 288);
    for (let i = 0; i < 200; i++) {
      const d = retryDelaySeconds(4);
      assert.ok(d >= 384 && d <= 576, String(d));
    }
  });

  it('retries for at most 3 days after the event, then gives up', () => {
    const start = new Date('2027-01-01T00:00:00Z');
    let now = start;
    let failures = 0;
    for (;;) {
      failures++;
      const next = nextAttemptAt(failures, now, start, () => 0.5);
      if (!next) break;
      now = next;
    }
    assert.ok(now.getTime() - start.getTime() <= RETRY_WINDOW_SECONDS * 1000);
    assert.ok(now.getTime() - start.getTime() > (RETRY_WINDOW_SECONDS - 12 * 3600) * 1000, 'the last retry falls in the window’s last 12 h');
    assert.equal(failures, 15, 'attempts in 3 days with delays 1 min … 12 h');
  });
});
