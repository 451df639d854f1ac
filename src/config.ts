import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { type PiiKeyConfig, PiiKeyConfigError, parsePiiKeyConfig } from './core/crypto.js';
import type { LogFormat } from './core/logger.js';

/** The only reader of the environment: every setting is parsed and checked here, once, at start. */
export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  publicBaseUrl: string;
  dataDir: string;
  databaseUrl: string | null;
  databasePoolSize: number;
  /** How long getting a PostgreSQL connection may take before the request answers 503 database_unavailable. */
  databaseConnectTimeoutMs: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  logFormat: LogFormat;
  tls: { certFile: string; keyFile: string; redirectPort: number } | null;
  /** Off, the number of proxy hops to trust, or the proxies' addresses/CIDRs (Fastify's trustProxy). */
  trustProxy: false | number | string;
  bodyLimitBytes: number;
  rateLimitPerMinute: number;
  apiKeyCacheMs: number;
  idempotencyTtlHours: number;
  images: { maxBytes: number; maxPixels: number };
  storage: { driver: 'local' } | ({ driver: 's3' } & S3Config);
  /** Secrets; null means "generate one into DATA_DIR" (the embedded default, with a warning). */
  secrets: { urlSigningKey: Buffer | null; piiKeys: PiiKeyConfig | null; piiBlindIndexKey: Buffer | null };
  contracts: {
    paymentDeadlineHours: number;
    unfinishedTtlHours: number;
    personalDataRetentionDays: number;
    /** How long a test-mode contract waits in inspection before the sandbox decides it. */
    sandboxDecisionDelayMs: number;
  };
  ocr: { workers: number; eager: boolean };
  webhooks: {
    allowPrivate: boolean;
    timeoutMs: number;
    /** An endpoint failing every attempt this long is disabled; 0 never disables (docs/architecture.md). */
    disableAfterHours: number;
  };
  notifier: { driver: 'outbox' } | ({ driver: 'http' } & AlimtalkConfig);
  admin: { sessionHours: number; inspectionSlaHours: number };
}

export interface AlimtalkConfig {
  baseUrl: string;
  apiKey: string;
  senderKey: string;
  smsFallback: boolean;
  templateCodes: { payment_guidance: string; reinspection: string; completion: string; rejection: string };
}

