/**
 * Runs again a recurring job whose last run was interrupted by the death of its process. Agenda retakes
 * the lapsed lock, but a recurring job's nextRunAt already points at its next occurrence, so Agenda only
 * releases it: a Monday run cut short by a crash would wait a week. A run was interrupted when it started
 * (lastRunAt) after it last finished (lastFinishedAt) and nobody holds its lock (a live run keeps its lock
 * fresh). The job is first claimed with Agenda's compare-and-set lock, so that two processes cannot both
 * reschedule it, nor reschedule a run another process has just begun. Runs are thus at least once:
 * handlers must be idempotent.
 */
import type { Agenda, JobWithState } from 'agenda';
import type { Logger } from '../src/logging/logger.ts';

export async function rescheduleInterrupted(
  agenda: Agenda,
  names: readonly string[],
  logger: Logger,
): Promise<void> {
  if (names.length === 0) return;
  const { jobs } = await agenda.queryJobs({ names: [...names] });
  const by = { lastModifiedBy: agenda.attrs.name };
  for (const job of jobs.filter(wasInterrupted)) {
    const claimed = await agenda.db.lockJob(job, by);
    if (!claimed) continue;
    await agenda.db.saveJobState({ ...claimed, nextRunAt: new Date(), lockedAt: undefined }, by);
    logger.warn(
      { job: job.name, data: job.data, lastRunAt: job.lastRunAt },
      'interrupted run rescheduled now',
    );
  }
}

function wasInterrupted(job: JobWithState): boolean {
  return (
    job.repeatInterval !== undefined &&
    job.lockedAt === undefined &&
    job.lastRunAt !== undefined &&
    (job.lastFinishedAt === undefined || job.lastFinishedAt < job.lastRunAt)
  );
}
