import { spawn } from 'node:child_process';

export const BIN = new URL('../../bin/cp-insurance.js', import.meta.url).pathname;

/** `cp-insurance serve` as a process of its own on `dataDir`, answered once it listens. */
export async function startServeProcess(dataDir: string, env: Record<string, string> = {}) {
  const server = spawn(process.execPath, [BIN, 'serve'], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let printed = '';
  const exited = new Promise((resolve) => server.once('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    server.stdout.on('data', (chunk: Buffer) => {
      printed += chunk;
      const listening = /"url":"(https?:\/\/[^"]+)"[^\n]*is listening/.exec(printed);
      if (listening?.[1]) resolve(listening[1]);
    });
    void exited.then(() => reject(new Error(`serve exited: ${printed}`)));
  });
  return {
    url,
    /** Everything the process wrote to stdout so far. */
    printed: () => printed,
    /** SIGTERM, then the whole of stdout once the process has exited. */
    async stop(): Promise<string> {
      server.kill('SIGTERM');
      await exited;
      return printed;
    },
  };
}