export interface S3Config {
  bucket: string;
  region: string;
  endpoint: string | null;
  forcePathStyle: boolean;
  accessKeyId: string | null;
  secretAccessKey: string | null;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const NODE_ENVS = ['development', 'production', 'test'] as const;
const LOG_FORMATS = ['auto', 'pretty', 'json'] as const;

function readText(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
}

function readInt(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = readText(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max)
    throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function readBool(env: Env, name: string, fallback: boolean): boolean {
  const raw = readText(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['true', '1', 'yes'].includes(raw)) return true;
  if (['false', '0', 'no'].includes(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

/**
 * Trusting every hop would make a client's own X-Forwarded-For its address (rate limits, audit):
 * `true` means the one proxy in front, a number that many hops, anything else the proxies' addresses.
 */
function readTrustProxy(env: Env): false | number | string {
  const raw = readText(env, 'TRUST_PROXY')?.toLowerCase();
  if (raw === undefined || ['false', '0', 'no'].includes(raw)) return false;
  if (['true', 'yes'].includes(raw)) return 1;
  if (/^\d+$/.test(raw)) return readInt(env, 'TRUST_PROXY', 1, 1, 10);
  if (/^[\d.:a-f/, ]+$/.test(raw)) return raw;
  throw new ConfigError('TRUST_PROXY', `must be true, false, a hop count or proxy addresses, got "${raw}"`);
}

function readChoice<T extends string>(env: Env, name: string, choices: readonly T[], fallback: T): T {
  const raw = readText(env, name);
  if (raw === undefined) return fallback;
  if (!(choices as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${choices.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

function readUrl(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = readText(env, name);
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `must be a URL, got "${raw}"`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}, got "${url.protocol}"`);
  }
  return raw.replace(/\/+$/, '');
}

function readFilePath(env: Env, name: string): string | undefined {
  const raw = readText(env, name);
  if (raw !== undefined && !existsSync(raw))
    throw new ConfigError(name, `names a file that does not exist: ${raw}`);
  return raw;
}

function readSecret(env: Env, name: string, minBytes: number): Buffer | null {
  const raw = readText(env, name);
  if (raw === undefined) return null;
  const bytes = Buffer.from(raw, 'base64');
  if (bytes.length < minBytes || bytes.toString('base64').replace(/=+$/, '') !== raw.replace(/=+$/, '')) {
    throw new ConfigError(
      name,
      `must be base64 of at least ${minBytes} random bytes (openssl rand -base64 ${minBytes})`,
    );
  }
  return bytes;
}

function readPiiKeys(env: Env): PiiKeyConfig | null {
  const raw = readText(env, 'PII_ENCRYPTION_KEY');
  if (raw === undefined) return null;
  try {
    return parsePiiKeyConfig(raw);
  } catch (error) {
    throw new ConfigError(
      'PII_ENCRYPTION_KEY',
      error instanceof PiiKeyConfigError ? error.problem : 'is invalid',
    );
  }
}

function readStorage(env: Env): Config['storage'] {
  const driver = readChoice(env, 'STORAGE_DRIVER', ['local', 's3'] as const, 'local');
  if (driver === 'local') return { driver };
  const bucket = readText(env, 'S3_BUCKET');
  if (!bucket) throw new ConfigError('S3_BUCKET', 'is required when STORAGE_DRIVER=s3');
  return {
    driver,
    bucket,
    region: readText(env, 'S3_REGION') ?? 'ap-northeast-2',
    endpoint: readUrl(env, 'S3_ENDPOINT', ['http:', 'https:']) ?? null,
    forcePathStyle: readBool(env, 'S3_FORCE_PATH_STYLE', false),
    accessKeyId: readText(env, 'S3_ACCESS_KEY_ID') ?? null,
    secretAccessKey: readText(env, 'S3_SECRET_ACCESS_KEY') ?? null,
  };
}

function required(env: Env, name: string, because: string): string {
  const value = readText(env, name);
  if (value === undefined) throw new ConfigError(name, `is required ${because}`);
  return value;
}

function readNotifier(env: Env): Config['notifier'] {
  const driver = readChoice(env, 'NOTIFIER', ['outbox', 'http'] as const, 'outbox');
  if (driver === 'outbox') return { driver };
  const because = 'when NOTIFIER=http';
  return {
    driver,
    baseUrl:
      readUrl(env, 'ALIMTALK_BASE_URL', ['https:', 'http:']) ?? required(env, 'ALIMTALK_BASE_URL', because),
    apiKey: required(env, 'ALIMTALK_API_KEY', because),
    senderKey: required(env, 'ALIMTALK_SENDER_KEY', because),
    smsFallback: readBool(env, 'ALIMTALK_SMS_FALLBACK', true),
    templateCodes: {
      payment_guidance: readText(env, 'ALIMTALK_TEMPLATE_PAYMENT_GUIDANCE') ?? 'CPI_PAYMENT_GUIDANCE_V1',
      reinspection: readText(env, 'ALIMTALK_TEMPLATE_REINSPECTION') ?? 'CPI_REINSPECTION_V1',
      completion: readText(env, 'ALIMTALK_TEMPLATE_COMPLETION') ?? 'CPI_COMPLETION_V1',
      rejection: readText(env, 'ALIMTALK_TEMPLATE_REJECTION') ?? 'CPI_REJECTION_V1',
    },
  };
}

function readTls(env: Env): Config['tls'] {
  const certFile = readFilePath(env, 'TLS_CERT_FILE');
  const keyFile = readFilePath(env, 'TLS_KEY_FILE');
  if (!certFile && !keyFile) return null;
  if (!certFile) throw new ConfigError('TLS_CERT_FILE', 'is required when TLS_KEY_FILE is set');
  if (!keyFile) throw new ConfigError('TLS_KEY_FILE', 'is required when TLS_CERT_FILE is set');
  return { certFile, keyFile, redirectPort: readInt(env, 'HTTP_REDIRECT_PORT', 8081, 0, 65535) };
}

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = readChoice(env, 'NODE_ENV', NODE_ENVS, 'development');
  const port = readInt(env, 'PORT', 8080, 0, 65535);
  const host = readText(env, 'HOST') ?? (nodeEnv === 'production' ? '0.0.0.0' : '127.0.0.1');
  const tls = readTls(env);
  const scheme = tls ? 'https' : 'http';
  const publicHost = host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    nodeEnv,
    host,
    port,
    publicBaseUrl:
      readUrl(env, 'PUBLIC_BASE_URL', ['http:', 'https:']) ?? `${scheme}://${publicHost}:${port}`,
    dataDir: resolve(readText(env, 'DATA_DIR') ?? './data'),
    databaseUrl: readUrl(env, 'DATABASE_URL', ['postgres:', 'postgresql:']) ?? null,
    databasePoolSize: readInt(env, 'DATABASE_POOL_SIZE', 10, 1, 500),
    databaseConnectTimeoutMs: readInt(env, 'DATABASE_CONNECT_TIMEOUT_MS', 1000, 100, 60_000),
    logLevel: readChoice(env, 'LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'silent' : 'info'),
    logFormat: readChoice(env, 'LOG_FORMAT', LOG_FORMATS, 'auto'),
    tls,
    trustProxy: readTrustProxy(env),
    bodyLimitBytes: readInt(env, 'BODY_LIMIT_BYTES', 1_048_576, 1024, 100 * 1_048_576),
    rateLimitPerMinute: readInt(env, 'RATE_LIMIT_PER_MINUTE', 1200, 1, 10_000_000),
    apiKeyCacheMs: readInt(env, 'API_KEY_CACHE_MS', 4000, 0, 5000),
    idempotencyTtlHours: readInt(env, 'IDEMPOTENCY_TTL_HOURS', 24, 1, 24 * 30),
    images: {
      maxBytes: readInt(env, 'IMAGE_MAX_BYTES', 15 * 1_048_576, 1024, 100 * 1_048_576),
      maxPixels: readInt(env, 'IMAGE_MAX_PIXELS', 50_000_000, 10_000, 200_000_000),
    },
    storage: readStorage(env),
    secrets: {
      urlSigningKey: readSecret(env, 'URL_SIGNING_KEY', 32),
      piiKeys: readPiiKeys(env),
      piiBlindIndexKey: readSecret(env, 'PII_BLIND_INDEX_KEY', 32),
    },
    contracts: {
      paymentDeadlineHours: readInt(env, 'PAYMENT_DEADLINE_HOURS', 24, 1, 24 * 30),
      unfinishedTtlHours: readInt(env, 'UNFINISHED_CONTRACT_TTL_HOURS', 24 * 7, 1, 24 * 365),
      personalDataRetentionDays: readInt(env, 'PERSONAL_DATA_RETENTION_DAYS', 90, 0, 3650),
      sandboxDecisionDelayMs: readInt(env, 'SANDBOX_DECISION_DELAY_MS', 5000, 0, 3_600_000),
    },
    ocr: {
      workers: readInt(env, 'OCR_WORKERS', availableParallelism(), 1, 64),
      eager: readBool(env, 'OCR_EAGER', false),
    },
    webhooks: {
      allowPrivate: readBool(env, 'WEBHOOK_ALLOW_PRIVATE', false),
      timeoutMs: readInt(env, 'WEBHOOK_TIMEOUT_MS', 15_000, 100, 60_000),
      disableAfterHours: readInt(env, 'WEBHOOK_DISABLE_AFTER_HOURS', 120, 0, 24 * 90),
    },
    notifier: readNotifier(env),
    admin: {
      sessionHours: readInt(env, 'ADMIN_SESSION_HOURS', 12, 1, 24 * 30),
      inspectionSlaHours: readInt(env, 'INSPECTION_SLA_HOURS', 4, 1, 24 * 14),
    },
  };
}

/** Environment variables from `.env` fill in what the real environment leaves unset. */
export function loadDotenv(path = '.env', env: Env = process.env): void {
  if (!existsSync(path)) return;
  for (const [name, value] of Object.entries(parseDotenv(readFileSync(path)))) {
    if (env[name] === undefined) env[name] = value;
  }
}
