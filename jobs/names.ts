/**
 * The weekly cycle's job names and the data each job carries. One `ingest-source` job name serves every
 * source: each source has its own schedule, told apart by `data.sourceId`. Job data is stored in the job
 * collection, so it holds ids only, never personal data. `run-workflow-step` is a one-off job: each run
 * carries one alert-rule workflow step and schedules the next.
 */
import type { WorkflowStepRef } from '../src/rules/ports.ts';

export const JOB_NAMES = {
  ingestSource: 'ingest-source',
  scoreWeek: 'score-week',
  evaluateRules: 'evaluate-rules',
  postDigests: 'post-digests',
  governanceSummary: 'governance-summary',
  retentionPurge: 'retention-purge',
  runWorkflowStep: 'run-workflow-step',
} as const;

export type JobName = (typeof JOB_NAMES)[keyof typeof JOB_NAMES];

/** The store collection Agenda keeps the jobs in. */
export const JOB_COLLECTION = 'agendaJobs';

/**
 * Queued jobs that name a student (an alert-rule workflow step's `data.studentId`): exported and erased
 * with the student's other records (src/governance/).
 */
export const JOB_STUDENT_DATA = { collection: JOB_COLLECTION, field: 'data.studentId' } as const;

export const ALL_JOB_NAMES: readonly JobName[] = Object.values(JOB_NAMES);

export interface IngestSourceData {
  sourceId: string;
}

/** What a job of name `N` receives; jobs other than ingestion take optional, handler-defined options. */
export type JobData<N extends JobName> = N extends typeof JOB_NAMES.ingestSource
  ? IngestSourceData
  : N extends typeof JOB_NAMES.runWorkflowStep
    ? WorkflowStepRef & Record<string, unknown>
    : Record<string, unknown>;

export type JobHandler<N extends JobName> = (data: JobData<N>) => Promise<void>;

/**
 * The bodies of the jobs, supplied by their owners; a job without a handler is not defined or scheduled.
 * A run cut short by a crash is run again, so a handler must be safe to run twice for the same data.
 */
export type JobHandlers = { [N in JobName]?: JobHandler<N> };
