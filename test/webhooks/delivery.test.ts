import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import {
  type NextAttemptOptions,
  nextAttemptDelay as nextAttemptDelayOf,
} from '../../src/core/retry-schedule.js';
import { WEBHOOK_RETRY_SCHEDULE } from '../../src/modules/webhooks/retry-schedule.js';
import { sendWebhook } from '../../src/modules/webhooks/webhook-sender.js';
import { signWebhook } from '../../src/modules/webhooks/webhook-signature.js';
import { checkWebhookUrl, isForbiddenAddress } from '../../src/modules/webhooks/webhook-url-policy.js';
import { defaultAnswer, startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

const RETRY_SCHEDULE_MS = WEBHOOK_RETRY_SCHEDULE.delaysMs;
const MAX_ATTEMPTS = RETRY_SCHEDULE_MS.length;
const nextAttemptDelay = (attempt: number, options?: NextAttemptOptions) =>
  nextAttemptDelayOf(WEBHOOK_RETRY_SCHEDULE, attempt, options);

const newSecret = () => `whsec_${randomBytes(24).toString('base64')}`;
const oldSecret = newSecret();
const currentSecret = newSecret();
const body = JSON.stringify({ type: 'inspection.completed', contract_id: 'c_1', result: 0 });
const signed = (secrets: string[]) => signWebhook({ id: 'msg_1', timestamp: new Date(), body, secrets });

describe('webhook signature', () => {
  it('is accepted by the standardwebhooks package', () => {
    const headers = signed([currentSecret]);
    assert.deepEqual(new Webhook(currentSecret).verify(body, headers), JSON.parse(body));
    assert.equal(headers['webhook-id'], 'msg_1');
    assert.match(headers['webhook-timestamp'] ?? '', /^\d{10}$/);
    assert.throws(() => new Webhook(newSecret()).verify(body, headers), /No matching signature/);
    assert.throws(() => new Webhook(currentSecret).verify(`${body} `, headers), /No matching signature/);
  });

  it('signs with every secret during rotation, each verifying on its own', () => {
    const headers = signed([currentSecret, oldSecret]);
    assert.equal(headers['webhook-signature']?.split(' ').length, 2);
    for (const secret of [currentSecret, oldSecret]) new Webhook(secret).verify(body, headers);
  });
});

describe('webhook URL policy', () => {
  const live = { mode: 'live', allowPrivate: false } as const;
  const test = { mode: 'test', allowPrivate: false } as const;
  const verdict = (...args: Parameters<typeof checkWebhookUrl>) => {
    const check = checkWebhookUrl(...args);
    return check.ok ? 'ok' : check.reason;
  };

  it('requires https in live mode and allows http in test mode', () => {
    assert.equal(verdict('http://partner.example/hook', live), 'https_required');
    assert.equal(verdict('https://partner.example/hook', live), 'ok');
    assert.equal(verdict('http://partner.example/hook', test), 'ok');
    assert.equal(verdict('ftp://partner.example/hook', test), 'unsupported_scheme');
    assert.equal(verdict('not a url', test), 'invalid_url');
    assert.equal(verdict('https://u:p@partner.example/', live), 'credentials_in_url');
  });

  it('refuses private, loopback, link-local and IPv4-mapped literals', () => {
    const hosts =
      '10.0.0.1 172.16.5.4 192.168.1.1 100.64.0.1 127.0.0.1 2130706433 localhost 169.254.169.254 [::1] [fe80::1] [fd00::1] [::ffff:10.0.0.1] [::ffff:7f00:1] 0.0.0.0';
    for (const host of hosts.split(' ')) {
      assert.equal(verdict(`https://${host}/hook`, live), 'forbidden_address', host);
      assert.equal(verdict(`http://${host}/hook`, test), 'forbidden_address', host);
    }
    assert.equal(verdict('https://8.8.8.8/', live), 'ok');
  });

  it('lets allowPrivate permit http to loopback in either mode, but not http elsewhere in live mode', () => {
    assert.equal(verdict('http://127.0.0.1:8080/hook', { mode: 'live', allowPrivate: true }), 'ok');
    assert.equal(verdict('http://127.0.0.1:8080/hook', { mode: 'test', allowPrivate: true }), 'ok');
    assert.equal(verdict('http://10.0.0.1/', { mode: 'live', allowPrivate: true }), 'https_required');
    assert.equal(verdict('http://10.0.0.1/', { mode: 'test', allowPrivate: true }), 'ok');
  });

  it('classifies addresses', () => {
    const forbidden =
      '10.1.2.3 172.31.255.255 192.168.0.1 100.127.0.1 127.0.0.53 169.254.1.1 0.0.0.0 224.0.0.1 ::1 :: fe80::abcd fc00::1 fdff::1 ff02::1 ::ffff:10.0.0.1 ::ffff:7f00:1 not-an-ip';
    for (const ip of forbidden.split(' ')) assert.equal(isForbiddenAddress(ip), true, ip);
    for (const ip of '8.8.8.8 172.32.0.1 100.128.0.1 2001:4860:4860::8888 ::ffff:8.8.8.8'.split(' ')) {
      assert.equal(isForbiddenAddress(ip), false, ip);
    }
  });
});

describe('webhook sender', () => {
  let receiver: WebhookReceiver;
  before(async () => {
    receiver = await startWebhookReceiver({ secrets: [oldSecret] });
  });
  after(() => receiver.close());

  const send = (options: { timeoutMs?: number; path?: string } = {}) =>
    sendWebhook({
      url: `${receiver.url}${options.path ?? '/hooks/cp'}`,
      headers: signed([currentSecret, oldSecret]),
      body,
      allowPrivate: true,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    });

  it('delivers a verifiable request and returns the partner’s acceptance', async () => {
    receiver.respondWith(defaultAnswer);
    const before = receiver.count;
    const result = await send();
    assert.equal(receiver.count, before + 1);
    const delivered = receiver.requests.at(-1);
    assert.equal(delivered?.verified, true);
    assert.equal(delivered?.method, 'POST');
    assert.equal(delivered?.headers['content-type'], 'application/json');
    assert.equal(delivered?.headers.connection, 'close');
    assert.deepEqual(delivered?.body, JSON.parse(body));
    assert.equal(result.status, 200);
    assert.equal(result.error, null);
    assert.deepEqual(result.ack, {
      kind: 'accepted',
      body: { result: true, contract_url: 'https://partner.example/contracts/1' },
    });
  });

  it('records result:false as a partner error, not to be retried', async () => {
    receiver.respondWith(() => ({ status: 200, body: { result: false, error: 'seq 42: gloomy exception' } }));
    const result = await send();
    assert.deepEqual(result.ack, { kind: 'partner_error', error: 'seq 42: gloomy exception' });
  });

  it('retries a 500 and keeps its excerpt', async () => {
    receiver.respondWith(() => ({ status: 500, body: 'boom' }));
    const result = await send();
    assert.equal(result.status, 500);
    assert.equal(result.responseExcerpt, 'boom');
    assert.deepEqual(result.ack, { kind: 'retry', reason: 'http_500' });
    assert.equal(result.retryAfterMs, null);
  });

  it('reads Retry-After as seconds or as an HTTP-date', async () => {
    receiver.respondWith(() => ({ status: 503, headers: { 'retry-after': '7' } }));
    assert.equal((await send()).retryAfterMs, 7000);
    const inAMinute = new Date(Date.now() + 60_000).toUTCString();
    receiver.respondWith(() => ({ status: 429, headers: { 'retry-after': inAMinute } }));
    const { retryAfterMs } = await send();
    assert.ok(retryAfterMs !== null && retryAfterMs > 55_000 && retryAfterMs <= 60_000, String(retryAfterMs));
  });

  it('does not follow a redirect', async () => {
    receiver.respondWith((request) =>
      request.path === '/moved'
        ? { status: 200 }
        : { status: 302, headers: { location: `${receiver.url}/moved` } },
    );
    const before = receiver.count;
    const result = await send();
    assert.equal(receiver.count, before + 1);
    assert.equal(result.status, 302);
    assert.equal(result.error, 'redirect_not_followed');
    assert.equal(result.ack.kind, 'retry');
  });

  it('gives up after timeoutMs', async () => {
    receiver.respondWith(() => ({ status: 200, delayMs: 2000 }));
    const result = await send({ timeoutMs: 300 });
    assert.equal(result.status, null);
    assert.equal(result.error, 'timeout');
    assert.deepEqual(result.ack, { kind: 'retry', reason: 'timeout' });
    assert.ok(result.latencyMs >= 250 && result.latencyMs < 1500, String(result.latencyMs));
  });

  it('reports a dropped connection', async () => {
    receiver.respondWith(() => ({ status: 200, destroy: true }));
    const result = await send();
    assert.equal(result.error, 'connection_reset');
    assert.equal(result.ack.kind, 'retry');
  });

  it('reports a refused connection', async () => {
    const closed = await startWebhookReceiver({ secrets: [oldSecret] });
    await closed.close();
    const result = await sendWebhook({
      url: closed.url,
      headers: signed([oldSecret]),
      body,
      allowPrivate: true,
    });
    assert.equal(result.error, 'connection_refused');
    assert.deepEqual(result.ack, { kind: 'retry', reason: 'connection_refused' });
  });

  it('retries invalid JSON and JSON without a boolean result', async () => {
    receiver.respondWith(() => ({ status: 200, body: '{"result": true,}' }));
    assert.deepEqual((await send()).ack, { kind: 'retry', reason: 'invalid_json' });
    receiver.respondWith(() => ({ status: 200, body: { result: 'true' } }));
    assert.deepEqual((await send()).ack, { kind: 'retry', reason: 'no_boolean_result' });
  });

  it('keeps 2048 bytes of a long answer but still parses it whole', async () => {
    receiver.respondWith(() => ({ status: 200, body: { result: true, padding: 'x'.repeat(10 * 1024) } }));
    const result = await send();
    assert.equal(Buffer.byteLength(result.responseExcerpt), 2048);
    assert.equal(result.ack.kind, 'accepted');
    receiver.respondWith(() => ({ status: 200, body: 'é'.repeat(5000) }));
    assert.equal((await send()).responseExcerpt, 'é'.repeat(1024));
  });

  it('refuses at connect time a name that resolves to a private address', async () => {
    const before = receiver.count;
    const result = await sendWebhook({
      url: `http://localhost:${receiver.port}/hooks/cp`,
      headers: signed([oldSecret]),
      body,
      allowPrivate: false,
    });
    assert.equal(result.error, 'forbidden_address');
    assert.equal(result.status, null);
    assert.deepEqual(result.ack, { kind: 'retry', reason: 'forbidden_address' });
    assert.equal(receiver.count, before);
  });
});

describe('retry schedule', () => {
  const middle = () => 0.5;

  it('follows the documented schedule and ends after the last attempt', () => {
    assert.equal(MAX_ATTEMPTS, 10);
    const delays = Array.from({ length: MAX_ATTEMPTS }, (_, attempt) =>
      nextAttemptDelay(attempt, { random: middle }),
    );
    assert.deepEqual(
      delays,
      [0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 50_400_000, 72_000_000, 86_400_000],
    );
    assert.equal(nextAttemptDelay(MAX_ATTEMPTS), null);
  });

  it('jitters by at most 20 % and never the immediate first attempt', () => {
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      const base = RETRY_SCHEDULE_MS[attempt] ?? 0;
      assert.equal(nextAttemptDelay(attempt, { random: () => 0 }), base * 0.8);
      assert.ok((nextAttemptDelay(attempt, { random: () => 0.999999 }) ?? 0) <= base * 1.2);
    }
    assert.equal(nextAttemptDelay(0, { random: () => 0 }), 0);
    assert.equal(nextAttemptDelay(0, { random: () => 0.99 }), 0);
  });

  it('waits at least as long as Retry-After asks, up to 24 hours', () => {
    assert.equal(nextAttemptDelay(1, { random: middle, retryAfterMs: 7000 }), 7000);
    assert.equal(nextAttemptDelay(3, { random: middle, retryAfterMs: 7000 }), 1_800_000);
    assert.equal(nextAttemptDelay(1, { random: middle, retryAfterMs: 7 * 86_400_000 }), 86_400_000);
    assert.equal(nextAttemptDelay(MAX_ATTEMPTS, { retryAfterMs: 1000 }), null);
  });
});
