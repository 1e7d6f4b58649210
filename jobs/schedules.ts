/**
 * When each job of the weekly cycle recurs: ingestion per source on the source's own cron, then on Monday
 * morning the score, the rules, the tutors' digests and the managers' governance summary, in that order;
 * the retention purge nightly. All crons are read in the institution's time zone.
 */
import { JOB_NAMES, type JobName } from './names.ts';

export const DEFAULT_DIGEST_CRON = '0 8 * * 1';

export const DEFAULT_CRONS = {
  [JOB_NAMES.scoreWeek]: '0 5 * * 1',
  [JOB_NAMES.evaluateRules]: '0 6 * * 1',
  [JOB_NAMES.postDigests]: DEFAULT_DIGEST_CRON,
  [JOB_NAMES.governanceSummary]: '0 9 * * 1',
  [JOB_NAMES.retentionPurge]: '30 2 * * *',
} as const;

export interface IngestSchedule {
  sourceId: string;
  cron: string;
}

/** One recurring job: a name, its data (which tells schedules of the same name apart) and its cron. */
export interface RecurringSchedule {
  name: JobName;
  data: Record<string, unknown>;
  cron: string;
}

export function weeklyCycle(options: {
  digestCron: string;
  ingestSchedules: readonly IngestSchedule[];
}): RecurringSchedule[] {
  const sourceIds = options.ingestSchedules.map((schedule) => schedule.sourceId);
  const repeated = sourceIds.find((id, index) => sourceIds.indexOf(id) !== index);
  if (repeated !== undefined) throw new Error(`source "${repeated}" has more than one ingestion schedule`);
  const crons = { ...DEFAULT_CRONS, [JOB_NAMES.postDigests]: options.digestCron };
  return [
    ...options.ingestSchedules.map(({ sourceId, cron }) => ({
      name: JOB_NAMES.ingestSource,
      data: { sourceId },
      cron,
    })),
    ...Object.entries(crons).map(([name, cron]) => ({ name: name as JobName, data: {}, cron })),
  ];
}
