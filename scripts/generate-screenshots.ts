/**
 * Renders synthetic but realistic "About phone" screenshots (Samsung One UI and iOS, Korean and English,
 * light and dark) with system fonts, plus a manifest.json of what each one must read as.
 * Deterministic: the same seed gives byte-identical PNGs on the same fonts and libvips.
 * Usage: node --import tsx scripts/generate-screenshots.ts [outDir]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { luhnCheckDigit } from '../src/modules/checks/ocr/luhn.js';

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

type Row = { label: string; value: string; optional?: boolean } | { header: string };

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

/** iOS groups IMEI digits 2-6-6-1. */
const spaced = (d: string) => `${d.slice(0, 2)} ${d.slice(2, 8)} ${d.slice(8, 14)} ${d.slice(14)}`.trim();

/** mulberry32: tiny, seedable, good enough to spread test cases. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

type Canvas = ReturnType<typeof canvas>;
/** What a layout draws: the rows, the screen title, and how the screen looks. */
interface Screen {
  rows: Row[];
  title: string;
  dark: boolean;
  withStatus: boolean;
  rand: () => number;
}

function canvas(w: number, h: number, font: string) {
  const parts: string[] = [];
  return {
    w,
    h,
    parts,
    text: (x: number, y: number, size: number, fill: string, s: string, opts = '') =>
      parts.push(
        `<text x="${x}" y="${y}" font-family="${font}" font-size="${size}" fill="${fill}" ${opts}>${esc(s)}</text>`,
      ),
    rect: (x: number, y: number, rw: number, rh: number, fill: string, r = 0) =>
      parts.push(`<rect x="${x}" y="${y}" width="${rw}" height="${rh}" rx="${r}" fill="${fill}"/>`),
  };
}

function statusBar(c: Canvas, u: number, height: number, fg: string, ios: boolean, rand: () => number): void {
  const hour = ios ? 9 + Math.floor(rand() * 3) : 13 + Math.floor(rand() * 9);
  const time = `${hour}:${String(Math.floor(rand() * 60)).padStart(2, '0')}`;
  const y = height * 0.68;
  const style = ios ? 'font-weight="700" text-anchor="middle"' : 'font-weight="400"';
  c.text(ios ? c.w * 0.14 : 16 * u, y, (ios ? 17 : 14) * u, fg, time, style);
  let x = c.w - (ios ? 30 : 16) * u;
  c.parts.push(
    `<rect x="${x - 24 * u}" y="${y - 11 * u}" width="${24 * u}" height="${12 * u}" rx="${3 * u}" fill="none" stroke="${fg}" stroke-width="${u}"/>`,
  );
  c.rect(x - 22 * u, y - 9 * u, (8 + rand() * 12) * u, 8 * u, fg, 1.5 * u);
  if (!ios) c.text(x - 28 * u, y, 13 * u, fg, `${50 + Math.floor(rand() * 50)}%`, 'text-anchor="end"');
  x -= (ios ? 34 : 84) * u;
  for (let k = 0; k < 4; k++) c.rect(x + k * 5 * u, y - (3 + k * 3) * u, 3.5 * u, (3 + k * 3) * u, fg, u);
}

function renderAndroid(c: Canvas, { rows, title, dark, withStatus, rand }: Screen): void {
  const u = c.w / 360;
  const [bg, card, fg, dim] = dark
    ? ['#000000', '#171717', '#fafafa', '#9a9a9a']
    : ['#f6f6f6', '#fcfcfc', '#010101', '#6f6f6f'];
  c.rect(0, 0, c.w, c.h, bg);
  if (withStatus) statusBar(c, u, 24 * u, fg, false, rand);
  let y = (withStatus ? 24 : 0) * u;
  // One UI shows the big centred title until the list is scrolled, i.e. when everything fits.
  const lastRequired = rows.findLastIndex((r) => !('header' in r) && !r.optional);
  const listHeight =
    rows.slice(0, lastRequired + 1).reduce((sum, r) => sum + ('header' in r ? 122 : 72), 0) * u;
  if (y + 210 * u + listHeight <= c.h) {
    c.text(c.w / 2, y + 150 * u, 30 * u, fg, title, 'text-anchor="middle"');
    y += 210 * u;
  } else {
    c.parts.push(
      `<path d="M${22 * u} ${y + 20 * u} l${-8 * u} ${8 * u} l${8 * u} ${8 * u}" stroke="${fg}" stroke-width="${2 * u}" fill="none"/>`,
    );
    c.text(52 * u, y + 35 * u, 20 * u, fg, title, 'font-weight="700"');
    y += 64 * u;
  }
  const m = 12 * u;
  for (const row of rows) {
    if ('header' in row) {
      c.rect(m, y, c.w - 2 * m, 110 * u, card, 26 * u);
      c.text(c.w / 2, y + 48 * u, 24 * u, fg, row.header, 'text-anchor="middle" font-weight="700"');
      c.rect(c.w / 2 - 32 * u, y + 66 * u, 64 * u, 30 * u, dark ? '#2a2a2a' : '#ebebeb', 15 * u);
      const edit = title.startsWith('About') ? 'Edit' : '편집';
      c.text(c.w / 2, y + 86 * u, 14 * u, fg, edit, 'text-anchor="middle"');
      y += 122 * u;
      continue;
    }
    if (y + 72 * u > c.h) {
      if (!row.optional) throw new Error(`row ${row.label} does not fit in ${c.w}x${c.h}`);
      break;
    }
    c.rect(m, y, c.w - 2 * m, 72 * u, card, 0);
    c.text(m + 24 * u, y + 31 * u, 17 * u, fg, row.label);
    c.text(m + 24 * u, y + 55 * u, 14 * u, dim, row.value);
    y += 72 * u;
  }
}

