import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  claimPhotos,
  contractInStatus,
  customerBody,
  kstNow,
  monthlyPremium,
  newPhone,
  SEOUL,
  screenshotOf,
  upload,
} from '../helpers/contract-flow.js';
import { expectedError, startTestServer, type TestServer } from '../helpers/platform.js';

describe('the contract workflow through the partner API', () => {
  let server: TestServer;
  let key: string;
  before(async () => {
    server = await startTestServer({ OCR_WORKERS: '1' });
    key = (await server.partner()).apiKey;
  });
  after(() => server.close());

  const post = (path: string, json: unknown, apiKey = key) =>
    server.call('POST', `/cp-insurance${path}`, { key: apiKey, json });

  test('create → step-1 → step-2 → checkout, with the spec wire shapes at every step', async () => {
    const phone = newPhone();
    const created = await post('/contract/create/', customerBody('cid-happy', phone));
    assert.equal(created.status, 201);
    const contractId = created.json.data.contract_id;
    assert.deepEqual(created.json, {
      code: 201,
      data: {
        contract_id: contractId,
        affiliate_uid: 'user-1',
        affiliate_cid: 'cid-happy',
        status: 0,
        status_name: 'requested',
      },
      error: null,
    });

    const screenshot = await upload(server, key, await screenshotOf(phone), 'image/png');
    const step1 = await post(`/contract/${contractId}/step-1/`, {
      device_info: { imei: phone.imei, serial: phone.serial, model: phone.model },
      device_info_image: screenshot,
      location: SEOUL,
    });
    assert.equal(step1.status, 200, step1.text);
    const qrKey = step1.json.data.qr.key;
    assert.match(qrKey, /^[A-Za-z0-9_-]{22,}$/);
    assert.deepEqual(step1.json.data, {
      ocr: { result: true, imei: phone.imei, sn: phone.serial },
      inspection: { result: true, msg: '성공' },
      insepection: { result: true, msg: '성공' },
      qr: { key: qrKey },
      status: 1,
      status_name: 'device_registered',
    });

    const photos = await claimPhotos(qrKey);
    const front = await Promise.all(photos.front.map((bytes) => upload(server, key, bytes)));
    const rear = await Promise.all(photos.rear.map((bytes) => upload(server, key, bytes)));
    const step2 = await post(`/contract/${contractId}/step-2/`, {
      front_image: front,
      rear_image: rear,
      location: { lat: 37.5, lng: 127.0 },
      checkout_url: 'https://partner.example/pay/1',
    });
    assert.equal(step2.status, 200, step2.text);
    assert.match(step2.json.data.checkout.due_datetime, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    assert.equal(step2.json.data.status, 2);
    assert.equal(step2.json.data.checks.qr_matched, 3);
    assert.equal(step2.json.data.checks.photos.length, 6);
    const mirrored = step2.json.data.checks.photos.find(
      (photo: { image_id: string }) => photo.image_id === front[1],
    );
    assert.deepEqual(mirrored.qr, { found: true, matched: true, mirrored: true });
    assert.equal(
      step2.json.data.checks.photos.filter((photo: { qr: unknown }) => photo.qr === null).length,
      3,
    );

    const checkout = await post(`/contract/${contractId}/checkout/`, {
      type: 1,
      amount: await monthlyPremium(server, phone),
      datetime: kstNow(),
    });
    assert.deepEqual(checkout.json, {
      code: 200,
      data: { result: true, status: 3, status_name: 'inspection_requested' },
      error: null,
    });

    const view = await server.call('GET', `/cp-insurance/contract/${contractId}/`, { key });
    assert.equal(view.status, 200);
    const contract = view.json.data;
    assert.equal(contract.status, 3);
    assert.deepEqual(contract.customer, {
      name: '홍*동',
      ssn: '860906-1******',
      cellphone: '010-1234-****',
      email: 'cu******@example.com',
      extra_1: '',
      extra_2: '',
      extra_3: null,
    });
    assert.deepEqual(contract.ocr, { result: true, imei: phone.imei, sn: phone.serial, model: phone.model });
    assert.equal(contract.images.length, 7);
    for (const image of contract.images) assert.equal((await fetch(image.url)).status, 200);
    assert.equal(contract.checkout.type, '1');
    assert.deepEqual(
      contract.timeline.map((event: { action: string; to_status: number }) => [
        event.action,
        event.to_status,
      ]),
      [
        ['createContract', 0],
        ['registerDevice', 1],
        ['submitPhotos', 2],
        ['recordPayment', 3],
      ],
    );
  });

  test('create: every field is validated with a 400 naming it, and nothing is stored', async () => {
    const phone = newPhone();
    const cases: Array<[(body: ReturnType<typeof customerBody>) => void, string]> = [
      [
        (b) => {
          b.customer.ssn = '8609311000000';
        },
        'customer.ssn',
      ],
      [
        (b) => {
          b.customer.ssn = '8602301000000';
        },
        'customer.ssn',
      ],
      [
        (b) => {
          b.customer.ssn = '8609069000000';
        },
        'customer.ssn',
      ],
      [
        (b) => {
          b.customer.ssn = '86090610000';
        },
        'customer.ssn',
      ],
      [
        (b) => {
          b.customer.cellphone = '02-123-4567';
        },
        'customer.cellphone',
      ],
      [
        (b) => {
          b.customer.cellphone = '0101234567';
        },
        'customer.cellphone',
      ],
      [
        (b) => {
          b.customer.email = 'not-an-email';
        },
        'customer.email',
      ],
      [
        (b) => {
          b.customer.name = '   ';
        },
        'customer.name',
      ],
      [
        (b) => {
          (b.device as { os: string }).os = 'windows';
        },
        'device.os',
      ],
      [
        (b) => {
          (b as { affiliate_cid?: string }).affiliate_cid = undefined;
        },
        'affiliate_cid',
      ],
    ];
    const before = await countContracts();
    for (const [change, field] of cases) {
      const body = customerBody(`cid-bad-${field}`, phone);
      change(body);
      const answer = await post('/contract/create/', JSON.parse(JSON.stringify(body)));
      assert.equal(answer.status, 400, `${field}: ${answer.text}`);
      assert.deepEqual(answer.json, expectedError(400, 'validation_failed', answer, { field }));
    }
    assert.equal(await countContracts(), before);
  });

  test('create: an ineligible or unknown device is 422 device_not_eligible', async () => {
    const body = customerBody('cid-no-device', { ...newPhone(), model: 'Pixel 9' });
    const answer = await post('/contract/create/', body);
    assert.equal(answer.status, 422);
    assert.deepEqual(
      answer.json,
      expectedError(422, 'device_not_eligible', answer, { field: 'device.name' }),
    );
  });

  test('create: a repeated affiliate_cid is 409, unless an Idempotency-Key replays the same body', async () => {
    const body = customerBody('cid-dup', newPhone());
    const headers = { 'Idempotency-Key': 'create-dup-1' };
    const first = await server.call('POST', '/cp-insurance/contract/create/', { key, json: body, headers });
    const replay = await server.call('POST', '/cp-insurance/contract/create/', { key, json: body, headers });
    assert.equal(first.status, 201);
    assert.equal(replay.text, first.text);
    const again = await post('/contract/create/', body);
    assert.equal(again.status, 409);
    assert.deepEqual(
      again.json,
      expectedError(409, 'duplicate_affiliate_cid', again, { field: 'affiliate_cid' }),
    );
    const otherPartner = await post('/contract/create/', body, (await server.partner()).apiKey);
    assert.equal(otherPartner.status, 201, 'affiliate_cid is unique per partner only');
  });

  test('step-1: a mismatch keeps status 0 with a Korean reason; five failures lock step-1', async () => {
    const { contractId, phone } = await contractInStatus(server, key, 0);
    const screenshot = await upload(server, key, await screenshotOf(phone), 'image/png');
    const attempt = () =>
      post(`/contract/${contractId}/step-1/`, {
        device_info: { imei: '490154203237518' },
        device_info_image: screenshot,
        location: SEOUL,
      });
    const first = await attempt();
    assert.equal(first.status, 200);
    assert.deepEqual(first.json.data.inspection, {
      result: false,
      msg: '앱에서 전달한 IMEI와 캡처 이미지의 IMEI가 일치하지 않습니다.',
    });
    assert.equal(first.json.data.ocr.result, true);
    assert.equal(first.json.data.qr, null);
    assert.equal(first.json.data.status, 0);
    for (let i = 0; i < 4; i++) assert.equal((await attempt()).json.data.inspection.result, false);
    const locked = await attempt();
    assert.equal(locked.status, 422);
    assert.equal(locked.json.error.code, 'too_many_attempts');
  });

  test("step-1: a screenshot of another model than the contract's device is refused", async () => {
    const { contractId, phone } = await contractInStatus(server, key, 0);
    const screenshot = await upload(
      server,
      key,
      await screenshotOf({ ...phone, model: 'SM-G991N' }),
      'image/png',
    );
    const answer = await post(`/contract/${contractId}/step-1/`, {
      device_info: {},
      device_info_image: screenshot,
      location: SEOUL,
    });
    assert.deepEqual(answer.json.data.inspection, {
      result: false,
      msg: '캡처 이미지의 모델 번호가 가입 신청한 기기와 다릅니다.',
    });
    assert.equal(answer.json.data.status, 0);
  });

  test('step-1: an IMEI already in an active contract is refused', async () => {
    const first = await contractInStatus(server, key, 1);
    const { contractId } = await contractInStatus(server, key, 0);
    const screenshot = await upload(server, key, await screenshotOf(first.phone), 'image/png');
    const answer = await post(`/contract/${contractId}/step-1/`, {
      device_info: {},
      device_info_image: screenshot,
      location: SEOUL,
    });
    assert.deepEqual(answer.json.data.inspection, {
      result: false,
      msg: '이미 보험에 가입된 기기입니다(IMEI 중복).',
    });
    assert.equal(answer.json.data.status, 0);
  });

  test('step-1: bad location, a stranger image or an unknown contract are refused', async () => {
    const { contractId, phone } = await contractInStatus(server, key, 0);
    const own = await upload(server, key, await screenshotOf(phone), 'image/png');
    const stranger = (await server.partner()).apiKey;
    const foreign = await upload(server, stranger, await screenshotOf(phone), 'image/png');
    const cases: Array<[string, unknown, number, string, string | undefined]> = [
      [
        contractId,
        { device_info: {}, device_info_image: own, location: { lat: '95', lng: '126' } },
        400,
        'validation_failed',
        'location.lat',
      ],
      [
        contractId,
        { device_info: {}, device_info_image: own, location: { lat: 'north', lng: '126' } },
        400,
        'validation_failed',
        'location.lat',
      ],
      [
        contractId,
        { device_info: {}, device_info_image: foreign, location: SEOUL },
        400,
        'validation_failed',
        'device_info_image',
      ],
      [
        '00000000-0000-4000-8000-000000000000',
        { device_info: {}, device_info_image: own, location: SEOUL },
        404,
        'not_found',
        undefined,
      ],
    ];
    for (const [id, body, status, code, field] of cases) {
      const answer = await post(`/contract/${id}/step-1/`, body);
      assert.equal(answer.status, status, answer.text);
      assert.deepEqual(answer.json, expectedError(status, code, answer, field ? { field } : {}));
    }
    const strangerView = await server.call('GET', `/cp-insurance/contract/${contractId}/`, { key: stranger });
    assert.equal(strangerView.status, 404);
  });

  test('step-2: image rules (three each, distinct, own, unused) and https checkout links in live mode', async () => {
    const { contractId, qrKey } = await contractInStatus(server, key, 1);
    const photos = await claimPhotos(qrKey as string);
    const ids = await Promise.all(
      [...photos.front, ...photos.rear].map((bytes) => upload(server, key, bytes)),
    );
    const body = (front: string[], rear: string[], url = 'https://partner.example/pay') => ({
      front_image: front,
      rear_image: rear,
      location: SEOUL,
      checkout_url: url,
    });
    const [a, b, c, d, e, f] = ids as [string, string, string, string, string, string];
    const cases: Array<[unknown, string]> = [
      [body([a, b], [d, e, f]), 'front_image'],
      [body([a, b, c], [a, e, f]), 'rear_image[0]'],
      [body([a, b, c], [d, e, 'not-an-id']), 'rear_image[2]'],
    ];
    for (const [json, field] of cases) {
      const answer = await post(`/contract/${contractId}/step-2/`, json);
      assert.equal(answer.status, 400, answer.text);
      assert.equal(answer.json.error.field, field);
    }
    const other = await contractInStatus(server, key, 2);
    const otherImages = await server.platform.database.db
      .selectFrom('contract_images')
      .select('image_id')
      .where('contract_id', '=', other.contractId)
      .where('role', '=', 'front')
      .execute();
    const taken = await post(
      `/contract/${contractId}/step-2/`,
      body([otherImages[0]?.image_id as string, b, c], [d, e, f]),
    );
    assert.equal(taken.status, 400);
    assert.match(taken.json.error.message, /another contract/);

    const live = await server.partner('live');
    const liveContract = await contractInStatus(server, live.apiKey, 1);
    const livePhotos = await claimPhotos(liveContract.qrKey as string);
    const liveIds = await Promise.all(
      [...livePhotos.front, ...livePhotos.rear].map((bytes) => upload(server, live.apiKey, bytes)),
    );
    const insecure = await post(
      `/contract/${liveContract.contractId}/step-2/`,
      body(liveIds.slice(0, 3), liveIds.slice(3), 'http://partner.example/pay'),
      live.apiKey,
    );
    assert.equal(insecure.status, 400);
    assert.equal(insecure.json.error.field, 'checkout_url');
    assert.equal(
      (await server.call('GET', `/cp-insurance/contract/${contractId}/`, { key })).json.data.status,
      1,
    );
  });

  test('checkout: the amount must be the premium, the time not in the future, and two concurrent calls pass once', async () => {
    const { contractId, phone } = await contractInStatus(server, key, 2);
    const premium = await monthlyPremium(server, phone);
    const wrong = await post(`/contract/${contractId}/checkout/`, {
      type: '1',
      amount: premium + 1,
      datetime: kstNow(),
    });
    assert.equal(wrong.status, 422);
    assert.deepEqual(wrong.json, expectedError(422, 'amount_mismatch', wrong, { field: 'amount' }));
    assert.match(wrong.json.error.message, new RegExp(`${premium} KRW`));
    const future = await post(`/contract/${contractId}/checkout/`, {
      type: '1',
      amount: premium,
      datetime: kstNow(3_600_000),
    });
    assert.equal(future.status, 400);
    assert.equal(future.json.error.field, 'datetime');
    const badType = await post(`/contract/${contractId}/checkout/`, {
      type: '2',
      amount: premium,
      datetime: kstNow(),
    });
    assert.equal(badType.status, 400);

    const answers = await Promise.all(
      [0, 1, 2].map(() =>
        post(`/contract/${contractId}/checkout/`, { type: '1', amount: premium, datetime: kstNow() }),
      ),
    );
    assert.deepEqual(answers.map((answer) => answer.status).sort(), [200, 409, 409]);
    const refused = answers.find((answer) => answer.status === 409);
    assert.equal(refused?.json.error.code, 'invalid_status');
    assert.match(
      refused?.json.error.message,
      /status 3 \(inspection_requested\); checkout requires status 2 \(payment_pending\)/,
    );
    const events = await server.platform.database.db
      .selectFrom('contract_events')
      .select('action')
      .where('contract_id', '=', contractId)
      .where('action', '=', 'recordPayment')
      .execute();
    assert.equal(events.length, 1);
  });

  test('cancel from status 3 → 8; the list endpoint pages newest first and never shows another partner', async () => {
    const { contractId } = await contractInStatus(server, key, 3);
    const cancel = await post(`/contract/${contractId}/checkout/cancel/`, { datetime: kstNow() });
    assert.deepEqual(cancel.json, {
      code: 200,
      data: { result: true, status: 8, status_name: 'cancelled' },
      error: null,
    });

    const firstPage = await server.call('GET', '/cp-insurance/contract/?limit=2', { key });
    assert.equal(firstPage.json.data.contracts.length, 2);
    assert.equal(firstPage.json.data.has_more, true);
    const last = firstPage.json.data.contracts[1].contract_id;
    const secondPage = await server.call('GET', `/cp-insurance/contract/?limit=100&starting_after=${last}`, {
      key,
    });
    const all = [...firstPage.json.data.contracts, ...secondPage.json.data.contracts];
    assert.equal(new Set(all.map((row) => row.contract_id)).size, all.length);
    assert.equal(all.length, await countContracts(key));
    const cancelled = await server.call('GET', '/cp-insurance/contract/?status=8', { key });
    assert.deepEqual(
      cancelled.json.data.contracts.map((row: { contract_id: string }) => row.contract_id),
      [contractId],
    );
    const stranger = await server.call('GET', '/cp-insurance/contract/', {
      key: (await server.partner()).apiKey,
    });
    assert.deepEqual(stranger.json.data, { contracts: [], has_more: false });
    const badLimit = await server.call('GET', '/cp-insurance/contract/?limit=101', { key });
    assert.equal(badLimit.status, 400);
    assert.equal(badLimit.json.error.field, 'limit');
  });

  test('a malformed or unknown contract id is 404 on every endpoint', async () => {
    for (const id of ['not-a-uuid', '00000000-0000-4000-8000-000000000000']) {
      for (const [method, path, json] of [
        ['GET', `/contract/${id}/`, undefined],
        ['POST', `/contract/${id}/checkout/`, { type: '0', amount: 1, datetime: kstNow() }],
        ['POST', `/contract/${id}/checkout/cancel/`, { datetime: kstNow() }],
        [
          'POST',
          `/contract/${id}/step-2/update/`,
          { front_image: ['a', 'b', 'c'], rear_image: ['d', 'e', 'f'], location: SEOUL },
        ],
      ] as const) {
        const answer = await server.call(method, `/cp-insurance${path}`, { key, ...(json ? { json } : {}) });
        assert.equal(answer.status, 404, `${method} ${path}: ${answer.text}`);
        assert.deepEqual(answer.json, expectedError(404, 'not_found', answer));
      }
    }
  });

  async function countContracts(apiKey?: string) {
    let query = server.platform.database.db
      .selectFrom('contracts')
      .select((eb) => eb.fn.countAll<number>().as('n'));
    if (apiKey) {
      const caller = await server.platform.authenticate(apiKey);
      query = query
        .where('affiliate_id', '=', caller?.affiliateId ?? '')
        .where('mode', '=', caller?.mode ?? 'test');
    }
    return Number((await query.executeTakeFirstOrThrow()).n);
  }
});
