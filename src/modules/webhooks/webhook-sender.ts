import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { hostOf, isForbiddenAddress } from './webhook-url-policy.js';

/** How the partner's answer moves the event on (docs/architecture.md, "The outboxes"). */
export type WebhookAck =
  | { kind: 'accepted'; body: Record<string, unknown> }
  | { kind: 'partner_error'; error: string }
  | { kind: 'retry'; reason: string };

export interface DeliveryAttemptResult {
  /** The partner's HTTP status, or null when no answer arrived. */
  status: number | null;
  latencyMs: number;
  /** Why the attempt failed at the transport level, e.g. 'timeout', 'forbidden_address'. */
  error: string | null;
  /** At most the first 2048 bytes of the answer, as UTF-8 text. */
  responseExcerpt: string;
  retryAfterMs: number | null;
  ack: WebhookAck;
}

export interface WebhookRequest {
  url: string;
  /** The signature headers; content type and user agent are added here. */
  headers: Record<string, string>;
  body: string;
  timeoutMs?: number;
  allowPrivate: boolean;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const EXCERPT_BYTES = 2048;
// The acknowledgement must be parsed whole, but a partner must not make us buffer megabytes.
const MAX_PARSED_BYTES = 64 * 1024;
const FORBIDDEN_ADDRESS = 'ERR_WEBHOOK_FORBIDDEN_ADDRESS';

/** One delivery attempt: POST, no redirects followed, answer read up to 64 KB, never throws. */
export async function sendWebhook({
  url,
  headers,
  body,
  timeoutMs = DEFAULT_TIMEOUT_MS,
  allowPrivate,
}: WebhookRequest): Promise<DeliveryAttemptResult> {
  const started = performance.now();
  const finish = (partial: Omit<DeliveryAttemptResult, 'latencyMs' | 'ack'>, bodyBytes?: Buffer) => {
    const result = { ...partial, latencyMs: Math.round(performance.now() - started) };
    return { ...result, ack: decideAck(result, bodyBytes) };
  };
  const failed = (error: string) => finish({ status: null, error, responseExcerpt: '', retryAfterMs: null });

  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return failed('invalid_url');
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:') return failed('unsupported_scheme');
  // Sockets skip the lookup for address literals, so those are checked here instead.
  const host = hostOf(target);
  if (!allowPrivate && isIP(host) !== 0 && isForbiddenAddress(host)) return failed('forbidden_address');

  let status: number | null = null;
  let retryAfterMs: number | null = null;
  const chunks: Buffer[] = [];
  let received = 0;
  try {
    // No redirect interceptor is composed onto the agent, so a 3xx comes back as it is.
    const response = await request(target, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'user-agent': 'cp-insurance-webhooks/1' },
      body,
      dispatcher: agentFor(allowPrivate),
      signal: AbortSignal.timeout(timeoutMs),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      // A fresh connection per attempt: a POST on a keep-alive socket the partner has just closed
      // would fail for nothing (undici does not retry POSTs), and each attempt re-checks the address.
      reset: true,
    });
    status = response.statusCode;
    retryAfterMs = retryAfterFrom(response.headers['retry-after']);
    // Breaking out of the loop destroys the body, and with it the connection, unread remainder and all.
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      received += chunk.length;
      if (received > MAX_PARSED_BYTES) break;
    }
  } catch (error) {
    const bytes = Buffer.concat(chunks);
    return finish({
      status,
      error: describeError(error),
      responseExcerpt: utf8Prefix(bytes, EXCERPT_BYTES),
      retryAfterMs,
    });
  }
  const bytes = Buffer.concat(chunks);
  return finish(
    {
      status,
      error: status >= 300 && status < 400 ? 'redirect_not_followed' : null,
      responseExcerpt: utf8Prefix(bytes, EXCERPT_BYTES),
      retryAfterMs,
    },
    received > MAX_PARSED_BYTES ? undefined : bytes,
  );
}

/** Every address of a name, as dns.lookup answers with `all: true`. */
export type ResolveAll = (
  hostname: string,
  options: LookupOptions,
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

const systemResolve: ResolveAll = (hostname, options, callback) =>
  dnsLookup(hostname, { ...options, all: true }, callback);

/**
 * A lookup over `resolve` that refuses the connection when any address is forbidden. Checking
 * here, at connect time, defeats DNS rebinding: the address checked is the address dialled.
 */
export function guardedLookup(resolve: ResolveAll): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, options, (error, addresses) => {
      if (error) return callback(error, '');
      const refused = addresses.find(({ address }) => isForbiddenAddress(address));
      if (refused) {
        const refusal: NodeJS.ErrnoException = new Error(`${hostname} resolves to ${refused.address}`);
        refusal.code = FORBIDDEN_ADDRESS;
        return callback(refusal, '');
      }
      const [first] = addresses;
      if (!first)
        return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '');
      if (options.all) return callback(null, addresses);
      callback(null, first.address, first.family);
    });
  };
}

