import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Insertable } from 'kysely';
import type { ContractsTable } from '../src/core/db/schema.js';
import { contractsRepository } from '../src/modules/contracts/contracts.repository.js';
import { customerBody, newPhone } from '../test/helpers/contract-flow.js';
import { benchDatabaseUrl, dropBenchSchema, newBenchSchema, withSchema } from './lib/bench-schema.js';
import { type ChildServer, startChildServer } from './lib/child-server.js';
import {
  capturedStatement,
  inlineParameters,
  PLACEHOLDER_ID,
  RawSql,
  withParameter,
} from './lib/inline-sql.js';
import { type LoadResult, median, round1 } from './lib/load.js';
import { type PgbenchProtocol, type PgbenchResult, runPgbench } from './lib/pgbench.js';
import { writeResult } from './lib/results.js';
import { runWrk } from './lib/wrk.js';

type Platform = ChildServer<{ port: number; apiKey: string; cpuMsAtReady: number }>;
type BareServer = ChildServer<{ port: number; cpuMsAtReady: number }>;

/**
 * wrk's arguments for create-then-read.lua: the key, and a create body (a cid no one used) split
 * around its affiliate_cid, whose end the script numbers.
 */
function createThenReadArgs(apiKey: string): string[] {
  const marker = 'AFFILIATE-CID';
  const body = JSON.stringify(customerBody(marker, newPhone()));
  const [before = '', after = ''] = body.split(marker);
  return [apiKey, `${before}bench-${randomBytes(4).toString('hex')}-`, after];
}

/** What create-contract.ts inserts but the affiliate_cid and the times, as the platform wrote it in the warm-up. */
export interface WrittenContract {
  values: Omit<Insertable<ContractsTable>, 'affiliate_cid' | 'created_at' | 'updated_at'>;
  actorId: string;
}

async function writtenContract(schema: string): Promise<WrittenContract> {
  return withSchema(schema, async (client) => {
    const row = (
      await client.query(
        `SELECT contracts.*, contract_events.actor_id
           FROM contracts JOIN contract_events ON contract_events.contract_id = contracts.id LIMIT 1`,
      )
    ).rows[0] as (Insertable<ContractsTable> & { actor_id: string }) | undefined;
    if (!row) throw new Error('the warm-up created no contract to copy values from');
    return {
      actorId: row.actor_id,
      values: {
        affiliate_id: row.affiliate_id,
        mode: row.mode,
        affiliate_uid: row.affiliate_uid,
        customer_name: row.customer_name,
        customer_ssn_encrypted: row.customer_ssn_encrypted,
        customer_ssn_index: row.customer_ssn_index,
        customer_phone: row.customer_phone,
        customer_email: row.customer_email,
        customer_extra: JSON.stringify(row.customer_extra),
        device_id: row.device_id,
        device_os: row.device_os,
        device_reported_name: row.device_reported_name,
      },
    };
  });
}

/**
 * One create and one read as one pgbench transaction, in the exact SQL the service sends: the
 * service's own query builders compiled, with a fresh affiliate_cid per transaction.
 */
async function serviceScript(written: WrittenContract, protocol: PgbenchProtocol): Promise<string> {
  const values: Insertable<ContractsTable> = {
    ...written.values,
    affiliate_cid: new RawSql("'pgbench-' || gen_random_uuid()") as unknown as string,
    created_at: new RawSql('now()') as unknown as Date,
    updated_at: new RawSql('now()') as unknown as Date,
  };
  // pgbench writes a variable's text in place with the simple protocol, as a parameter otherwise.
  const id = new RawSql(protocol === 'simple' ? "':id'" : ':id') as unknown as string;
  const insert = await capturedStatement((db) => contractsRepository(db).insert(values, written.actorId));
  const view = await capturedStatement((db) => contractsRepository(db).findView(PLACEHOLDER_ID));
  return [
    `${inlineParameters(insert)} \\gset`,
    `${inlineParameters(withParameter(view, PLACEHOLDER_ID, id))};`,
    '',
  ].join('\n');
}

