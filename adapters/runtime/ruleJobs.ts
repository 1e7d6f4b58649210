/**
 * The bodies of the alert-rule jobs: `evaluate-rules` first hands notifications still waiting in the outbox
 * to the chat notifier (when wired), then evaluates the enabled rules for the latest scored week (after
 * `score-week` on Monday morning; re-running it fires nothing new) and `run-workflow-step` runs one
 * workflow step (its data checked by the job catalogue) and schedules the next through the
 * WorkflowScheduler port. `agendaWorkflows` is that port over the job scheduler. Logs say what happened in
 * counts and ids, never names.
 */
import type { Logger } from '../../src/logging/logger.ts';
import type { Repositories } from '../../src/repositories/index.ts';
import type { RulePorts, WorkflowScheduler, WorkflowStepRef } from '../../src/rules/ports.ts';
import { deliverPendingNotifications } from '../../src/rules/outbox.ts';
import { evaluateRulesForWeek } from '../../src/rules/runWeek.ts';
import { runWorkflowStep } from '../../src/rules/workflow.ts';

export interface RuleJobOptions {
  ports: RulePorts;
  /** The time the jobs act at; the wall clock unless a test drives it. */
  clock?: () => Date;
}

export function ruleJobHandlers(repos: Repositories, logger: Logger, options: RuleJobOptions) {
  const clock = options.clock ?? (() => new Date());
  return {
    'evaluate-rules': async (_options: Record<string, unknown>) => {
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
    'run-workflow-step': async (step: WorkflowStepRef) => {
      const result = await runWorkflowStep(repos, step, { now: clock(), ports: options.ports });
      logger.info(
        {
          ruleId: step.ruleId,
          studentId: step.studentId,
          step: step.step,
          outcome: result.outcome,
        },
        'run-workflow-step: step done',
      );
    },
  };
}

/** What `agendaWorkflows` needs of the job scheduler: queuing a one-off `run-workflow-step` run. */
interface StepQueue {
  runAt(when: Date, name: 'run-workflow-step', data: WorkflowStepRef): Promise<unknown>;
}

/** The WorkflowScheduler port over the job scheduler: a step is a one-off `run-workflow-step` job. */
export function agendaWorkflows(scheduler: () => StepQueue): WorkflowScheduler {
  return {
    async schedule(step, runAt) {
      await scheduler().runAt(runAt, 'run-workflow-step', { ...step });
    },
  };
}
