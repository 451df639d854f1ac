import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/core/logger.js';

/**
 * The platform's configuration as every benchmark runs it: production mode on 127.0.0.1 and a free
 * port, warnings only, and a rate limit no load reaches; `overrides` set the rest (DATA_DIR, ...).
 */
export function benchConfig(overrides: Record<string, string>) {
  return loadConfig({
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '10000000',
    ...overrides,
  });
}

/** Logs go to stderr: stdout carries what the bench reads (JSON lines, tables). */
export const benchLogger = (config: ReturnType<typeof loadConfig>) =>
  createLogger(config.logLevel, process.stderr);
