import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CatalogDevice } from '../../src/modules/devices/catalog/catalog-device.js';
import { findDevice, normaliseDeviceCode } from '../../src/modules/devices/catalog/device-matching.js';
import { premiumFor } from '../../src/modules/devices/catalog/premium-rule.js';
import { loadSeedCatalog } from '../../src/modules/devices/catalog/seed-catalog.js';
import {
  DeviceCsvError,
  parseDeviceCsv,
  readDeviceCsv,
} from '../../src/modules/devices/catalog/tallcare-csv.js';

const seed = loadSeedCatalog();
const HEADER = 'sheet,manufacturer,representative_name,model_name,model_code,release_date,phone_safe_plans';
const PLANS = '안드로이드 프리미엄형/고급형/보급형/파손형/퍼펙트S';

function mustFind(catalog: CatalogDevice[], os: 'ios' | 'aos', raw: string): CatalogDevice {
  const device = findDevice(catalog, os, raw);
  assert.ok(device, `${os} ${raw} should be in the catalog`);
  return device;
}

function csvError(text: string): DeviceCsvError {
  try {
    parseDeviceCsv(text);
  } catch (error) {
    assert.ok(error instanceof DeviceCsvError, `expected DeviceCsvError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the CSV to be rejected');
}

describe('seed catalog', () => {
  it('has at least 150 devices, each with valid codes and premiums', () => {
    assert.ok(seed.length >= 150, `only ${seed.length} devices`);
    for (const device of seed) {
      assert.ok(device.identifiers.length > 0, device.name);
      assert.ok(device.identifiers.includes(device.modelName), device.name);
      assert.ok(Number.isInteger(device.premiumMonthly) && device.premiumMonthly > 0, device.name);
      assert.ok(
        Number.isInteger(device.premiumLumpSum) && device.premiumLumpSum > device.premiumMonthly,
        device.name,
      );
      assert.match(device.releaseDate ?? '2000-01-01', /^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('stores every identifier once, already normalised (so a key column can hold it as is)', () => {
    const seen = new Map<string, string>();
    for (const device of seed) {
      for (const id of device.identifiers) {
        assert.equal(normaliseDeviceCode(device.os, id), id);
        const key = `${device.os}:${id}`;
        assert.equal(seen.get(key), undefined, `${key} is in both ${seen.get(key)} and ${device.name}`);
        seen.set(key, device.name);
      }
    }
  });

  it("finds the spec's examples, eligible, with monthly below lump-sum premiums", () => {
    for (const [os, code, name] of [
      ['ios', 'iPhone8,4', '아이폰 SE'],
      ['aos', 'SM-N981N', '삼성 갤럭시 노트 20'],
    ] as const) {
      const device = mustFind(seed, os, code);
      assert.equal(device.name, name);
      assert.equal(device.eligible, true);
      assert.ok(device.premiumMonthly > 0 && device.premiumMonthly < device.premiumLumpSum);
    }
    assert.equal(mustFind(seed, 'aos', 'SM-N971N').name, '삼성 갤럭시 노트 10');
    assert.equal(mustFind(seed, 'aos', 'SM-N976N').name, '삼성 갤럭시 노트 10+');
    assert.equal(mustFind(seed, 'aos', 'LM-V500N').name, 'LG V50 ThinQ');
  });

  it('keeps the reference list: X-only models are not eligible, demo units do not spoil a model', () => {
    assert.equal(mustFind(seed, 'aos', 'SM-G165N').eligible, false); // listed as (MVNO)SM-G165N, X
    assert.equal(mustFind(seed, 'aos', 'IF-W565S').eligible, false);
    assert.equal(mustFind(seed, 'aos', 'SM-G977N').name, '삼성 갤럭시 S10 5G');
    const iphone7 = mustFind(seed, 'ios', 'iPhone9,3');
    assert.deepEqual(iphone7.identifiers, ['iPhone9,1', 'iPhone9,3']);
    assert.equal(iphone7.eligible, true);
    assert.equal(mustFind(seed, 'aos', 'SM-J737S').releaseDate, '2018-05-25');
  });

  it('leaves tablets and watches out', () => {
    assert.equal(findDevice(seed, 'aos', 'SM-T515N'), undefined);
    assert.equal(findDevice(seed, 'aos', 'SM-R805N'), undefined);
    assert.ok(seed.every((device) => !device.identifiers.some((id) => /^(iPad|Watch)/.test(id))));
  });

  it('has the newer iPhones typed by hand and the curated Samsung codes', () => {
    assert.equal(mustFind(seed, 'ios', 'iPhone16,2').name, '아이폰 15 프로 맥스');
    assert.equal(mustFind(seed, 'ios', 'iPhone17,5').name, '아이폰 16e');
    assert.equal(mustFind(seed, 'ios', 'iPhone12,8').name, '아이폰 SE 2세대');
    for (const code of ['SM-N986N', 'SM-G981N', 'SM-G991N', 'SM-S901N', 'SM-S911N', 'SM-S918N', 'SM-S921N']) {
      assert.equal(mustFind(seed, 'aos', code).eligible, true, code);
    }
    for (const code of ['SM-S931N', 'SM-F711N', 'SM-F926N', 'SM-A536N']) mustFind(seed, 'aos', code);
  });
});

describe('device matching', () => {
  it('tolerates case, spaces, brand prefixes and Samsung sales suffixes', () => {
    const note20 = mustFind(seed, 'aos', 'SM-N981N');
    for (const raw of [
      'sm-n981n',
      ' SM-N981N ',
      'SM-N981N/DS',
      'SM-N981NZKAKOO',
      'SM-N981NZKA',
      'SM-N981NK',
      'SAMSUNG SM-N981N',
    ]) {
      assert.equal(findDevice(seed, 'aos', raw), note20, raw);
    }
    const se = mustFind(seed, 'ios', 'iPhone8,4');
    for (const raw of ['iphone8,4', ' IPHONE8,4 ', 'iPhone 8, 4'])
      assert.equal(findDevice(seed, 'ios', raw), se, raw);
  });

  it('normalises to one stored form', () => {
    assert.equal(normaliseDeviceCode('ios', 'iphone8,4'), 'iPhone8,4');
    assert.equal(normaliseDeviceCode('aos', ' lm-v500n '), 'LM-V500N');
    assert.equal(normaliseDeviceCode('aos', 'SM-G977NSO'), 'SM-G977N');
    // A four-digit (Chinese) code is a different phone, not a suffixed Korean one.
    assert.equal(normaliseDeviceCode('aos', 'SM-G9860'), 'SM-G9860');
    assert.equal(normaliseDeviceCode('aos', 'Pixel 8  Pro'), 'PIXEL 8 PRO');
  });

  it('does not match across operating systems, unknown or empty codes', () => {
    assert.equal(findDevice(seed, 'ios', 'SM-N981N'), undefined);
    assert.equal(findDevice(seed, 'aos', 'iPhone8,4'), undefined);
    assert.equal(findDevice(seed, 'aos', 'SM-Z999N'), undefined);
    assert.equal(findDevice(seed, 'aos', '   '), undefined);
  });
});

describe('device CSV', () => {
  it('groups variant rows into one device per Build.MODEL or iPhone model', () => {
    const { devices, skipped } = readDeviceCsv(
      [
        HEADER,
        `5G,삼성,SM-G977N_256G,SM-G977N_256G,A0XK,2019-04-05,${PLANS}`,
        `5G,삼성,SM-G977N_256G,SM-G977NSO_256D,A136,2019-04-05,${PLANS}`,
        `OMD,삼성,OMD 삼성 갤럭시 S10 5G_512G,OMD 삼성 갤럭시 S10 5G_512G,,2019-04-05,A Plan 프리미엄형`,
        'LTE,애플,IPHONE7_32G,IPHONE7_32GB,A1,2016-10-21,ios 파손형',
        'LTE,애플,IPHONE7_128G_DEMO,IPHONE7_128GJ_DEMO,A2,2016-10-21,X',
        'APPLE_REFURB,iPhone,RE_IPHONE7_32G,RE_IPHONE7_32GW,A3,2017-04-07,14일이내 반품철회(비가용) 가용화 폰 / 반품 불가',
        'LTE,애플,IPAD AIR 2019_64GB,IPAD AIR 2019_64GB,A4,2019-04-23,X',
        'LTE,삼성,(MVNO)SM-G165N,(MVNO)SM-G165N,A5,2017-11-04,X',
        'LTE,애플,0,,,,',
      ].join('\n'),
    );
    assert.deepEqual(
      devices.map((device) => [device.modelName, device.identifiers, device.eligible]),
      [
        ['SM-G977N', ['SM-G977N'], true],
        ['iPhone9,1', ['iPhone9,1', 'iPhone9,3'], true],
        ['SM-G165N', ['SM-G165N'], false],
      ],
    );
    assert.equal(devices[1]?.name, '아이폰 7');
    assert.equal(devices[1]?.releaseDate, '2016-10-21');
    assert.equal(devices[2]?.name, '삼성 SM-G165N');
    assert.deepEqual(
      skipped.map((row) => row.line),
      [8, 10],
    );
  });

  it('imports operator rows with the extra columns', () => {
    const devices = parseDeviceCsv(
      [
        `${HEADER},os,name,identifiers,premium_lump_sum,premium_monthly,eligible`,
        `5G,삼성,SM-N981N_256G,SM-N981N_256G,,2020-08-21,${PLANS},aos,삼성 갤럭시 노트 20,SM-N981N;sm-n981nk,64800,6000,`,
        ',,,,,2020-08-21,,aos,,SM-N986N,,,n',
        ',애플,,,,2024-09-20,,,,"iphone17,3",,,y', // iOS identifiers hold a comma: quoted
      ].join('\n'),
    );
    assert.deepEqual(devices[0], {
      os: 'aos',
      name: '삼성 갤럭시 노트 20',
      modelName: 'SM-N981N',
      identifiers: ['SM-N981N'],
      releaseDate: '2020-08-21',
      eligible: true,
      premiumLumpSum: 64_800,
      premiumMonthly: 6_000,
    });
    assert.equal(devices[1]?.name, '삼성 갤럭시 노트 20 울트라');
    assert.equal(devices[1]?.eligible, false);
    assert.ok((devices[1]?.premiumMonthly ?? 0) > 0);
    assert.equal(devices[2]?.os, 'ios');
    assert.equal(devices[2]?.name, '아이폰 16');
    assert.deepEqual(devices[2]?.identifiers, ['iPhone17,3']);
  });

  it('rejects malformed files with an error naming the line', () => {
    const cases: [string, RegExp][] = [
      ['', /^line 1: the file is empty/],
      [`${HEADER},colour`, /^line 1: unknown column "colour"/],
      ['sheet,manufacturer,model_name', /^line 1: missing column\(s\): representative_name/],
      [`${HEADER}\n5G,삼성,A,SM-G977N,A,2019-04-05,${PLANS}\n5G,삼성,SM-G977N`, /^line 3: malformed CSV/],
      [`${HEADER}\n\n5G,삼성,A,SM-G977N,A,2019-13-05,${PLANS}`, /^line 3: release_date "2019-13-05"/],
      [`${HEADER}\n5G,삼성,A,SM-G977N,A,2019-04-05,`, /^line 2: phone_safe_plans is empty/],
      [`${HEADER},eligible\n5G,삼성,A,SM-G977N,A,2019-04-05,,maybe`, /^line 2: eligible "maybe"/],
      [`${HEADER},premium_monthly\n5G,삼성,A,SM-G977N,A,,${PLANS},5000`, /^line 2: premium_lump_sum and/],
      [
        `${HEADER},identifiers\n5G,삼성,A,SM-G977N,A,,${PLANS},\n5G,삼성,A,SM-G973N,A,,${PLANS},\n,,,,,,X,SM-G977N;SM-G973N`,
        /^line 4: the row's codes belong to two models: SM-G977N \(line 2\) and SM-G973N \(line 3\)/,
      ],
    ];
    for (const [text, message] of cases) assert.match(csvError(text).message, message);
    assert.equal(csvError(`${HEADER}\n\n5G,삼성,A,SM-G977N,A,2019-13-05,${PLANS}`).line, 3);
  });
});

describe('premium rule', () => {
  it('rounds to 100 KRW, discounts the lump sum and ages older models down', () => {
    assert.deepEqual(premiumFor('flagship', 2025), { premiumMonthly: 7_900, premiumLumpSum: 85_300 });
    assert.deepEqual(premiumFor('flagship', null), premiumFor('flagship', 2025));
    assert.ok(premiumFor('flagship', 2021).premiumMonthly < premiumFor('flagship', 2024).premiumMonthly);
    assert.equal(premiumFor('entry', 2000).premiumMonthly, 1_500);
  });
});
