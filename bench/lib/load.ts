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
  /** CPU the load generator itself used (user + system), which the server and database did not get. */
  generatorCpuMs: number;
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
  /** Per request (autocannon's default is 10 s, which slow uploads outlast). */
  timeoutSeconds?: number;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
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
        ...(options.timeoutSeconds ? { timeout: options.timeoutSeconds } : {}),
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    // The typings leave out the client autocannon passes first.
    (instance as EventEmitter).on(
      'response',
      (_client: object, _status: number, _bytes: number, ms: number) => {
        latencies.push(ms);
        last = performance.now();
      },
    );
  });
  const cpu = process.cpuUsage(cpuBefore);
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
    generatorCpuMs: Math.round((cpu.user + cpu.system) / 1000),
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
