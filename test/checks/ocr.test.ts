import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ScreenshotFixture } from '../../scripts/generate-screenshots.js';
import {
  imeisInLine,
  locateValue,
  looksLikeMisreadImei,
  mergeSerialReadings,
  normaliseSerial,
  parseAboutPhone,
} from '../../src/modules/checks/ocr/about-phone-parser.js';
import { isValidImei, luhnCheckDigit } from '../../src/modules/checks/ocr/luhn.js';
import type { ScreenshotReader } from '../../src/modules/checks/ocr/ocr.port.js';
import {
  choicesFromHocr,
  isUnsure,
  type LinePass,
  tieBreakSerial,
} from '../../src/modules/checks/ocr/serial-tie-break.js';
import { createTesseractReader } from '../../src/modules/checks/ocr/tesseract-reader.js';

/** The reference set, committed: rendered once by scripts/generate-screenshots.ts with the fonts it names. */
const SCREENSHOTS = join(import.meta.dirname, '..', 'fixtures', 'screenshots');
// A valid IMEI and its dual-SIM sibling, for the parser tests.
const IMEI = '356938035643809';
const IMEI2 = '356938035643817';

describe('luhn', () => {
  test('check digits of known numbers', () => {
    assert.equal(luhnCheckDigit('7992739871'), 3);
    assert.equal(luhnCheckDigit('35693803564380'), 9);
    assert.throws(() => luhnCheckDigit('12a4'), TypeError);
  });

  test('isValidImei wants exactly 15 digits ending in the Luhn digit', () => {
    assert.equal(isValidImei(IMEI), true);
    assert.equal(isValidImei('490154203237518'), true);
    assert.equal(isValidImei('356938035643808'), false);
    assert.equal(isValidImei('35693803564380'), false);
    assert.equal(isValidImei('3569380356438090'), false);
    assert.equal(isValidImei('35 693803 564380 9'), false);
  });
});

