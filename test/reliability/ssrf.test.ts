/**
 * Server-side request forgery (OWASP API7:2023). The platform dials one URL a partner chooses: its
 * webhook endpoint (deliveries and the two test-webhook routes). Each target of the table below
 * (loopback in every notation, private, shared, link-local and metadata networks, IPv6 and the IPv4
 * it can carry, names resolving to them, redirects from an allowed endpoint) points at the port of
 * a canary listening on 127.0.0.1. With WEBHOOK_ALLOW_PRIVATE=false a target is refused when it is
 * registered, through every path that sets a URL, and again when it is dialled after being forced
 * into the database; and no socket ever opens to it: the canary accepts nothing, and a probe on
 * every TCP connect of this process sees none to the canary's port nor off the loopback address.
 * The links a partner hands over (checkout_url, contract_url) are only ever text, never fetched.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { lookup as systemLookup } from 'node:dns';
import { mkdtemp, rm } from 'node:fs/promises';
import { type AddressInfo, createServer, isIP, type LookupFunction, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { callControlSocket, serveControlSocket } from '../../src/cli/control-socket.js';
import { runOperation } from '../../src/cli/operations.js';
import { ManualClock } from '../../src/core/clock.js';
import type { Mode } from '../../src/core/db/schema.js';
import { AppError } from '../../src/core/errors.js';
import type { NewAffiliate } from '../../src/modules/affiliates/affiliates.service.js';
import { createHttpNotifier } from '../../src/modules/notifications/http-notifier.js';
import { deliverDueNotifications } from '../../src/modules/notifications/notifications-outbox.js';
import type { RenderedNotification } from '../../src/modules/notifications/templates.js';
import { deliverDueWebhooks } from '../../src/modules/webhooks/webhook-delivery.js';
import {
  guardedLookup,
  type ResolveAll,
  replaceWebhookLookup,
  sendWebhook,
} from '../../src/modules/webhooks/webhook-sender.js';
import { checkWebhookUrl } from '../../src/modules/webhooks/webhook-url-policy.js';
import {
  claimPhotos,
  contractInStatus,
  kstNow,
  monthlyPremium,
  SEOUL,
  upload,
} from '../helpers/contract-flow.js';
import { databaseFingerprint } from '../helpers/db-fingerprint.js';
import { startTestServer, type TestServer } from '../helpers/platform.js';
import { defaultAnswer, startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

const SEED = 20261208;
const URL_REFUSED = 'The webhook URL must not point to a private, loopback or link-local address.';
const PASSWORD = 'correct horse battery staple';

/** Stands for the partner's public endpoint: the test's lookup sends it to a receiver on 127.0.0.1. */
const PUBLIC_PARTNER = 'partner.example';
/** Public at the first lookup, 127.0.0.1 from then on: DNS rebinding. */
const REBINDING = 'rebind.partner.test';

/** Names that resolve to addresses that are not a partner's: the test's DNS, never a real one. */
const PRIVATE_NAMES: Record<string, string[]> = {
  'loopback.partner.test': ['127.0.0.1'],
  'loopback6.partner.test': ['::1'],
  'mapped.partner.test': ['::ffff:127.0.0.1'],
  'internal.partner.test': ['10.0.0.5'],
  'metadata.partner.test': ['169.254.169.254'],
  'shared.partner.test': ['100.64.0.1'],
  'ula.partner.test': ['fd00:ec2::254'],
  'nat64.partner.test': ['64:ff9b::a9fe:a9fe'],
  // The private address first: were the guard to let it through, the canary would count it.
  'two-faced.partner.test': ['127.0.0.1', '8.8.8.8'],
};
const TEST_DNS: Record<string, string[]> = {
  ...PRIVATE_NAMES,
  [REBINDING]: ['127.0.0.1'],
  // What resolvers answer for localhost names (RFC 6761); bare `localhost` is the system's.
  'localhost.': ['127.0.0.1', '::1'],
  'api.localhost': ['127.0.0.1'],
};

