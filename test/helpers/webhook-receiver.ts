import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Webhook } from 'standardwebhooks';
import { startTestServer } from './platform.js';

export interface ReceivedWebhook {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** The JSON body, or undefined when it was not JSON. */
  body: unknown;
  /** Whether one of the receiver's secrets verified the Standard Webhooks signature. */
  verified: boolean;
  receivedAt: Date;
}

export interface ReceiverAnswer {
  status: number;
  /** Objects are sent as JSON; strings as they are. */
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
  /** Drop the connection instead of answering. */
  destroy?: boolean;
  /** Reset the connection (TCP RST) instead of answering. */
  reset?: boolean;
  /** Send the status and headers at once, then the body one byte per this many ms. */
  dripMs?: number;
}

/** Answers like the spec's partner: a contract link, a re-inspection link, or a bare acknowledgement. */
export function defaultAnswer(request: ReceivedWebhook): ReceiverAnswer {
  const result = (request.body as { result?: unknown } | undefined)?.result;
  if (result === 0)
    return { status: 200, body: { result: true, contract_url: 'https://partner.example/contracts/1' } };
  if (result === 1) {
    return {
      status: 200,
      body: { result: true, reinspection_url: 'https://partner.example/reinspection/1' },
    };
  }
  return { status: 200, body: { result: true } };
}

/** A real partner endpoint on 127.0.0.1 (random port) that verifies and records every delivery. */
export async function startWebhookReceiver({ secrets }: { secrets: string[] }) {
  const verifiers = secrets.map((secret) => new Webhook(secret));
  const requests: ReceivedWebhook[] = [];
  let script: (request: ReceivedWebhook) => ReceiverAnswer = defaultAnswer;
  // Cuts short pending delays so that close() does not wait for them.
  const closing = new AbortController();

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const received: ReceivedWebhook = {
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      rawBody,
      body: parseJson(rawBody),
      verified: verifiers.some((verifier) => verifies(verifier, rawBody, req.headers)),
      receivedAt: new Date(),
    };
    requests.push(received);

    const answer = script(received);
    if (answer.delayMs) await sleep(answer.delayMs, undefined, { signal: closing.signal }).catch(() => {});
    if (closing.signal.aborted || res.destroyed) return;
    if (answer.destroy) {
      req.socket.destroy();
      return;
    }
    if (answer.reset) {
      req.socket.resetAndDestroy();
      return;
    }
    const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {});
    const contentType = typeof answer.body === 'string' ? 'text/plain' : 'application/json';
    res.writeHead(answer.status, { 'content-type': contentType, ...answer.headers });
    if (!answer.dripMs) return void res.end(text);
    await drip(res, Buffer.from(text), answer.dripMs, closing.signal);
    if (!res.destroyed) res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    get count() {
      return requests.length;
    },
    /** Replaces how the receiver answers from now on. */
    respondWith(next: (request: ReceivedWebhook) => ReceiverAnswer) {
      script = next;
    },
    async close() {
      closing.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;

function verifies(verifier: Webhook, body: string, headers: IncomingHttpHeaders): boolean {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  try {
    verifier.verify(body, flat, { jsonParse: false });
    return true;
  } catch {
    return false;
  }
}

/** Writes the body a byte at a time until it is written or the client goes away. */
async function drip(res: ServerResponse, bytes: Buffer, everyMs: number, signal: AbortSignal) {
  for (const byte of bytes) {
    if (res.destroyed || signal.aborted) return;
    res.write(Buffer.of(byte));
    await sleep(everyMs, undefined, { signal }).catch(() => {});
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A platform, a test-mode partner and its webhook endpoint: a real receiver on 127.0.0.1. */
export async function startServerWithReceiver(env: Record<string, string> = {}) {
  const server = await startTestServer({ WEBHOOK_ALLOW_PRIVATE: 'true', ...env });
  const partner = await server.partner();
  const receiver = await startWebhookReceiver({ secrets: [partner.webhookSecret] });
  await server.platform.endpoints.setUrl(partner.affiliateId, 'test', `${receiver.url}/hooks`);
  return {
    server,
    partner,
    receiver,
    async close() {
      await server.close();
      await receiver.close();
    },
  };
}
