import { openPlatform } from '../app.js';
import { loadConfig } from '../config.js';
import { createLogger } from '../core/logger.js';
import { callControlSocket, controlSocketPath } from './control-socket.js';
import { type Execute, runOperation } from './operations.js';

/**
 * Runs a CLI operation: in the server that holds the embedded database when one is running on the
 * same DATA_DIR, else on a platform opened here (PostgreSQL is shared, so it always opens here).
 */
export const executeOperation: Execute = async (name, input) => {
  const config = loadConfig();
  if (!config.databaseUrl) {
    const answer = await callControlSocket(controlSocketPath(config.dataDir), { operation: name, input });
    if (answer?.ok === false) throw new Error(answer.error);
    if (answer) return answer.result;
  }
  // One-shot commands log to stderr so that their stdout is only the JSON they print.
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, process.stderr);
  const platform = await openPlatform({ config, logger });
  try {
    return await runOperation(platform, name, input);
  } finally {
    await platform.close();
  }
};
