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
const SAMSUNG = [
  ['Galaxy Note20 5G', 'SM-N981N'],
  ['Galaxy S21 5G', 'SM-G991N'],
  ['Galaxy S23 Ultra', 'SM-S918N'],
  ['Galaxy Z Flip5', 'SM-F731N'],
  ['Galaxy Z Fold5', 'SM-F946N'],
  ['Galaxy A53 5G', 'SM-A536N'],
  ['Galaxy S24 Ultra', 'SM-S928N'],
  ['Galaxy S20 FE 5G', 'SM-G781N'],
];
const APPLE = [
  ['iPhone 11', 'MWLT2KH/A', 'A2221'],
  ['iPhone 12 Pro', 'MGLJ3KH/A', 'A2407'],
  ['iPhone 13', 'MLPF3KH/A', 'A2633'],
  ['iPhone 14 Pro', 'MQ0G3KH/A', 'A2890'],
  ['iPhone SE', 'MMXG3KH/A', 'A2783'],
  ['iPhone 15', 'MTP03KH/A', 'A3090'],
];

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
  let serial: string;
  let model: string;
  let title: string;
  if (os === 'android') {
    const [name, code] = pick(SAMSUNG) as [string, string];
    model = code;
    serial = `R${pick(['3', '5', 'F', '9'])}${pick(['C', '8', '2', '5'])}${pick([...'MNRTWX'])}${chars(7)}`;
    title = en ? 'About phone' : '휴대전화 정보';
    rows.push({ header: name });
    rows.push({
      label: en ? 'Phone number' : '전화번호',
      value: `+82 10-${digits(4)}-${digits(4)}`,
      optional: true,
    });
    rows.push({ label: en ? 'Model number' : rand() < 0.3 ? '모델명' : '모델 번호', value: code });
    rows.push({ label: en ? 'Serial number' : '일련번호', value: serial });
    const slot = pick(en ? ['IMEI (slot #)', 'IMEI #'] : ['IMEI (슬롯 #)', 'IMEI(슬롯#)', 'IMEI #']);
    imeis.forEach((imei, k) => {
      rows.push({ label: imeis.length > 1 ? slot.replace('#', String(k + 1)) : 'IMEI', value: imei });
    });
    if (rand() < 0.35) {
      decoys.push('IMEISV');
      rows.push({ label: 'IMEISV', value: `${(imeis[0] as string).slice(0, 14)}${digits(2)}` });
    }
    rows.push({
      label: en ? 'Status information' : '상태 정보',
      value: en ? 'View SIM card status, IMEI, and other info.' : 'SIM 카드 상태, IMEI, 기타 정보 확인',
      optional: true,
    });
    rows.push({
      label: en ? 'Software information' : '소프트웨어 정보',
      value: en ? 'View One UI version, Android version' : 'One UI 버전, Android 버전 등 확인',
      optional: true,
    });
  } else {
    const [name, part, aNumber] = pick(APPLE) as [string, string, string];
    // iOS shows the part number; a tap on the row switches it to the A-number.
    model = rand() < 0.25 ? aNumber : part;
    serial = rand() < 0.5 ? `${pick(['F2L', 'C39', 'DNP', 'G6T', 'FFM'])}${chars(9)}` : chars(10);
    title = en ? 'About' : '정보';
    const L = en
      ? [
          'Name',
          'iOS Version',
          'Model Name',
          'Model Number',
          'Serial Number',
          'Limited Warranty',
          'Songs',
          'Videos',
          'Photos',
          'Applications',
          'Capacity',
          'Available',
          'Wi-Fi Address',
          'Bluetooth',
          'Modem Firmware',
          'PHYSICAL SIM',
          'Network',
          'Carrier',
          'ESIM',
        ]
      : [
          '이름',
          'iOS 버전',
          '모델 이름',
          '모델 번호',
          '일련 번호',
          '제한 보증',
          '노래',
          '비디오',
          '사진',
          '응용 프로그램',
          '전체 공간',
          '사용 가능 공간',
          'Wi-Fi 주소',
          'Bluetooth',
          '모뎀 펌웨어',
          '물리적 SIM',
          '네트워크',
          '통신사',
          'ESIM',
        ];
    const at = (k: number) => L[k] as string;
    const mac = () => Array.from({ length: 6 }, () => chars(2, '0123456789ABCDEF')).join(':');
    const media = [
      String(Math.floor(rand() * 900)),
      String(Math.floor(rand() * 90)),
      (2000 + Math.floor(rand() * 9000)).toLocaleString('en-US'),
      String(40 + Math.floor(rand() * 90)),
    ];
    rows.push(
      { label: at(0), value: 'iPhone', optional: true },
      { label: at(1), value: pick(['17.5.1', '18.1', '16.7.8']), optional: true },
    );
    rows.push({ label: at(2), value: name }, { label: at(3), value: model }, { label: at(4), value: serial });
    rows.push({ label: at(5), value: en ? 'Expires: 2025. 3. 14.' : '만료: 2025. 3. 14.', optional: true });
    rows.push(...media.map((value, k) => ({ label: at(6 + k), value, optional: true })));
    rows.push(
      { label: at(10), value: pick(['128GB', '256GB']), optional: true },
      { label: at(11), value: `${(10 + rand() * 100).toFixed(1)}GB`, optional: true },
    );
    rows.push(
      { label: at(12), value: mac(), optional: true },
      { label: at(13), value: mac(), optional: true },
    );
    rows.push({
      label: at(14),
      value: `${pick(['1', '2', '3'])}.0${Math.floor(rand() * 9)}.0${Math.floor(rand() * 9)}`,
      optional: true,
    });
    rows.push(
      { header: at(15) },
      { label: at(16), value: 'SK Telecom', optional: true },
      { label: at(17), value: 'SK Telecom 56.0', optional: true },
    );
    const spaced = (d: string) => `${d.slice(0, 2)} ${d.slice(2, 8)} ${d.slice(8, 14)} ${d.slice(14)}`.trim();
    rows.push({ label: 'IMEI', value: spaced(imeis[0] as string) });
    if (rand() < 0.5) {
      decoys.push('ICCID');
      rows.push({ label: 'ICCID', value: `8982 30${digits(2)} ${digits(4)} ${digits(4)} ${digits(4)}` });
    }
    if (rand() < 0.6) {
      // iPhones show the first 14 IMEI digits as MEID: one digit short of an IMEI, a real trap.
      decoys.push('MEID');
      rows.push({ label: 'MEID', value: spaced((imeis[0] as string).slice(0, 14)) });
    }
    if (imeis[1]) rows.push({ header: at(18) }, { label: 'IMEI2', value: spaced(imeis[1]) });
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

interface Canvas {
  w: number;
  h: number;
  parts: string[];
  font: string;
  text(x: number, y: number, size: number, fill: string, s: string, opts?: string): void;
  rect(x: number, y: number, w: number, h: number, fill: string, r?: number): void;
}

function canvas(w: number, h: number, font: string): Canvas {
  const parts: string[] = [];
  return {
    w,
    h,
    parts,
    font,
    text: (x, y, size, fill, s, opts = '') =>
      parts.push(
        `<text x="${x}" y="${y}" font-family="${font}" font-size="${size}" fill="${fill}" ${opts}>${esc(s)}</text>`,
      ),
    rect: (x, y, rw, rh, fill, r = 0) =>
      parts.push(`<rect x="${x}" y="${y}" width="${rw}" height="${rh}" rx="${r}" fill="${fill}"/>`),
  };
}

function statusBar(
  c: Canvas,
  u: number,
  height: number,
  fg: string,
  os: 'android' | 'ios',
  rand: () => number,
): void {
  const time = `${os === 'ios' ? 9 + Math.floor(rand() * 3) : 13 + Math.floor(rand() * 9)}:${String(Math.floor(rand() * 60)).padStart(2, '0')}`;
  const y = height * 0.68;
  c.text(
    os === 'ios' ? c.w * 0.14 : 16 * u,
    y,
    (os === 'ios' ? 17 : 14) * u,
    fg,
    time,
    `font-weight="${os === 'ios' ? 700 : 400}" ${os === 'ios' ? 'text-anchor="middle"' : ''}`,
  );
  let x = c.w - (os === 'ios' ? 30 : 16) * u;
  c.parts.push(
    `<rect x="${x - 24 * u}" y="${y - 11 * u}" width="${24 * u}" height="${12 * u}" rx="${3 * u}" fill="none" stroke="${fg}" stroke-width="${u}"/>`,
  );
  c.rect(x - 22 * u, y - 9 * u, (8 + rand() * 12) * u, 8 * u, fg, 1.5 * u);
  if (os === 'android')
    c.text(x - 28 * u, y, 13 * u, fg, `${50 + Math.floor(rand() * 50)}%`, 'text-anchor="end"');
  x -= (os === 'android' ? 84 : 34) * u;
  for (let k = 0; k < 4; k++) c.rect(x + k * 5 * u, y - (3 + k * 3) * u, 3.5 * u, (3 + k * 3) * u, fg, u);
}

function renderAndroid(
  c: Canvas,
  rows: Row[],
  title: string,
  dark: boolean,
  withStatus: boolean,
  rand: () => number,
): void {
  const u = c.w / 360;
  const [bg, card, fg, dim] = dark
    ? ['#000000', '#171717', '#fafafa', '#9a9a9a']
    : ['#f6f6f6', '#fcfcfc', '#010101', '#6f6f6f'];
  c.rect(0, 0, c.w, c.h, bg);
  if (withStatus) statusBar(c, u, 24 * u, fg, 'android', rand);
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
      c.text(
        c.w / 2,
        y + 86 * u,
        14 * u,
        fg,
        title.startsWith('About') ? 'Edit' : '편집',
        'text-anchor="middle"',
      );
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

function renderIos(
  c: Canvas,
  rows: Row[],
  title: string,
  dark: boolean,
  withStatus: boolean,
  rand: () => number,
): void {
  const u = c.w >= 1080 ? 3 : 2;
  const notch = c.h / c.w > 2;
  const [bg, cell, fg, dim, sep, tint] = dark
    ? ['#000000', '#1c1c1e', '#ffffff', '#98989f', '#38383a', '#0a84ff']
    : ['#f2f2f7', '#ffffff', '#000000', '#8a8a8e', '#c6c6c8', '#007aff'];
  c.rect(0, 0, c.w, c.h, bg);
  const top = (notch ? 47 : 20) * u;
  if (withStatus) statusBar(c, u, top, fg, 'ios', rand);
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

/** Writes the screenshots and manifest.json into outDir; returns the manifest entries. */
export async function generateScreenshots(outDir: string, seed = 20261126): Promise<ScreenshotFixture[]> {
  await mkdir(outDir, { recursive: true });
  const rand = prng(seed);
  const manifest: ScreenshotFixture[] = [];
  for (let i = 0; i < COUNT; i++) {
    const { fx, rows, title } = generateFixture(i, rand);
    const [w, h] = (fx.shrunkFrom ?? fx.size).split('x').map(Number) as [number, number];
    const c = canvas(w, h, fx.font);
    (fx.os === 'android' ? renderAndroid : renderIos)(
      c,
      rows,
      title,
      fx.theme === 'dark',
      fx.statusBar,
      rand,
    );
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">${c.parts.join('')}</svg>`;
    let png = await sharp(Buffer.from(svg)).png().toBuffer();
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
export async function renderAboutPhone(phone: {
  os: 'android' | 'ios';
  imeis: string[];
  serial: string;
  model: string;
}): Promise<Buffer> {
  const android = phone.os === 'android';
  const rows: Row[] = android
    ? [
        { header: 'Galaxy' },
        { label: '모델 번호', value: phone.model },
        { label: '일련번호', value: phone.serial },
        ...phone.imeis.map((imei, k) => ({
          label: phone.imeis.length > 1 ? `IMEI (슬롯 ${k + 1})` : 'IMEI',
          value: imei,
        })),
      ]
    : [
        { label: '모델 번호', value: phone.model },
        { label: '일련 번호', value: phone.serial },
        ...phone.imeis.map((imei, k) => ({
          label: k === 0 ? 'IMEI' : 'IMEI2',
          value: `${imei.slice(0, 2)} ${imei.slice(2, 8)} ${imei.slice(8, 14)} ${imei.slice(14)}`,
        })),
      ];
  const [w, h] = android ? [1080, 2340] : [1170, 2532];
  const c = canvas(w, h, 'Noto Sans CJK KR');
  (android ? renderAndroid : renderIos)(c, rows, android ? '휴대전화 정보' : '정보', false, true, prng(1));
  return sharp(
    Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">${c.parts.join('')}</svg>`,
    ),
  )
    .png()
    .toBuffer();
}
