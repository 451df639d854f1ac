/** What the bytes say an upload is. Headers and file names are never trusted. */

export type ImageFormat = 'jpeg' | 'png' | 'webp';

export const ACCEPTED_FORMATS = 'JPEG, PNG, WebP';

export const MIME_TYPES: Record<ImageFormat, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
};

/** How many leading bytes `sniffFormat` needs. */
export const SNIFF_BYTES = 32;

export type Sniffed = { format: ImageFormat } | { format: null; detected: string | null };

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

// ISO-BMFF brands (bytes 8–11 after 'ftyp'): phones' HEIC/HEIF photos and AVIF are the common
// refusals, so they are named; any other brand is some video container.
const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1']);
const AVIF_BRANDS = new Set(['avif', 'avis']);

export function sniffFormat(head: Buffer): Sniffed {
  const ascii = (from: number, to: number) => head.toString('latin1', from, to);
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return { format: 'jpeg' };
  if (head.subarray(0, 8).equals(PNG_SIGNATURE)) return { format: 'png' };
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return { format: 'webp' };
  return { format: null, detected: nameRefused(head, ascii) };
}

function nameRefused(head: Buffer, ascii: (from: number, to: number) => string): string | null {
  if (ascii(4, 8) === 'ftyp') {
    const brand = ascii(8, 12);
    if (HEIF_BRANDS.has(brand)) return 'HEIC/HEIF';
    if (AVIF_BRANDS.has(brand)) return 'AVIF';
    return 'MP4/QuickTime';
  }
  if (ascii(0, 4) === 'GIF8') return 'GIF';
  if (ascii(0, 5) === '%PDF-') return 'PDF';
  if (ascii(0, 2) === 'BM') return 'BMP';
  if (ascii(0, 4) === 'II*\0' || ascii(0, 4) === 'MM\0*') return 'TIFF';
  // SVG, XML and HTML all start with '<', possibly after a UTF-8 byte order mark and blanks.
  const text = ascii(0, head.length)
    .replace(/^\xef\xbb\xbf/, '')
    .trimStart()
    .toLowerCase();
  if (text.startsWith('<svg') || text.startsWith('<?xml')) return 'SVG/XML';
  if (text.startsWith('<')) return 'HTML';
  return null;
}
