import exifr from 'exifr';

/** What the checks and the image record use from a photo's EXIF. */
export interface ExifFacts {
  takenAt: Date | null;
  gps: { lat: number; lng: number } | null;
  /** The camera's Make and Model: a phone photo has them, a screenshot does not. */
  camera: { make: string | null; model: string | null };
}

const TAGS = [
  'Make',
  'Model',
  'DateTimeOriginal',
  'OffsetTimeOriginal',
  'GPSLatitude',
  'GPSLatitudeRef',
  'GPSLongitude',
  'GPSLongitudeRef',
];

// The customers are in Korea: a capture time without its own offset is Korean time.
const DEFAULT_UTC_OFFSET = '+09:00';

/**
 * Reads sharp's EXIF block (`metadata().exif`). Broken EXIF is common (editors, messengers) and says
 * nothing about the photo itself: it reads as no EXIF. EXIF capture times are wall-clock times; since
 * EXIF 2.31 phones add their UTC offset.
 */
export async function readExifFacts(block: Buffer | undefined): Promise<ExifFacts> {
  const none = { takenAt: null, gps: null, camera: { make: null, model: null } };
  if (!block) return none;
  // sharp returns JPEG and WebP EXIF with the APP1 'Exif\0\0' prefix, PNG's without; exifr parses
  // the TIFF structure that follows it.
  const tiff = block.toString('latin1', 0, 6) === 'Exif\0\0' ? block.subarray(6) : block;
  const tags = await exifr.parse(tiff, { pick: TAGS, reviveValues: false }).catch(() => undefined);
  if (!tags) return none;
  const { latitude: lat, longitude: lng } = tags;
  const gps =
    Number.isFinite(lat) && Number.isFinite(lng) && Math.abs(lat) <= 90 && Math.abs(lng) <= 180
      ? { lat, lng }
      : null;
  return {
    takenAt: exifDate(tags.DateTimeOriginal, tags.OffsetTimeOriginal),
    gps,
    camera: { make: exifText(tags.Make), model: exifText(tags.Model) },
  };
}

function exifText(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value.trim().slice(0, 100) : null;
}

function exifDate(value: unknown, offset: unknown): Date | null {
  const match = typeof value === 'string' && /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}:\d{2}:\d{2})/.exec(value);
  if (!match) return null;
  const zone = typeof offset === 'string' && /^[+-]\d{2}:\d{2}$/.test(offset) ? offset : DEFAULT_UTC_OFFSET;
  const date = new Date(`${match[1]}-${match[2]}-${match[3]}T${match[4]}${zone}`);
  return Number.isNaN(date.getTime()) ? null : date;
}
