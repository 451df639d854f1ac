import { CpInsuranceError } from './errors.js';

export interface RetryPolicy {
  /** Attempts per request, the first included. */
  maxAttempts: number;
  /** The wait before the first retry; it doubles on each retry, ±25 % jitter. */
  baseDelayMs: number;
  /** The longest wait, whatever Retry-After asks. */
  maxDelayMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** 429, 5xx and the idempotency guard's "still in progress" are worth another try; other answers are final. */
async function retryable(response: Response): Promise<boolean> {
  if (response.status === 429 || response.status >= 500) return true;
  if (response.status !== 409) return false;
  const body = (await response
    .clone()
    .json()
    .catch(() => null)) as { error?: { code?: string } } | null;
  return body?.error?.code === 'idempotency_request_in_progress';
}

function delayBefore(retry: number, policy: RetryPolicy, response: Response | null): number {
  const backoff = policy.baseDelayMs * 2 ** (retry - 1) * (0.75 + Math.random() * 0.5);
  const retryAfter = Number(response?.headers.get('retry-after'));
  const asked = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 0;
  return Math.min(Math.max(backoff, asked), policy.maxDelayMs);
}

/**
 * Sends `request`, again after 429, 5xx or a network error, with backoff. A POST carries an
 * `Idempotency-Key` (the caller's, or a new one) and every retry reuses it, so a retried create or
 * payment is replayed by the server, never done twice.
 */
export async function sendWithRetries(
  fetchImpl: typeof fetch,
  request: Request,
  policy: RetryPolicy,
): Promise<Response> {
  if (request.method === 'POST' && !request.headers.has('idempotency-key'))
    request.headers.set('idempotency-key', crypto.randomUUID());
  let lastError: unknown;
  let lastResponse: Response | null = null;
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
    if (attempt > 1) await sleep(delayBefore(attempt - 1, policy, lastResponse));
    try {
      const response = await fetchImpl(request.clone());
      if (attempt === policy.maxAttempts || !(await retryable(response))) return response;
      lastResponse = response;
    } catch (error) {
      lastError = error;
      lastResponse = null;
    }
  }
  if (lastResponse) return lastResponse;
  throw new CpInsuranceError({
    status: 0,
    code: 'network_error',
    message: `${request.method} ${new URL(request.url).pathname} failed ${policy.maxAttempts} times: ${String(lastError)}`,
    cause: lastError,
  });
}
