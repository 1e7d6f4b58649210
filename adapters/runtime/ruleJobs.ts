/**
 * The bodies of the alert-rule jobs: `evaluate-rules` first hands notifications still waiting in the outbox
 * to the chat notifier (when wired), then evaluates the enabled rules for the latest scored week (after
 * `score-week` on Monday morning; re-running it fires nothing new) and `run-workflow-step`
 * runs one workflow step and schedules the next through the WorkflowScheduler port. `agendaWorkflows`
 * is that port over the job scheduler. Logs say what happened in counts and ids, never names.
 */
import { z } from 'zod';
import type { JobHandlers } from '../../jobs/names.ts';
import { JOB_NAMES } from '../../jobs/names.ts';
import type { Scheduler } from '../../jobs/scheduler.ts';
import type { Logger } from '../../src/logging/logger.ts';
import type { Repositories } from '../../src/repositories/index.ts';
import type { RulePorts, WorkflowScheduler } from '../../src/rules/ports.ts';
import { deliverPendingNotifications } from '../../src/rules/outbox.ts';
import { evaluateRulesForWeek } from '../../src/rules/runWeek.ts';
import { runWorkflowStep } from '../../src/rules/workflow.ts';

const workflowStepData = z.object({
  ruleId: z.string().min(1),
  studentId: z.string().min(1),
  week: z.string().regex(/^\d{4}-W\d{2}$/),
  action: z.number().int().min(0),
  step: z.number().int().min(0),
  startedAt: z.iso.datetime(),
});

export interface RuleJobOptions {
  ports: RulePorts;
  /** The time the jobs act at; the wall clock unless a test drives it. */
  clock?: () => Date;
}

export function ruleJobHandlers(repos: Repositories, logger: Logger, options: RuleJobOptions): JobHandlers {
  const clock = options.clock ?? (() => new Date());
  return {
    [JOB_NAMES.evaluateRules]: async () => {
      if (options.ports.notifier) {
        const outbox = await deliverPendingNotifications(repos, options.ports.notifier, clock());
        if (outbox.sent + outbox.failed > 0) logger.info(outbox, 'evaluate-rules: outbox delivered');
      }
      const week = (await repos.scores.scoredWeeks()).at(-1);
      if (week === undefined) {
        logger.warn('evaluate-rules: no week has been scored yet');
        return;
      }
      const summary = await evaluateRulesForWeek(repos, { week, now: clock(), ports: options.ports });
      logger.info(
        {
          week,
          rules: summary.rules.length,
          evaluated: summary.rules.filter((rule) => rule.evaluated).length,
          fired: summary.rules.reduce((sum, rule) => sum + rule.fired, 0),
          actionsRun: summary.actionsRun,
        },
        'evaluate-rules: rules evaluated',
      );
    },
    [JOB_NAMES.runWorkflowStep]: async (data) => {
      const parsed = workflowStepData.safeParse(data);
      if (!parsed.success) {
        throw new Error(
          `run-workflow-step: bad job data: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`,
        );
      }
      const result = await runWorkflowStep(repos, parsed.data, { now: clock(), ports: options.ports });
      logger.info(
        {
          ruleId: parsed.data.ruleId,
          studentId: parsed.data.studentId,
          step: parsed.data.step,
          outcome: result.outcome,
        },
        'run-workflow-step: step done',
      );
    },
  };
}

/** The WorkflowScheduler port over the job scheduler: a step is a one-off `run-workflow-step` job. */
export function agendaWorkflows(scheduler: () => Scheduler): WorkflowScheduler {
  return {
    async schedule(step, runAt) {
      await scheduler().runAt(runAt, JOB_NAMES.runWorkflowStep, { ...step });
    },
  };
}
