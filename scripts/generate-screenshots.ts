/**
 * Renders the OCR reference set: 48 synthetic but realistic "About phone" screenshots (Samsung One UI
 * and iOS, Korean and English, light and dark, five Korean UI fonts), plus a manifest.json of what
 * each one must read as. The set is committed in test/fixtures/screenshots, so the tests and the
 * OCR benchmark need none of its fonts; remaking it does: Debian's fonts-noto-cjk and fonts-nanum
 * (NanumSquare and NanumBarunGothic have no npm package). Deterministic: the same seed gives
 * byte-identical PNGs on the same fonts and libvips.
 * Usage: node --import tsx scripts/generate-screenshots.ts [outDir]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { luhnCheckDigit } from '../src/modules/checks/ocr/luhn.js';
import { canvas, prng, type Row, renderAndroid, renderIos, spaced, toPng } from './about-phone-screen.js';

export interface ScreenshotFixture {
  file: string;
  os: 'android' | 'ios';
  lang: 'ko' | 'en';
  theme: 'light' | 'dark';
  size: string;
  /** Rendered at this size, then shrunk (and JPEG-compressed) as messengers do; null when not. */
  shrunkFrom: string | null;
  font: string;
  statusBar: boolean;
  decoys: string[];
  imeis: string[];
  serial: string;
  model: string;
}

const COUNT = 48;
const DEFAULT_OUT = 'test/fixtures/screenshots';
// Serial alphabets leave out I and O: Apple's serial scheme never uses them, and in the round fonts
// (NanumSquare) O and 0 are the same glyph, so no reader could tell them apart anyway.
const SERIAL_CHARS = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const FONTS = ['Noto Sans CJK KR', 'NanumGothic', 'NanumBarunGothic', 'NanumSquare', 'NanumSquareRound'];
const ANDROID_SIZES = ['1080x2340', '720x1520', '1440x3088', '1080x2400', '1080x2340>540x1170'];
const IOS_SIZES = ['1170x2532', '828x1792', '1284x2778', '750x1334', '1179x2556', '1170x2532>585x1266'];
// Name and model code; for Apple also the A-number that a tap on the model row shows.
const SAMSUNG = table(
  'Galaxy Note20 5G:SM-N981N|Galaxy S21 5G:SM-G991N|Galaxy S23 Ultra:SM-S918N|Galaxy Z Flip5:SM-F731N|' +
    'Galaxy Z Fold5:SM-F946N|Galaxy A53 5G:SM-A536N|Galaxy S24 Ultra:SM-S928N|Galaxy S20 FE 5G:SM-G781N',
);
const APPLE = table(
  'iPhone 11:MWLT2KH/A:A2221|iPhone 12 Pro:MGLJ3KH/A:A2407|iPhone 13:MLPF3KH/A:A2633|' +
    'iPhone 14 Pro:MQ0G3KH/A:A2890|iPhone SE:MMXG3KH/A:A2783|iPhone 15:MTP03KH/A:A3090',
);
const IOS_LABELS = {
  en: 'Name|iOS Version|Model Name|Model Number|Serial Number|Limited Warranty|Songs|Videos|Photos|Applications|Capacity|Available|Wi-Fi Address|Bluetooth|Modem Firmware|PHYSICAL SIM|Network|Carrier|ESIM',
  ko: '이름|iOS 버전|모델 이름|모델 번호|일련 번호|제한 보증|노래|비디오|사진|응용 프로그램|전체 공간|사용 가능 공간|Wi-Fi 주소|Bluetooth|모뎀 펌웨어|물리적 SIM|네트워크|통신사|ESIM',
};

function table(rows: string): string[][] {
  return rows.split('|').map((row) => row.split(':'));
}

