import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { contractsRepository } from '../../src/modules/contracts/contracts.repository.js';
import type { WrittenContract } from '../contracts.bench.js';
import { capturedStatement, PLACEHOLDER_ID } from '../lib/inline-sql.js';
import { processFigures, readyFigures } from '../lib/process-figures.js';

/**
 * The floor of the contracts scenario: node:http and a pg pool sending the service's two statements
 * (compiled from its own builders, as named prepared statements) and nothing else — no validation,
 * authentication, encryption, masking or logging. What the platform adds is the gap to this server.
 * Env: DATABASE_URL, BENCH_SCHEMA, DATABASE_POOL_SIZE (as the platform), CONTRACT_WRITTEN (the values).
 */
const written = JSON.parse(process.env.CONTRACT_WRITTEN ?? '{}') as WrittenContract;
// Placeholders for the values that vary per request, found by identity among the parameters.
const CID = '\u0000cid';
const CREATED = new Date(0);
const UPDATED = new Date(0);
const values = { ...written.values, affiliate_cid: CID, created_at: CREATED, updated_at: UPDATED };
const insert = await capturedStatement((db) => contractsRepository(db).insert(values, written.actorId));
const view = await capturedStatement((db) => contractsRepository(db).findView(PLACEHOLDER_ID));
function parameterAt(parameters: readonly unknown[], value: unknown): number {
  const at = parameters.indexOf(value);
  if (at < 0) throw new Error('a per-request value is not among the compiled parameters');
  return at;
}
const insertParameterAt = (value: unknown) => parameterAt(insert.parameters, value);
const cidAt = insertParameterAt(CID);
const createdAt = insertParameterAt(CREATED);
const updatedAt = insertParameterAt(UPDATED);
const idAt = parameterAt(view.parameters, PLACEHOLDER_ID);

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
  options: `-c search_path=${process.env.BENCH_SCHEMA}`,
});

/** The statement's parameters with those that vary per request put in. */
function withParameters(
  parameters: readonly unknown[],
  changes: ReadonlyArray<[at: number, value: unknown]>,
) {
  const copy = [...parameters];
  for (const [at, value] of changes) copy[at] = value;
  return copy;
}

function reply(response: ServerResponse, status: number, data: unknown): void {
  const body = JSON.stringify({ code: status, error: null, data });
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(body);
}

async function create(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { affiliate_cid: string };
  const now = new Date();
  const values = withParameters(insert.parameters, [
    [cidAt, body.affiliate_cid],
    [createdAt, now],
    [updatedAt, now],
  ]);
  const { rows } = await pool.query({ name: 'create', text: insert.sql, values });
  const [{ id, affiliate_uid, affiliate_cid, status }] = rows;
  reply(response, 201, { contract_id: id, affiliate_uid, affiliate_cid, status });
}

async function read(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const id = request.url?.split('/')[3];
  const values = withParameters(view.parameters, [[idAt, id]]);
  const { rows } = await pool.query({ name: 'read', text: view.sql, values });
  reply(response, rows.length ? 200 : 404, rows[0] ?? null);
}

const server = createServer((request, response) => {
  const handled = request.method === 'POST' ? create(request, response) : read(request, response);
  handled.catch(() => reply(response, 500, null));
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(
    `${JSON.stringify({ port: (server.address() as AddressInfo).port, ...readyFigures() })}\n`,
  );
});
process.on('SIGTERM', () =>
  server.close(async () => {
    await pool.end();
    // The last stdout line: the bench reads the CPU time from it.
    process.stdout.write(`${JSON.stringify(processFigures())}\n`, () => process.exit(0));
  }),
);
