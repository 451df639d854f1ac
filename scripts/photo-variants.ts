// What scripts/generate-photos.ts draws, and what the checks must say about each photo.

/** The reference upload time: EXIF capture times below are set relative to it. */
export const UPLOADED_AT = '2026-11-26T03:00:00.000Z';

export interface PhotoVariant {
  name: string;
  seed: number;
  description: string;
  /** Photo size in pixels; 1600×1200 unless set. */
  size?: [number, number];
  /** Width of the QR code as a fraction of the photo's width; 0.16 unless set. */
  qrFraction?: number;
  /** What the phone shows: our key (default), another key, no QR, or a screenshot instead of a photo. */
  screen?: 'qr' | 'other-key' | 'no-qr' | 'screenshot';
  rotate?: number;
  /** Where the phone layer's corners go (TL, TR, BR, BL as x,y fractions of the layer). */
  perspective?: number[];
  shear?: [number, number, number, number];
  blur?: number;
  /** Standard deviation of the added Gaussian sensor noise, 0–255 scale; 3 unless set. */
  noise?: number;
  brightness?: number;
  quality?: number;
  /** Taken in a mirror: the whole photo is reversed left to right. */
  mirror?: boolean;
  exif?: { make: string; model: string; takenAt: string; offset: string };
  /** A re-encoding of an earlier photo (its name), for the perceptual-hash test. */
  derivedFrom?: { name: string; quality: number; scale: number };
  expected: { found: boolean; matched: boolean; mirrored: boolean };
  /** Expected result of each photo check, where this photo is a case for it. */
  checks?: { exposure?: boolean; sharpness?: boolean; screenshot?: boolean; captureTime?: boolean };
  /** Photos in one group are the same picture; different groups are different pictures. */
  hashGroup?: string;
  benchmark?: boolean;
}

const MATCH = { found: true, matched: true, mirrored: false };
const MATCH_MIRRORED = { found: true, matched: true, mirrored: true };
const NOTHING = { found: false, matched: false, mirrored: false };
const SAMSUNG = { make: 'samsung', model: 'SM-S918N', offset: '+09:00' };
const TURNED_LEFT = [0.05, 0.12, 0.8, 0, 0.8, 1, 0.05, 0.88];
const TILTED_BACK = [0.15, 0.1, 0.85, 0.1, 1, 0.95, 0, 0.95];

