import { AppError } from '../../core/errors.js';

/** The spec sends coordinates as strings; numbers are accepted too. Both are range-checked. */
export function parseLocation(location: { lat: string | number; lng: string | number }, field = 'location') {
  const read = (value: string | number, name: 'lat' | 'lng', limit: number) => {
    const number =
      typeof value === 'number' ? value : /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isFinite(number) || Math.abs(number) > limit) {
      throw new AppError(
        'validation_failed',
        `${field}.${name} must be a number between -${limit} and ${limit}.`,
        `${field}.${name}`,
      );
    }
    return number;
  };
  return { lat: read(location.lat, 'lat', 90), lng: read(location.lng, 'lng', 180) };
}
