/** The test clock (test mode only, secret key): the engine's now, and moving it forward through the billing run. */
import type { Handlers } from '../types.js';
import { advanceTestClock, assertTestClockMode } from '../../engine/run/advance.js';
import { loadTestClock, testClockOffset } from '../../engine/run/clock.js';

/** GET /v1/test-clock and POST /v1/test-clock/advance. */
export const testClockHandlers = {
  getTestClock: async (ctx) => {
    assertTestClockMode(ctx.config);
    await loadTestClock(ctx.db);
    return { object: 'test_clock', now: ctx.now().toISOString(), offsetMs: testClockOffset(ctx.db) };
  },
  advanceTestClock: (ctx, { body }) => advanceTestClock(ctx.db, ctx.config, ctx.now, body),
} satisfies Partial<Handlers>;
