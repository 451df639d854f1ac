import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openPlatform, type Platform } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { type Clock, systemClock } from '../../src/core/clock.js';
import type { App } from '../../src/core/http/server.js';
import type { Logger } from '../../src/core/logger.js';

export interface TestServer {
  baseUrl: string;
  app: App;
  platform: Platform;
  /** Creates a partner with a key of that mode. */
  partner(mode?: 'live' | 'test'): Promise<{ affiliateId: string; apiKey: string; webhookSecret: string }>;
  call(method: string, path: string, options?: CallOptions): Promise<Answer>;
  /** The PostgreSQL schema this server works in (null on PGlite): other processes can share it. */
  schema: string | null;
  close(): Promise<void>;
}

export interface CallOptions {
  key?: string;
  json?: unknown;
  body?: string | Buffer;
  headers?: Record<string, string>;
}

export interface Answer {
  status: number;
  /** Where the request went. */
  url: URL;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read answers loosely and assert their exact shape.
  json: any;
}

/** Where the suite runs: PGlite by default, the PostgreSQL server of DATABASE_URL when set. */
export const databaseUrl = process.env.DATABASE_URL || null;

/**
 * A whole platform on a random port over real HTTP: an in-memory PGlite, or a fresh schema of the
 * PostgreSQL server so that parallel test files never see each other's rows.
 */
export async function startTestServer(
  env: Record<string, string> = {},
  /** `logger`: where the platform logs instead of stdout, e.g. a sink a test reads. */
  options: { clock?: Clock; logger?: Logger } = {},
): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'cpi-test-'));
  const port = await freePort();
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: String(port),
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl ?? '',
    ...env,
  });
  const schema = databaseUrl ? `t_${randomBytes(6).toString('hex')}` : undefined;
  const platform = await openPlatform({
    config,
    clock: options.clock ?? systemClock,
    pgliteDir: 'memory://',
    ...(schema ? { schema } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const app = await platform.buildHttp();
  await app.listen({ host: '127.0.0.1', port });
  const baseUrl = `http://127.0.0.1:${port}`;

  return {
    baseUrl,
    app,
    platform,
    schema: schema ?? null,
    async partner(mode = 'test') {
      const created = await platform.affiliates.createAffiliate({
        name: `partner-${mode}`,
        mode,
        webhookUrl: null,
      });
      return {
        affiliateId: created.affiliate_id,
        apiKey: created.api_key,
        webhookSecret: created.webhook_secret,
      };
    },
    call: (method, path, callOptions = {}) => call(baseUrl, method, path, callOptions),
    async close() {
      await app.close();
      await platform.close();
      if (schema && databaseUrl) await dropSchema(databaseUrl, schema);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function call(
  baseUrl: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key) headers['X-ITECHS-API-KEY'] = options.key;
  let body: string | Buffer | undefined = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(baseUrl + path, { method, headers, body, redirect: 'manual' });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: response.status, url: new URL(response.url), headers: response.headers, text, json };
}

/** A port free right now, so that the links the platform hands out (PUBLIC_BASE_URL) name the real port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

/** The exact envelope of an error answer, with the request id the server echoed. */
export function expectedError(status: number, code: string, answer: Answer, extra: { field?: string } = {}) {
  return {
    code: status,
    data: null,
    error: {
      code,
      message: answer.json?.error?.message,
      ...extra,
      request_id: answer.headers.get('x-request-id'),
      doc_url: `${answer.url.origin}/docs/errors#${code}`,
    },
  };
}
