import { openPlatform } from './app.js';
import { buildCli, type Role } from './cli/commands.js';
import { controlSocketPath, serveControlSocket } from './cli/control-socket.js';
import { executeOperation } from './cli/execute.js';
import { ConfigError, loadConfig, loadDotenv } from './config.js';
import { ensureConsoleBuilt } from './core/http/console-build.js';
import { createFirstRunAccounts, firstRunBanner } from './first-run.js';
import { type Running, serve, startWorker, stopOnSignals } from './runtime.js';

async function runServices(role: Role): Promise<void> {
  const withHttp = role !== 'work';
  const platform = await openPlatform({ config: loadConfig() });
  if (withHttp) ensureConsoleBuilt(platform.logger, platform.config.nodeEnv === 'production');
  const parts: Running[] = [];
  try {
    if (platform.database.kind === 'pglite') {
      // This process holds the embedded database: the CLI reaches it through this socket.
      parts.push(
        await serveControlSocket(platform, controlSocketPath(platform.config.dataDir), platform.logger),
      );
    }
    const http = withHttp ? await serve(platform) : null;
    if (http) parts.push(http);
    // Only once the port is bound: the banner is the one chance to see the key and the password.
    const firstRun = http ? await createFirstRunAccounts(platform) : null;
    if (role !== 'serve') parts.push(startWorker(platform));
    stopOnSignals(platform, parts);
    if (http && firstRun) process.stdout.write(firstRunBanner(http.url, firstRun));
  } catch (error) {
    // A start that failed half-way (the port taken, say) must not linger holding the database.
    for (const part of parts.reverse()) await part.stop().catch(() => {});
    await platform.close();
    throw error;
  }
}

export async function main(argv: string[]): Promise<void> {
  loadDotenv();
  try {
    await buildCli(executeOperation, runServices).parseAsync(argv);
  } catch (error) {
    const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
    process.stderr.write(`cp-insurance: ${message}\n`);
    process.exitCode = 1;
  }
}
