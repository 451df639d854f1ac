import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { loadPhotoFixtures, type PhotoManifest } from '../../scripts/generate-photos.js';
import { dHash64 } from '../../src/modules/checks/photo/perceptual-hash.js';
import inspectPhotoHere from '../../src/modules/checks/photo-checks.worker.js';
import { createPhotoChecksPool, type PhotoChecksPool } from '../../src/modules/checks/photo-checks-pool.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'photos');
const ROOT = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);

/** Event-loop delay while `work` runs, in ms. */
async function loopDelayDuring(work: () => Promise<unknown>) {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const started = performance.now();
  await work();
  const elapsed = performance.now() - started;
  histogram.disable();
  return { p99: histogram.percentile(99) / 1e6, max: histogram.max / 1e6, elapsed };
}

const ms = (value: number) => `${Math.round(value)} ms`;

describe('photo checks pool', () => {
  let manifest: PhotoManifest;
  let pool: PhotoChecksPool;
  before(async () => {
    manifest = await loadPhotoFixtures(FIXTURES);
    // Two threads, so the test covers tsx and zxing starting in more than one worker.
    pool = createPhotoChecksPool({ size: 2 });
  });
  after(() => pool.close());

  test('gives the QR results the manifest expects and the dHash of the main thread', async () => {
    const results = await Promise.all(
      manifest.photos.map(async (photo) => {
        const path = join(FIXTURES, photo.file);
        const [inspection, hash] = await Promise.all([
          pool.inspectPhoto({ path, expectedQrKey: manifest.key }),
          readFile(path).then(dHash64),
        ]);
        return { photo, inspection, hash };
      }),
    );
    const failures: string[] = [];
    for (const { photo, inspection, hash } of results) {
      if (JSON.stringify(inspection.qr) !== JSON.stringify(photo.expected)) {
        failures.push(
          `${photo.name} QR: expected ${JSON.stringify(photo.expected)}, got ${JSON.stringify(inspection.qr)}`,
        );
      }
      if (inspection.analysis.dHash !== hash) {
        failures.push(`${photo.name} dHash: main thread ${hash}, pool ${inspection.analysis.dHash}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  test('skips the QR check without a key and returns plain data', async () => {
    const inspection = await pool.inspectPhoto({ path: join(FIXTURES, 'straight.jpg'), expectedQrKey: null });
    assert.equal(inspection.qr, null);
    assert.deepEqual(
      { ...inspection.analysis, meanLuminance: 0, laplacianVariance: 0, dHash: '' },
      {
        width: 1600,
        height: 1200,
        meanLuminance: 0,
        laplacianVariance: 0,
        dHash: '',
        // EXIF 2026:11:26 10:00:00 +09:00
        takenAt: '2026-11-26T01:00:00.000Z',
        hasCameraExif: true,
        make: 'samsung',
        model: 'SM-S918N',
      },
    );
  });

  test('a file that cannot be read rejects', async () => {
    await assert.rejects(
      pool.inspectPhoto({ path: join(FIXTURES, 'missing.jpg'), expectedQrKey: null }),
      /ENOENT/,
    );
  });

  test('six 12 MP photos in flight leave the event loop responsive', async (t) => {
    const photo = manifest.photos.find((p) => p.benchmark);
    assert.ok(photo, 'the fixtures include a 12 MP benchmark photo');
    const input = { path: join(FIXTURES, photo.file), expectedQrKey: manifest.key };
    const batch = (inspect: typeof inspectPhotoHere) =>
      Promise.all(Array.from({ length: 6 }, () => inspect(input)));

    const pooled = await loopDelayDuring(() => batch(pool.inspectPhoto));
    const inline = await loopDelayDuring(() => batch(inspectPhotoHere));
    t.diagnostic(`pool:        p99 ${ms(pooled.p99)}, max ${ms(pooled.max)}, batch ${ms(pooled.elapsed)}`);
    t.diagnostic(`main thread: p99 ${ms(inline.p99)}, max ${ms(inline.max)}, batch ${ms(inline.elapsed)}`);
    // A behavioural check of "not on the main thread": inline, one decode alone stalls the loop
    // for hundreds of ms. The bound is generous on purpose, for a loaded CI box; the inline figures
    // are only logged, as they depend on the machine.
    assert.ok(pooled.max < 200, `event loop stalled ${ms(pooled.max)} with the pool`);
  });

  test('close() lets the process exit, also when tsx came from register() as in bin/cp-insurance.js', async () => {
    const pathJson = JSON.stringify(join(FIXTURES, 'straight.jpg'));
    const poolUrl = JSON.stringify(
      new URL('../../src/modules/checks/photo-checks-pool.ts', import.meta.url).href,
    );
    const script = `
      import { register } from 'tsx/esm/api';
      register();
      const { createPhotoChecksPool } = await import(${poolUrl});
      const pool = createPhotoChecksPool();
      const { analysis } = await pool.inspectPhoto({ path: ${pathJson}, expectedQrKey: null });
      await pool.close();
      console.log(analysis.width);
    `;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: ROOT,
      timeout: 30_000,
    });
    assert.equal(stdout.trim(), '1600');
  });
});
