/**
 * The job catalogue: every job the service runs, one row each — its name, when it recurs, the data a run
 * carries and the factory of its body. The Agenda engine (jobs/) takes the rows as they are; adding a job
 * is one row here, its body beside the others in this folder. The weekly cycle: ingestion per source on the
 * source's own cron, then on Monday morning the score, the rules, the tutors' digests and the managers'
 * governance summary, in that order; the feed-health check hourly (cards in the admins' channel); the
 * retention purge nightly. Every cron is read in the institution's
 * time zone. Job data is stored in the job collection, so it holds ids only, never personal data; a run cut
 * short by a crash is run again, so a body must be safe to run twice for the same data.
 */
import { z } from 'zod';
import type { RetentionKind, RetentionPeriod } from '../../src/config/retention.ts';
import type { Logger } from '../../src/logging/logger.ts';
import type { Repositories } from '../../src/repositories/index.ts';
import type { RulePorts } from '../../src/rules/ports.ts';
import type { Store } from '../../src/store/types.ts';
import {
  createScheduler,
  type JobHandlers as HandlersOf,
  type Scheduler,
  type SchedulerOptions,
} from '../../jobs/scheduler.ts';
import { ingestAndScoreHandlers } from './ingestAndScoreJobs.ts';
import { feedHealthJobHandlers } from './feedHealthJob.ts';
import { postingJobHandlers, type PostingJobDeps } from './postingJobs.ts';
import { retentionJobHandlers } from './retentionJob.ts';
import { ruleJobHandlers } from './ruleJobs.ts';

/** The service's parts a job body is built from. */
export interface JobDeps {
  repos: Repositories;
  store: Store;
  logger: Logger;
  rulePorts: RulePorts;
  retentionPeriods: Record<RetentionKind, RetentionPeriod>;
  /** The chat side's digest builder and delivery pipeline. */
  posting: PostingJobDeps;
  /** Resolves once the chat routes are mounted: posting waits for it, so no platform looks missing. */
  chatMounted: Promise<void>;
}

/** What the configurable schedules are read from: DIGEST_CRON and the sources' feed configuration. */
interface ScheduleSettings {
  digestCron: string;
  ingestSchedules: readonly IngestSchedule[];
}

interface IngestSchedule {
  sourceId: string;
  cron: string;
}

/** When a job recurs: its schedules (data telling same-named ones apart, and a cron); none for a one-off. */
type Schedule = (settings: ScheduleSettings) => { data: Record<string, unknown>; cron: string }[];

interface JobRow<Data extends Record<string, unknown>> {
  schedule: Schedule;
  /** The data a run carries, checked before the body runs. */
  data: z.ZodType<Data>;
  handler: (deps: JobDeps) => (data: Data) => Promise<void>;
}

const DEFAULT_DIGEST_CRON = '0 8 * * 1';

const fixed =
  (cron: string): Schedule =>
  () => [{ data: {}, cron }];

/** One schedule per source with a pull connector, on that connector's cron. */
const perSource: Schedule = ({ ingestSchedules }) => {
  const sourceIds = ingestSchedules.map((schedule) => schedule.sourceId);
  const repeated = sourceIds.find((id, index) => sourceIds.indexOf(id) !== index);
  if (repeated !== undefined) throw new Error(`source "${repeated}" has more than one ingestion schedule`);
  return ingestSchedules.map(({ sourceId, cron }) => ({ data: { sourceId }, cron }));
};

/** Queued only: by a workflow step, or by hand. */
const oneOff: Schedule = () => [];

/** Options a job takes from a manual run; none of the recurring ones needs any. */
const options = z.record(z.string(), z.unknown());

const workflowStep = z.object({
  ruleId: z.string().min(1),
  studentId: z.string().min(1),
  week: z.string().regex(/^\d{4}-W\d{2}$/),
  action: z.number().int().min(0),
  step: z.number().int().min(0),
  startedAt: z.iso.datetime(),
});

/** Keeps a row's data and body types together (a literal alone would widen them). */
const row = <Data extends Record<string, unknown>>(job: JobRow<Data>): JobRow<Data> => job;

/** Waits for the chat routes before running a posting body. */
const afterMount =
  (mounted: Promise<void>, body: (data: Record<string, unknown>) => Promise<void>) =>
  async (data: Record<string, unknown>) => {
    await mounted;
    await body(data);
  };

