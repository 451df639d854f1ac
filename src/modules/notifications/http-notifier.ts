/**
 * Alimtalk through an HTTP vendor. The vendor is not chosen yet, so this speaks a generic shape
 * modelled on the common Korean vendors' REST APIs; adapting to the real one should touch only
 * `requestBody` and `readAnswer`.
 *
 *   POST {baseUrl}/v2/alimtalk/send
 *   Authorization: Bearer {apiKey}
 *   Content-Type: application/json
 *   {
 *     "messageId": "<our message id: the vendor must drop a second request with the same id>",
 *     "senderKey": "<Kakao channel sender key>",
 *     "templateCode": "<vendor's code for this kind>",
 *     "recipientNo": "01012345678",
 *     "content": "<template text, variables filled in>",
 *     "buttons": [{ "name": "결제하기", "type": "WL", "url_mobile": "https://…", "url_pc": "https://…" }],
 *     "fallback": { "enabled": true, "type": "SMS" | "LMS", "title": "<LMS only>", "content": "…" }
 *                 | { "enabled": false }
 *   }
 *
 *   2xx → { "messageId": "<vendor's id>" }
 *   4xx / 5xx → { "error": { "code": "…", "message": "…" } } or { "message": "…" } (any body is tolerated)
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Notifier, NotifierMessage, NotifierResult } from './notifier.port.js';
import { NOTIFICATION_KINDS, type NotificationKind, type RenderedNotification } from './templates.js';

export interface HttpNotifierOptions {
  baseUrl: string;
  apiKey: string;
  senderKey: string;
  templateCodes: Record<NotificationKind, string>;
  /** Send the text as SMS/LMS when the customer cannot receive alimtalk (no KakaoTalk, blocked channel). */
  smsFallback: boolean;
  timeoutMs?: number;
  /** Extra attempts after the first, on network errors, timeouts and 5xx. */
  retries?: number;
  /** Wait before the first retry; doubles for each one after. */
  retryDelayMs?: number;
}

// SMS carries 90 bytes of EUC-KR (Hangul counts 2); longer texts must go as LMS.
const SMS_MAX_BYTES = 90;
// As contracts/customer-rules: 010 takes 8 digits, the old prefixes 7 or 8.
const MOBILE_DIGITS = /^(010\d{8}|01[16789]\d{7,8})$/;
const MAX_ERROR_LENGTH = 500;

/** `again`: worth another try right now, inside this send, as opposed to later by the worker. */
type Attempt = { result: NotifierResult; again: boolean };

export function createHttpNotifier(options: HttpNotifierOptions): Notifier {
  const { baseUrl, apiKey, senderKey, templateCodes, smsFallback } = options;
  const { timeoutMs = 10_000, retries = 2, retryDelayMs = 200 } = options;
  const missing = NOTIFICATION_KINDS.filter((kind) => !templateCodes[kind]?.trim());
  if (missing.length > 0) throw new Error(`Alimtalk template code missing for: ${missing.join(', ')}`);
  const url = `${baseUrl.replace(/\/+$/, '')}/v2/alimtalk/send`;

  async function attempt(body: string): Promise<Attempt> {
    let response: Response;
    let answer: string;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      answer = await response.text();
    } catch (error) {
      // Whether or not the vendor got it, the messageId lets it drop the duplicate on a resend.
      const reason =
        error instanceof Error && error.name === 'TimeoutError'
          ? `no answer within ${timeoutMs} ms`
          : `network error: ${describe(error)}`;
      return { result: { status: 'failed', retryable: true, error: reason }, again: true };
    }
    return readAnswer(response.status, answer);
  }

  return {
    async send(message: NotifierMessage): Promise<NotifierResult> {
      if (!MOBILE_DIGITS.test(message.to)) {
        return { status: 'failed', retryable: false, error: 'recipient is not a Korean mobile number' };
      }
      const body = JSON.stringify(requestBody(message, senderKey, templateCodes, smsFallback));
      let outcome = await attempt(body);
      for (let retry = 0; retry < retries && outcome.again; retry++) {
        await sleep(retryDelayMs * 2 ** retry);
        outcome = await attempt(body);
      }
      return outcome.result;
    },
  };
}

function requestBody(
  { id, to, rendered }: NotifierMessage,
  senderKey: string,
  templateCodes: Record<NotificationKind, string>,
  smsFallback: boolean,
) {
  return {
    messageId: id,
    senderKey,
    templateCode: templateCodes[rendered.kind],
    recipientNo: to,
    content: rendered.text,
    buttons: rendered.buttons,
    fallback: smsFallback ? fallbackFor(rendered) : { enabled: false },
  };
}

/** SMS has no buttons, so their links go into the text. */
function fallbackFor(rendered: RenderedNotification) {
  const links = rendered.buttons.map((b) => `${b.name}: ${b.url_mobile}`);
  const content = [rendered.text, ...links].join('\n\n');
  return euckrBytes(content) <= SMS_MAX_BYTES
    ? { enabled: true, type: 'SMS' as const, content }
    : { enabled: true, type: 'LMS' as const, title: rendered.title, content };
}

function euckrBytes(text: string): number {
  let bytes = 0;
  for (const char of text) bytes += char.charCodeAt(0) < 0x80 ? 1 : 2;
  return bytes;
}

function readAnswer(status: number, answer: string): Attempt {
  const json = parseJson(answer);
  if (status >= 200 && status < 300) {
    const id = json?.messageId;
    if (typeof id === 'string' && id !== '')
      return { result: { status: 'sent', providerMessageId: id }, again: false };
    // Accepted but unreadable: sending again could reach the customer twice, so do not retry.
    const error = `HTTP ${status} without a messageId: ${clip(answer)}`;
    return { result: { status: 'failed', retryable: false, error }, again: false };
  }
  const error = `HTTP ${status}: ${clip(vendorError(json) ?? answer)}`;
  if (status >= 500) return { result: { status: 'failed', retryable: true, error }, again: true };
  // Too many requests or a request timeout pass with time; the worker's longer backoff suits them.
  const retryable = status === 429 || status === 408;
  return { result: { status: 'failed', retryable, error }, again: false };
}

function parseJson(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function vendorError(json: Record<string, unknown> | null): string | null {
  const error = json?.error;
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && error !== null) {
    const { code, message } = error as Record<string, unknown>;
    if (typeof message === 'string') return typeof code === 'string' ? `${code} ${message}` : message;
  }
  return typeof json?.message === 'string' ? json.message : null;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // fetch wraps the socket error ("ECONNREFUSED …") in a bare "fetch failed".
  return error.cause instanceof Error ? `${error.message} (${error.cause.message})` : error.message;
}

function clip(text: string): string {
  const trimmed = text.trim() || '(empty answer)';
  return trimmed.length <= MAX_ERROR_LENGTH ? trimmed : `${trimmed.slice(0, MAX_ERROR_LENGTH)}…`;
}
