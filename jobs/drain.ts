/**
 * Graceful shutdown of an Agenda instance: stop polling, wait for running jobs up to a timeout, then release
 * the jobs this process had locked but not started. Agenda's own `drain()` leaves those locked, so a job due
 * within one poll interval of a shutdown would wait out the whole lock lifetime before another process could
 * take it. Locks are found in the store (Agenda stamps each with the instance's name, `lastModifiedBy`)
 * rather than in Agenda's memory, which registers a lock only some time after taking it, and only once the
 * poll in flight (if any) is over: it goes on locking due jobs after drain() has returned.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Agenda, DrainResult, JobWithId } from 'agenda';

/** Agenda exposes no handle on a poll in flight; its processor's map of job names being polled is read. */
interface Processor {
  isJobQueueFilling?: Map<string, boolean>;
}

export async function drainAndRelease(
  agenda: Agenda,
  names: readonly string[],
  timeoutMs: number,
): Promise<DrainResult> {
  const started = new Set<string>();
  const onStart = (job: JobWithId) => started.add(String(job.attrs._id));
  agenda.on('start', onStart);
  try {
    const deadline = Date.now() + timeoutMs;
    const processor = (agenda as unknown as { jobProcessor?: Processor }).jobProcessor;
    const { runningJobs } = await agenda.getRunningStats(true);
    const result = await agenda.drain({ timeout: timeoutMs, closeConnection: false });
    while ((processor?.isJobQueueFilling?.size ?? 0) > 0 && Date.now() < deadline) await delay(10);
    if (typeof runningJobs !== 'number') for (const job of runningJobs) started.add(String(job._id));
    const { jobs } = names.length > 0 ? await agenda.queryJobs({ names: [...names] }) : { jobs: [] };
    const idle = jobs
      .filter((job) => job.lockedAt !== undefined && job.lastModifiedBy === agenda.attrs.name)
      .map((job) => String(job._id))
      .filter((id) => !started.has(id));
    if (idle.length > 0) await agenda.db.unlockJobs(idle);
    return result;
  } finally {
    agenda.off('start', onStart);
  }
}