/** Literal addresses and localhost names are refused when set; other names only when dialled. */
type Registration = 'refused' | 'resolved when dialled';

interface Target {
  kind: string;
  host: string;
  registration: Registration;
}

const targets = (kind: string, registration: Registration, hosts: string[]): Target[] =>
  hosts.map((host) => ({ kind, host, registration }));

const TARGETS: Target[] = [
  ...targets('IPv4 loopback', 'refused', [
    '127.0.0.1',
    '127.1',
    '2130706433',
    '0x7f000001',
    '0177.0.0.1',
    '0x7f.0.0.1',
    '127.0.0.1.',
    '127.255.255.254',
    '%31%32%37.0.0.1',
    '１２７．０．０．１',
  ]),
  ...targets('this host', 'refused', ['0.0.0.0', '0']),
  ...targets('localhost name', 'refused', ['localhost', 'LOCALHOST.', 'api.localhost']),
  ...targets('IPv6 loopback', 'refused', [
    '[::1]',
    '[0:0:0:0:0:0:0:1]',
    '[::]',
    '[::ffff:127.0.0.1]',
    '[::ffff:7f00:1]',
    '[0:0:0:0:0:ffff:7f00:1]',
  ]),
  ...targets('IPv4 inside IPv6', 'refused', [
    '[::127.0.0.1]',
    '[::ffff:0:7f00:1]',
    '[64:ff9b::7f00:1]',
    '[2002:7f00:1::1]',
    '[64:ff9b::a9fe:a9fe]',
    '[::ffff:10.0.0.1]',
  ]),
  ...targets('private', 'refused', [
    '10.0.0.1',
    '172.16.0.1',
    '172.31.255.254',
    '192.168.1.1',
    '100.64.0.1',
    '[fc00::1]',
    '[fd00:ec2::254]',
  ]),
  ...targets('link-local, metadata', 'refused', [
    '169.254.169.254',
    '2852039166',
    '169.254.170.2',
    '[fe80::1]',
    '[::ffff:169.254.169.254]',
  ]),
  ...targets('reserved, unrouted', 'refused', [
    '192.0.0.170',
    '192.0.2.2',
    '198.51.100.7',
    '203.0.113.9',
    '198.18.0.1',
    '224.0.0.1',
    '255.255.255.255',
    '[2001:db8::1]',
    '[fec0::1]',
    '[100::1]',
    '[ff02::1]',
  ]),
  ...targets('name resolving privately', 'resolved when dialled', Object.keys(PRIVATE_NAMES)),
];

/** Addresses the policy must still let through, so that refusing is not all it does. Never dialled. */
const PUBLIC_HOSTS = [
  '8.8.8.8',
  '134744072',
  '172.32.0.1',
  '100.128.0.1',
  '192.0.3.1',
  '203.0.114.1',
  '[2001:4860:4860::8888]',
  '[::ffff:8.8.8.8]',
  '[64:ff9b::808:808]',
  '[2002:808:808::1]',
  'partner.example',
];

