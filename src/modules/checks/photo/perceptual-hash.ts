import sharp, { type SharpOptions } from 'sharp';

/** One greyscale channel, row-major, as sharp's raw output gives it. */
export interface GreyPixels {
  data: Buffer;
  width: number;
  height: number;
}

// Every pixel statistic (hash, luminance, blur) is taken at this one size: the hash then comes out the
// same whether computed alone or within the photo analysis, and the blur measure no longer depends on
// the camera's resolution (at full size, sensor noise swamps the Laplacian).
export const ANALYSIS_MAX_SIDE = 512;

/**
 * Decodes once to a downscaled greyscale image, upright as displayed (EXIF orientation applied).
 * `input` passes sharp's input limits, so the same decode can be the upload's integrity check.
 */
export async function toAnalysisGrey(image: Buffer | string, input: SharpOptions = {}): Promise<GreyPixels> {
  const { data, info } = await sharp(image, input)
    .rotate()
    .greyscale()
    .resize({ width: ANALYSIS_MAX_SIDE, height: ANALYSIS_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/**
 * Difference hash: shrink to 9×8, and for each row set a bit where a pixel is brighter than its
 * right-hand neighbour. Survives re-encoding and resizing; 64 bits as 16 hex characters.
 */
export async function dHashOfGrey(grey: GreyPixels): Promise<string> {
  const small = await sharp(grey.data, { raw: { width: grey.width, height: grey.height, channels: 1 } })
    .resize(9, 8, { fit: 'fill' })
    .toColourspace('b-w') // without it sharp turns one-channel raw input into three-channel sRGB
    .raw()
    .toBuffer();
  let bits = 0n;
  for (let y = 0; y < 8; y++) {
    for (let x = 0; x < 8; x++) {
      const brighter = (small[y * 9 + x] as number) > (small[y * 9 + x + 1] as number);
      bits = (bits << 1n) | (brighter ? 1n : 0n);
    }
  }
  return bits.toString(16).padStart(16, '0');
}

export async function dHash64(image: Buffer | string): Promise<string> {
  return dHashOfGrey(await toAnalysisGrey(image));
}

/** Number of differing bits between two 16-hex-character hashes. */
export function hammingDistance(a: string, b: string): number {
  if (!/^[0-9a-f]{16}$/i.test(a) || !/^[0-9a-f]{16}$/i.test(b)) {
    throw new RangeError('perceptual hashes must be 16 hexadecimal characters');
  }
  let diff = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let count = 0;
  while (diff > 0n) {
    count += Number(diff & 1n);
    diff >>= 1n;
  }
  return count;
}
