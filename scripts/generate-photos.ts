// Deterministic fixture photos for the QR and photo checks: a phone showing a QR code, in a room,
// under the distortions real front photos suffer. Run: node --import tsx scripts/generate-photos.ts [outDir]
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import QRCode from 'qrcode';
import sharp from 'sharp';
import { PHOTO_VARIANTS, type PhotoVariant, UPLOADED_AT } from './photo-variants.js';

type Rng = () => number;
type Keys = { key: string; otherKey: string };

/** mulberry32: tiny, seedable, good enough for textures and layouts. */
function seeded(seed: number): Rng {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Same shape as issueQrKey() output, but reproducible. */
function fixtureKey(seed: number): string {
  const rng = seeded(seed);
  return `cpq1_${Buffer.from(Array.from({ length: 18 }, () => Math.floor(rng() * 256))).toString('base64url')}`;
}

const gauss = (rng: Rng) => Math.sqrt(-2 * Math.log(rng() + 1e-12)) * Math.cos(2 * Math.PI * rng());
const hsl = (rng: Rng, hue: [number, number], sat: number, light: [number, number]) =>
  `hsl(${Math.round(hue[0] + rng() * (hue[1] - hue[0]))},${sat}%,${Math.round(light[0] + rng() * (light[1] - light[0]))}%)`;

/** A wall, a table top, a window and some clutter: enough edges to give the detector false leads. */
function roomSvg(rng: Rng, w: number, h: number): string {
  const tableY = Math.round(h * (0.45 + rng() * 0.2));
  const parts = [
    `<rect width="${w}" height="${h}" fill="${hsl(rng, [25, 60], 25, [62, 80])}"/>`,
    `<rect x="${Math.round(rng() * w * 0.6)}" y="${Math.round(h * 0.05)}" width="${Math.round(w * 0.3)}" height="${Math.round(h * 0.3)}" fill="#eef4fb" stroke="#fff" stroke-width="${w / 100}"/>`,
  ];
  for (let i = 0; i < 7; i++) {
    const [x, y] = [rng() * w, rng() * tableY * 0.9];
    parts.push(
      `<rect x="${x | 0}" y="${y | 0}" width="${(w * (0.04 + rng() * 0.12)) | 0}" height="${(h * (0.05 + rng() * 0.2)) | 0}" fill="${hsl(rng, [0, 360], 35, [25, 70])}"/>`,
    );
  }
  parts.push(
    `<defs><linearGradient id="t" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${hsl(rng, [20, 35], 40, [35, 50])}"/><stop offset="1" stop-color="${hsl(rng, [20, 35], 45, [18, 28])}"/></linearGradient></defs>`,
    `<rect y="${tableY}" width="${w}" height="${h - tableY}" fill="url(#t)"/>`,
  );
  for (let i = 0; i < 30; i++) {
    const y = tableY + rng() * (h - tableY);
    parts.push(
      `<line x1="0" y1="${y | 0}" x2="${w}" y2="${(y + (rng() - 0.5) * h * 0.05) | 0}" stroke="#000" stroke-opacity="0.08" stroke-width="${1 + rng() * 3}"/>`,
    );
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">${parts.join('')}</svg>`;
}

/** The app's screen: header, a few text lines, and the QR code (or a list where the QR would be). */
async function screenSvg(x: number, y: number, w: number, h: number, qrText: string | null): Promise<string> {
  const u = w / 100;
  const parts = [
    `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="#f5f6f8"/>`,
    `<rect x="${x}" y="${y + 6 * u}" width="${w}" height="${14 * u}" fill="#2b59c3"/>`,
    `<rect x="${x + 8 * u}" y="${y + 11 * u}" width="${40 * u}" height="${4 * u}" fill="#fff"/>`,
    `<rect x="${x + 8 * u}" y="${y + 26 * u}" width="${60 * u}" height="${3.5 * u}" fill="#555"/>`,
  ];
  const qrTop = y + 36 * u;
  if (qrText) {
    const qr = await QRCode.toString(qrText, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    parts.push(
      qr.replace('<svg ', `<svg x="${x + 10 * u}" y="${qrTop}" width="${80 * u}" height="${80 * u}" `),
    );
  } else {
    for (let i = 0; i < 6; i++) {
      parts.push(
        `<rect x="${x + 8 * u}" y="${qrTop + i * 14 * u}" width="${84 * u}" height="${10 * u}" rx="${2 * u}" fill="#dde3ee"/>`,
      );
    }
  }
  parts.push(
    `<rect x="${x + 15 * u}" y="${qrTop + 88 * u}" width="${70 * u}" height="${3 * u}" fill="#888"/>`,
  );
  return parts.join('');
}

/** A phone seen from the front; sized so that its QR code is `qrWidth` pixels wide. */
async function phonePng(qrWidth: number, qrText: string | null): Promise<Buffer> {
  const w = Math.round(qrWidth / 0.8 / 0.92);
  const h = Math.round(w * 2.05);
  const bezel = w * 0.04;
  const screen = await screenSvg(bezel, bezel, w - 2 * bezel, h - 2 * bezel, qrText);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
    <defs><clipPath id="s"><rect x="${bezel}" y="${bezel}" width="${w - 2 * bezel}" height="${h - 2 * bezel}" rx="${w * 0.09}"/></clipPath>
    <linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#fff" stop-opacity="0.22"/><stop offset="0.6" stop-color="#fff" stop-opacity="0"/></linearGradient></defs>
    <rect width="${w}" height="${h}" rx="${w * 0.12}" fill="#1d1d1f"/>
    <g clip-path="url(#s)">${screen}<rect width="${w}" height="${h}" fill="url(#g)"/></g>
    <circle cx="${w / 2}" cy="${bezel + w * 0.035}" r="${w * 0.018}" fill="#000"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** The 8 coefficients of the homography taking the `from` quad onto the `to` quad (Gauss–Jordan). */
function homography(from: number[][], to: number[][]): number[] {
  const m = from.flatMap(([x = 0, y = 0], i) => {
    const [u = 0, v = 0] = to[i] ?? [];
    return [
      [x, y, 1, 0, 0, 0, -u * x, -u * y, u],
      [0, 0, 0, x, y, 1, -v * x, -v * y, v],
    ];
  });
  const at = (r: number, c: number) => m[r]?.[c] ?? 0;
  for (let c = 0; c < 8; c++) {
    let p = c;
    for (let r = c + 1; r < 8; r++) if (Math.abs(at(r, c)) > Math.abs(at(p, c))) p = r;
    [m[c], m[p]] = [m[p] ?? [], m[c] ?? []];
    for (let r = 0; r < 8; r++) {
      if (r === c) continue;
      const f = at(r, c) / at(c, c);
      for (let k = c; k < 9; k++) (m[r] as number[])[k] = at(r, k) - f * at(c, k);
    }
  }
  return m.map((_, i) => at(i, 8) / at(i, i));
}

/** A true perspective warp (sharp only offers affine): the layer's corners move to `corners` (fractions). */
async function perspective(png: Buffer, corners: number[]): Promise<Buffer> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const { width: w, height: h } = info;
  const dst = [0, 1, 2, 3].map((i) => [(corners[2 * i] as number) * w, (corners[2 * i + 1] as number) * h]);
  const [a, b, c, d, e, f, g, k] = homography(dst, [
    [0, 0],
    [w, 0],
    [w, h],
    [0, h],
  ]) as [number, number, number, number, number, number, number, number];
  const out = Buffer.alloc(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const z = g * x + k * y + 1;
      const [sx, sy] = [(a * x + b * y + c) / z - 0.5, (d * x + e * y + f) / z - 0.5];
      const [x0, y0] = [Math.floor(sx), Math.floor(sy)];
      if (x0 < 0 || y0 < 0 || x0 + 1 >= w || y0 + 1 >= h) continue;
      const [fx, fy] = [sx - x0, sy - y0];
      for (let ch = 0; ch < 4; ch++) {
        const at = (xx: number, yy: number) => data[(yy * w + xx) * 4 + ch] as number;
        const top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx;
        const bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx;
        out[(y * w + x) * 4 + ch] = Math.round(top * (1 - fy) + bottom * fy);
      }
    }
  }
  return sharp(out, { raw: { width: w, height: h, channels: 4 } })
    .png()
    .toBuffer();
}

/** Sensor noise. A lookup table and an inline xorshift keep 36 M samples for a 12 MP photo under a second. */
function addGrain(pixels: Buffer, sigma: number, rng: Rng): void {
  const table = Float32Array.from({ length: 4096 }, () => sigma * gauss(rng));
  const clamped = new Uint8ClampedArray(pixels.buffer, pixels.byteOffset, pixels.length);
  let s = Math.floor(rng() * 2 ** 31) | 1;
  for (let i = 0; i < clamped.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    clamped[i] = (clamped[i] as number) + (table[s >>> 20] as number);
  }
}

/** One fixture photo of a phone whose screen shows `keys.key` as a QR code (tests render them for the keys they are issued). */
export async function renderPhoto(v: PhotoVariant, keys: Keys): Promise<Buffer> {
  const rng = seeded(v.seed);
  const [w, h] = v.size ?? [1600, 1200];
  const qrText = v.screen === 'no-qr' ? null : v.screen === 'other-key' ? keys.otherKey : keys.key;
  let phone = await phonePng(Math.round(w * (v.qrFraction ?? 0.16)), qrText);
  if (v.perspective) phone = await perspective(phone, v.perspective);
  if (v.shear) phone = await sharp(phone).affine(v.shear, { background: '#0000' }).png().toBuffer();
  if (v.rotate) phone = await sharp(phone).rotate(v.rotate, { background: '#0000' }).png().toBuffer();
  const meta = await sharp(phone).metadata();
  const scale = Math.min(1, (0.9 * h) / meta.height, (0.9 * w) / meta.width);
  if (scale < 1) {
    phone = await sharp(phone)
      .resize(Math.round(meta.width * scale))
      .png()
      .toBuffer();
  }
  const pm = await sharp(phone).metadata();
  const scene = await sharp(Buffer.from(roomSvg(rng, w, h)))
    .composite([
      { input: phone, left: Math.round(rng() * (w - pm.width)), top: Math.round(rng() * (h - pm.height)) },
    ])
    .removeAlpha()
    .raw()
    .toBuffer();
  // A second pipeline because sharp always composites last: blur and exposure must hit the phone too.
  const room = await sharp(scene, { raw: { width: w, height: h, channels: 3 } })
    .blur(v.blur ?? 0.6) // no lens is perfectly sharp
    .linear(v.brightness ?? 1, 0)
    .raw()
    .toBuffer();
  addGrain(room, v.noise ?? 3, rng);
  let out = sharp(room, { raw: { width: w, height: h, channels: 3 } }).flop(v.mirror ?? false);
  if (v.exif) {
    const { make, model, takenAt, offset } = v.exif;
    out = out.withExif({
      IFD0: { Make: make, Model: model },
      IFD2: { DateTimeOriginal: takenAt, OffsetTimeOriginal: offset },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '37/1 33/1 58/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '126/1 58/1 41/1',
      },
    });
  }
  return out.jpeg({ quality: v.quality ?? 88 }).toBuffer();
}

/** A screenshot of the QR screen instead of a photo of the phone: exact screen size, PNG, no EXIF. */
async function renderScreenshot(w: number, h: number, key: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">${await screenSvg(0, 0, w, h, key)}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

export interface PhotoManifest {
  /** Digest of the variant list, so a stale fixture folder is noticed and regenerated. */
  variantsDigest: string;
  key: string;
  otherKey: string;
  uploadedAt: string;
  photos: (Omit<PhotoVariant, 'seed'> & { file: string })[];
}

async function photoBytes(variant: PhotoVariant, keys: Keys, earlier: Map<string, Buffer>): Promise<Buffer> {
  if (variant.screen === 'screenshot') {
    const [w, h] = variant.size ?? [1170, 2532];
    return renderScreenshot(w, h, keys.key);
  }
  if (!variant.derivedFrom) return renderPhoto(variant, keys);
  // A re-encoding of an earlier photo: what a resubmitted or recompressed duplicate looks like.
  const { name, scale, quality } = variant.derivedFrom;
  const source = earlier.get(name);
  if (!source) throw new Error(`${variant.name}: ${name} must come first`);
  const { width } = await sharp(source).metadata();
  return sharp(source)
    .resize(Math.round(width * scale))
    .jpeg({ quality })
    .toBuffer();
}

/** Write-then-rename, so two test files generating at once never read each other's half-written files. */
async function writeAtomically(path: string, bytes: Buffer | string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, bytes);
  await rename(temporary, path);
}

const digest = (variants: PhotoVariant[]) =>
  createHash('sha256').update(JSON.stringify(variants)).digest('hex').slice(0, 16);

export async function generatePhotos(outDir: string, variants = PHOTO_VARIANTS): Promise<PhotoManifest> {
  await mkdir(outDir, { recursive: true });
  const keys = { key: fixtureKey(1), otherKey: fixtureKey(2) };
  const rendered = new Map<string, Buffer>();
  const photos: PhotoManifest['photos'] = [];
  for (const variant of variants) {
    const bytes = await photoBytes(variant, keys, rendered);
    rendered.set(variant.name, bytes);
    const file = `${variant.name}.${variant.screen === 'screenshot' ? 'png' : 'jpg'}`;
    await writeAtomically(join(outDir, file), bytes);
    const { seed: _seed, ...described } = variant;
    photos.push({ ...described, file });
  }
  const manifest = { variantsDigest: digest(variants), ...keys, uploadedAt: UPLOADED_AT, photos };
  await writeAtomically(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** The fixture manifest, generating the photos first when the folder is missing or stale. */
export async function loadPhotoFixtures(outDir: string): Promise<PhotoManifest> {
  try {
    const manifest = JSON.parse(await readFile(join(outDir, 'manifest.json'), 'utf8')) as PhotoManifest;
    if (manifest.variantsDigest === digest(PHOTO_VARIANTS)) return manifest;
  } catch {
    // missing or unreadable: generate below
  }
  return generatePhotos(outDir);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const outDir = resolve(process.argv[2] ?? 'test/fixtures/photos');
  const started = performance.now();
  const manifest = await generatePhotos(outDir);
  console.log(
    `${manifest.photos.length} photos in ${outDir} (${Math.round(performance.now() - started)} ms)`,
  );
}
