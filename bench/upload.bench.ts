import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ANALYSIS_MAX_SIDE } from '../src/modules/checks/photo/perceptual-hash.js';
import { benchDatabaseUrl, dropBenchSchema, newBenchSchema } from './lib/bench-schema.js';
import { startChildServer } from './lib/child-server.js';
import { type LoadResult, median, round1, runLoad } from './lib/load.js';
import { noisyJpeg } from './lib/noisy-jpeg.js';
import { writeResult } from './lib/results.js';

const MB = 1_048_576;

/**
 * POST /cp-insurance/image/ with 5 MB JPEGs at 50 connections, beside node:http streaming the same
 * bodies to disk, alternating rounds of a fixed number of uploads so both move the same bytes on the
 * same machine. The platform process's peak RSS comes from its last line on SIGTERM. A third server in
 * the same rounds streams to disk and then decodes each file once: the floor of any server that must
 * refuse corrupt pixel data and hash at upload, which the platform does.
 */
export async function benchUpload(options: { rounds: number; uploads: number; connections: number }) {
  const jpeg = await noisyJpeg();
  const dataDir = await mkdtemp(join(tmpdir(), 'cpi-bench-upload-'));
  const diskDir = await mkdtemp(join(tmpdir(), 'cpi-bench-disk-'));
  // On PostgreSQL, as in production: a fresh PGlite data directory alone peaks near 1 GB while it
  // initialises, which would hide what the uploads cost.
  const schema = newBenchSchema('upload');
  const platform = await startChildServer<{
    port: number;
    apiKey: string;
    cpuMsAtReady: number;
    maxRssKbAtReady: number;
  }>('bench/servers/platform-server.ts', [], {
    DATA_DIR: dataDir,
    DATABASE_URL: benchDatabaseUrl,
    BENCH_SCHEMA: schema,
  });
  const diskServer = (args: string[]) =>
    startChildServer<{ port: number; cpuMsAtReady: number }>('bench/servers/stream-to-disk-server.ts', args);
  const [disk, decoding] = await Promise.all([diskServer([diskDir]), diskServer([diskDir, 'decode'])]).catch(
    async (error: unknown) => {
      await platform.stop();
      throw error;
    },
  );
  const cleanUp = () =>
    Promise.all([
      rm(dataDir, { recursive: true, force: true }),
      rm(diskDir, { recursive: true, force: true }),
      dropBenchSchema(schema),
    ]);
  const upload = {
    connections: options.connections,
    method: 'POST' as const,
    body: jpeg,
    // 50 uploads at once each wait their turn for the others' bytes: far beyond autocannon's 10 s.
    timeoutSeconds: 180,
  };
  const platformLoad = (amount: number, connections = options.connections) =>
    runLoad({
      ...upload,
      amount,
      connections,
      url: `http://127.0.0.1:${platform.info.port}/cp-insurance/image/`,
      headers: { 'content-type': 'image/jpeg', 'X-ITECHS-API-KEY': platform.info.apiKey },
    });
  const diskLoad = (amount: number, server = disk, connections = options.connections) =>
    runLoad({
      ...upload,
      amount,
      connections,
      url: `http://127.0.0.1:${server.info.port}/`,
      headers: { 'content-type': 'image/jpeg' },
    });
  const mbPerSecond = (result: LoadResult) =>
    (result.responses * jpeg.length) / MB / (result.elapsedMs / 1000);

  const warmUp = { disk: options.connections, platform: 10 };
  const rounds: Array<{ disk: LoadResult; decoding: LoadResult; platform: LoadResult }> = [];
  const stopAll = () => Promise.all([platform.stop(), disk.stop(), decoding.stop()]);
  try {
    await diskLoad(warmUp.disk);
    await diskLoad(warmUp.platform, decoding, warmUp.platform);
    // A short warm-up (JIT, sharp's first decode), kept small: the platform's uploads are the slow ones.
    await platformLoad(warmUp.platform, 10);
    for (let round = 0; round < options.rounds; round++) {
      rounds.push({
        disk: await diskLoad(options.uploads),
        decoding: await diskLoad(options.uploads, decoding),
        platform: await platformLoad(options.uploads),
      });
    }
  } catch (error) {
    await stopAll();
    await cleanUp();
    throw error;
  }
  const [platformExit, diskExit, decodingExit] = await stopAll();
  await cleanUp();

  // CPU time of the whole process after start-up, over every upload it took: the cost of one upload.
  const cpuMsPerUpload = (exit: Record<string, unknown> | undefined, atReady: number, uploads: number) =>
    round1((Number(exit?.cpuMs ?? Number.NaN) - atReady) / uploads);
  const measured = options.rounds * options.uploads;
  const platformPeakRssMb = Number(platformExit?.maxRssKb ?? Number.NaN) / 1024;
  const summary = {
    scenario: 'POST /cp-insurance/image/ (raw image/jpeg)',
    database: 'postgres',
    jpegBytes: jpeg.length,
    jpeg: '3000×3000, quality 92, grain on smooth colour fields',
    connections: options.connections,
    uploadsPerRound: options.uploads,
    rounds: rounds.map((round) => ({
      disk: { ...round.disk, mbPerSecond: round1(mbPerSecond(round.disk)) },
      decoding: { ...round.decoding, mbPerSecond: round1(mbPerSecond(round.decoding)) },
      platform: { ...round.platform, mbPerSecond: round1(mbPerSecond(round.platform)) },
    })),
    diskMbPerSecond: round1(median(rounds.map((round) => mbPerSecond(round.disk)))),
    platformMbPerSecond: round1(median(rounds.map((round) => mbPerSecond(round.platform)))),
    ratio: median(rounds.map((round) => mbPerSecond(round.platform) / mbPerSecond(round.disk))),
    decodingMbPerSecond: round1(median(rounds.map((round) => mbPerSecond(round.decoding)))),
    decodingRatio: median(rounds.map((round) => mbPerSecond(round.decoding) / mbPerSecond(round.disk))),
    decodingServerCpuMsPerUpload: cpuMsPerUpload(
      decodingExit,
      decoding.info.cpuMsAtReady,
      measured + warmUp.platform,
    ),
    platformP50Ms: median(rounds.map((round) => round.platform.p50Ms)),
    platformP99Ms: median(rounds.map((round) => round.platform.p99Ms)),
    platformNon2xx: rounds.reduce((sum, round) => sum + round.platform.non2xx + round.platform.errors, 0),
    platformPeakRssMb: round1(platformPeakRssMb),
    platformPeakRssMbAtReady: round1(platform.info.maxRssKbAtReady / 1024),
    // What the peak was made of (JS heap, Buffers, native), sampled every 50 ms.
    platformAtPeak: platformExit?.atPeak,
    platformCpuMsPerUpload: cpuMsPerUpload(
      platformExit,
      platform.info.cpuMsAtReady,
      measured + warmUp.platform,
    ),
    diskServerCpuMsPerUpload: cpuMsPerUpload(diskExit, disk.info.cpuMsAtReady, measured + warmUp.disk),
    diskServerPeakRssMb: round1(Number(diskExit?.maxRssKb ?? Number.NaN) / 1024),
    targets: { ratio: 0.6, platformPeakRssMb: 300 },
  };
  await writeResult('upload', summary);
  return [
    '| scenario (platform on PostgreSQL) | node:http → disk MB/s | platform MB/s | platform / node:http (target ≥ 0.60) | platform p50 / p99 ms | platform peak RSS MB (target < 300; at ready) | CPU ms per upload, platform / node:http | non-2xx |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    `| ${options.uploads} × ${(jpeg.length / MB).toFixed(2)} MB JPEG, ${options.connections} conns, ${options.rounds} rounds | ${summary.diskMbPerSecond} | ${summary.platformMbPerSecond} | ${summary.ratio.toFixed(2)} | ${summary.platformP50Ms} / ${summary.platformP99Ms} | ${summary.platformPeakRssMb} (${summary.platformPeakRssMbAtReady}) | ${summary.platformCpuMsPerUpload} / ${summary.diskServerCpuMsPerUpload} | ${summary.platformNon2xx} |`,
    `| the floor: node:http → disk, then one decode at ${ANALYSIS_MAX_SIDE} px (no database, no hash, no EXIF) | ${summary.diskMbPerSecond} | ${summary.decodingMbPerSecond} | ${summary.decodingRatio.toFixed(2)} | – | – | ${summary.decodingServerCpuMsPerUpload} / ${summary.diskServerCpuMsPerUpload} | – |`,
  ].join('\n');
}
