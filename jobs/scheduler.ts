/**
 * The job scheduler: Agenda 6 on the project's document store through @agendajs/mongo-backend, handed
 * `store.db` on both stores (the driver's Db on MongoDB, the embedded store's Db-compatible handle
 * otherwise). It knows no particular job: the names, recurring schedules and bodies are handed in (the
 * service's job catalogue, adapters/runtime/jobCatalogue.ts). This module owns the definitions, the
 * recurring schedules' upkeep, start / stop / drain, the re-running of interrupted runs, manual runs,
 * completion events and the cheap state shown on /healthz.
 * The rest of the project reaches Agenda only through this interface.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { MongoBackend } from '@agendajs/mongo-backend';
import { Agenda, type JobWithId } from 'agenda';
import type { Db } from 'mongodb';
import type { Logger } from '../src/logging/logger.ts';
import type { Store } from '../src/store/types.ts';
import { defineJobs } from './define.ts';
import { drainAndRelease } from './drain.ts';
import { rescheduleInterrupted } from './interrupted.ts';
import { withClaimedLocks } from './lockClaims.ts';
import { reconcileRecurring, type RecurringSchedule } from './recurring.ts';

/** What each job carries, by job name. */
export type JobDataMap = { [name: string]: Record<string, unknown> };

/**
 * The bodies of the jobs; a job without a handler is not defined or scheduled. A run cut short by a crash
 * is run again, so a handler must be safe to run twice for the same data.
 */
export type JobHandlers<M extends JobDataMap> = { [N in keyof M]?: (data: M[N]) => Promise<void> };

type NameOf<M extends JobDataMap> = keyof M & string;

export interface SchedulerOptions<M extends JobDataMap> {
  store: Store;
  logger: Logger;
  /** How long the lock of a process that stopped renewing it (it crashed) keeps others off the job. */
  lockLifetimeMs: number;
  /** How often the job collection is polled for due jobs. */
  processEveryMs: number;
  /** IANA time zone in which every cron is read, e.g. Europe/London. */
  timezone: string;
  /** Every job name, in the order they are defined. */
  names: readonly NameOf<M>[];
  /** The recurring schedules; those of a job without a handler are left as they are stored. */
  recurring: readonly RecurringSchedule<NameOf<M>>[];
  handlers: JobHandlers<M>;
}

export interface ScheduledRun<N extends string = string> {
  name: N;
  sourceId?: string;
  /** ISO instant; null when the job will not run again. */
  nextRunAt: string | null;
}

export interface SchedulerState<N extends string = string> {
  running: boolean;
  /** Job names with a handler in this process. */
  definitions: N[];
  /** Job names without a handler: neither defined nor scheduled. */
  notConfigured: N[];
  /** Recurring jobs, soonest first. */
  scheduled: ScheduledRun<N>[];
  lockedCount: number;
  failedCount: number;
}

export interface JobFinished<N extends string = string> {
  id: string;
  name: N;
  data: Record<string, unknown>;
  ok: boolean;
  /** The failure reason Agenda recorded, when `ok` is false. */
  error?: string;
}

export interface DrainOutcome {
  timedOut: boolean;
  /** Jobs still running when the timeout elapsed; their locks lapse after the lock lifetime. */
  stillRunning: number;
}

export interface Scheduler<M extends JobDataMap = JobDataMap> {
  /** True between start() and stop()/drain(). */
  readonly running: boolean;
  /** Writes the recurring schedules (idempotently) and starts processing due jobs. */
  start(): Promise<void>;
  /** Stops processing at once: locked jobs not yet started are released; running ones are not awaited. */
  stop(): Promise<void>;
  /**
   * Graceful shutdown: polls no more, waits up to `timeoutMs` for running jobs, releases unstarted ones.
   * Agenda leaves a timer of up to half the lock lifetime behind each run, so a process that has drained
   * should exit explicitly rather than wait for its event loop to empty.
   */
  drain(timeoutMs: number): Promise<DrainOutcome>;
  /** Queues a run of a configured job for now (run by hand). */
  now<N extends NameOf<M>>(name: N, data: M[N]): Promise<{ id: string }>;
  /** Queues a single run of a configured job at a given instant. */
  runAt<N extends NameOf<M>>(when: Date, name: N, data: M[N]): Promise<{ id: string }>;
  state(): Promise<SchedulerState<NameOf<M>>>;
  /** Called after each run of a job in this process, once its outcome is stored; returns an unsubscribe. */
  onFinished(listener: (event: JobFinished<NameOf<M>>) => void): () => void;
}