describe('parseAboutPhone: IMEIs', () => {
  const imeis = (text: string) => parseAboutPhone(text).imeis;

  test('contiguous, iOS-spaced and dashed forms', () => {
    assert.deepEqual(imeis(`IMEI\n${IMEI}`), [IMEI]);
    assert.deepEqual(imeis('IMEI 35 693803 564380 9'), [IMEI]);
    assert.deepEqual(imeis('IMEI: 35-693803-564380-9'), [IMEI]);
  });

  test('dual SIM: both, in reading order, with every label style', () => {
    assert.deepEqual(imeis(`IMEI 1\n${IMEI}\nIMEI 2\n${IMEI2}`), [IMEI, IMEI2]);
    assert.deepEqual(imeis(`IMEI(슬롯1)\n${IMEI}\nIMEI (슬롯 2)\n${IMEI2}`), [IMEI, IMEI2]);
    assert.deepEqual(imeis('IMEI 35 693803 564380 9\nIMEI2 35 693803 564381 7'), [IMEI, IMEI2]);
    // A label digit read into the same run as the number is dropped.
    assert.deepEqual(imeis(`IMEI 2 ${IMEI2}`), [IMEI2]);
    assert.deepEqual(imeis(`IMEI ${IMEI}\nIMEI ${IMEI}`), [IMEI], 'no duplicates');
  });

  test('an invalid Luhn digit is not an IMEI', () => {
    assert.deepEqual(imeis('IMEI 356938035643808'), []);
    assert.deepEqual(imeis('IMEI 35 693803 564380 8'), []);
  });

  test('IMEISV, MEID, ICCID and phone numbers are not taken', () => {
    assert.deepEqual(imeis('IMEISV 3569380356438001'), []);
    assert.deepEqual(imeis('IMEISV\n35 693803 564380 01'), []);
    assert.deepEqual(imeis('MEID 35 693803 564380'), [], 'iOS MEID: the IMEI without its check digit');
    assert.deepEqual(imeis('MEID\nA0000049D3E3F2'), [], 'hex MEID');
    // Labelled lines are excluded even when their number happens to pass Luhn.
    assert.deepEqual(imeis(`MEID ${IMEI}`), []);
    assert.deepEqual(imeis(`IMEISV\n${IMEI}`), []);
    assert.deepEqual(imeis('ICCID 8982 3005 9502 6036 1825'), []);
    assert.deepEqual(imeis('전화번호\n+82 10-1408-0164'), []);
    assert.deepEqual(imeis(`IMEISV 3569380356438001\nIMEI ${IMEI}`), [IMEI]);
  });

  test('digits inside longer numbers are not IMEIs', () => {
    assert.deepEqual(imeisInLine(`${IMEI}1`), []);
    assert.deepEqual(imeisInLine(`EID 8904903200500888260005${IMEI}`), []);
  });

  test('OCR look-alikes (O, I, l, S, B) are read as digits only when that makes a valid IMEI', () => {
    assert.deepEqual(imeis('IMEI 3569380356438O9'), [IMEI]);
    assert.deepEqual(imeis('IMEI 35 693803 S64380 9'), [IMEI]);
    assert.deepEqual(imeis('IMEI 35693B035643809'), [IMEI]);
    assert.deepEqual(imeis('IMEI 4901542O32375l8'), ['490154203237518']);
    assert.deepEqual(imeis('IMEI 4901542032375IB'), ['490154203237518']);
    assert.deepEqual(imeis('IMEI 356938035643B19'), [], '8 for B would not make a valid IMEI');
    assert.deepEqual(imeis('IMEI 3S6938O3S6438O9'), [], 'too few real digits to trust the look-alikes');
    assert.deepEqual(imeis('SIM 카드 상태, IMEI, 기타 정보 확인'), []);
  });

  test('looksLikeMisreadImei flags near-IMEIs for a second look, not other numbers', () => {
    assert.equal(looksLikeMisreadImei('IMEI2 35943540 538516 /'), true, 'a 7 read as /');
    assert.equal(looksLikeMisreadImei(`IMEI ${IMEI}`), false);
    assert.equal(looksLikeMisreadImei('MEID 3569380356438'), false);
    assert.equal(looksLikeMisreadImei('+82 10-1408-0164'), false);
  });
});