function renderIos(c: Canvas, { rows, title, dark, withStatus, rand }: Screen): void {
  const u = c.w >= 1080 ? 3 : 2;
  const notch = c.h / c.w > 2;
  const [bg, cell, fg, dim, sep, tint] = dark
    ? ['#000000', '#1c1c1e', '#ffffff', '#98989f', '#38383a', '#0a84ff']
    : ['#f2f2f7', '#ffffff', '#000000', '#8a8a8e', '#c6c6c8', '#007aff'];
  c.rect(0, 0, c.w, c.h, bg);
  const top = (notch ? 47 : 20) * u;
  if (withStatus) statusBar(c, u, top, fg, true, rand);
  c.parts.push(
    `<path d="M${20 * u} ${top + 12 * u} l${-9 * u} ${10 * u} l${9 * u} ${10 * u}" stroke="${tint}" stroke-width="${3 * u}" fill="none"/>`,
  );
  c.text(26 * u, top + 28 * u, 17 * u, tint, title === '정보' ? '일반' : 'General');
  c.text(c.w / 2, top + 28 * u, 17 * u, fg, title, 'text-anchor="middle" font-weight="600"');
  // Drop optional rows (as other iOS versions or a scrolled view would) until the list fits.
  const kept = [...rows];
  const height = () => kept.reduce((sum, r) => sum + ('header' in r ? 52 : 44), 0) * u;
  while (top + 64 * u + height() > c.h) {
    const optional = kept.flatMap((r, k) => ('header' in r || !r.optional ? [] : [k]));
    kept.splice(optional[Math.floor(rand() * optional.length)] as number, 1);
  }
  let y = top + 64 * u;
  const m = 16 * u;
  for (const row of kept) {
    if ('header' in row) {
      c.text(m + 16 * u, y + 40 * u, 13 * u, dim, row.header.toUpperCase());
      y += 52 * u;
      continue;
    }
    c.rect(m, y, c.w - 2 * m, 44 * u, cell);
    c.rect(m + 16 * u, y + 44 * u - 1, c.w - 2 * m - 16 * u, 1, sep);
    c.text(m + 16 * u, y + 28 * u, 17 * u, fg, row.label);
    c.text(c.w - m - 16 * u, y + 28 * u, 17 * u, dim, row.value, 'text-anchor="end"');
    y += 44 * u;
  }
}

function toPng(c: Canvas): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${c.w}" height="${c.h}">${c.parts.join('')}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
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

/** One clean "About phone" screen with the given values (light mode), for tests that need a particular phone. */
export function renderAboutPhone(phone: {
  os: 'android' | 'ios';
  imeis: string[];
  serial: string;
  model: string;
}) {
  const android = phone.os === 'android';
  const imeiLabel = (k: number) =>
    android ? (phone.imeis.length > 1 ? `IMEI (슬롯 ${k + 1})` : 'IMEI') : k ? 'IMEI2' : 'IMEI';
  const rows: Row[] = [
    ...(android ? [{ header: 'Galaxy' }] : []),
    { label: '모델 번호', value: phone.model },
    { label: android ? '일련번호' : '일련 번호', value: phone.serial },
    ...phone.imeis.map((imei, k) => ({ label: imeiLabel(k), value: android ? imei : spaced(imei) })),
  ];
  const c = android ? canvas(1080, 2340, 'Noto Sans CJK KR') : canvas(1170, 2532, 'Noto Sans CJK KR');
  const title = android ? '휴대전화 정보' : '정보';
  (android ? renderAndroid : renderIos)(c, { rows, title, dark: false, withStatus: true, rand: prng(1) });
  return toPng(c);
}
