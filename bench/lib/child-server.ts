import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ChildServer<T> {
  info: T;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts a server script in its own process (so load generator and server do not share a core) and reads its first JSON line. */
export async function startChildServer<T>(
  script: string,
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<ChildServer<T>> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const info = await new Promise<T>((resolve, reject) => {
    lines.once('line', (line) => resolve(JSON.parse(line) as T));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before it was ready`)));
  });
  return {
    info,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