describe('parseAboutPhone: serial and model', () => {
  test('the serial beside or under each label', () => {
    assert.equal(parseAboutPhone('일련번호\nR3CN70ABCDE').serial, 'R3CN70ABCDE');
    assert.equal(parseAboutPhone('일련 번호     F2LZK0ABN72J').serial, 'F2LZK0ABN72J');
    assert.equal(parseAboutPhone('Serial number\nR58M12ABCDE').serial, 'R58M12ABCDE');
    assert.equal(parseAboutPhone('Serial Number C7T9XW2QJF').serial, 'C7T9XW2QJF');
    assert.equal(parseAboutPhone('시리얼 번호: DNPP1JKKQ25C').serial, 'DNPP1JKKQ25C');
  });

  test('serials: O and I are 0 and 1 (left out of serial alphabets); no value, no serial', () => {
    assert.equal(parseAboutPhone('일련번호\nRFCMOSKKWV3').serial, 'RFCM0SKKWV3');
    assert.equal(parseAboutPhone('일련 번호 UlAJGHQA3Y').serial, 'U1AJGHQA3Y');
    assert.equal(parseAboutPhone('일련번호\nIMEI\n356938035643809').serial, null);
    assert.equal(parseAboutPhone('일련번호\n만506300685').serial, null);
    assert.equal(normaliseSerial('R3CN 70AB CDE'), 'R3CN70ABCDE');
    assert.equal(normaliseSerial('ABC'), null);
  });

  test('model numbers, preferred to model names', () => {
    assert.equal(parseAboutPhone('모델 번호\nSM-N981N').model, 'SM-N981N');
    assert.equal(parseAboutPhone('모델명\nSM-G991N').model, 'SM-G991N');
    assert.equal(parseAboutPhone('Model number\nSM-S918N').model, 'SM-S918N');
    assert.equal(parseAboutPhone('모델 이름  iPhone 11\n모델 번호  MWLT2KH/A').model, 'MWLT2KH/A');
    assert.equal(parseAboutPhone('Model Name iPhone 11\nModel Number A2221').model, 'A2221');
    assert.equal(parseAboutPhone('모델 이름  iPhone 13').model, 'iPhone 13');
    assert.equal(parseAboutPhone('Galaxy S21 5G\nSM-G991N').model, 'SM-G991N', 'a code without its label');
  });

  test('model codes survive OCR look-alikes', () => {
    assert.equal(parseAboutPhone('모델 번호 MQOG3KH/A').model, 'MQ0G3KH/A');
    assert.equal(parseAboutPhone('모델 번호\nSM-S9I8N').model, 'SM-S918N');
    assert.equal(parseAboutPhone('모델 번호 A22Z1').model, 'A2221');
  });

  test('locateValue finds the value line for a second reading', () => {
    const lines = ['휴대전화 정보', '일련번호', 'R3CN70ABCDE', '모델 번호 SM-N981N'];
    assert.deepEqual(locateValue(lines, 'serial'), { line: 2, besideLabel: false });
    assert.deepEqual(locateValue(lines, 'model'), { line: 3, besideLabel: true });
    assert.equal(locateValue(['IMEI'], 'serial'), null);
  });

  test('mergeSerialReadings: digits win over look-alike letters, later readings otherwise', () => {
    assert.equal(mergeSerialReadings('UTAJGHQA3Y', 'U1AJGHQA3Y', 'UTAJGHQA3Y'), 'U1AJGHQA3Y');
    assert.equal(mergeSerialReadings('FFMAD0SE44UA', 'FFMADQSE44UA'), 'FFMAD0SE44UA');
    assert.equal(mergeSerialReadings('R18W37GK8WF', 'R98W37GK8WF'), 'R98W37GK8WF');
    assert.equal(mergeSerialReadings('R35NR67K4AUG', 'R35NR67K4UG'), 'R35NR67K4UG');
    assert.equal(mergeSerialReadings(null, 'R35NR67K4UG', null), 'R35NR67K4UG');
    assert.equal(mergeSerialReadings(null, null), null);
  });
});

