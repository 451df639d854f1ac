import type { EventEmitter } from 'node:events';
import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  /** Exact, from every response's time (autocannon's own histogram has no p95). */
  p95Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  /** Responses received, and the wall time from start to the last one. */
  responses: number;
  elapsedMs: number;
  /** With a `requests` sequence: the percentiles of each step of it (e.g. create, then read). */
  bySequenceStep?: Array<{ p50Ms: number; p99Ms: number }>;
}

export interface LoadOptions {
  url: string;
  connections: number;
  /** A run of this long; ignored when `amount` is set. */
  durationSeconds?: number;
  /** A fixed number of requests instead of a duration: every round then moves the same bytes. */
  amount?: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** A sequence each connection cycles through (autocannon `requests`), e.g. create then read. */
  requests?: autocannon.Request[];
  /** Per request (autocannon's default is 10 s, which slow uploads outlast). */
  timeoutSeconds?: number;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const steps = options.requests?.map(() => [] as number[]) ?? [];
  // Each connection runs the sequence in order, so its n-th answer belongs to step n mod length.
  const answered = new WeakMap<object, number>();
  const started = performance.now();
  let last = started;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        ...(options.amount ? { amount: options.amount } : { duration: options.durationSeconds ?? 10 }),
        method: options.method ?? 'GET',
        headers: options.headers ?? {},
        ...(options.body ? { body: options.body } : {}),
        ...(options.requests ? { requests: options.requests } : {}),
        ...(options.timeoutSeconds ? { timeout: options.timeoutSeconds } : {}),
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    // The typings leave out the client autocannon passes first.
    (instance as EventEmitter).on(
      'response',
      (client: object, _status: number, _bytes: number, ms: number) => {
        latencies.push(ms);
        last = performance.now();
        if (steps.length > 0) {
          const count = answered.get(client) ?? 0;
          answered.set(client, count + 1);
          steps[count % steps.length]?.push(ms);
        }
      },
    );
  });
  const sorted = latencies.sort((a, b) => a - b);
  const elapsedMs = last - started;
  return {
    // autocannon averages whole seconds, which a short fixed-amount run does not fill.
    requestsPerSecond: options.amount ? latencies.length / (elapsedMs / 1000) : result.requests.average,
    p50Ms: round1(percentile(sorted, 50)),
    p95Ms: round1(percentile(sorted, 95)),
    p99Ms: round1(percentile(sorted, 99)),
    non2xx: result.non2xx,
    errors: result.errors,
    responses: latencies.length,
    elapsedMs,
    ...(steps.length > 0
      ? {
          bySequenceStep: steps.map((step) => {
            const ordered = step.sort((a, b) => a - b);
            return { p50Ms: round1(percentile(ordered, 50)), p99Ms: round1(percentile(ordered, 99)) };
          }),
        }
      : {}),
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Nearest-rank percentile of values already sorted ascending. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? 0;
}

export const round1 = (value: number) => Math.round(value * 10) / 10;
