import type { Platform } from './app.js';
import { DatabaseUnavailableError } from './core/db/database.js';
import { purgeExpiredIdempotencyKeys } from './core/http/idempotency.js';
import { deliverDueNotifications } from './modules/notifications/notifications-outbox.js';
import { decideSandboxContracts } from './modules/sandbox/decide-sandbox-contracts.js';
import { deadlineTasks } from './modules/scheduler/deadline-tasks.js';
import { deliverDueWebhooks } from './modules/webhooks/webhook-delivery.js';

/** The shortest pause after a failed run: a database outage is waited out, not hammered. */
const FAILED_RUN_PAUSE_MS = 1000;

interface PeriodicTask {
  name: string;
  /** Pause between runs that found nothing to do; a run that did some work is followed at once. */
  idleMs: number;
  run(): Promise<number>;
}

function tasksOf(platform: Platform): PeriodicTask[] {
  const { database, clock, config, logger } = platform;
  const db = database.db;
  return [
    { name: 'deliver-webhooks', idleMs: 200, run: () => deliverDueWebhooks(platform.webhookDelivery) },
    {
      name: 'deliver-notifications',
      idleMs: 1000,
      run: () => deliverDueNotifications({ db, clock, logger, notifier: platform.notifier }),
    },
    {
      name: 'decide-sandbox-contracts',
      idleMs: 1000,
      run: () => decideSandboxContracts(db, clock, config.contracts.sandboxDecisionDelayMs),
    },
    ...deadlineTasks(db, clock, config).map((task) => ({ ...task, run: () => task.run() })),
    {
      name: 'prune-admin-sessions',
      idleMs: 3_600_000,
      run: async () => {
        const pruned = await platform.inspectors.prune();
        return pruned.loginFailures + pruned.sessions;
      },
    },
    {
      name: 'purge-idempotency-keys',
      idleMs: 600_000,
      run: () => purgeExpiredIdempotencyKeys(db, clock, config.idempotencyTtlHours),
    },
  ];
}

/** Background work: each task runs on its own timer, never overlapping itself, until stopped. */
export function startWorker(platform: Platform): { stop(): Promise<void> } {
  const tasks = tasksOf(platform);
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Set<Promise<unknown>>();
  let stopped = false;

  const schedule = (task: PeriodicTask, delayMs: number) => {
    if (stopped) return;
    const timer = setTimeout(async () => {
      const run = task.run().catch((error) => {
        if (error instanceof DatabaseUnavailableError)
          platform.logger.warn(
            { task: task.name, cause: String(error.cause) },
            'database unavailable, retrying',
          );
        else platform.logger.error({ err: error, task: task.name }, 'background task failed');
        return -1;
      });
      running.add(run);
      const done = await run;
      running.delete(run);
      schedule(task, done > 0 ? 0 : done < 0 ? Math.max(task.idleMs, FAILED_RUN_PAUSE_MS) : task.idleMs);
    }, delayMs);
    timers.set(task.name, timer);
  };
  for (const task of tasks) schedule(task, 0);
  platform.logger.info({ tasks: tasks.map((task) => task.name) }, 'worker started');

  return {
    async stop() {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
      await Promise.all(running);
    },
  };
}