export const JOB_CATALOGUE = {
  'ingest-source': row({
    schedule: perSource,
    data: z.object({ sourceId: z.string().min(1) }),
    handler: ({ repos, logger }) => ingestAndScoreHandlers(repos, logger)['ingest-source'],
  }),
  'score-week': row({
    schedule: fixed('0 5 * * 1'),
    data: options,
    handler: ({ repos, logger }) => ingestAndScoreHandlers(repos, logger)['score-week'],
  }),
  'evaluate-rules': row({
    schedule: fixed('0 6 * * 1'),
    data: options,
    handler: ({ repos, logger, rulePorts }) =>
      ruleJobHandlers(repos, logger, { ports: rulePorts })['evaluate-rules'],
  }),
  'post-digests': row({
    schedule: ({ digestCron }) => [{ data: {}, cron: digestCron }],
    data: options,
    handler: ({ posting, chatMounted }) =>
      afterMount(chatMounted, postingJobHandlers(posting)['post-digests']),
  }),
  'governance-summary': row({
    schedule: fixed('0 9 * * 1'),
    data: options,
    handler: ({ posting, chatMounted }) =>
      afterMount(chatMounted, postingJobHandlers(posting)['governance-summary']),
  }),
  'feed-health': row({
    schedule: fixed('15 * * * *'),
    data: options,
    handler: ({ posting, chatMounted }) =>
      afterMount(chatMounted, feedHealthJobHandlers(posting)['feed-health']),
  }),
  'retention-purge': row({
    schedule: fixed('30 2 * * *'),
    data: options,
    handler: ({ repos, store, retentionPeriods, logger }) =>
      retentionJobHandlers({ repos, store, periods: retentionPeriods, logger })['retention-purge'],
  }),
  // Names a student as `studentId`, where governance looks for one in queued jobs (jobs/collection.ts).
  'run-workflow-step': row({
    schedule: oneOff,
    data: workflowStep,
    handler: ({ repos, logger, rulePorts }) =>
      ruleJobHandlers(repos, logger, { ports: rulePorts })['run-workflow-step'],
  }),
};

type Catalogue = typeof JOB_CATALOGUE;
export type JobName = keyof Catalogue;
/** What a run of each job carries. */
export type JobDataMap = {
  [N in JobName]: Catalogue[N] extends JobRow<infer Data> ? Data : never;
};
export type JobHandlers = HandlersOf<JobDataMap>;
export type JobScheduler = Scheduler<JobDataMap>;

export const JOB_NAMES = Object.keys(JOB_CATALOGUE) as JobName[];

/** Every job's body, built from the service's parts. */
export function jobHandlers(deps: JobDeps): JobHandlers {
  const handlers: Record<string, unknown> = {};
  for (const name of JOB_NAMES) handlers[name] = JOB_CATALOGUE[name].handler(deps);
  return handlers as JobHandlers;
}

export interface JobSchedulerOptions
  extends Omit<SchedulerOptions<JobDataMap>, 'names' | 'recurring' | 'handlers'>, Partial<ScheduleSettings> {
  /** The bodies of the jobs this process runs; a job without one is neither defined nor scheduled. */
  handlers: JobHandlers;
}

/** The engine over the catalogue: its names, its schedules and the given bodies, each run's data checked. */
export function createJobScheduler(options: JobSchedulerOptions): JobScheduler {
  const { digestCron = DEFAULT_DIGEST_CRON, ingestSchedules = [], handlers, ...engine } = options;
  const settings = { digestCron, ingestSchedules };
  return createScheduler<JobDataMap>({
    ...engine,
    names: JOB_NAMES,
    recurring: JOB_NAMES.flatMap((name) =>
      JOB_CATALOGUE[name].schedule(settings).map((schedule) => ({ name, ...schedule })),
    ),
    handlers: Object.fromEntries(
      JOB_NAMES.flatMap((name) => {
        const handler = handlers[name] as ((data: unknown) => Promise<void>) | undefined;
        return handler ? [[name, checked(name, handler)]] : [];
      }),
    ) as JobHandlers,
  });
}

function checked(name: JobName, handler: (data: unknown) => Promise<void>) {
  return async (data: Record<string, unknown>) => {
    const parsed = JOB_CATALOGUE[name].data.safeParse(data);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
      throw new Error(`${name}: bad job data: ${fields}`);
    }
    await handler(parsed.data);
  };
}