/**
 * POST /cp-insurance/contract/create/ then GET /cp-insurance/contract/{id}/ at 50 connections on the
 * real PostgreSQL, beside pgbench sending the same SQL (prepared, as the platform does, and with its
 * default simple protocol) in alternating rounds. In the same rounds: a bare node:http + pg server
 * sending only those two statements (the floor of any Node.js service here), and the platform on
 * PGlite, for figures only.
 */
export async function benchContracts(options: { rounds: number; seconds: number; connections: number }) {
  const schema = newBenchSchema('contracts');
  const dirs = await Promise.all([1, 2].map(() => mkdtemp(join(tmpdir(), 'cpi-bench-contracts-'))));
  const started: ChildServer<unknown>[] = [];
  try {
    const postgres = await startChildServer<{ port: number; apiKey: string; cpuMsAtReady: number }>(
      'bench/servers/platform-server.ts',
      [],
      { DATABASE_URL: benchDatabaseUrl, BENCH_SCHEMA: schema, DATA_DIR: dirs[0] },
    );
    started.push(postgres);
    const pglite = await startChildServer<{ port: number; apiKey: string; cpuMsAtReady: number }>(
      'bench/servers/platform-server.ts',
      [],
      { DATABASE_URL: '', DATA_DIR: dirs[1] },
    );
    started.push(pglite);
    const http = (server: Platform | BareServer, seconds: number) =>
      runWrk({
        url: `http://127.0.0.1:${server.info.port}`,
        script: './create-then-read.lua',
        scriptArgs: createThenReadArgs('apiKey' in server.info ? server.info.apiKey : 'none'),
        connections: options.connections,
        threads: 2,
        seconds,
      });
    const postgresWarmUp = await http(postgres, 2);
    await http(pglite, 2);
    const written = await writtenContract(schema);
    const bare = await startChildServer<{ port: number; cpuMsAtReady: number }>(
      'bench/servers/bare-contracts-server.ts',
      [],
      {
        DATABASE_URL: benchDatabaseUrl,
        BENCH_SCHEMA: schema,
        CONTRACT_WRITTEN: JSON.stringify(written),
      },
    );
    started.push(bare);
    const bareWarmUp = await http(bare, 2);
    const scripts = {
      prepared: await serviceScript(written, 'prepared'),
      simple: await serviceScript(written, 'simple'),
    };
    const pgbench = (protocol: PgbenchProtocol, seconds: number) =>
      runPgbench({
        url: benchDatabaseUrl,
        schema,
        script: scripts[protocol],
        clients: options.connections,
        threads: 2,
        seconds,
        protocol,
      });
    await pgbench('prepared', 2);

    const rounds: Array<{
      postgres: LoadResult;
      bare: LoadResult;
      pgbench: PgbenchResult;
      pgbenchSimple: PgbenchResult;
      pglite: LoadResult;
    }> = [];
    for (let round = 0; round < options.rounds; round++) {
      rounds.push({
        postgres: await http(postgres, options.seconds),
        bare: await http(bare, options.seconds),
        pgbench: await pgbench('prepared', options.seconds),
        pgbenchSimple: await pgbench('simple', options.seconds),
        pglite: await http(pglite, options.seconds),
      });
    }
    // CPU time after start-up over every create + read answered (warm-up included), to 0.01 ms.
    const cpuMsPerPair = async (
      server: ChildServer<{ cpuMsAtReady: number }>,
      warmUp: LoadResult,
      of: 'postgres' | 'bare',
    ) => {
      const exit = await server.stop();
      const pairs = (warmUp.responses + rounds.reduce((sum, round) => sum + round[of].responses, 0)) / 2;
      return Math.round(((Number(exit?.cpuMs ?? Number.NaN) - server.info.cpuMsAtReady) / pairs) * 100) / 100;
    };
    const postgresCpuMsPerPair = await cpuMsPerPair(postgres, postgresWarmUp, 'postgres');
    const bareCpuMsPerPair = await cpuMsPerPair(bare, bareWarmUp, 'bare');
    const pairsPerSecond = (result: LoadResult) => result.responses / 2 / (result.elapsedMs / 1000);
    const summary = {
      scenario: 'POST /cp-insurance/contract/create/ then GET /cp-insurance/contract/{id}/',
      connections: options.connections,
      secondsPerRound: options.seconds,
      poolSize: Number(process.env.DATABASE_POOL_SIZE ?? 10),
      rounds,
      pgbenchTps: round1(median(rounds.map((round) => round.pgbench.tps))),
      postgresPairsPerSecond: round1(median(rounds.map((round) => pairsPerSecond(round.postgres)))),
      ratio: median(rounds.map((round) => pairsPerSecond(round.postgres) / round.pgbench.tps)),
      barePairsPerSecond: round1(median(rounds.map((round) => pairsPerSecond(round.bare)))),
      bareRatio: median(rounds.map((round) => pairsPerSecond(round.bare) / round.pgbench.tps)),
      platformToBare: median(
        rounds.map((round) => pairsPerSecond(round.postgres) / pairsPerSecond(round.bare)),
      ),
      pgbenchSimpleTps: round1(median(rounds.map((round) => round.pgbenchSimple.tps))),
      ratioToSimple: median(rounds.map((round) => pairsPerSecond(round.postgres) / round.pgbenchSimple.tps)),
      postgresP99Ms: median(rounds.map((round) => round.postgres.p99Ms)),
      postgresP50Ms: median(rounds.map((round) => round.postgres.p50Ms)),
      // wrk's own CPU per pair: what the load generator took from the cores the rest shares.
      wrkCpuMsPerPair: median(
        rounds.map((round) => round.postgres.generatorCpuMs / (round.postgres.responses / 2)),
      ),
      postgresCpuMsPerPair,
      bareCpuMsPerPair,
      postgresNon2xx: rounds.reduce((sum, round) => sum + round.postgres.non2xx + round.postgres.errors, 0),
      pglitePairsPerSecond: round1(median(rounds.map((round) => pairsPerSecond(round.pglite)))),
      pgliteP99Ms: median(rounds.map((round) => round.pglite.p99Ms)),
      pgliteP50Ms: median(rounds.map((round) => round.pglite.p50Ms)),
      pgliteNon2xx: rounds.reduce((sum, round) => sum + round.pglite.non2xx + round.pglite.errors, 0),
      targets: { ratio: 0.4, postgresP99Ms: 50 },
    };
    await writeResult('contracts', { ...summary, database: 'postgres (and pglite, figures only)' });
    return [
      "| database | pgbench TPS, the service's SQL (plain SQL) | platform pairs/s | platform / pgbench (target ≥ 0.40) | platform / plain pgbench | p99 ms, all requests (target < 50) | p50 ms | platform CPU ms per pair | non-2xx |",
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      `| PostgreSQL, ${options.connections} conns, pool ${summary.poolSize} | ${summary.pgbenchTps} (${summary.pgbenchSimpleTps}) | ${summary.postgresPairsPerSecond} | ${summary.ratio.toFixed(2)} | ${summary.ratioToSimple.toFixed(2)} | ${summary.postgresP99Ms} | ${summary.postgresP50Ms} | ${summary.postgresCpuMsPerPair} | ${summary.postgresNon2xx} |`,
      `| bare node:http + pg, the same two statements, pool ${summary.poolSize} | ${summary.pgbenchTps} (${summary.pgbenchSimpleTps}) | ${summary.barePairsPerSecond} | ${summary.bareRatio.toFixed(2)} | – | – | – | ${summary.bareCpuMsPerPair} | – |`,
      `| platform / bare node:http + pg | | | ${summary.platformToBare.toFixed(2)} | | | | | |`,
      `| PGlite, ${options.connections} conns (figures only) | – | ${summary.pglitePairsPerSecond} | – | – | ${summary.pgliteP99Ms} | ${summary.pgliteP50Ms} | – | ${summary.pgliteNon2xx} |`,
    ].join('\n');
  } finally {
    await Promise.all(started.map((platform) => platform.stop()));
    await dropBenchSchema(schema);
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  }
}
