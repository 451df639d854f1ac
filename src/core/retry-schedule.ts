/**
 * When an outbox tries a message again. Each outbox (webhooks, alimtalk) has one table of these
 * values beside its worker; the shape and the arithmetic are shared.
 */
export interface RetrySchedule {
  /** Entry n-1 is the wait before attempt n, counted from the attempt before it; as many attempts as entries. */
  readonly delaysMs: readonly number[];
  /** Each wait varies by ± this fraction, so that messages that failed together do not retry together. */
  readonly jitter: number;
  /** The longest wait a receiver may ask for (`Retry-After`): a far-off date must not park a message for days. */
  readonly maxRetryAfterMs: number;
}

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

export interface NextAttemptOptions {
  /** Returns [0, 1), like Math.random; injectable for tests. */
  random?: () => number;
  /** The receiver's Retry-After from the attempt that just finished, if it sent one. */
  retryAfterMs?: number | null;
}

/**
 * Milliseconds to wait before the next attempt, given the number of the attempt that has just
 * finished (0 when none has been made yet); null once the schedule's attempts are spent.
 */
export function nextAttemptDelay(
  schedule: RetrySchedule,
  attemptNumber: number,
  { random = Math.random, retryAfterMs = null }: NextAttemptOptions = {},
): number | null {
  if (!Number.isInteger(attemptNumber) || attemptNumber < 0) {
    throw new RangeError(`attemptNumber must be a non-negative integer, got ${attemptNumber}`);
  }
  const base = schedule.delaysMs[attemptNumber];
  if (base === undefined) return null;
  const jittered = Math.round(base * (1 + (random() * 2 - 1) * schedule.jitter));
  // A receiver may ask for more time, never less.
  const asked = retryAfterMs === null ? 0 : Math.min(Math.max(retryAfterMs, 0), schedule.maxRetryAfterMs);
  return Math.max(jittered, asked, 0);
}
