/**
 * Draws an "About phone" screen (Samsung One UI or iOS) as SVG and renders it with sharp: the layout
 * shared by the fixture generator and the tests' per-phone screenshots. Fonts are whatever fontconfig
 * finds under the family name given; callers choose where fontconfig looks.
 */
import sharp from 'sharp';

export type Row = { label: string; value: string; optional?: boolean } | { header: string };

/** iOS groups IMEI digits 2-6-6-1. */
export const spaced = (d: string) =>
  `${d.slice(0, 2)} ${d.slice(2, 8)} ${d.slice(8, 14)} ${d.slice(14)}`.trim();

/** mulberry32: tiny, seedable, good enough to spread test cases. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export type Canvas = ReturnType<typeof canvas>;
/** What a layout draws: the rows, the screen title, and how the screen looks. */
export interface Screen {
  rows: Row[];
  title: string;
  dark: boolean;
  withStatus: boolean;
  rand: () => number;
}

export function canvas(w: number, h: number, font: string) {
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

export function renderAndroid(c: Canvas, { rows, title, dark, withStatus, rand }: Screen): void {
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

export function renderIos(c: Canvas, { rows, title, dark, withStatus, rand }: Screen): void {
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

export function toPng(c: Canvas): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${c.w}" height="${c.h}">${c.parts.join('')}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}
