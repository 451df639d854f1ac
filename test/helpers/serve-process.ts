import { spawn } from 'node:child_process';

export const BIN = new URL('../../bin/cp-insurance.js', import.meta.url).pathname;

/** `cp-insurance <role>` as a process of its own, answered once it is ready (its log line says so). */
async function startRole(
  role: 'serve' | 'work',
  ready: RegExp,
  dataDir: string,
  env: Record<string, string>,
) {
  const child = spawn(process.execPath, [BIN, role], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let printed = '';
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      printed += chunk;
      const found = ready.exec(printed);
      if (found) resolve(found);
    });
    void exited.then(() => reject(new Error(`${role} exited: ${printed}`)));
  });
  return {
    match,
    /** Everything the process wrote to stdout so far. */
    printed: () => printed,
    /** SIGTERM, then the whole of stdout once the process has exited. */
    async stop(): Promise<string> {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      return printed;
    },
  };
}

/** `cp-insurance serve` on `dataDir` (or the DATABASE_URL in `env`), with the URL it listens on. */
export async function startServeProcess(dataDir: string, env: Record<string, string> = {}) {
  const started = await startRole('serve', /"url":"(https?:\/\/[^"]+)"[^\n]*is listening/, dataDir, env);
  return { ...started, url: started.match[1] as string };
}

/** `cp-insurance work`: deliveries, notifications and deadlines. */
export function startWorkProcess(dataDir: string, env: Record<string, string> = {}) {
  return startRole('work', /worker started/, dataDir, env);
}
