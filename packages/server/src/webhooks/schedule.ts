/**
 * When a failed delivery is tried again. Stripe retries "for up to three days with an exponential back
 * off"; subkit does the same: 1 minute after the first failure, doubling each time up to 12 hours, each
 * delay spread by ±20 % (jitter) so endpoints coming back are not hit by every retry at the same second.
 */

/** How long a delivery is retried, from its event (or its last redelivery). */
export const RETRY_WINDOW_SECONDS = 3 * 24 * 3600;
/** An endpoint whose every attempt failed for this long is disabled. */
export const DISABLE_AFTER_SECONDS = RETRY_WINDOW_SECONDS;

const FIRST_DELAY_SECONDS = 60;
const MAX_DELAY_SECONDS = 12 * 3600;
const JITTER = 0.2;

/** The pause after the `failedAttempts`-th failed attempt (1, 2, …), jitter included. */
export function retryDelaySeconds(failedAttempts: number, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(failedAttempts, 1) - 1, 30);
  const base = Math.min(FIRST_DELAY_SECONDS * 2 ** exponent, MAX_DELAY_SECONDS);
  return Math.round(base * (1 - JITTER + 2 * JITTER * random()));
}

/**
 * The instant of the next attempt after `failedAttempts` failures, or null when it would fall outside the
 * retry window that started at `windowStartedAt` (the delivery then gives up).
 */
export function nextAttemptAt(failedAttempts: number, now: Date, windowStartedAt: Date, random: () => number = Math.random): Date | null {
  const next = new Date(now.getTime() + retryDelaySeconds(failedAttempts, random) * 1000);
  return next.getTime() - windowStartedAt.getTime() > RETRY_WINDOW_SECONDS * 1000 ? null : next;
}
