/**
 * Image preparation for Tesseract, measured on the generated fixture set
 * (scripts/generate-screenshots.ts; figures in bench/results/ocr.json and the OCR test):
 * - grey, with dark-mode screens inverted, so text is always dark on light (Tesseract's training data);
 * - no global normalise/threshold: both lost more values than they saved (thresholding broke the grey,
 *   anti-aliased value text: 10 of 48 screenshots fully read against 29 without);
 * - value lines are re-read from a crop scaled so the text is ~24 px tall, which Tesseract's English
 *   model reads best (16–40 px tried; larger was worse).
 */
import sharp from 'sharp';
import { ACCEPTED_IMAGE } from '../accepted-image.js';

export interface GreyImage {
  data: Buffer;
  width: number;
  height: number;
}

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Below this mean luminance (0..255) a screenshot is taken as dark mode. */
const DARK_MEAN = 128;
const LINE_TEXT_HEIGHT = 24;

/**
 * The longest side OCR reads at. Phone screens stay under it (a 4K phone is 3840 px), so real
 * screenshots are read as they are; a larger upload (up to IMAGE_MAX_PIXELS, 7071 px square) is
 * scaled down, because Tesseract's WebAssembly heap grows to fit the largest page and never shrinks.
 */
const OCR_MAX_SIDE = 4096;

/** Decodes any sharp-readable image into one grey channel, dark text on a light background. */
export async function toGrey(image: Buffer): Promise<GreyImage> {
  const { data, info } = await sharp(image, ACCEPTED_IMAGE)
    .resize({ width: OCR_MAX_SIDE, height: OCR_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (meanOf(data) < DARK_MEAN) {
    for (let i = 0; i < data.length; i++) data[i] = 255 - (data[i] as number);
  }
  return { data, width: info.width, height: info.height };
}

function meanOf(data: Buffer): number {
  // Every 7th pixel is plenty for a mean and keeps this cheap on 12 MP photos.
  let sum = 0;
  let n = 0;
  for (let i = 0; i < data.length; i += 7, n++) sum += data[i] as number;
  return n ? sum / n : 255;
}

/** The whole screen as PNG for the page pass (low compression: it is decoded at once in the worker). */
export function pagePng(grey: GreyImage): Promise<Buffer> {
  return sharp(grey.data, { raw: { width: grey.width, height: grey.height, channels: 1 } })
    .withDensity(72)
    .png({ compressionLevel: 1 })
    .toBuffer();
}

/**
 * One text line cut out with a margin of half its height, scaled to the line pass's text height, and
 * optionally emboldened: thin light fonts (NanumSquareRound, NanumGothic) read better with thicker strokes.
 */
export async function lineCrop(grey: GreyImage, box: Box, bold = false): Promise<Buffer> {
  const textHeight = Math.max(1, box.y1 - box.y0);
  const pad = Math.round(textHeight / 2);
  const left = Math.max(0, box.x0 - pad);
  const top = Math.max(0, box.y0 - pad);
  const width = Math.max(1, Math.min(grey.width - left, box.x1 - box.x0 + 2 * pad));
  const height = Math.max(1, Math.min(grey.height - top, textHeight + 2 * pad));
  const scale = LINE_TEXT_HEIGHT / textHeight;
  const scaled = await sharp(grey.data, { raw: { width: grey.width, height: grey.height, channels: 1 } })
    .extract({ left, top, width, height })
    .resize({ width: Math.max(1, Math.round(width * scale)), kernel: 'lanczos3' })
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const crop = { data: scaled.data, width: scaled.info.width, height: scaled.info.height };
  return sharp(bold ? embolden(crop) : crop.data, {
    raw: { width: crop.width, height: crop.height, channels: 1 },
  })
    .withDensity(300)
    .png()
    .toBuffer();
}

/** Minimum over a 2-wide, 3-tall window: dark strokes grow by a pixel right and up/down. */
function embolden({ data, width, height }: GreyImage): Buffer {
  const out = Buffer.alloc(data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let min = 255;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= height) continue;
        for (let dx = 0; dx <= 1 && x + dx < width; dx++)
          min = Math.min(min, data[yy * width + x + dx] as number);
      }
      out[y * width + x] = min;
    }
  }
  return out;
}