export function createScheduler<M extends JobDataMap>(options: SchedulerOptions<M>): Scheduler<M> {
  type JobName = NameOf<M>;
  const { store, handlers, timezone, recurring: schedules } = options;
  const logger = options.logger.child({ component: 'jobs' });
  const listeners = new Set<(event: JobFinished<JobName>) => void>();
  let definitions: JobName[] = [];
  let running = false;
  let connecting: Promise<Agenda> | undefined;
  let watchdog: NodeJS.Timeout | undefined;

  const connect = (): Promise<Agenda> =>
    (connecting ??= open().catch((error: unknown) => {
      connecting = undefined;
      throw error;
    }));

  async function open(): Promise<Agenda> {
    // The backend is typed against the driver's Db; the store's DocumentDb is the subset of it that it uses.
    // Its locks are claimed through a unique key, so that they hold where findOneAndUpdate is not atomic.
    const backend = new MongoBackend({ mongo: withClaimedLocks(store.db) as unknown as Db });
    // Agenda's constructor connects the backend again but leaves a failure unhandled; connecting first
    // reports a store that cannot hold jobs to our caller instead.
    await backend.connect();
    const agenda = new Agenda({
      backend,
      // Stamped on every lock this instance takes (lastModifiedBy): who holds a job, and what drain releases.
      name: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
      processEvery: options.processEveryMs,
      defaultLockLifetime: options.lockLifetimeMs,
    });
    definitions = defineJobs(
      agenda,
      options.names,
      handlers as Partial<Record<JobName, (data: Record<string, unknown>) => Promise<void>>>,
      options.lockLifetimeMs,
      logger,
    );
    agenda.on('complete', (job: JobWithId) => {
      const ok = report(job);
      if (ok && job.attrs.nextRunAt === null && job.attrs.repeatInterval === undefined) forget(agenda, job);
    });
    agenda.on('error', (error: Error) => logger.error({ err: error.message }, 'job scheduler error'));
    await agenda.ready;
    return agenda;
  }

  /** Logs a finished run and tells the listeners; returns whether it succeeded. */
  function report(job: JobWithId): boolean {
    const { attrs } = job;
    const failed =
      attrs.failedAt !== undefined && attrs.failedAt.getTime() === attrs.lastFinishedAt?.getTime();
    const event: JobFinished<JobName> = {
      id: String(attrs._id),
      name: attrs.name as JobName,
      data: (attrs.data ?? {}) as Record<string, unknown>,
      ok: !failed,
      ...(failed ? { error: attrs.failReason ?? 'unknown failure' } : {}),
    };
    if (failed) {
      logger.error(
        { job: event.name, id: event.id, failCount: attrs.failCount, err: event.error },
        'job failed',
      );
    } else {
      const ms = (attrs.lastFinishedAt?.getTime() ?? 0) - (attrs.lastRunAt?.getTime() ?? 0);
      logger.info({ job: event.name, id: event.id, ms }, 'job finished');
    }
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        logger.error({ err: (error as Error).message }, 'job completion listener failed');
      }
    }
    return !failed;
  }

  /**
   * Removes a one-off job that succeeded, so that manual and delayed runs do not pile up. Agenda's own
   * `removeOnComplete` awaits the removal before the job leaves its running list, and `drain()` misses
   * that and waits out its whole timeout; here the removal is not awaited.
   */
  function forget(agenda: Agenda, job: JobWithId): void {
    agenda.cancel({ id: job.attrs._id }).catch((error: unknown) => {
      logger.warn(
        { job: job.attrs.name, id: job.attrs._id, err: (error as Error).message },
        'finished job not removed',
      );
    });
  }

  async function configured(name: JobName): Promise<Agenda> {
    const agenda = await connect();
    if (!definitions.includes(name))
      throw new Error(`job "${name}" is not configured: no handler was supplied`);
    return agenda;
  }

  return {
    get running() {
      return running;
    },

    async start() {
      if (running) return;
      const agenda = await connect();
      await reconcileRecurring(agenda, definitions, schedules, timezone, logger);
      await rescheduleInterrupted(agenda, definitions, logger);
      await agenda.start();
      watchdog = setInterval(() => {
        rescheduleInterrupted(agenda, definitions, logger).catch((error: unknown) => {
          logger.error({ err: (error as Error).message }, 'interrupted runs not checked');
        });
      }, options.processEveryMs).unref();
      running = true;
      logger.info({ definitions, timezone }, 'job scheduler started');
    },

    async stop() {
      if (!running) return;
      const agenda = await connect();
      clearInterval(watchdog);
      await agenda.stop(false);
      running = false;
      logger.info('job scheduler stopped');
    },

    async drain(timeoutMs) {
      if (!running) return { timedOut: false, stillRunning: 0 };
      const agenda = await connect();
      clearInterval(watchdog);
      const result = await drainAndRelease(agenda, definitions, timeoutMs);
      running = false;
      if (result.timedOut)
        logger.warn({ stillRunning: result.running }, 'jobs still running after the drain timeout');
      else logger.info({ completed: result.completed }, 'job scheduler drained');
      return { timedOut: result.timedOut, stillRunning: result.running };
    },

    async now(name, data) {
      const job = await (await configured(name)).now(name, data);
      return { id: String(job.attrs._id) };
    },

    async runAt(when, name, data) {
      const job = await (await configured(name)).schedule(when, name, data);
      return { id: String(job.attrs._id) };
    },

    async state() {
      const agenda = await connect();
      const { jobs } = definitions.length > 0 ? await agenda.queryJobs({ names: definitions }) : { jobs: [] };
      return {
        running,
        definitions,
        notConfigured: options.names.filter((name) => !definitions.includes(name)),
        scheduled: jobs
          .filter((job) => job.repeatInterval !== undefined)
          .map((job) => {
            // A job recurring once per source (ingestion) tells its schedules apart by `data.sourceId`.
            const sourceId = (job.data as { sourceId?: string } | undefined)?.sourceId;
            return {
              name: job.name as JobName,
              ...(sourceId === undefined ? {} : { sourceId }),
              nextRunAt: job.nextRunAt ? job.nextRunAt.toISOString() : null,
            };
          })
          .sort((a, b) => (a.nextRunAt ?? '~').localeCompare(b.nextRunAt ?? '~')),
        lockedCount: jobs.filter((job) => job.lockedAt !== undefined).length,
        failedCount: jobs.filter((job) => job.state === 'failed').length,
      };
    },

    onFinished(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
