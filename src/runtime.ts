import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Platform } from './app.js';
import { createRedirectServer } from './core/http/https.js';
import type { App } from './core/http/server.js';
import { startWorker } from './worker.js';

export interface Running {
  stop(): Promise<void>;
}

/** Starts the HTTP server (and its HTTP→HTTPS redirect listener when TLS is on). */
export async function serve(
  platform: Platform,
): Promise<Running & { app: App; url: string; redirectPort: number | null }> {
  const { config } = platform;
  const app = await platform.buildHttp();
  await app.listen({ host: config.host, port: config.port });
  const { port } = app.server.address() as AddressInfo;
  let redirect: Server | null = null;
  if (config.tls) {
    redirect = createRedirectServer(port);
    await new Promise<void>((resolve) => redirect?.listen(config.tls?.redirectPort, config.host, resolve));
  }
  const url = `${config.tls ? 'https' : 'http'}://${config.host}:${port}`;
  platform.logger.info({ url, database: platform.database.kind }, 'cp-insurance is listening');
  const redirectAddress = redirect?.address() as AddressInfo | undefined;
  return {
    app,
    url,
    redirectPort: redirectAddress?.port ?? null,
    // Fastify's close stops accepting, lets in-flight requests finish, then resolves.
    stop: async () => {
      await new Promise<void>((resolve) => (redirect ? redirect.close(() => resolve()) : resolve()));
      await app.close();
    },
  };
}

/** Runs until SIGTERM or SIGINT, then stops each part in order and closes the database last. */
export function stopOnSignals(platform: Platform, parts: Array<{ stop(): Promise<void> }>): void {
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    platform.logger.info({ signal }, 'shutting down');
    for (const part of parts) await part.stop();
    await platform.close();
    platform.logger.info('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

export { startWorker };
