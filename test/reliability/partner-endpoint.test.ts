import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../../src/core/clock.js';
import { WEBHOOK_RETRY_SCHEDULE } from '../../src/modules/webhooks/retry-schedule.js';
import { deliverDueWebhooks } from '../../src/modules/webhooks/webhook-delivery.js';
import {
  type AdminSession,
  driveEvent,
  rejectedContract,
  signInAdmin,
  webhookEventOf,
} from '../helpers/endpoint-world.js';
import { startTestServer, type TestServer } from '../helpers/platform.js';
import {
  defaultAnswer,
  type ReceiverAnswer,
  startWebhookReceiver,
  type WebhookReceiver,
} from '../helpers/webhook-receiver.js';

const TIMEOUT_MS = 300;
const RETRY_AFTER_S = 3600;
const { delaysMs, jitter } = WEBHOOK_RETRY_SCHEDULE;

interface Behaviour {
  name: string;
  answer: (receiver: WebhookReceiver) => ReceiverAnswer;
  /** What every attempt records: the partner's status (null: none arrived) and the error. */
  http: number | null;
  error: string;
  final: 'dead' | 'partner_error';
  retryAfterMs?: number;
}

/** Issue 14.3: each way a partner's endpoint misbehaves, answered by a real receiver on 127.0.0.1. */
const BEHAVIOURS: Behaviour[] = [
  { name: '500', answer: () => ({ status: 500, body: 'boom' }), http: 500, error: 'http_500', final: 'dead' },
  {
    name: '503 with Retry-After',
    answer: () => ({ status: 503, headers: { 'retry-after': String(RETRY_AFTER_S) } }),
    http: 503,
    error: 'http_503',
    final: 'dead',
    retryAfterMs: RETRY_AFTER_S * 1000,
  },
  { name: '429', answer: () => ({ status: 429 }), http: 429, error: 'http_429', final: 'dead' },
  // Retried like any failure, not a disable on its own (docs/architecture.md).
  { name: '410 Gone', answer: () => ({ status: 410 }), http: 410, error: 'http_410', final: 'dead' },
  {
    name: '302 to elsewhere',
    answer: (receiver) => ({ status: 302, headers: { location: `${receiver.url}/elsewhere` } }),
    http: 302,
    error: 'redirect_not_followed',
    final: 'dead',
  },
  {
    name: 'hangs past the timeout',
    answer: () => ({ status: 200, body: { result: true }, delayMs: TIMEOUT_MS * 4 }),
    http: null,
    error: 'timeout',
    final: 'dead',
  },
  {
    name: 'resets the connection',
    answer: () => ({ status: 200, reset: true }),
    http: null,
    error: 'connection_reset',
    final: 'dead',
  },
  {
    name: 'drips the body slowly',
    answer: () => ({ status: 200, body: { result: true, padding: 'x'.repeat(40) }, dripMs: 50 }),
    http: 200,
    error: 'timeout',
    final: 'dead',
  },
  {
    name: '200 non-JSON',
    answer: () => ({ status: 200, body: 'OK' }),
    http: 200,
    error: 'invalid_json',
    final: 'dead',
  },
  {
    name: '200 wrong shape',
    answer: () => ({ status: 200, body: { ok: true, result: 'yes' } }),
    http: 200,
    error: 'no_boolean_result',
    final: 'dead',
  },
  {
    name: '{"result": false}',
    answer: () => ({ status: 200, body: { result: false, error: 'customer unknown' } }),
    http: 200,
    error: 'customer unknown',
    final: 'partner_error',
  },
];

/** The wait before attempt `n` (1-based) may be anywhere in the jitter band, or what Retry-After asked. */
function band(n: number, retryAfterMs = 0): [number, number] {
  const base = delaysMs[n - 1] ?? Number.NaN;
  return [
    Math.max(Math.round(base * (1 - jitter)), retryAfterMs),
    Math.max(Math.round(base * (1 + jitter)), retryAfterMs),
  ];
}

