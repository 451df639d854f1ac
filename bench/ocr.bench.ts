import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { promisify } from 'node:util';
import type { ScreenshotFixture } from '../scripts/generate-screenshots.js';
import { parseAboutPhone } from '../src/modules/checks/ocr/about-phone-parser.js';
import type { ScreenshotReading } from '../src/modules/checks/ocr/ocr.port.js';
import { createTesseractReader } from '../src/modules/checks/ocr/tesseract-reader.js';
import { percentile, round1 as round } from './lib/load.js';
import { writeResult } from './lib/results.js';

const FIXTURES = join(import.meta.dirname, '..', 'test', 'fixtures', 'screenshots');
const IN_FLIGHT = 4;
const TARGET_LOOP_P99_MS = 50;

type Fields = Pick<ScreenshotReading, 'imeis' | 'serial' | 'model'>;

function accuracy(fixtures: ScreenshotFixture[], got: Fields[]) {
  const count = { imeis: 0, serial: 0, model: 0, all: 0 };
  fixtures.forEach((fx, i) => {
    const g = got[i] as Fields;
    const imeis = JSON.stringify(g.imeis) === JSON.stringify(fx.imeis);
    const [serial, model] = [g.serial === fx.serial, g.model === fx.model];
    count.imeis += Number(imeis);
    count.serial += Number(serial);
    count.model += Number(model);
    count.all += Number(imeis && serial && model);
  });
  return { ...count, of: fixtures.length };
}

/**
 * OCR of the "About phone" screenshots: the tesseract.js pool beside the native tesseract CLI on the
 * same images in the same run, and the event loop's delay with 4 reads in flight.
 */
export async function benchOcr(): Promise<string> {
  const fixtures: ScreenshotFixture[] = JSON.parse(await readFile(join(FIXTURES, 'manifest.json'), 'utf8'));
  const images = await Promise.all(fixtures.map((fx) => readFile(join(FIXTURES, fx.file))));
  const work = await mkdtemp(join(tmpdir(), 'cp-ocr-bench-'));
  const reader = createTesseractReader({ cacheDir: join(work, 'tessdata'), eager: true });

  try {
    // Warm the pool: every slot has started and read once.
    await Promise.all(images.slice(0, availableParallelism()).map((image) => reader.read(image)));

    // One screenshot at a time: the latency a single upload sees.
    const samples: number[] = [];
    const readings: ScreenshotReading[] = [];
    for (const image of images) {
      const started = performance.now();
      readings.push(await reader.read(image));
      samples.push(performance.now() - started);
    }
    samples.sort((a, b) => a - b);

    // IN_FLIGHT requests at once: does the event loop stay responsive while the pool works?
    const loop = monitorEventLoopDelay({ resolution: 10 });
    let next = 0;
    const started = performance.now();
    loop.enable();
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < images.length) await reader.read(images[next++] as Buffer);
      }),
    );
    loop.disable();
    const concurrentMs = performance.now() - started;

    // Native tesseract on the same files, given as one list so its models load once.
    const list = join(work, 'list.txt');
    await writeFile(list, `${fixtures.map((fx) => join(FIXTURES, fx.file)).join('\n')}\n`);
    const nativeStarted = performance.now();
    await promisify(execFile)('tesseract', [list, join(work, 'native'), '-l', 'kor+eng'], {
      maxBuffer: 1 << 26,
    });
    const nativeMs = performance.now() - nativeStarted;
    const nativePages = (await readFile(join(work, 'native.txt'), 'utf8')).split('\f');
    const { stdout: nativeVersion } = await promisify(execFile)('tesseract', ['--version']);

    const figures = {
      machine: { cpus: availableParallelism(), loadavg: loadavg().map((l) => Math.round(l * 100) / 100) },
      screenshots: fixtures.length,
      pool: {
        slots: availableParallelism(),
        medianMs: round(percentile(samples, 50)),
        p95Ms: round(percentile(samples, 95)),
        minMs: round(samples[0] as number),
        maxMs: round(samples.at(-1) as number),
        accuracy: accuracy(fixtures, readings),
      },
      concurrent: {
        inFlight: IN_FLIGHT,
        perScreenshotMs: round(concurrentMs / images.length),
        eventLoopP99Ms: round(loop.percentile(99) / 1e6),
        eventLoopMaxMs: round(loop.max / 1e6),
        targetP99Ms: TARGET_LOOP_P99_MS,
      },
      native: {
        version: nativeVersion.split('\n')[0],
        command: 'tesseract list.txt out -l kor+eng',
        perScreenshotMs: round(nativeMs / images.length),
        totalMs: round(nativeMs),
        accuracyOfPageTextAlone: accuracy(
          fixtures,
          fixtures.map((_, i) => parseAboutPhone(nativePages[i] ?? '')),
        ),
      },
    };
    await writeResult('ocr', figures);

    const { pool, concurrent, native } = figures;
    const acc = (a: ReturnType<typeof accuracy>) =>
      `${a.all}/${a.of} (IMEI ${a.imeis}, serial ${a.serial}, model ${a.model})`;
    return [
      `| OCR, ${fixtures.length} screenshots, ${figures.machine.cpus} CPUs | median ms | p95 ms | all fields right |`,
      '| --- | --- | --- | --- |',
      `| tesseract.js pool (${pool.slots} slots, warm, one at a time) | ${pool.medianMs} | ${pool.p95Ms} | ${acc(pool.accuracy)} |`,
      `| native ${native.version}, one list (total / count) | ${native.perScreenshotMs} | – | ${acc(native.accuracyOfPageTextAlone)} |`,
      '',
      `${IN_FLIGHT} in flight: ${concurrent.perScreenshotMs} ms per screenshot; event loop p99 ${concurrent.eventLoopP99Ms} ms, max ${concurrent.eventLoopMaxMs} ms (target p99 < ${TARGET_LOOP_P99_MS} ms).`,
    ].join('\n');
  } finally {
    await reader.close();
    await rm(work, { recursive: true, force: true });
  }
}
