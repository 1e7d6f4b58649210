/**
 * Makes the recurring jobs of the given names in Agenda's collection match the configured schedules,
 * idempotently. A schedule that already exists with the same cron and time zone is left untouched, so its
 * nextRunAt, lock and run history survive a restart (a run missed while the service was down happens once,
 * on start); a changed cron or time zone is rewritten; a missing schedule is inserted; one no longer
 * configured (a removed source) is removed. Jobs of other names are left alone: a process without their
 * handlers cannot judge them.
 *
 * Agenda's `every()` is not used: it upserts on the job name alone (`type: 'single'`), so two sources'
 * `ingest-source` schedules would overwrite each other, and each call resets nextRunAt, lockedAt and the
 * run history of the stored job.
 */
import type { Agenda, Job, JobWithState } from 'agenda';
import type { Logger } from '../src/logging/logger.ts';

/** One recurring job: a name, its data (which tells schedules of the same name apart) and its cron. */
export interface RecurringSchedule<N extends string = string> {
  name: N;
  data: Record<string, unknown>;
  cron: string;
}

export async function reconcileRecurring(
  agenda: Agenda,
  names: readonly string[],
  schedules: readonly RecurringSchedule[],
  timezone: string,
  logger: Logger,
): Promise<void> {
  if (names.length === 0) return;
  const { jobs } = await agenda.queryJobs({ names: [...names] });
  let unclaimed = jobs.filter((job) => job.repeatInterval !== undefined);

  for (const schedule of schedules.filter((candidate) => names.includes(candidate.name))) {
    const mine = unclaimed.filter((job) => scheduleKey(job) === scheduleKey(schedule));
    unclaimed = unclaimed.filter((job) => !mine.includes(job));
    const [kept, ...duplicates] = mine;
    const job = recurringJob(agenda, schedule, timezone);
    const context = { job: schedule.name, ...schedule.data, cron: schedule.cron, timezone };

    if (!kept) {
      // The unique upsert keeps two processes starting at once from inserting the schedule twice.
      await job.unique({ data: schedule.data, repeatInterval: { $ne: null } }, { insertOnly: true }).save();
      logger.info({ ...context, nextRunAt: job.attrs.nextRunAt }, 'recurring job scheduled');
    } else if (kept.repeatInterval !== schedule.cron || kept.repeatTimezone !== timezone) {
      // Rewriting a stored job through Agenda also clears its lock and run history; this happens only
      // when an administrator changes the cron or the time zone.
      job.attrs._id = kept._id;
      await job.save();
      logger.info({ ...context, nextRunAt: job.attrs.nextRunAt }, 'recurring job rescheduled');
    }
    for (const duplicate of duplicates)
      await remove(agenda, duplicate, logger, 'duplicate recurring job removed');
  }
  for (const stale of unclaimed)
    await remove(agenda, stale, logger, 'recurring job no longer configured removed');
}

/** A recurring job as Agenda would store it; an unparseable cron or time zone is refused here. */
function recurringJob(agenda: Agenda, schedule: RecurringSchedule, timezone: string): Job<unknown> {
  const job = agenda.create(schedule.name, schedule.data);
  job.repeatEvery(schedule.cron, { timezone, skipImmediate: true });
  if (!job.attrs.nextRunAt) {
    throw new Error(
      `${schedule.name}: cannot compute the next run of cron "${schedule.cron}" in ${timezone}: ${job.attrs.failReason}`,
    );
  }
  return job;
}

async function remove(agenda: Agenda, job: JobWithState, logger: Logger, message: string): Promise<void> {
  await agenda.cancel({ id: job._id });
  logger.info({ job: job.name, data: job.data, cron: job.repeatInterval }, message);
}

function scheduleKey(job: { name: string; data: unknown }): string {
  const data = (job.data ?? {}) as Record<string, unknown>;
  return `${job.name} ${JSON.stringify(data, Object.keys(data).sort())}`;
}
