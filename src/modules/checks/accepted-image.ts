import type { SharpOptions } from 'sharp';

/**
 * How the checks open an image the upload intake has accepted. The intake proved its pixel data
 * decodes at the analysis size, where JPEG's shrink-on-load skips damage that a full-size decode
 * trips on; the checks then read what is there, as an image viewer would, instead of failing the
 * request on a damaged stretch of a file already taken.
 */
export const ACCEPTED_IMAGE: SharpOptions = { failOn: 'none' };
