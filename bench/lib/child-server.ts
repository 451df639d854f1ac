import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ChildServer<T> {
  info: T;
  process: ChildProcess;
  /** SIGTERM, then the last JSON line the child printed on its way out (its final figures), if any. */
  stop(): Promise<Record<string, unknown> | undefined>;
}

/** Starts a server script in its own process (so load generator and server do not share a core) and reads its first JSON line. */
export async function startChildServer<T>(
  script: string,
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<ChildServer<T>> {
  // BENCH_CPU_PROF=<dir>: every server writes a .cpuprofile there on exit (Node refuses it in NODE_OPTIONS).
  const profile = process.env.BENCH_CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
    : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // A bench that throws must not leave its servers running (and holding its output pipe open).
  const orphanGuard = () => child.kill('SIGKILL');
  process.once('exit', orphanGuard);
  child.once('exit', () => process.off('exit', orphanGuard));
  const lines = createInterface({ input: child.stdout });
  let lastLine: string | undefined;
  const info = await new Promise<T>((resolve, reject) => {
    lines.once('line', (line) => resolve(JSON.parse(line) as T));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before it was ready`)));
  });
  lines.on('line', (line) => {
    lastLine = line;
  });
  // Both the exit and the end of stdout must be in: the last line can arrive after 'exit'.
  const finished = new Promise<void>((resolve) => child.once('close', () => resolve()));
  return {
    info,
    process: child,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await finished;
      return lastLine ? parseFinal(lastLine) : undefined;
    },
  };
}

function parseFinal(line: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