let connectLookup = guardedLookup(systemResolve);

/**
 * Tests only: replaces the connect-time lookup of deliveries that may not reach private addresses,
 * so that a test stands in for DNS (guardedLookup over its own table of names) without querying a
 * real resolver. Returns the function that puts the previous lookup back.
 */
export function replaceWebhookLookup(lookup: LookupFunction): () => void {
  const previous = connectLookup;
  connectLookup = lookup;
  return () => {
    connectLookup = previous;
  };
}

// One agent per policy for the whole process: requests close their connections, so agents hold no sockets.
const agents = new Map<boolean, Agent>();
function agentFor(allowPrivate: boolean): Agent {
  let agent = agents.get(allowPrivate);
  if (!agent) {
    const lookup: LookupFunction = (hostname, options, callback) =>
      connectLookup(hostname, options, callback);
    agent = new Agent(allowPrivate ? {} : { connect: { lookup } });
    agents.set(allowPrivate, agent);
  }
  return agent;
}

function decideAck(
  { status, error }: Pick<DeliveryAttemptResult, 'status' | 'error'>,
  bodyBytes: Buffer | undefined,
): WebhookAck {
  if (error !== null || status === null) return { kind: 'retry', reason: error ?? 'no_response' };
  if (status < 200 || status >= 300) return { kind: 'retry', reason: `http_${status}` };
  if (!bodyBytes) return { kind: 'retry', reason: 'response_too_large' };
  let answer: unknown;
  try {
    answer = JSON.parse(bodyBytes.toString('utf8'));
  } catch {
    return { kind: 'retry', reason: 'invalid_json' };
  }
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) {
    return { kind: 'retry', reason: 'no_boolean_result' };
  }
  const fields = answer as Record<string, unknown>;
  if (fields.result === true) return { kind: 'accepted', body: fields };
  if (fields.result === false) return { kind: 'partner_error', error: partnerErrorText(fields.error) };
  return { kind: 'retry', reason: 'no_boolean_result' };
}

/** The partner's message as operators will read it, bounded like the excerpt. */
function partnerErrorText(error: unknown): string {
  const text = typeof error === 'string' ? error : error === undefined ? '' : JSON.stringify(error);
  return utf8Prefix(Buffer.from(text), EXCERPT_BYTES);
}

/** Retry-After as delta-seconds or an HTTP-date; null when absent or unreadable. */
function retryAfterFrom(header: string | string[] | undefined): number | null {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(date - Date.now(), 0);
}

/**
 * The longest prefix of the text that fits in maxBytes of UTF-8. Decoding turns a cut or invalid
 * sequence into U+FFFD (3 bytes), so the re-encoded text is cut again on a character boundary.
 * NUL is dropped because PostgreSQL text columns cannot hold it.
 */
function utf8Prefix(bytes: Buffer, maxBytes: number): string {
  const clean = Buffer.from(bytes.subarray(0, maxBytes).toString('utf8').replaceAll('\u0000', ''));
  let end = Math.min(clean.length, maxBytes);
  while (end > 0 && end < clean.length && ((clean[end] ?? 0) & 0xc0) === 0x80) end--;
  return clean.subarray(0, end).toString('utf8');
}

/** A short, stable name for a transport failure, looking through undici's error causes. */
function describeError(error: unknown): string {
  for (let cause: unknown = error, depth = 0; cause instanceof Error && depth < 5; depth++) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === FORBIDDEN_ADDRESS) return 'forbidden_address';
    if (cause.name === 'TimeoutError' || cause.name === 'AbortError') return 'timeout';
    const name = code === undefined ? undefined : ERROR_NAMES.get(code);
    if (name) return name;
    if (code?.startsWith('ERR_TLS_') || code?.includes('CERT')) return 'tls_error';
    cause = cause.cause;
  }
  return 'network_error';
}

const ERROR_NAMES = new Map<string, string>([
  ['UND_ERR_CONNECT_TIMEOUT', 'timeout'],
  ['UND_ERR_HEADERS_TIMEOUT', 'timeout'],
  ['UND_ERR_BODY_TIMEOUT', 'timeout'],
  ['ETIMEDOUT', 'timeout'],
  ['ECONNRESET', 'connection_reset'],
  ['UND_ERR_SOCKET', 'connection_reset'],
  ['EPIPE', 'connection_reset'],
  ['ECONNREFUSED', 'connection_refused'],
  ['ENOTFOUND', 'dns_failure'],
  ['EAI_AGAIN', 'dns_failure'],
  ['EHOSTUNREACH', 'unreachable'],
  ['ENETUNREACH', 'unreachable'],
  ['UND_ERR_HTTP_PARSER', 'protocol_error'],
]);
