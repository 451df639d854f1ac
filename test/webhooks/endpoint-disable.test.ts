import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildCli } from '../../src/cli/commands.js';
import { runOperation } from '../../src/cli/operations.js';
import { ManualClock } from '../../src/core/clock.js';
import { deliverDueWebhooks } from '../../src/modules/webhooks/webhook-delivery.js';
import {
  type AdminSession,
  driveEvent,
  rejectedContract,
  signInAdmin,
  webhookEventOf,
} from '../helpers/endpoint-world.js';
import { expectedError, startTestServer, type TestServer } from '../helpers/platform.js';
import { defaultAnswer, startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

const HOUR = 3_600_000;
const DISABLE_AFTER_H = 120;

describe('an endpoint failing for five days is disabled, its events held, and re-enabled by an operator', () => {
  const clock = new ManualClock();
  const receivers: WebhookReceiver[] = [];
  let server: TestServer;

  before(async () => {
    server = await startTestServer({ WEBHOOK_ALLOW_PRIVATE: 'true' }, { clock });
  });
  after(async () => {
    await server.close();
    await Promise.all(receivers.map((receiver) => receiver.close()));
  });

  const db = () => server.platform.database.db;
  const deliver = () => deliverDueWebhooks(server.platform.webhookDelivery);
  const eventOf = (contractId: string) => webhookEventOf(server, contractId);
  const endpointRow = (affiliateId: string) =>
    db()
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('affiliate_id', '=', affiliateId)
      .executeTakeFirstOrThrow();
  const detailsOf = (row: { details: unknown } | undefined) =>
    typeof row?.details === 'string' ? JSON.parse(row.details) : row?.details;
  const auditOf = (action: string, target: string) =>
    db()
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', action)
      .where('target', '=', target)
      .execute();

  /** A test-mode partner whose receiver answers 500 until told otherwise. */
  async function failingPartner() {
    const partner = await server.partner();
    const receiver = await startWebhookReceiver({ secrets: [partner.webhookSecret] });
    receivers.push(receiver);
    receiver.respondWith(() => ({ status: 500 }));
    await server.platform.endpoints.setUrl(partner.affiliateId, 'test', `${receiver.url}/hooks`);
    return { ...partner, receiver };
  }

  const driveUntil = (contractId: string, done?: () => Promise<boolean>) =>
    driveEvent(server, clock, contractId, done);

  /**
   * One event fails its whole schedule (about 3 days: alone it never trips the rule); 100 h after
   * the first failure a second event fails until the streak reaches 120 h and the endpoint is disabled.
   */
  async function failUntilDisabled(partner: Awaited<ReturnType<typeof failingPartner>>) {
    const start = clock.now();
    const first = await rejectedContract(server, partner.apiKey);
    const dead = await driveUntil(first);
    assert.equal(dead.status, 'dead');
    const failing = await endpointRow(partner.affiliateId);
    assert.equal(failing.disabled_at, null, 'one dead event does not disable');
    assert.equal(new Date(failing.failing_since ?? 0).getTime(), start.getTime());

    clock.set(new Date(start.getTime() + 100 * HOUR));
    const second = await rejectedContract(server, partner.apiKey);
    const disabled = async () => (await endpointRow(partner.affiliateId)).disabled_at !== null;
    const held = await driveUntil(second, disabled);
    const row = await endpointRow(partner.affiliateId);
    assert.ok(row.disabled_at, 'disabled');
    const disabledAt = new Date(row.disabled_at).getTime();
    assert.ok(disabledAt >= start.getTime() + DISABLE_AFTER_H * HOUR, 'not before the rule’s 120 h');
    assert.ok(
      disabledAt < start.getTime() + (DISABLE_AFTER_H + 24 * 1.2) * HOUR,
      'at the first failure past it',
    );
    assert.equal(row.disabled_reason, `every attempt failed for ${DISABLE_AFTER_H} h`);
    assert.deepEqual([held.status, held.next_attempt_at], ['pending', null], 'the failing event is held');
    return { first, second };
  }

  /** A new event while disabled: claimed once, handed back unattempted and held. */
  async function heldNewEvent(partner: Awaited<ReturnType<typeof failingPartner>>) {
    const before = partner.receiver.count;
    const contractId = await rejectedContract(server, partner.apiKey);
    await deliver();
    const event = await eventOf(contractId);
    assert.deepEqual([event.status, event.next_attempt_at, event.attempts], ['pending', null, 0]);
    assert.equal(partner.receiver.count, before, 'nothing sent to a disabled endpoint');
    const attempts = await db()
      .selectFrom('webhook_attempts')
      .where('event_id', '=', event.id)
      .selectAll()
      .execute();
    assert.equal(attempts.length, 0);
    clock.advance(48 * HOUR);
    await deliver();
    assert.equal(partner.receiver.count, before, 'still held days later');
    return contractId;
  }

  async function assertDelivered(partner: { apiKey: string }, contractIds: string[]) {
    await deliver();
    for (const contractId of contractIds) {
      assert.equal((await eventOf(contractId)).status, 'delivered');
      const answer = await server.call('GET', `/cp-insurance/contract/${contractId}/`, {
        key: partner.apiKey,
      });
      assert.equal(answer.json.data.status, 6);
    }
  }

  const enable = (admin: AdminSession, affiliateId: string, mode = 'test') =>
    server.call('POST', `/admin/api/affiliates/${affiliateId}/webhooks/${mode}/enable`, { headers: admin });

  test('disabled by the rule, shown to the console, audited; re-enabled over HTTP and its held events delivered', async () => {
    const partner = await failingPartner();
    const { second } = await failUntilDisabled(partner);
    const third = await heldNewEvent(partner);
    const target = `${partner.affiliateId}:test`;
    const [disabledAudit] = await auditOf('endpoint.disabled', target);
    assert.equal(disabledAudit?.inspector_id, null);
    assert.deepEqual(
      { ...detailsOf(disabledAudit), failing_since: 'x' },
      {
        url: `${partner.receiver.url}/hooks`,
        failing_since: 'x',
        reason: `every attempt failed for ${DISABLE_AFTER_H} h`,
        held: 1,
        via: 'worker',
      },
    );

    const admin = await signInAdmin(server);
    const listed = await server.call('GET', '/admin/api/affiliates', { headers: admin });
    const hook = listed.json.data
      .find((affiliate: { id: string }) => affiliate.id === partner.affiliateId)
      .webhooks.find((endpoint: { mode: string }) => endpoint.mode === 'test');
    assert.ok(hook.disabled_at && hook.failing_since, JSON.stringify(hook));
    assert.equal(hook.disabled_reason, `every attempt failed for ${DISABLE_AFTER_H} h`);

    partner.receiver.respondWith(defaultAnswer);
    const enabled = await enable(admin, partner.affiliateId);
    assert.equal(enabled.status, 200, enabled.text);
    assert.deepEqual(enabled.json.data, {
      affiliate_id: partner.affiliateId,
      mode: 'test',
      url: `${partner.receiver.url}/hooks`,
      released: 2,
    });
    await assertDelivered(partner, [second, third]);
    const healthy = await endpointRow(partner.affiliateId);
    assert.deepEqual(
      [healthy.disabled_at, healthy.failing_since, healthy.disabled_reason],
      [null, null, null],
    );
    const [enabledAudit] = await auditOf('endpoint.enabled', target);
    assert.ok(enabledAudit?.inspector_id, 'the admin who re-enabled it');
    assert.deepEqual(detailsOf(enabledAudit), { released: 2 });

    const again = await enable(admin, partner.affiliateId);
    assert.deepEqual(again.json, expectedError(409, 'conflict', again));
    assert.match(again.json.error.message, /is not disabled/);
  });

  test('re-enabled from the CLI: `affiliate webhook enable --affiliate ID --mode test`', async () => {
    const partner = await failingPartner();
    const { second } = await failUntilDisabled(partner);
    const third = await heldNewEvent(partner);
    partner.receiver.respondWith(defaultAnswer);
    const printed: unknown[] = [];
    const cli = buildCli(
      async (name, input) => {
        printed.push(await runOperation(server.platform, name, input));
        return undefined;
      },
      () => Promise.reject(new Error('not started here')),
    ).exitOverride();
    const argv = ['affiliate', 'webhook', 'enable', '--affiliate', partner.affiliateId, '--mode', 'test'];
    await cli.parseAsync(argv, { from: 'user' });
    assert.deepEqual(printed, [
      { affiliate_id: partner.affiliateId, mode: 'test', url: `${partner.receiver.url}/hooks`, released: 2 },
    ]);
    await assertDelivered(partner, [second, third]);
    const [audit] = await auditOf('endpoint.enabled', `${partner.affiliateId}:test`);
    assert.deepEqual(detailsOf(audit), { released: 2, via: 'cli' });
    await assert.rejects(cli.parseAsync(argv, { from: 'user' }), /is not disabled/);
    const unknown = ['affiliate', 'webhook', 'enable', '--affiliate', crypto.randomUUID(), '--mode', 'test'];
    await assert.rejects(cli.parseAsync(unknown, { from: 'user' }), /No affiliate/);
  });

  test('bad input to the enable route: a clear 4xx in the envelope, nothing changed', async () => {
    const partner = await failingPartner();
    const admin = await signInAdmin(server);
    const before = await endpointRow(partner.affiliateId);
    const cases: Array<[string, string, number, string]> = [
      [crypto.randomUUID(), 'test', 404, 'not_found'],
      ['not-an-id', 'test', 404, 'not_found'],
      [partner.affiliateId, 'live', 404, 'not_found'],
      [partner.affiliateId, 'prod', 400, 'validation_failed'],
      [partner.affiliateId, 'test', 409, 'conflict'],
    ];
    for (const [affiliateId, mode, status, code] of cases) {
      const answer = await enable(admin, affiliateId, mode);
      assert.equal(answer.status, status, `${affiliateId} ${mode}: ${answer.text}`);
      assert.equal(answer.json.error.code, code);
      assert.deepEqual(
        answer.json,
        expectedError(
          status,
          code,
          answer,
          answer.json.error.field ? { field: answer.json.error.field } : {},
        ),
      );
    }
    assert.deepEqual(await endpointRow(partner.affiliateId), before);
    assert.deepEqual(await auditOf('endpoint.enabled', `${partner.affiliateId}:test`), []);
  });
});
