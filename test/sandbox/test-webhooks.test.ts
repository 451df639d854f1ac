import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expectedError, type TestServer } from '../helpers/platform.js';
import { defaultAnswer, startServerWithReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

const EXAMPLES = ['completed', 'completed_monthly', 'reinspection_requested', 'rejected'];

describe('POST /cp-insurance/webhook/test', () => {
  let server: TestServer;
  let receiver: WebhookReceiver;
  let partner: Awaited<ReturnType<typeof startServerWithReceiver>>['partner'];
  let close: () => Promise<void>;

  before(async () => {
    ({ server, receiver, partner, close } = await startServerWithReceiver({ WEBHOOK_TIMEOUT_MS: '2000' }));
  });
  after(() => close());

  const sendTest = (key = partner.apiKey) => server.call('POST', '/cp-insurance/webhook/test', { key });
  const storedEvents = async () =>
    (await server.platform.database.db.selectFrom('webhook_events').select('id').execute()).length;

  test('sends a signed example of each result and reports each answer; nothing is stored', async () => {
    const eventsBefore = await storedEvents();
    const seen = receiver.count;
    const answer = await sendTest();
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.json.data.url, `${receiver.url}/hooks`);
    const { results } = answer.json.data;
    assert.deepEqual(
      results.map((result: { example: string }) => result.example),
      EXAMPLES,
    );
    const received = receiver.requests.slice(seen);
    assert.equal(received.length, 4);
    assert.ok(
      received.every((request) => request.verified),
      'signed with the test-mode secret',
    );
    for (const [index, result] of results.entries()) {
      assert.deepEqual(Object.keys(result).sort(), [
        'acknowledged',
        'example',
        'http_status',
        'latency_ms',
        'problem',
        'response_excerpt',
        'sent',
        'webhook_id',
      ]);
      // Sent at once, so they may arrive in any order.
      const arrived = received.find((request) => request.headers['webhook-id'] === result.webhook_id);
      assert.deepEqual(result.sent, arrived?.body, `example ${index}`);
      assert.equal(result.http_status, 200);
      assert.equal(result.acknowledged, true);
      assert.equal(result.problem, null);
      assert.equal(result.sent.test, true);
    }
    assert.deepEqual(
      results.map((result: { sent: { result: number } }) => result.sent.result),
      [0, 0, 1, 2],
    );
    assert.equal(results[0].sent.checkout, undefined, 'a lump-sum completion has no monthly schedule');
    assert.deepEqual(Object.keys(results[1].sent.checkout), ['due_date', 'amount']);
    assert.deepEqual(Object.keys(results[2].sent.detail), ['front', 'rear']);
    assert.equal(typeof results[3].sent.reject_type, 'number');
    assert.equal(await storedEvents(), eventsBefore);
  });

  test('says what a real delivery would do with a wrong answer', async () => {
    const cases: Array<[() => { status: number; body?: unknown }, string]> = [
      [() => ({ status: 500, body: 'oops' }), 'would be retried: http_500'],
      [() => ({ status: 200, body: { result: true } }), 'would be retried: the answer has no contract_url'],
      [
        () => ({ status: 200, body: { result: false, error: 'unknown contract' } }),
        'recorded as a partner error, not retried: unknown contract',
      ],
      [() => ({ status: 200, body: 'OK' }), 'would be retried: invalid_json'],
    ];
    try {
      for (const [answerWith, problem] of cases) {
        receiver.respondWith(answerWith);
        const [completed] = (await sendTest()).json.data.results;
        assert.equal(completed.acknowledged, false);
        assert.equal(completed.problem, problem);
      }
    } finally {
      receiver.respondWith(defaultAnswer);
    }
  });

  test('a live key is 403 test_mode_only; no webhook URL is 409 naming the CLI step', async () => {
    const live = await sendTest((await server.partner('live')).apiKey);
    assert.deepEqual(live.json, expectedError(403, 'test_mode_only', live));
    const seen = receiver.count;
    const other = await server.partner();
    const missing = await sendTest(other.apiKey);
    assert.deepEqual(missing.json, expectedError(409, 'no_webhook_url', missing));
    assert.match(
      missing.json.error.message,
      new RegExp(`cp-insurance affiliate webhook set --affiliate ${other.affiliateId} --mode test --url`),
    );
    assert.equal(receiver.count, seen, 'nothing was sent');
  });

  test("the console's partner page: admins send the same test to a partner's test endpoint", async () => {
    const account = async (email: string, role: 'admin' | 'inspector') => {
      await server.platform.inspectors.createInspector(
        { email, password: 'correct horse battery', role },
        { kind: 'cli' },
      );
      const login = await server.call('POST', '/admin/api/login', {
        json: { email, password: 'correct horse battery' },
      });
      return { authorization: `Bearer ${login.json.data.token}` };
    };
    const admin = await account('tests-admin@cp-insurance.test', 'admin');
    const inspector = await account('tests-inspector@cp-insurance.test', 'inspector');
    const path = (id: string) => `/admin/api/affiliates/${id}/webhook-test`;
    const seen = receiver.count;
    const answer = await server.call('POST', path(partner.affiliateId), { headers: admin, json: {} });
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(
      answer.json.data.results.map((result: { example: string; acknowledged: boolean }) => [
        result.example,
        result.acknowledged,
      ]),
      EXAMPLES.map((example) => [example, true]),
    );
    assert.equal(receiver.count, seen + 4);
    const refused = await server.call('POST', path(partner.affiliateId), { headers: inspector, json: {} });
    assert.equal(refused.status, 403);
    const badId = await server.call('POST', path('not-a-uuid'), { headers: admin, json: {} });
    assert.equal(badId.status, 400);
    const unknown = await server.call('POST', path('00000000-0000-4000-8000-000000000000'), {
      headers: admin,
      json: {},
    });
    assert.deepEqual(unknown.json, expectedError(409, 'no_webhook_url', unknown));
    assert.equal(receiver.count, seen + 4, 'nothing more was sent');
  });
});
