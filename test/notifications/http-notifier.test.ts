import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  createHttpNotifier,
  type HttpNotifierOptions,
} from '../../src/modules/notifications/http-notifier.js';
import type { NotifierMessage } from '../../src/modules/notifications/notifier.port.js';
import { renderNotification } from '../../src/modules/notifications/templates.js';

interface Seen {
  method: string | undefined;
  path: string | undefined;
  authorization: string | undefined;
  contentType: string | undefined;
  body: Record<string, unknown>;
}

type Handler = (res: ServerResponse) => void;

// One vendor stand-in for the file; each test queues how it answers the next requests.
let server: Server;
let baseUrl: string;
let seen: Seen[] = [];
let handlers: Handler[] = [];

function answer(status: number, body: unknown): Handler {
  return (res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
}
const hang: Handler = () => {};

async function record(req: IncomingMessage, res: ServerResponse) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  seen.push({
    method: req.method,
    path: req.url,
    authorization: req.headers.authorization,
    contentType: req.headers['content-type'],
    body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
  });
  const handler = handlers.shift() ?? answer(599, { message: 'test queued no answer' });
  handler(res);
}

before(async () => {
  server = createServer((req, res) => void record(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen = [];
  handlers = [];
});

const templateCodes = {
  payment_guidance: 'VENDOR_PAY_01',
  reinspection: 'VENDOR_RE_01',
  completion: 'VENDOR_DONE_01',
  rejection: 'VENDOR_REJ_01',
};

function notifier(overrides: Partial<HttpNotifierOptions> = {}) {
  return createHttpNotifier({
    baseUrl,
    apiKey: 'test-api-key',
    senderKey: 'sender-key-1',
    templateCodes,
    smsFallback: true,
    retryDelayMs: 10,
    ...overrides,
  });
}

const message: NotifierMessage = {
  id: 'ntf_0001',
  to: '01012345678',
  rendered: renderNotification('payment_guidance', {
    customerName: '홍길동',
    deviceName: 'iPhone 15',
    checkoutUrl: 'https://partner.example/pay/1',
    deadline: new Date('2026-11-27T15:30:00Z'),
  }),
};

describe('http notifier', () => {
  it('sends the vendor request and reads its message id', async () => {
    handlers.push(answer(200, { messageId: 'vendor-123' }));
    const result = await notifier().send(message);

    assert.deepEqual(result, { status: 'sent', providerMessageId: 'vendor-123' });
    assert.equal(seen.length, 1);
    const [request] = seen;
    assert.equal(request?.method, 'POST');
    assert.equal(request?.path, '/v2/alimtalk/send');
    assert.equal(request?.authorization, 'Bearer test-api-key');
    assert.match(request?.contentType ?? '', /^application\/json/);
    const body = request?.body ?? {};
    assert.equal(body.messageId, 'ntf_0001');
    assert.equal(body.senderKey, 'sender-key-1');
    assert.equal(body.templateCode, 'VENDOR_PAY_01');
    assert.equal(body.recipientNo, '01012345678');
    assert.equal(body.content, message.rendered.text);
    assert.deepEqual(body.buttons, message.rendered.buttons);
    const fallback = body.fallback as Record<string, unknown>;
    assert.equal(fallback.enabled, true);
    assert.equal(fallback.type, 'LMS');
    assert.equal(fallback.title, message.rendered.title);
    // SMS has no buttons: the link must be in the text.
    assert.match(String(fallback.content), /https:\/\/partner\.example\/pay\/1/);
  });

  it('says so when the SMS fallback is off', async () => {
    handlers.push(answer(200, { messageId: 'vendor-124' }));
    const result = await notifier({ smsFallback: false }).send(message);
    assert.equal(result.status, 'sent');
    assert.deepEqual(seen[0]?.body.fallback, { enabled: false });
  });

  it('retries a 5xx and succeeds', async () => {
    handlers.push(answer(500, { error: { code: 'E500', message: 'internal' } }));
    handlers.push(answer(200, { messageId: 'vendor-200' }));
    const result = await notifier().send(message);
    assert.deepEqual(result, { status: 'sent', providerMessageId: 'vendor-200' });
    assert.equal(seen.length, 2);
    assert.equal(seen[1]?.body.messageId, 'ntf_0001', 'the retry carries the same message id');
  });

  it('gives up on 5xx after its retries, leaving the retry to the worker', async () => {
    for (let i = 0; i < 3; i++) handlers.push(answer(503, { message: 'maintenance' }));
    const result = await notifier({ retries: 2 }).send(message);
    assert.deepEqual(result, { status: 'failed', retryable: true, error: 'HTTP 503: maintenance' });
    assert.equal(seen.length, 3);
  });

  it('treats a 4xx as final, with the vendor message, and does not retry', async () => {
    handlers.push(
      answer(400, { error: { code: 'INVALID_TEMPLATE', message: '템플릿 내용이 일치하지 않습니다' } }),
    );
    handlers.push(answer(200, { messageId: 'must-not-be-reached' }));
    const result = await notifier().send(message);
    assert.deepEqual(result, {
      status: 'failed',
      retryable: false,
      error: 'HTTP 400: INVALID_TEMPLATE 템플릿 내용이 일치하지 않습니다',
    });
    assert.equal(seen.length, 1);
  });

  it('fails retryable when the vendor does not answer in time', async () => {
    handlers.push(hang, hang);
    const started = Date.now();
    const result = await notifier({ timeoutMs: 100, retries: 1 }).send(message);
    assert.equal(result.status, 'failed');
    assert.ok(result.status === 'failed' && result.retryable);
    assert.match(result.status === 'failed' ? result.error : '', /no answer within 100 ms/);
    assert.equal(seen.length, 2);
    assert.ok(Date.now() - started < 2000);
  });

  it('fails retryable when the vendor cannot be reached', async () => {
    const result = await notifier({ baseUrl: 'http://127.0.0.1:1', retries: 0 }).send(message);
    assert.equal(result.status, 'failed');
    assert.ok(result.status === 'failed' && result.retryable);
    assert.match(result.status === 'failed' ? result.error : '', /network error/);
  });

  it('does not call the vendor for a number that is not a Korean mobile', async () => {
    const result = await notifier().send({ ...message, to: '0212345678' });
    assert.deepEqual(result, {
      status: 'failed',
      retryable: false,
      error: 'recipient is not a Korean mobile number',
    });
    assert.equal(seen.length, 0);
  });

  it('does not retry a 2xx it cannot read, since the message may be out', async () => {
    handlers.push(answer(200, { ok: true }));
    const result = await notifier().send(message);
    assert.equal(result.status, 'failed');
    assert.ok(result.status === 'failed' && !result.retryable);
    assert.equal(seen.length, 1);
  });

  it('refuses to start without a template code for every kind', () => {
    assert.throws(() => notifier({ templateCodes: { ...templateCodes, rejection: ' ' } }), /rejection/);
  });
});
