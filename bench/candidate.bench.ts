import { startChildServer } from './lib/child-server.js';
import { type LoadResult, median, runLoad } from './lib/load.js';
import { writeResult } from './lib/results.js';

/**
 * GET /cp-insurance/candidate/ with a valid key, beside a bare node:http server answering the same
 * bytes and a plugin-free Fastify answering them too, alternating rounds in one run so all see the same
 * machine.
 */
export async function benchCandidate(options: { rounds: number; seconds: number; connections: number }) {
  const platform = await startChildServer<{ port: number; apiKey: string }>(
    'bench/servers/platform-server.ts',
  );
  const url = `http://127.0.0.1:${platform.info.port}/cp-insurance/candidate/`;
  const headers = { 'X-ITECHS-API-KEY': platform.info.apiKey };
  const sample = await fetch(url, { headers });
  const bytes = Buffer.from(await sample.arrayBuffer());
  const bare = await startChildServer<{ port: number }>('bench/servers/bare-server.ts', [
    bytes.toString('base64'),
  ]);
  const bareUrl = `http://127.0.0.1:${bare.info.port}/`;
  const fastify = await startChildServer<{ port: number }>('bench/servers/bare-fastify-server.ts', [
    bytes.toString('base64'),
  ]);
  const fastifyUrl = `http://127.0.0.1:${fastify.info.port}/`;

  const load = { connections: options.connections, durationSeconds: options.seconds };
  await runLoad({ ...load, url, headers, durationSeconds: 2 });
  await runLoad({ ...load, url: bareUrl, durationSeconds: 2 });
  await runLoad({ ...load, url: fastifyUrl, durationSeconds: 2 });
  const rounds: Array<{ bare: LoadResult; fastify: LoadResult; platform: LoadResult }> = [];
  for (let round = 0; round < options.rounds; round++) {
    rounds.push({
      bare: await runLoad({ ...load, url: bareUrl }),
      fastify: await runLoad({ ...load, url: fastifyUrl }),
      platform: await runLoad({ ...load, url, headers }),
    });
  }
  await Promise.all([platform.stop(), bare.stop(), fastify.stop()]);

  const summary = {
    scenario: 'GET /cp-insurance/candidate/',
    responseBytes: bytes.length,
    connections: options.connections,
    rounds,
    bareRps: median(rounds.map((round) => round.bare.requestsPerSecond)),
    fastifyRps: median(rounds.map((round) => round.fastify.requestsPerSecond)),
    ratioToFastify: median(
      rounds.map((round) => round.platform.requestsPerSecond / round.fastify.requestsPerSecond),
    ),
    platformRps: median(rounds.map((round) => round.platform.requestsPerSecond)),
    platformP99Ms: median(rounds.map((round) => round.platform.p99Ms)),
    ratio: median(rounds.map((round) => round.platform.requestsPerSecond / round.bare.requestsPerSecond)),
    targets: { ratio: 0.7, p99Ms: 20 },
  };
  await writeResult('candidate', summary);
  return [
    '| scenario | node:http req/s | bare Fastify req/s | platform req/s | platform / node:http (target ≥ 0.70) | platform / bare Fastify | platform p99 ms (target < 20) |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    `| GET candidate, ${options.connections} conns | ${summary.bareRps.toFixed(0)} | ${summary.fastifyRps.toFixed(0)} | ${summary.platformRps.toFixed(0)} | ${summary.ratio.toFixed(2)} | ${summary.ratioToFastify.toFixed(2)} | ${summary.platformP99Ms} |`,
  ].join('\n');
}
