const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** DESIGN's schedule: entry n-1 is the wait before attempt n, counted from the attempt before it. */
export const RETRY_SCHEDULE_MS: readonly number[] = [
  0,
  5 * SECOND,
  5 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  5 * HOUR,
  10 * HOUR,
  14 * HOUR,
  20 * HOUR,
  24 * HOUR,
];

export const MAX_ATTEMPTS = RETRY_SCHEDULE_MS.length;

const JITTER = 0.2;
const MAX_RETRY_AFTER_MS = 24 * HOUR;

export interface NextAttemptOptions {
  /** Returns [0, 1), like Math.random; injectable for tests. */
  random?: () => number;
  /** The partner's Retry-After from the attempt that just finished, if it sent one. */
  retryAfterMs?: number | null;
}

/**
 * Milliseconds to wait before the next attempt, given the number of the attempt that has just
 * finished (0 when none has been made yet); null once MAX_ATTEMPTS are spent and the event is dead.
 */
export function nextAttemptDelay(
  attemptNumber: number,
  { random = Math.random, retryAfterMs = null }: NextAttemptOptions = {},
): number | null {
  if (!Number.isInteger(attemptNumber) || attemptNumber < 0) {
    throw new RangeError(`attemptNumber must be a non-negative integer, got ${attemptNumber}`);
  }
  const base = RETRY_SCHEDULE_MS[attemptNumber];
  if (base === undefined) return null;
  // ±20 % spreads out the retries of many events that failed together (a partner's outage).
  const jittered = Math.round(base * (1 + (random() * 2 - 1) * JITTER));
  // A partner may ask for more time, never less; a far-off date must not park the event for days.
  const asked = retryAfterMs === null ? 0 : Math.min(Math.max(retryAfterMs, 0), MAX_RETRY_AFTER_MS);
  return Math.max(jittered, asked, 0);
}
