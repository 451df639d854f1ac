import sharp from 'sharp';

const SIZE = 3000;

/**
 * A stand-in for a phone photo: 3000×3000 smooth colour fields with sensor-like grain, at quality 92.
 * Pure noise would compress far worse than any real photo and flat colour far better; the grain is
 * raised step by step until the file is at least `targetBytes`, which is about where phone photos sit.
 */
export async function noisyJpeg(targetBytes = 5_000_000): Promise<Buffer> {
  for (let sigma = 26; sigma <= 60; sigma += 2) {
    const jpeg = await render(sigma);
    if (jpeg.length >= targetBytes) return jpeg;
  }
  throw new Error(`no grain up to 60 makes a ${targetBytes}-byte JPEG`);
}

async function render(sigma: number): Promise<Buffer> {
  const raw = Buffer.alloc(SIZE * SIZE * 3);
  // A fixed-seed LCG: the same bytes every run, so runs compare.
  let seed = 1;
  const random = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const i = (y * SIZE + x) * 3;
      const base = [
        128 + 90 * Math.sin(x / 300),
        128 + 80 * Math.cos(y / 250),
        128 + 60 * Math.sin((x + y) / 400),
      ];
      for (let c = 0; c < 3; c++) {
        // The sum of three uniforms is near enough to Gaussian grain.
        const grain = (random() + random() + random() - 1.5) * 2 * sigma;
        raw[i + c] = Math.max(0, Math.min(255, Math.round((base[c] ?? 0) + grain)));
      }
    }
  }
  return sharp(raw, { raw: { width: SIZE, height: SIZE, channels: 3 } })
    .jpeg({ quality: 92 })
    .toBuffer();
}
