import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchDatabaseUrl, dropBenchSchema, newBenchSchema } from './lib/bench-schema.js';
import { type ChildServer, startChildServer } from './lib/child-server.js';
import { type LoadResult, median, runLoad } from './lib/load.js';
import { writeResult } from './lib/results.js';

interface ReviewInfo {
  port: number;
  email: string;
  password: string;
  contractId: string;
  queued: number;
}

interface Target {
  name: 'dossier' | 'queue';
  path: string;
  bytes: number;
  bare: ChildServer<{ port: number }>;
}

async function signIn(info: ReviewInfo): Promise<Record<string, string>> {
  const response = await fetch(`http://127.0.0.1:${info.port}/admin/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: info.email, password: info.password }),
  });
  if (response.status !== 200) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  const { data } = (await response.json()) as { data: { token: string } };
  return { authorization: `Bearer ${data.token}` };
}

/** The answer once, to check it is the one meant, and to have a baseline serve the same bytes. */
async function target(
  info: ReviewInfo,
  headers: Record<string, string>,
  name: Target['name'],
  path: string,
): Promise<Target> {
  const response = await fetch(`http://127.0.0.1:${info.port}${path}`, { headers });
  const bytes = Buffer.from(await response.arrayBuffer());
  const { data } = JSON.parse(bytes.toString('utf8')) as {
    data: { images?: unknown[]; decisions?: unknown[]; total?: number; items?: unknown[] };
  };
  const shape =
    name === 'dossier'
      ? `${data.images?.length} images, ${data.decisions?.length} decision(s)`
      : `${data.items?.length} items of ${data.total}`;
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
  process.stderr.write(`review ${name}: ${bytes.length} bytes, ${shape}\n`);
  const bare = await startChildServer<{ port: number }>('bench/servers/bare-server.ts', [
    bytes.toString('base64'),
  ]);
  return { name, path, bytes: bytes.length, bare };
}

/**
 * The review page's admin API with a Bearer session at 10 connections: a contract's dossier (7
 * images and a decision) and the status-3 queue (first 50 of 5,000), beside node:http answering the
 * same bytes, in alternating rounds; on PostgreSQL, and on PGlite for figures.
 */
export async function benchReview(options: {
  rounds: number;
  seconds: number;
  connections: number;
  queued: number;
}) {
  const schema = newBenchSchema('review');
  const dirs = await Promise.all([1, 2].map(() => mkdtemp(join(tmpdir(), 'cpi-bench-review-'))));
  const children: Array<ChildServer<unknown>> = [];
  try {
    const arranging = performance.now();
    // Both arrange at once (OCR, photo checks, 5,000 rows): that part is not measured.
    const [postgres, pglite] = await Promise.all([
      startChildServer<ReviewInfo>('bench/servers/review-server.ts', [String(options.queued)], {
        DATABASE_URL: benchDatabaseUrl,
        BENCH_SCHEMA: schema,
        DATA_DIR: dirs[0],
      }),
      startChildServer<ReviewInfo>('bench/servers/review-server.ts', [String(options.queued)], {
        DATABASE_URL: '',
        DATA_DIR: dirs[1],
      }),
    ]);
    children.push(postgres, pglite);
    process.stderr.write(`review: arranged in ${Math.round(performance.now() - arranging)} ms\n`);
    const setups: Array<{
      database: 'postgres' | 'pglite';
      server: ChildServer<ReviewInfo>;
      headers: Record<string, string>;
      targets: Target[];
    }> = [];
    for (const [database, server] of [
      ['postgres', postgres],
      ['pglite', pglite],
    ] as const) {
      const headers = await signIn(server.info);
      const targets = [
        await target(server.info, headers, 'dossier', `/admin/api/contracts/${server.info.contractId}`),
        await target(server.info, headers, 'queue', '/admin/api/inspections?status=3&limit=50'),
      ];
      children.push(...targets.map((one) => one.bare));
      setups.push({ database, server, headers, targets });
    }

    const load = (port: number, path: string, seconds: number, headers: Record<string, string> = {}) =>
      runLoad({
        url: `http://127.0.0.1:${port}${path}`,
        connections: options.connections,
        durationSeconds: seconds,
        headers,
      });
    for (const { server, headers, targets } of setups) {
      for (const one of targets) {
        await load(server.info.port, one.path, 1, headers);
        await load(one.bare.info.port, '/', 1);
      }
    }
    type Round = { platform: LoadResult; bare: LoadResult };
    const rounds: Record<string, Round[]> = {};
    for (let round = 0; round < options.rounds; round++) {
      for (const { database, server, headers, targets } of setups) {
        for (const one of targets) {
          const bare = await load(one.bare.info.port, '/', options.seconds);
          const platform = await load(server.info.port, one.path, options.seconds, headers);
          const name = `${database} ${one.name}`;
          rounds[name] = [...(rounds[name] ?? []), { platform, bare }];
        }
      }
    }

    const figures = Object.fromEntries(
      Object.entries(rounds).map(([name, list]) => [
        name,
        {
          bytes: setups.flatMap((setup) => setup.targets).find((one) => name.endsWith(one.name))?.bytes,
          platformRps: Math.round(median(list.map((round) => round.platform.requestsPerSecond))),
          bareRps: Math.round(median(list.map((round) => round.bare.requestsPerSecond))),
          ratio: median(list.map((round) => round.platform.requestsPerSecond / round.bare.requestsPerSecond)),
          p50Ms: median(list.map((round) => round.platform.p50Ms)),
          p95Ms: median(list.map((round) => round.platform.p95Ms)),
          p99Ms: median(list.map((round) => round.platform.p99Ms)),
          non2xx: list.reduce((sum, round) => sum + round.platform.non2xx + round.platform.errors, 0),
          rounds: list,
        },
      ]),
    );
    await writeResult('review', {
      database: 'postgres and pglite',
      connections: options.connections,
      secondsPerRound: options.seconds,
      queued: options.queued,
      figures,
      targets: { p95Ms: 100 },
    });
    return [
      '| call (10 conns) | bytes | platform req/s | node:http same bytes req/s | ratio | p50 ms | p95 ms (target < 100) | p99 ms | non-2xx |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      ...Object.entries(figures).map(
        ([name, one]) =>
          `| ${name} | ${one.bytes} | ${one.platformRps} | ${one.bareRps} | ${one.ratio.toFixed(2)} | ${one.p50Ms} | ${one.p95Ms} | ${one.p99Ms} | ${one.non2xx} |`,
      ),
    ].join('\n');
  } finally {
    await Promise.all(children.map((child) => child.stop()));
    await dropBenchSchema(schema);
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  }
}
