import type { Platform } from './app.js';
import { purgeExpiredIdempotencyKeys } from './core/http/idempotency.js';

interface PeriodicTask {
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
}

/** Background work: each task runs on its own timer, never overlapping itself, until stopped. */
export function startWorker(platform: Platform): { stop(): Promise<void> } {
  const { database, clock, config, logger } = platform;
  const tasks: PeriodicTask[] = [
    {
      name: 'purge-idempotency-keys',
      everyMs: 60_000,
      run: () => purgeExpiredIdempotencyKeys(database.db, clock, config.idempotencyTtlHours),
    },
  ];
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Set<Promise<unknown>>();
  let stopped = false;

  const schedule = (task: PeriodicTask, delayMs: number) => {
    if (stopped) return;
    const timer = setTimeout(async () => {
      const run = task
        .run()
        .catch((error) => logger.error({ err: error, task: task.name }, 'background task failed'));
      running.add(run);
      await run;
      running.delete(run);
      schedule(task, task.everyMs);
    }, delayMs);
    timers.set(task.name, timer);
  };
  for (const task of tasks) schedule(task, 0);
  logger.info({ tasks: tasks.map((task) => task.name) }, 'worker started');

  return {
    async stop() {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
      await Promise.all(running);
    },
  };
}