export const PHOTO_VARIANTS: PhotoVariant[] = [
  {
    name: 'straight',
    seed: 11,
    description: 'phone facing the camera, with camera EXIF taken 2 h before upload',
    exif: { ...SAMSUNG, takenAt: '2026:11:26 10:00:00' },
    expected: MATCH,
    checks: { exposure: true, sharpness: true, screenshot: true, captureTime: true },
  },
  { name: 'rotated-15', seed: 12, description: 'rotated 15°', rotate: 15, expected: MATCH },
  { name: 'rotated-45', seed: 13, description: 'rotated 45°', rotate: 45, expected: MATCH },
  { name: 'rotated-90', seed: 14, description: 'rotated 90°', rotate: 90, expected: MATCH },
  { name: 'rotated-170', seed: 15, description: 'rotated 170°', rotate: 170, expected: MATCH },
  {
    name: 'angle-turned',
    seed: 16,
    description: 'perspective: phone turned about its vertical axis',
    perspective: TURNED_LEFT,
    expected: MATCH,
  },
  {
    name: 'angle-tilted',
    seed: 17,
    description: 'perspective: phone tilted back on the table',
    perspective: TILTED_BACK,
    expected: MATCH,
  },
  { name: 'sheared', seed: 18, description: 'affine shear', shear: [1, 0.3, 0.15, 1], expected: MATCH },
  { name: 'small', seed: 19, description: 'QR 5 % of the photo width', qrFraction: 0.05, expected: MATCH },
  { name: 'blur-1', seed: 20, description: 'Gaussian blur σ 1', blur: 1, expected: MATCH },
  { name: 'blur-2', seed: 21, description: 'Gaussian blur σ 2', blur: 2, expected: MATCH },
  { name: 'noisy', seed: 22, description: 'sensor noise σ 22', noise: 22, expected: MATCH },
  { name: 'jpeg-30', seed: 23, description: 'JPEG quality 30', quality: 30, expected: MATCH },
  { name: 'mirrored', seed: 24, description: 'taken in a mirror', mirror: true, expected: MATCH_MIRRORED },
  {
    name: 'mirrored-rotated-angle',
    seed: 25,
    description: 'mirror, rotated 30°, turned',
    mirror: true,
    rotate: 30,
    perspective: TURNED_LEFT,
    expected: MATCH_MIRRORED,
  },
  {
    name: 'combo',
    seed: 26,
    description: 'rotated 20°, tilted, blur σ 1.5, noise σ 12, JPEG 40',
    rotate: 20,
    perspective: TILTED_BACK,
    blur: 1.5,
    noise: 12,
    quality: 40,
    expected: MATCH,
  },
  {
    name: 'combo-small-mirrored',
    seed: 27,
    description: 'QR 6 % of width, rotated 35°, blur σ 1, JPEG 50, mirror',
    qrFraction: 0.06,
    rotate: 35,
    blur: 1,
    quality: 50,
    mirror: true,
    expected: MATCH_MIRRORED,
  },
  {
    name: 'small-rotated-blurred',
    seed: 5022,
    description: 'QR 5 % of width, rotated 45°, blur σ 1, noise σ 10, JPEG 40 (read only at twice the size)',
    qrFraction: 0.05,
    rotate: 45,
    blur: 1,
    noise: 10,
    quality: 40,
    expected: MATCH,
  },
  {
    name: 'small-12mp',
    seed: 28,
    description: '12 MP, QR 2 % of width (unreadable once downscaled to 2000 px)',
    size: [4000, 3000],
    qrFraction: 0.02,
    expected: MATCH,
  },
  {
    name: 'no-qr',
    seed: 29,
    description: 'phone showing the app without a QR',
    screen: 'no-qr',
    expected: NOTHING,
  },
  {
    name: 'other-key',
    seed: 30,
    description: 'QR of a different key',
    screen: 'other-key',
    expected: { found: true, matched: false, mirrored: false },
  },
  {
    name: 'dark',
    seed: 31,
    description: 'badly underexposed (7 % brightness)',
    brightness: 0.07,
    expected: NOTHING,
    checks: { exposure: false },
  },
  {
    name: 'blurred',
    seed: 32,
    description: 'out of focus, blur σ 7',
    blur: 7,
    expected: NOTHING,
    checks: { sharpness: false },
  },
  {
    name: 'screenshot',
    seed: 33,
    description: 'screenshot of the QR screen, 1170×2532 PNG without EXIF',
    screen: 'screenshot',
    size: [1170, 2532],
    expected: MATCH,
    checks: { screenshot: false },
  },
  {
    name: 'exif-old',
    seed: 34,
    description: 'camera EXIF taken 40 days before upload',
    exif: { make: 'Apple', model: 'iPhone 15 Pro', takenAt: '2026:10:17 14:20:00', offset: '+09:00' },
    expected: MATCH,
    checks: { captureTime: false, screenshot: true },
  },
  {
    name: 'bench-12mp',
    seed: 35,
    description: '12 MP (4000×3000) with EXIF, QR 10 % of width',
    size: [4000, 3000],
    qrFraction: 0.1,
    exif: { ...SAMSUNG, takenAt: '2026:11:26 11:30:00' },
    expected: MATCH,
    benchmark: true,
  },
  { name: 'hash-a', seed: 36, description: 'photo A', expected: MATCH, hashGroup: 'a' },
  {
    name: 'hash-a-q55',
    seed: 0,
    description: 'photo A re-encoded at JPEG quality 55',
    derivedFrom: { name: 'hash-a', quality: 55, scale: 1 },
    expected: MATCH,
    hashGroup: 'a',
  },
  {
    name: 'hash-a-resized',
    seed: 0,
    description: 'photo A resized to 93 % at JPEG quality 80',
    derivedFrom: { name: 'hash-a', quality: 80, scale: 0.93 },
    expected: MATCH,
    hashGroup: 'a',
  },
  {
    name: 'hash-b',
    seed: 37,
    description: 'photo B, another room and phone',
    expected: MATCH,
    hashGroup: 'b',
  },
];
