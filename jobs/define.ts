/**
 * Registers the injected handlers as Agenda job definitions. A handler receives only its job's data; while
 * it runs, the job's lock is renewed (Agenda's `touch`) so that the lock lifetime bounds how long a crashed
 * process holds a job, not how long a healthy job may take.
 */
import type { Agenda, Job } from 'agenda';
import type { Logger } from '../src/logging/logger.ts';

type Handler = (data: Record<string, unknown>) => Promise<void>;

/** Defines, in the given order, the named jobs that have a handler; returns their names. */
export function defineJobs<N extends string>(
  agenda: Agenda,
  names: readonly N[],
  handlers: Partial<Record<N, Handler>>,
  lockLifetimeMs: number,
  logger: Logger,
): N[] {
  const defined: N[] = [];
  for (const name of names) {
    const handler = handlers[name];
    if (!handler) continue;
    agenda.define(
      name,
      (job: Job<Record<string, unknown>>) => runWithHeartbeat(job, handler, lockLifetimeMs, logger),
      {
        lockLifetime: lockLifetimeMs,
      },
    );
    defined.push(name);
  }
  return defined;
}

async function runWithHeartbeat(
  job: Job<Record<string, unknown>>,
  handler: Handler,
  lockLifetimeMs: number,
  logger: Logger,
): Promise<void> {
  const heartbeat = setInterval(() => {
    job.touch().catch((error: unknown) => {
      logger.warn(
        { job: job.attrs.name, id: job.attrs._id, err: (error as Error).message },
        'job lock renewal failed',
      );
    });
  }, lockLifetimeMs / 3);
  try {
    await handler(job.attrs.data ?? {});
  } finally {
    clearInterval(heartbeat);
  }
}
