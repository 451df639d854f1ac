import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expectedError, startTestServer, type TestServer } from '../helpers/platform.js';

describe('device eligibility (candidate API)', () => {
  let server: TestServer;
  let key: string;
  before(async () => {
    server = await startTestServer();
    key = (await server.partner()).apiKey;
  });
  after(() => server.close());

  const check = (body: unknown) => server.call('POST', '/cp-insurance/candidate/', { key, json: body });

  test('GET lists eligible devices with the spec keys and the extensions, nothing else', async () => {
    const answer = await server.call('GET', '/cp-insurance/candidate/', { key });
    assert.equal(answer.status, 200);
    assert.deepEqual(Object.keys(answer.json), ['code', 'data', 'error']);
    const list = answer.json.data.device_list;
    assert.ok(list.length >= 100, `only ${list.length} devices`);
    for (const device of list) {
      assert.deepEqual(Object.keys(device), [
        'id',
        'name',
        'model_name',
        'os',
        'premium_lump_sum',
        'premium_monthly',
      ]);
      assert.match(device.id, /^[0-9a-f-]{36}$/);
      assert.ok(device.premium_monthly > 0 && device.premium_lump_sum > device.premium_monthly);
    }
    const note10 = list.find((device: { model_name: string }) => device.model_name === 'SM-N971N');
    assert.equal(note10?.name, '삼성 갤럭시 노트 10');
    const eligibleInDb = await server.platform.database.db
      .selectFrom('devices')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('eligible', '=', true)
      .executeTakeFirstOrThrow();
    assert.equal(list.length, Number(eligibleInDb.n), 'only eligible devices are listed');
  });

  test("the spec's own examples are available", async () => {
    for (const body of [
      { os: 'ios', device_name: 'iPhone8,4' },
      { os: 'aos', device_name: 'SM-N981N' },
    ]) {
      const answer = await check(body);
      assert.equal(answer.status, 200);
      assert.equal(answer.json.data.available, true, JSON.stringify(body));
      assert.equal(answer.json.data.device.os, body.os);
    }
  });

  test('matching tolerates case, surrounding spaces and regional suffixes', async () => {
    for (const [os, name] of [
      ['aos', ' sm-n981n '],
      ['aos', 'SM-N981NZKAKOO'],
      ['aos', 'SM-N981N/DS'],
      ['ios', 'IPHONE8,4'],
      ['ios', ' iphone12,8'],
    ]) {
      const answer = await check({ os, device_name: name });
      assert.equal(answer.json.data.available, true, `${os} ${name}`);
    }
  });

  test('a phone of the other OS, an unknown phone and an ineligible phone are not available', async () => {
    for (const body of [
      { os: 'ios', device_name: 'SM-N981N' },
      { os: 'aos', device_name: 'Pixel 9' },
    ]) {
      const answer = await check(body);
      assert.deepEqual(answer.json, { code: 200, data: { available: false, device: null }, error: null });
    }
    const ineligible = await server.platform.database.db
      .selectFrom('devices')
      .select(['os', 'model_name'])
      .where('eligible', '=', false)
      .executeTakeFirstOrThrow();
    const answer = await check({ os: ineligible.os, device_name: ineligible.model_name });
    assert.equal(answer.json.data.available, false);
    assert.equal(answer.json.data.device.model_name, ineligible.model_name);
  });

  test('an unknown OS or a missing or blank name is 400 naming the field', async () => {
    const cases: Array<[unknown, string]> = [
      [{ os: 'windows', device_name: 'x' }, 'os'],
      [{ device_name: 'x' }, 'os'],
      [{ os: 'ios' }, 'device_name'],
      [{ os: 'ios', device_name: '   ' }, 'device_name'],
      [{ os: 'ios', device_name: 'x'.repeat(101) }, 'device_name'],
    ];
    for (const [body, field] of cases) {
      const answer = await check(body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.deepEqual(answer.json, expectedError(400, 'validation_failed', answer, { field }));
    }
  });

  test('an imported device is listed and available', async () => {
    await server.platform.devices.importDevices(
      [
        {
          os: 'aos',
          name: '삼성 갤럭시 테스트',
          modelName: 'SM-T999N',
          identifiers: ['SM-T999N'],
          releaseDate: '2026-10-01',
          eligible: true,
          premiumLumpSum: 90000,
          premiumMonthly: 8000,
        },
      ],
      { kind: 'cli' },
    );
    const answer = await check({ os: 'aos', device_name: 'SM-T999N' });
    assert.equal(answer.json.data.available, true);
    assert.equal(answer.json.data.device.premium_monthly, 8000);
  });
});
