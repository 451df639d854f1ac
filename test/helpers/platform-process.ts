import { type ChildProcess, spawn } from 'node:child_process';
import { databaseUrl, type TestServer } from './platform.js';

const BIN = new URL('../../bin/cp-insurance.js', import.meta.url).pathname;

/** The test server's PostgreSQL URL, narrowed to its schema, for another process to share its database. */
export async function sharedDatabaseUrl(server: TestServer): Promise<string> {
  if (!databaseUrl) throw new Error('A second process shares a database only on PostgreSQL (DATABASE_URL).');
  const { schema } = await server.platform.database.db
    .selectNoFrom((eb) => eb.fn<string>('current_schema', []).as('schema'))
    .executeTakeFirstOrThrow();
  const options = encodeURIComponent(`-c search_path=${schema}`);
  return `${databaseUrl}${databaseUrl.includes('?') ? '&' : '?'}options=${options}`;
}

/** `cp-insurance <command>` as its own process on the test server's database and data directory. */
export async function spawnPlatform(
  server: TestServer,
  command: 'work' | 'serve',
  env: Record<string, string> = {},
): Promise<ChildProcess> {
  return spawn(process.execPath, [BIN, command], {
    env: {
      ...process.env,
      DATABASE_URL: await sharedDatabaseUrl(server),
      DATA_DIR: server.platform.config.dataDir,
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: 'ignore',
  });
}