describe('serial tie-break by the legacy engine', () => {
  // Candidates of a 4-character LSTM reading `WSUP`; position 1 is unsure between S and 8.
  const unsureAt1: LinePass = {
    text: 'WSUP',
    choices: [
      [['W', 94]],
      [
        ['S', 81],
        ['B', 75],
        ['8', 60],
      ],
      [['U', 93]],
      [['P', 92]],
    ],
  };
  const sure: LinePass = { text: 'WSUP', choices: [[['W', 94]], [['S', 95]], [['U', 93]], [['P', 92]]] };

  test('choicesFromHocr reads each character’s candidates in order', () => {
    const hocr = `<span class='ocrx_cinfo' id='lstm_choices_1_1_1'>
      <span class='ocrx_cinfo' id='choice_1_1_1' title='x_confs 90.5'>R</span></span>
     <span class='ocrx_cinfo' id='lstm_choices_1_1_2'>
      <span class='ocrx_cinfo' id='choice_1_1_2' title='x_confs 81.4'>S</span>
      <span class='ocrx_cinfo' id='choice_1_1_3' title='x_confs 59.7'>8</span></span>`;
    assert.deepEqual(choicesFromHocr(hocr), [
      [['R', 90.5]],
      [
        ['S', 81.4],
        ['8', 59.7],
      ],
    ]);
    assert.deepEqual(choicesFromHocr('<div class="ocr_page"></div>'), []);
  });

  test('isUnsure: a strong alternative or a weak best character, in a pass that lines up', () => {
    assert.equal(isUnsure('WSUP', [unsureAt1]), true);
    assert.equal(isUnsure('WSUP', [sure]), false);
    assert.equal(
      isUnsure('WSUP', [{ text: 'WSUP', choices: [[['W', 94]], [['S', 30]], [['U', 93]], [['P', 92]]] }]),
      true,
    );
    assert.equal(isUnsure('WSUPX', [unsureAt1]), false, 'a pass of another length says nothing');
  });

  test('same length: the legacy character is taken only where the LSTM listed it strongly', () => {
    assert.equal(tieBreakSerial('WSUP', [unsureAt1], 'W8UP'), 'W8UP');
    assert.equal(tieBreakSerial('WSUP', [sure], 'W8UP'), 'WSUP');
    assert.equal(tieBreakSerial('WSUP', [unsureAt1], 'W8UF'), 'W8UP', 'an unbacked difference is ignored');
    assert.equal(tieBreakSerial('WSUP', [unsureAt1], 'WEUP'), 'WSUP', 'E was not among the candidates');
    assert.equal(tieBreakSerial('WSUP', [unsureAt1], null), 'WSUP');
    // The merge kept a page-pass 8 over the line passes' S: the legacy S does not put it back.
    assert.equal(tieBreakSerial('W8UP', [unsureAt1], 'WSUP'), 'W8UP');
  });

  test('one character longer: taken across a gap next to a weak LSTM character', () => {
    const swallowed: LinePass = {
      text: 'RCNX',
      choices: [[['R', 91]], [['C', 28]], [['N', 93]], [['X', 94]]],
    };
    assert.equal(tieBreakSerial('RCNX', [swallowed], 'R9CNX'), 'R9CNX');
    const confident: LinePass = {
      text: 'RCNX',
      choices: [[['R', 91]], [['C', 90]], [['N', 93]], [['X', 94]]],
    };
    assert.equal(tieBreakSerial('RCNX', [confident], 'R9CNX'), 'RCNX');
    assert.equal(tieBreakSerial('RCNX', [swallowed], 'RCNXW9'), 'RCNX', 'two more characters: ignored');
    assert.equal(tieBreakSerial('RCNX', [swallowed], 'A9CNX'), 'RCNX', 'no gap turns it into the reading');
  });
});

describe('OCR of the generated screenshots', { concurrency: false }, () => {
  let manifest: ScreenshotFixture[];
  let reader: ScreenshotReader;
  let cacheDir: string;

  before(async () => {
    manifest = JSON.parse(await readFile(join(SCREENSHOTS, 'manifest.json'), 'utf8'));
    cacheDir = await mkdtemp(join(tmpdir(), 'cp-ocr-'));
    reader = createTesseractReader({ cacheDir: join(cacheDir, 'tessdata') });
  });

  after(async () => {
    await reader?.close();
    if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
  });

  test('every screenshot gives its IMEI(s), serial and model', async (t) => {
    assert.ok(manifest.length >= 40);
    const readings = await Promise.all(
      manifest.map(async (fx) => ({
        fx,
        got: await reader.read(await readFile(join(SCREENSHOTS, fx.file))),
      })),
    );
    for (const { fx, got } of readings) {
      const name = `${fx.file} (${fx.os} ${fx.lang} ${fx.theme} ${fx.size} ${fx.font})`;
      await t.test(name, () => {
        assert.deepEqual(got.imeis, fx.imeis);
        assert.equal(got.imei, fx.imeis[0]);
        assert.equal(got.serial, fx.serial);
        assert.equal(got.model, fx.model);
        assert.ok(got.confidence > 0 && got.confidence <= 1);
        assert.ok(got.text.length > 0);
      });
    }
  });

  test('a closed reader refuses new work', async () => {
    const closed = createTesseractReader({ cacheDir: join(cacheDir, 'tessdata'), workers: 1 });
    await closed.close();
    await assert.rejects(closed.read(Buffer.alloc(0)), /closed/);
  });
});