function generateFixture(
  i: number,
  rand: () => number,
): { fx: ScreenshotFixture; rows: Row[]; title: string } {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 10)).join('');
  const chars = (n: number, alphabet = SERIAL_CHARS) =>
    Array.from({ length: n }, () => pick([...alphabet])).join('');
  const withLuhn = (p: string) => p + luhnCheckDigit(p);
  const os = i % 2 === 0 ? 'android' : 'ios';
  const lang = i % 5 === 3 ? 'en' : 'ko';
  const en = lang === 'en';
  const body = pick(['35', '35', '86', '01']) + digits(12);
  // Dual-SIM phones share the TAC; the second serial part follows the first.
  const imeis = [withLuhn(body)];
  if (rand() < 0.45)
    imeis.push(withLuhn(body.slice(0, 8) + String((Number(body.slice(8)) + 1) % 1e6).padStart(6, '0')));
  const decoys: string[] = [];
  const rows: Row[] = [];
  const row = (label: string, value: string, optional = false) => {
    rows.push({ label, value, optional });
  };
  let serial: string;
  let model: string;
  let title: string;
  if (os === 'android') {
    const [name, code] = pick(SAMSUNG) as [string, string];
    model = code;
    serial = `R${pick(['3', '5', 'F', '9'])}${pick(['C', '8', '2', '5'])}${pick([...'MNRTWX'])}${chars(7)}`;
    title = en ? 'About phone' : '휴대전화 정보';
    rows.push({ header: name });
    row(en ? 'Phone number' : '전화번호', `+82 10-${digits(4)}-${digits(4)}`, true);
    row(en ? 'Model number' : rand() < 0.3 ? '모델명' : '모델 번호', code);
    row(en ? 'Serial number' : '일련번호', serial);
    const slot = pick(en ? ['IMEI (slot #)', 'IMEI #'] : ['IMEI (슬롯 #)', 'IMEI(슬롯#)', 'IMEI #']);
    for (const [k, imei] of imeis.entries())
      row(imeis.length > 1 ? slot.replace('#', String(k + 1)) : 'IMEI', imei);
    if (rand() < 0.35) {
      decoys.push('IMEISV');
      row('IMEISV', `${(imeis[0] as string).slice(0, 14)}${digits(2)}`);
    }
    if (en) row('Status information', 'View SIM card status, IMEI, and other info.', true);
    else row('상태 정보', 'SIM 카드 상태, IMEI, 기타 정보 확인', true);
    if (en) row('Software information', 'View One UI version, Android version', true);
    else row('소프트웨어 정보', 'One UI 버전, Android 버전 등 확인', true);
  } else {
    const [name, part, aNumber] = pick(APPLE) as [string, string, string];
    // iOS shows the part number; a tap on the row switches it to the A-number.
    model = rand() < 0.25 ? aNumber : part;
    serial = rand() < 0.5 ? `${pick(['F2L', 'C39', 'DNP', 'G6T', 'FFM'])}${chars(9)}` : chars(10);
    title = en ? 'About' : '정보';
    const L = IOS_LABELS[lang].split('|');
    const at = (k: number) => L[k] as string;
    const mac = () => Array.from({ length: 6 }, () => chars(2, '0123456789ABCDEF')).join(':');
    const media = [
      String(Math.floor(rand() * 900)),
      String(Math.floor(rand() * 90)),
      (2000 + Math.floor(rand() * 9000)).toLocaleString('en-US'),
      String(40 + Math.floor(rand() * 90)),
    ];
    row(at(0), 'iPhone', true);
    row(at(1), pick(['17.5.1', '18.1', '16.7.8']), true);
    row(at(2), name);
    row(at(3), model);
    row(at(4), serial);
    row(at(5), `${en ? 'Expires' : '만료'}: 2025. 3. 14.`, true);
    for (const [k, value] of media.entries()) row(at(6 + k), value, true);
    row(at(10), pick(['128GB', '256GB']), true);
    row(at(11), `${(10 + rand() * 100).toFixed(1)}GB`, true);
    row(at(12), mac(), true);
    row(at(13), mac(), true);
    row(at(14), `${pick(['1', '2', '3'])}.0${Math.floor(rand() * 9)}.0${Math.floor(rand() * 9)}`, true);
    rows.push({ header: at(15) });
    row(at(16), 'SK Telecom', true);
    row(at(17), 'SK Telecom 56.0', true);
    row('IMEI', spaced(imeis[0] as string));
    if (rand() < 0.5) {
      decoys.push('ICCID');
      row('ICCID', `8982 30${digits(2)} ${digits(4)} ${digits(4)} ${digits(4)}`);
    }
    if (rand() < 0.6) {
      // iPhones show the first 14 IMEI digits as MEID: one digit short of an IMEI, a real trap.
      decoys.push('MEID');
      row('MEID', spaced((imeis[0] as string).slice(0, 14)));
    }
    if (imeis[1]) {
      rows.push({ header: at(18) });
      row('IMEI2', spaced(imeis[1]));
    }
  }
  const sizes = os === 'android' ? ANDROID_SIZES : IOS_SIZES;
  // Walk sizes and fonts in step with different periods so that each font meets several sizes.
  const k = Math.floor(i / 2);
  const [render, shrunk] = (sizes[k % sizes.length] as string).split('>') as [string, string?];
  const fx: ScreenshotFixture = {
    file: `${String(i + 1).padStart(2, '0')}-${os}-${lang}-${i % 4 < 2 ? 'light' : 'dark'}.png`,
    os,
    lang,
    theme: i % 4 < 2 ? 'light' : 'dark',
    size: shrunk ?? render,
    shrunkFrom: shrunk ? render : null,
    font: FONTS[(k + Math.floor(k / sizes.length)) % FONTS.length] as string,
    statusBar: i % 3 !== 2,
    decoys,
    imeis,
    serial,
    model,
  };
  return { fx, rows, title };
}

/** Writes the screenshots and manifest.json into outDir; returns the manifest entries. */
export async function generateScreenshots(outDir: string, seed = 20261126): Promise<ScreenshotFixture[]> {
  await mkdir(outDir, { recursive: true });
  const rand = prng(seed);
  const manifest: ScreenshotFixture[] = [];
  for (let i = 0; i < COUNT; i++) {
    const { fx, rows, title } = generateFixture(i, rand);
    const [w, h] = (fx.shrunkFrom ?? fx.size).split('x').map(Number) as [number, number];
    const c = canvas(w, h, fx.font);
    const screen = { rows, title, dark: fx.theme === 'dark', withStatus: fx.statusBar, rand };
    (fx.os === 'android' ? renderAndroid : renderIos)(c, screen);
    let png = await toPng(c);
    if (fx.shrunkFrom) {
      const [sw, sh] = fx.size.split('x').map(Number) as [number, number];
      const jpeg = await sharp(png).resize(sw, sh).jpeg({ quality: 72 }).toBuffer();
      png = await sharp(jpeg).png().toBuffer();
    }
    await writeFile(join(outDir, fx.file), png);
    manifest.push(fx);
  }
  await writeFile(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const out = resolve(process.argv[2] ?? DEFAULT_OUT);
  const manifest = await generateScreenshots(out);
  console.log(`wrote ${manifest.length} screenshots and manifest.json to ${out}`);
}
