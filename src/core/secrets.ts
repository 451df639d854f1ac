import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from './logger.js';

/**
 * The embedded default for a secret that was not configured: generated once into DATA_DIR/secrets,
 * readable only by this user, and the same for every process sharing that directory. Production
 * deployments should configure it instead, hence the warning.
 */
export function loadOrCreateSecret(
  configured: Buffer | null,
  dataDir: string,
  variable: string,
  logger: Logger,
): Buffer {
  if (configured) return configured;
  const dir = join(dataDir, 'secrets');
  const file = join(dir, variable.toLowerCase());
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  }
  logger.warn({ file }, `${variable} is not set; using the generated secret in DATA_DIR`);
  return Buffer.from(readFileSync(file, 'utf8'), 'base64');
}