/** A TCP listener on 127.0.0.1 that counts the connections it accepts. */
async function startCanary() {
  let accepted = 0;
  const server = createServer((socket) => {
    accepted += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    get accepted() {
      return accepted;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Every TCP connection this process dials, at the address actually dialled (after any lookup), TLS
 * and database ones included: the canary can only see 127.0.0.1, this sees the addresses it cannot.
 */
function watchConnections() {
  const dialled: Array<{ address: string; port: number }> = [];
  const connect = Socket.prototype.connect;
  Socket.prototype.connect = function (this: Socket, ...args: unknown[]) {
    // A Unix socket (the CLI's control socket) reports its path and no port: not the network's.
    this.on('connectionAttempt', (address: string, port?: number) => {
      if (port !== undefined) dialled.push({ address, port });
    });
    return Reflect.apply(connect, this, args);
  } as typeof connect;
  return {
    dialled,
    restore: () => {
      Socket.prototype.connect = connect;
    },
  };
}

/** The test's DNS: its table, and the system for bare localhost (from /etc/hosts, no DNS server). */
const testResolve: ResolveAll = (hostname, options, callback) => {
  if (hostname === 'localhost') return systemLookup(hostname, { ...options, all: true }, callback);
  const addresses = TEST_DNS[hostname.toLowerCase()];
  if (!addresses) {
    const error = Object.assign(new Error(`${hostname} is not in the test's DNS`), { code: 'ENOTFOUND' });
    return callback(error, []);
  }
  callback(
    null,
    addresses.map((address) => ({ address, family: isIP(address) })),
  );
};

/**
 * The sender's connect-time lookup for this suite: the real guard over the test's DNS, except for
 * the partner's "public" endpoint (and the rebinding name's first answer), served on 127.0.0.1.
 */
function testLookup(): LookupFunction {
  const guarded = guardedLookup(testResolve);
  const lookups = new Map<string, number>();
  return (hostname, options, callback) => {
    const count = (lookups.get(hostname) ?? 0) + 1;
    lookups.set(hostname, count);
    const publicHere = hostname === PUBLIC_PARTNER || (hostname === REBINDING && count === 1);
    if (!publicHere) return guarded(hostname, options, callback);
    if (options.all) return callback(null, [{ address: '127.0.0.1', family: 4 }]);
    callback(null, '127.0.0.1', 4);
  };
}

/** The IPv4 networks that are never a partner's, as [first address, prefix length]. */
const FORBIDDEN_IPV4: Array<[string, number]> = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];

const toNumber = (ipv4: string) => ipv4.split('.').reduce((value, part) => value * 256 + Number(part), 0);
const bytesOf = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const dotted = (n: number) => bytesOf(n).join('.');
const groups = (n: number) => `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;

/** Every way a URL can spell an IPv4 address, and every IPv6 address that carries one. */
const IPV4_NOTATIONS: Array<(n: number) => string> = [
  dotted,
  (n) => `${dotted(n)}.`,
  (n) => String(n),
  (n) => `0x${n.toString(16)}`,
  (n) => `0X${n.toString(16).toUpperCase()}`,
  (n) =>
    bytesOf(n)
      .map((byte) => `0${byte.toString(8)}`)
      .join('.'),
  (n) =>
    bytesOf(n)
      .map((byte) => `0x${byte.toString(16)}`)
      .join('.'),
  (n) => `${n >>> 24}.${n & 0xffffff}`,
  (n) => `${n >>> 24}.${(n >>> 16) & 255}.${n & 0xffff}`,
  (n) => `[::ffff:${dotted(n)}]`,
  (n) => `[::ffff:${groups(n)}]`,
  (n) => `[0:0:0:0:0:ffff:${groups(n)}]`,
  (n) => `[::${dotted(n)}]`,
  (n) => `[::ffff:0:${groups(n)}]`,
  (n) => `[64:ff9b::${dotted(n)}]`,
  (n) => `[2002:${groups(n)}::1]`,
];

const forbiddenIpv4 = fc
  .constantFrom(...FORBIDDEN_IPV4)
  .chain(([network, prefix]) =>
    fc.integer({ min: 0, max: 2 ** (32 - prefix) - 1 }).map((host) => toNumber(network) + host),
  );

/** An IPv6 address whose first group is `base` with the bits of `free` drawn at random. */
const ipv6In = (base: number, free: number) =>
  fc
    .tuple(
      fc.integer({ min: 0, max: free }),
      fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 7, maxLength: 7 }),
    )
    .map(([bits, rest]) => `[${[base | bits, ...rest].map((group) => group.toString(16)).join(':')}]`);

/** A literal host of a forbidden network, in a notation drawn at random. */
const forbiddenHost = fc.oneof(
  fc.tuple(forbiddenIpv4, fc.constantFrom(...IPV4_NOTATIONS)).map(([n, notation]) => notation(n)),
  ipv6In(0xfc00, 0x1ff), // unique-local
  ipv6In(0xfe80, 0x3f), // link-local
  ipv6In(0xff00, 0xff), // multicast
  fc.constantFrom('[::1]', '[0::1]', '[::0:0:1]', '[0000:0000:0000:0000:0000:0000:0000:0001]'),
);

describe('SSRF: no URL a partner chooses reaches a network that is not its own', () => {
  const clock = new ManualClock();
  const outcomes = new Map<string, { registration: string; dialled: string }>();
  let canary: Awaited<ReturnType<typeof startCanary>>;
  let probe: ReturnType<typeof watchConnections>;
  let restoreLookup: () => void;
  let server: TestServer;
  let partnerHook: WebhookReceiver;
  let vendor: WebhookReceiver;
  let socketDir: string;
  let control: { stop(): Promise<void> };
  let partner: { affiliateId: string; apiKey: string };
  let partnerUrl: string;
  let admin: Record<string, string>;
  let contractId: string;
  let links: { checkout: string; contract: string };

  const urlOf = (host: string, scheme = 'http') => `${scheme}://${host}:${canary.port}/hook`;
  const db = () => server.platform.database.db;
  const socketPath = () => join(socketDir, 'control.sock');

  /** Connections dialled since `from` that went to the canary's port or off the loopback address. */
  const leaks = (from = 0) =>
    probe.dialled
      .slice(from)
      .filter(({ address, port }) => port === canary.port || (address !== '127.0.0.1' && address !== '::1'));

  before(async () => {
    canary = await startCanary();
    probe = watchConnections();
    restoreLookup = replaceWebhookLookup(testLookup());
    server = await startTestServer(
      {
        WEBHOOK_ALLOW_PRIVATE: 'false',
        WEBHOOK_TIMEOUT_MS: '2000',
        OCR_WORKERS: '1',
        RATE_LIMIT_PER_MINUTE: '1000000',
      },
      { clock },
    );
    vendor = await startWebhookReceiver({ secrets: [] });
    vendor.respondWith(() => ({ status: 200, body: { messageId: 'vendor-1' } }));
    socketDir = await mkdtemp(join(tmpdir(), 'cpi-ssrf-'));
    control = await serveControlSocket(server.platform, socketPath(), server.platform.logger);
    await registerPartner();
    admin = await signInAdmin();
    links = {
      checkout: `http://localhost:${canary.port}/pay`,
      contract: `http://127.0.0.1:${canary.port}/contracts/1`,
    };
    contractId = await acknowledgedContract();
  });

  after(async () => {
    restoreLookup();
    await control.stop();
    await server.close();
    await Promise.all([partnerHook.close(), vendor.close(), canary.close()]);
    await rm(socketDir, { recursive: true, force: true });
    probe.restore();
  });

  /** A test-mode partner made and pointed at its public endpoint through the CLI's operations. */
  async function registerPartner() {
    const input = { name: 'ssrf partner', mode: 'test' as const, webhookUrl: null };
    const created = (await runOperation(server.platform, 'affiliate.create', input)) as NewAffiliate;
    partner = { affiliateId: created.affiliate_id, apiKey: created.api_key };
    partnerHook = await startWebhookReceiver({ secrets: [created.webhook_secret] });
    partnerUrl = `http://${PUBLIC_PARTNER}:${partnerHook.port}/hooks`;
    await setUrl(partnerUrl);
  }

  async function setUrl(url: string) {
    const input = { affiliate: partner.affiliateId, mode: 'test' as const, url };
    assert.deepEqual(await runOperation(server.platform, 'affiliate.webhook.set', input), { url });
  }

  async function signInAdmin() {
    const email = 'ssrf-admin@cp-insurance.test';
    await server.platform.inspectors.createInspector(
      { email, password: PASSWORD, role: 'admin' },
      { kind: 'cli' },
    );
    const login = await server.call('POST', '/admin/api/login', { json: { email, password: PASSWORD } });
    assert.equal(login.status, 200, login.text);
    return { authorization: `Bearer ${login.json.data.token}` };
  }

  /**
   * A contract whose links the partner points at the canary: checkout_url at step 2, contract_url in
   * its answer to the approval webhook, delivered to its public endpoint. Its event is the template
   * of every delivery below.
   */
  async function acknowledgedContract(): Promise<string> {
    const key = partner.apiKey;
    const { contractId: id, qrKey, phone } = await contractInStatus(server, key, 1);
    const photos = await claimPhotos(qrKey as string);
    const ids = await Promise.all(
      [...photos.front, ...photos.rear].map((bytes) => upload(server, key, bytes)),
    );
    const step2 = await server.call('POST', `/cp-insurance/contract/${id}/step-2/`, {
      key,
      json: {
        front_image: ids.slice(0, 3),
        rear_image: ids.slice(3),
        location: SEOUL,
        checkout_url: links.checkout,
      },
    });
    assert.equal(step2.json?.data?.status, 2, step2.text);
    const checkout = await server.call('POST', `/cp-insurance/contract/${id}/checkout/`, {
      key,
      json: { type: '1', amount: await monthlyPremium(server, phone), datetime: kstNow(0, clock.now()) },
    });
    assert.equal(checkout.json?.data?.status, 3, checkout.text);
    const decision = await server.call('POST', `/admin/api/contracts/${id}/inspection`, {
      headers: admin,
      json: { result: 0 },
    });
    assert.equal(decision.status, 201, decision.text);
    partnerHook.respondWith(() => ({ status: 200, body: { result: true, contract_url: links.contract } }));
    assert.equal(await deliverDueWebhooks(server.platform.webhookDelivery), 1);
    return id;
  }

  /** A fresh copy of the contract's event, due now, through one pass of the delivery worker. */
  async function deliverOnce() {
    const template = await db()
      .selectFrom('webhook_events')
      .select(['contract_id', 'decision_id', 'affiliate_id', 'mode', 'type', 'body'])
      .where('contract_id', '=', contractId)
      .orderBy('created_at')
      .executeTakeFirstOrThrow();
    const id = `msg_ssrf_${randomUUID().replaceAll('-', '')}`;
    const now = clock.now();
    await db()
      .insertInto('webhook_events')
      .values({ ...template, id, status: 'pending', next_attempt_at: now, created_at: now })
      .execute();
    await deliverDueWebhooks(server.platform.webhookDelivery);
    const attempt = await db()
      .selectFrom('webhook_attempts')
      .select(['url', 'http_status', 'error'])
      .where('event_id', '=', id)
      .executeTakeFirstOrThrow();
    const event = await db()
      .selectFrom('webhook_events')
      .select(['status', 'last_error'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    // A contract's events go out in order: this copy, left retrying, would hold back the next one.
    await db()
      .updateTable('webhook_events')
      .set({ status: 'dead', next_attempt_at: null })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .execute();
    return { ...attempt, ...event };
  }

  /** What the partner's and the admin's test-webhook routes got back: [status, problem] of each example. */
  async function testWebhookOutcomes(): Promise<Array<[number | null, string | null]>> {
    const answers = await Promise.all([
      server.call('POST', '/cp-insurance/webhook/test', { key: partner.apiKey }),
      server.call('POST', `/admin/api/affiliates/${partner.affiliateId}/webhook-test`, {
        headers: admin,
        json: {},
      }),
    ]);
    return answers.flatMap((answer) => {
      assert.equal(answer.status, 200, answer.text);
      return answer.json.data.results.map(
        (result: { http_status: number | null; problem: string | null }) => [
          result.http_status,
          result.problem,
        ],
      );
    });
  }

  const send = (url: string) => sendWebhook({ url, headers: {}, body: '{}', allowPrivate: false });

  /** How each path that sets a webhook URL must refuse one: 400 validation_failed on webhook_url. */
  function registrationPaths() {
    const setInput = (url: string, mode: Mode) => ({ affiliate: partner.affiliateId, mode, url });
    const createInput = (url: string, mode: Mode) => ({ name: 'ssrf newcomer', mode, webhookUrl: url });
    const inProcess = async (operation: Promise<unknown>, label: string) => {
      await assert.rejects(
        operation,
        (error: unknown) => {
          assert.ok(error instanceof AppError, label);
          const { status, code, field, message } = error;
          assert.deepEqual(
            { status, code, field, message },
            { status: 400, code: 'validation_failed', field: 'webhook_url', message: URL_REFUSED },
            label,
          );
          return true;
        },
        label,
      );
    };
    // A CLI started beside a running server hands its operation over the control socket.
    const overSocket = async (operation: string, input: unknown, label: string) => {
      assert.deepEqual(
        await callControlSocket(socketPath(), { operation, input }),
        { ok: false, error: URL_REFUSED },
        label,
      );
    };
    return [
      (url: string, mode: Mode, label: string) =>
        inProcess(runOperation(server.platform, 'affiliate.webhook.set', setInput(url, mode)), label),
      (url: string, mode: Mode, label: string) =>
        inProcess(runOperation(server.platform, 'affiliate.create', createInput(url, mode)), label),
      (url: string, mode: Mode, label: string) =>
        overSocket('affiliate.webhook.set', setInput(url, mode), label),
      (url: string, mode: Mode, label: string) =>
        overSocket('affiliate.create', createInput(url, mode), label),
    ];
  }

  test('no route of /openapi.json takes a URL but checkout_url: webhook URLs are set from the CLI only', async () => {
    const document = (await server.call('GET', '/openapi.json')).json;
    const urlLike = /url|uri|link|host|endpoint|callback|redirect|webhook/i;
    const fields: string[] = [];
    const collect = (node: unknown, route: string) => {
      if (!node || typeof node !== 'object') return;
      for (const [key, value] of Object.entries(node)) {
        if (key === 'properties' && value && typeof value === 'object') {
          fields.push(...Object.keys(value).map((field) => `${route} ${field}`));
        }
        if (key === 'name' && typeof value === 'string') fields.push(`${route} ${value}`);
        collect(value, route);
      }
    };
    for (const [path, operations] of Object.entries<Record<string, Record<string, unknown>>>(
      document.paths,
    )) {
      for (const [method, operation] of Object.entries(operations)) {
        const route = `${method.toUpperCase()} ${path}`;
        collect(operation.requestBody, route);
        collect(operation.parameters, route);
      }
    }
    assert.deepEqual(
      fields.filter((field) => urlLike.test(field.split(' ')[2] ?? '')),
      ['POST /cp-insurance/contract/{contract_id}/step-2/ checkout_url'],
    );
  });

  test('partner links (checkout_url, contract_url) are kept and passed on as text, never fetched', async () => {
    const from = probe.dialled.length;
    const received = partnerHook.requests[0];
    assert.equal(received?.verified, true, 'the approval reached the public endpoint, signed');
    const view = (await server.call('GET', `/cp-insurance/contract/${contractId}/`, { key: partner.apiKey }))
      .json.data;
    assert.deepEqual(
      [view.status, view.checkout.checkout_url, view.contract_url],
      [7, links.checkout, links.contract],
    );

    await deliverDueNotifications({ ...server.platform.webhookDelivery, notifier: server.platform.notifier });
    const messages = await db()
      .selectFrom('notifications')
      .select(['id', 'kind', 'recipient', 'rendered'])
      .where('contract_id', '=', contractId)
      .execute();
    // Test-mode messages stay in the outbox; the live alimtalk adapter is given the same ones here.
    const notifier = createHttpNotifier({
      baseUrl: vendor.url,
      apiKey: 'vendor-key',
      senderKey: 'sender-key',
      templateCodes: { payment_guidance: 'P', reinspection: 'R', completion: 'C', rejection: 'J' },
      smsFallback: true,
      retries: 0,
    });
    for (const message of messages) {
      const rendered = message.rendered as RenderedNotification;
      const result = await notifier.send({ id: message.id, to: message.recipient ?? '', rendered });
      assert.equal(result.status, 'sent', `${message.kind}: ${JSON.stringify(result)}`);
    }
    const buttons = vendor.requests.flatMap((request) =>
      (request.body as { buttons: Array<{ url_mobile: string }> }).buttons.map((button) => button.url_mobile),
    );
    assert.deepEqual(buttons.sort(), [links.checkout, links.contract].sort());
    assert.equal(canary.accepted, 0);
    assert.deepEqual(leaks(from), []);
  });

  test('registration: every path refuses every literal target, in both modes and schemes, and stores nothing', async () => {
    const before_ = await databaseFingerprint(db());
    const paths = registrationPaths();
    for (const target of TARGETS.filter((candidate) => candidate.registration === 'refused')) {
      let refusals = 0;
      for (const url of [urlOf(target.host), urlOf(target.host, 'https')]) {
        for (const mode of ['test', 'live'] as const) {
          for (const [index, refuse] of paths.entries()) {
            await refuse(url, mode, `${url} (${mode}, path ${index})`);
            refusals += 1;
          }
        }
      }
      outcomes.set(target.host, { registration: `refused ${refusals}/${refusals}`, dialled: '' });
    }
    assert.deepEqual(await databaseFingerprint(db()), before_);
    assert.equal(await server.platform.endpoints.urlOf(partner.affiliateId, 'test'), partnerUrl);
  });

  test('delivery: each target, stored anyway, is refused before any socket opens, on every send path', async () => {
    for (const target of TARGETS) {
      const url = urlOf(target.host);
      const from = probe.dialled.length;
      if (target.registration === 'refused') {
        // Forced in, as if stored before a rule change.
        await db()
          .updateTable('webhook_endpoints')
          .set({ url })
          .where('affiliate_id', '=', partner.affiliateId)
          .where('mode', '=', 'test')
          .execute();
      } else {
        // A name is accepted: it is judged by the addresses it resolves to when dialled.
        await setUrl(url);
      }
      assert.deepEqual(await deliverOnce(), {
        url,
        http_status: null,
        error: 'forbidden_address',
        status: 'pending',
        last_error: 'forbidden_address',
      });
      const routes = await testWebhookOutcomes();
      assert.deepEqual(routes, Array(8).fill([null, 'would be retried: forbidden_address']), url);
      assert.equal((await send(urlOf(target.host, 'https'))).error, 'forbidden_address', url);
      assert.deepEqual(leaks(from), [], url);
      assert.equal(canary.accepted, 0, url);
      outcomes.set(target.host, {
        registration: outcomes.get(target.host)?.registration ?? 'accepted (a name)',
        dialled: 'refused 10/10 (worker 1, test routes 8, sender 1), nothing dialled',
      });
    }
  });

  test('redirects: a 3xx from the allowed endpoint is never followed, whatever it points at', async () => {
    await setUrl(partnerUrl);
    const from = probe.dialled.length;
    // Header values are Latin-1: the full-width spelling cannot be sent as a Location.
    const locations = [
      ...TARGETS.map((target) => urlOf(target.host)).filter((url) => /^[\x21-\x7e]+$/.test(url)),
      `//127.0.0.1:${canary.port}/hook`,
      urlOf(PUBLIC_PARTNER),
      urlOf(PUBLIC_PARTNER, 'https'),
    ];
    for (const status of [301, 302, 303, 307, 308]) {
      const seen = partnerHook.count;
      partnerHook.respondWith(() => ({ status, headers: { location: urlOf('127.0.0.1') } }));
      assert.deepEqual(await deliverOnce(), {
        url: partnerUrl,
        http_status: status,
        error: 'redirect_not_followed',
        status: 'pending',
        last_error: 'redirect_not_followed',
      });
      assert.deepEqual(
        await testWebhookOutcomes(),
        Array(8).fill([status, 'would be retried: redirect_not_followed']),
      );
      for (const location of locations) {
        partnerHook.respondWith(() => ({ status, headers: { location } }));
        const result = await send(partnerUrl);
        assert.deepEqual([result.status, result.error], [status, 'redirect_not_followed'], location);
      }
      assert.equal(partnerHook.count, seen + 1 + 8 + locations.length, 'only the first hop, once a send');
    }
    partnerHook.respondWith(defaultAnswer);
    assert.deepEqual(leaks(from), []);
    assert.equal(canary.accepted, 0);
  });

  test('a name re-pointed at a private address is refused at the very next attempt (rebinding)', async () => {
    const url = `http://${REBINDING}:${partnerHook.port}/hooks`;
    const seen = partnerHook.count;
    const first = await send(url);
    const second = await send(url);
    assert.equal(first.status, 200);
    assert.deepEqual([second.status, second.error], [null, 'forbidden_address']);
    assert.equal(partnerHook.count, seen + 1);
  });

  test('a name with one private address among public ones is refused whole, before any dial', async () => {
    const answers = [
      { address: '93.184.215.14', family: 4 },
      { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
      { address: '10.0.0.5', family: 4 },
    ];
    const lookup = (resolved: typeof answers) =>
      new Promise<unknown>((resolve) =>
        guardedLookup((_name, _options, callback) => callback(null, resolved))(
          'two-faced.partner.test',
          { all: true },
          (error, addresses) => resolve(error ? (error as NodeJS.ErrnoException).code : addresses),
        ),
      );
    assert.equal(await lookup(answers), 'ERR_WEBHOOK_FORBIDDEN_ADDRESS');
    assert.deepEqual(await lookup(answers.slice(0, 2)), answers.slice(0, 2));
  });

  test('property: any address of a forbidden network, in any notation, is refused when set and when sent', async (t) => {
    const from = probe.dialled.length;
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(
        forbiddenHost,
        fc.constantFrom('http', 'https'),
        fc.constantFrom<Mode>('test', 'live'),
        async (host, scheme, mode) => {
          cases += 1;
          const url = urlOf(host, scheme);
          assert.deepEqual(checkWebhookUrl(url, { mode, allowPrivate: false }), {
            ok: false,
            reason: 'forbidden_address',
          });
          assert.equal((await send(url)).error, 'forbidden_address', url);
        },
      ),
      { seed: SEED, numRuns: 500 },
    );
    t.diagnostic(`${cases} generated hosts refused when set and when sent`);
    assert.deepEqual(leaks(from), []);
  });

  test('public addresses, their IPv4-mapped, NAT64 and 6to4 forms included, are still accepted', () => {
    for (const host of PUBLIC_HOSTS) {
      assert.deepEqual(
        checkWebhookUrl(urlOf(host), { mode: 'test', allowPrivate: false }),
        { ok: true },
        host,
      );
    }
  });

  test('overall: the canary accepted no connection and no socket left the loopback address', (t) => {
    t.diagnostic('kind | host | registration | delivery');
    for (const target of TARGETS) {
      const outcome = outcomes.get(target.host);
      t.diagnostic(`${target.kind} | ${target.host} | ${outcome?.registration} | ${outcome?.dialled}`);
    }
    t.diagnostic(
      `${TARGETS.length} targets; ${probe.dialled.length} sockets dialled by this process, canary accepted ${canary.accepted}`,
    );
    assert.equal(canary.accepted, 0);
    assert.deepEqual(leaks(), []);
  });
});
