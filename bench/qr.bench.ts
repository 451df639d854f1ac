import { readFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { loadPhotoFixtures } from '../scripts/generate-photos.js';
import { dHash64 } from '../src/modules/checks/photo/perceptual-hash.js';
import { analysePhoto } from '../src/modules/checks/photo/photo-checks.js';
import { checkQrInPhoto } from '../src/modules/checks/qr/qr-reader.js';
import { percentile, round1 as round } from './lib/load.js';
import { writeResult } from './lib/results.js';

const RUNS = 20;
const WARM_UP = 2;
const TARGET_MEDIAN_MS = 300;
const FIXTURES = join(import.meta.dirname, '..', 'test', 'fixtures', 'photos');

interface Timing {
  scenario: string;
  runs: number;
  medianMs: number;
  p95Ms: number;
  minMs: number;
  maxMs: number;
}

async function time(scenario: string, run: () => Promise<unknown>): Promise<Timing> {
  for (let i = 0; i < WARM_UP; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return {
    scenario,
    runs: RUNS,
    medianMs: round(percentile(samples, 50)),
    p95Ms: round(percentile(samples, 95)),
    minMs: round(samples[0] as number),
    maxMs: round(samples[samples.length - 1] as number),
  };
}

/** QR decoding and photo analysis on 12-megapixel photos, each run from the JPEG bytes. */
export async function benchQr(): Promise<string> {
  const manifest = await loadPhotoFixtures(FIXTURES);
  const photo = (name: string) => readFile(join(FIXTURES, `${name}.jpg`));
  const [typical, smallQr, noQr] = await Promise.all([
    photo('bench-12mp'),
    photo('small-12mp'),
    photo('no-qr'),
  ]);

  // Each run starts from the JPEG bytes, so sharp's decode is inside every figure.
  const timings = [
    await time('QR, 12 MP, QR 10 % of width (first pass finds it)', async () => {
      const result = await checkQrInPhoto(typical, manifest.key);
      if (!result.matched) throw new Error('bench-12mp: QR not matched');
    }),
    await time('QR, 12 MP, QR 2 % of width (full-resolution fallback)', async () => {
      const result = await checkQrInPhoto(smallQr, manifest.key);
      if (!result.matched) throw new Error('small-12mp: QR not matched');
    }),
    await time('QR, 1600×1200 without a QR code (every pass, 2× upscale included)', async () => {
      const result = await checkQrInPhoto(noQr, manifest.key);
      if (result.found) throw new Error('no-qr: a QR code was found');
    }),
    await time('dHash64, 12 MP', () => dHash64(typical)),
    await time('analysePhoto (EXIF, luminance, Laplacian, dHash), 12 MP', () => analysePhoto(typical)),
  ];

  const headline = timings[0] as Timing;
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    sharp: sharp.versions.sharp,
    libvips: sharp.versions.vips,
    cpus: availableParallelism(),
    // Other work on the machine inflates medians; the minimum is closer to the uncontended cost.
    loadAverage1m: round(loadavg()[0] ?? 0),
    sharpConcurrency: sharp.concurrency(),
    photos: 'test/fixtures/photos: bench-12mp.jpg and small-12mp.jpg (4000×3000), no-qr.jpg (1600×1200)',
    target: { medianMs: TARGET_MEDIAN_MS, met: headline.medianMs < TARGET_MEDIAN_MS },
    timings,
  };
  await writeResult('qr', report);

  return [
    '| scenario | runs | median ms | p95 ms | min ms | max ms |',
    '| --- | --- | --- | --- | --- | --- |',
    ...timings.map(
      (t) => `| ${t.scenario} | ${t.runs} | ${t.medianMs} | ${t.p95Ms} | ${t.minMs} | ${t.maxMs} |`,
    ),
    '',
    `Target: median < ${TARGET_MEDIAN_MS} ms per 12 MP photo: ${report.target.met ? 'met' : 'not met'}.`,
  ].join('\n');
}
