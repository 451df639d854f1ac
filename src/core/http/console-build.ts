import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Logger } from '../logger.js';
import { CONSOLE_DIST } from './console.js';

const CONSOLE_DIR = new URL('../../../console/', import.meta.url).pathname;

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * In development `npm start` builds the console when its build is missing or older than its
 * sources. Production never builds at run time (Vite is a dev dependency): `npm run build` did.
 */
export function ensureConsoleBuilt(logger: Logger, production: boolean): void {
  if (!existsSync(join(CONSOLE_DIR, 'index.html'))) return;
  const built = join(CONSOLE_DIST.pathname, 'index.html');
  if (production) {
    if (!existsSync(built)) logger.error('the console is not built (npm run build); /console is not served');
    return;
  }
  if (existsSync(built) && statSync(built).mtimeMs >= newestSource(CONSOLE_DIR)) return;
  logger.info('building the console (npm run build)');
  const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  const result = spawnSync(
    process.execPath,
    [vite, 'build', '--config', join(CONSOLE_DIR, 'vite.config.ts'), '--logLevel', 'warn'],
    { stdio: 'inherit' },
  );
  if (result.status !== 0) logger.error('the console build failed; /console is not served');
}