describe('the partner’s endpoint misbehaves: schedule, final state, the console’s view, nothing lost', () => {
  const clock = new ManualClock();
  let server: TestServer;
  let checkedAttempts = 0;

  before(async () => {
    server = await startTestServer(
      {
        WEBHOOK_ALLOW_PRIVATE: 'true',
        WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS),
        RATE_LIMIT_PER_MINUTE: '100000',
      },
      { clock },
    );
  });
  after(async () => {
    await server.close();
    console.log(
      `# ${BEHAVIOURS.length} behaviours, ${checkedAttempts} attempts checked against the schedule`,
    );
  });

  const db = () => server.platform.database.db;
  const eventOf = (contractId: string) => webhookEventOf(server, contractId);
  const driveToTheEnd = (contractId: string) => driveEvent(server, clock, contractId);

  /** The event's attempts, each checked to have waited its schedule's jitter band (or Retry-After) after the one before. */
  async function attemptsOnSchedule(eventId: string, created: Date, retryAfterMs?: number) {
    const attempts = await db()
      .selectFrom('webhook_attempts')
      .selectAll()
      .where('event_id', '=', eventId)
      .orderBy('attempt')
      .execute();
    let previous = created;
    for (const [index, attempt] of attempts.entries()) {
      const n = index + 1;
      assert.equal(attempt.attempt, n);
      const waited = new Date(attempt.at).getTime() - previous.getTime();
      const [low, high] = band(n, n === 1 ? 0 : retryAfterMs);
      assert.ok(waited >= low && waited <= high, `attempt ${n} after ${waited} ms, not in [${low}, ${high}]`);
      previous = new Date(attempt.at);
      checkedAttempts++;
    }
    return attempts;
  }

  for (const behaviour of BEHAVIOURS) {
    test(behaviour.name, async () => {
      // Each case starts at real time, so that its first attempt's timestamp verifies at the receiver.
      clock.set(new Date());
      const partner = await server.partner();
      const receiver = await startWebhookReceiver({ secrets: [partner.webhookSecret] });
      try {
        await server.platform.endpoints.setUrl(partner.affiliateId, 'test', `${receiver.url}/hooks`);
        receiver.respondWith(() => behaviour.answer(receiver));
        const contractId = await rejectedContract(server, partner.apiKey);
        const created = new Date((await eventOf(contractId)).created_at);
        const event = await driveToTheEnd(contractId);
        assert.equal(event.status, behaviour.final);

        const attempts = await attemptsOnSchedule(event.id, created, behaviour.retryAfterMs);
        const expected = behaviour.final === 'dead' ? delaysMs.length : 1;
        assert.equal(attempts.length, expected);
        for (const attempt of attempts) {
          assert.equal(attempt.http_status, behaviour.http, `attempt ${attempt.attempt}`);
          if (behaviour.final === 'dead')
            assert.equal(attempt.error, behaviour.error, `attempt ${attempt.attempt}`);
        }
        if (behaviour.final === 'partner_error') assert.equal(event.last_error, behaviour.error);

        // Every attempt reached the partner with the one webhook-id; a redirect was never followed. The
        // first verifies; later ones carry the moved clock's timestamp, outside the receiver's 5-minute tolerance.
        assert.equal(receiver.count, expected);
        assert.ok(receiver.requests[0]?.verified);
        assert.ok(receiver.requests.every((request) => request.path === '/hooks'));
        assert.deepEqual(
          new Set(receiver.requests.map((request) => request.headers['webhook-id'])),
          new Set([event.id]),
        );

        // The console's view: the deliveries list and the contract's deliveries with every attempt.
        const admin = await signInAdmin(server);
        await assertConsoleShows(admin, event.id, contractId, behaviour, expected);

        // Nothing is lost: once the partner is fixed, the operator's resend delivers it.
        receiver.respondWith(defaultAnswer);
        const resent = await server.call('POST', `/admin/api/deliveries/${event.id}/resend`, {
          headers: admin,
        });
        assert.equal(resent.status, 200, resent.text);
        await deliverDueWebhooks(server.platform.webhookDelivery);
        assert.equal((await eventOf(contractId)).status, 'delivered');
        assert.equal(receiver.requests.at(-1)?.headers['webhook-id'], event.id);
        const contract = await server.call('GET', `/cp-insurance/contract/${contractId}/`, {
          key: partner.apiKey,
        });
        assert.equal(contract.json.data.status, 6, 'the acknowledgement applied: rejected');
        // A dead event alone never disables: its schedule is shorter than the rule's five days.
        const endpoint = await server.platform.webhookDelivery.endpoints.forDelivery(
          partner.affiliateId,
          'test',
        );
        assert.equal(endpoint?.disabled, false);
      } finally {
        await receiver.close();
      }
    });
  }

  test('fails three ways, then answers: delivered on the fourth attempt, on schedule', async () => {
    clock.set(new Date());
    const partner = await server.partner();
    const receiver = await startWebhookReceiver({ secrets: [partner.webhookSecret] });
    try {
      await server.platform.endpoints.setUrl(partner.affiliateId, 'test', `${receiver.url}/hooks`);
      const failures: ReceiverAnswer[] = [
        { status: 500 },
        { status: 200, reset: true },
        { status: 200, body: '<html>' },
      ];
      receiver.respondWith((request) => failures[receiver.count - 1] ?? defaultAnswer(request));
      const contractId = await rejectedContract(server, partner.apiKey);
      const created = new Date((await eventOf(contractId)).created_at);
      const event = await driveToTheEnd(contractId);
      assert.equal(event.status, 'delivered');
      const attempts = await attemptsOnSchedule(event.id, created);
      assert.deepEqual(
        attempts.map((attempt) => [attempt.http_status, attempt.error]),
        [
          [500, 'http_500'],
          [null, 'connection_reset'],
          [200, 'invalid_json'],
          [200, null],
        ],
      );
      const admin = await signInAdmin(server);
      await assertConsoleShows(admin, event.id, contractId, { final: 'delivered', error: null }, 4);
      const contract = await server.call('GET', `/cp-insurance/contract/${contractId}/`, {
        key: partner.apiKey,
      });
      assert.equal(contract.json.data.status, 6);
    } finally {
      await receiver.close();
    }
  });

  /** What the console reads: the deliveries list, and the contract's deliveries with every attempt. */
  async function assertConsoleShows(
    admin: AdminSession,
    eventId: string,
    contractId: string,
    behaviour: { final: string; http?: number | null; error: string | null },
    attempts: number,
  ) {
    const listed = await server.call('GET', `/admin/api/deliveries?status=${behaviour.final}&limit=200`, {
      headers: admin,
    });
    assert.equal(listed.status, 200, listed.text);
    const row = listed.json.data.items.find((item: { id: string }) => item.id === eventId);
    assert.ok(row, 'listed under its final status');
    assert.equal(row.attempts, attempts);
    assert.equal(row.contract_id, contractId);
    assert.equal(row.last_error, behaviour.error);
    const dossier = await server.call('GET', `/admin/api/contracts/${contractId}`, { headers: admin });
    assert.equal(dossier.status, 200, dossier.text);
    const [delivery] = dossier.json.data.deliveries;
    assert.equal(delivery.id, eventId);
    assert.equal(delivery.status, behaviour.final);
    assert.equal(delivery.attempts.length, attempts);
    for (const attempt of delivery.attempts) {
      if (behaviour.http !== undefined) assert.equal(attempt.http_status, behaviour.http);
      assert.match(attempt.at, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    }
  }
});
