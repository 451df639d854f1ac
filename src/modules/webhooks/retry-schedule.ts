import { HOUR, MINUTE, type RetrySchedule, SECOND } from '../../core/retry-schedule.js';

/** The webhook schedule of docs/architecture.md ("The outboxes"): immediately, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h. */
export const WEBHOOK_RETRY_SCHEDULE: RetrySchedule = {
  delaysMs: [
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
  ],
  jitter: 0.2,
  maxRetryAfterMs: 24 * HOUR,
};
