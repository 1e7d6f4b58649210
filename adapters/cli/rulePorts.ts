/**
 * The alert-rule ports for a CLI command that evaluates rules (`engage score`, `engage demo`): student email
 * through SMTP when configured (never for the synthetic demo), and workflow steps queued as
 * `run-workflow-step` jobs in the store's job collection — the CLI never runs jobs itself; the service's
 * scheduler picks them up when they come due. Tutor notifications wait in the outbox for the service.
 */
import type { Env } from '../../src/config/env.ts';
import { createLogger } from '../../src/logging/logger.ts';
import type { Repositories } from '../../src/repositories/index.ts';
import type { RulePorts } from '../../src/rules/ports.ts';
import type { Store } from '../../src/store/types.ts';
import { mailerFromEnv } from '../email/smtpMailer.ts';
import { createJobScheduler } from '../runtime/jobCatalogue.ts';
import { agendaWorkflows, ruleJobHandlers } from '../runtime/ruleJobs.ts';

export interface CliRulePorts {
  ports: RulePorts;
  close(): void;
}

export function cliRulePorts(
  env: Env,
  repos: Repositories,
  store: Store,
  options: { email: boolean },
): CliRulePorts {
  const logger = createLogger({ level: 'silent' });
  const mailer = options.email ? mailerFromEnv(env) : undefined;
  // Defines the job (so steps can be queued); never started here, so no job runs in this process.
  const jobs = createJobScheduler({
    store,
    logger,
    lockLifetimeMs: env.JOBS_LOCK_LIFETIME_MS,
    processEveryMs: env.JOBS_PROCESS_EVERY_MS,
    timezone: env.TIMEZONE,
    handlers: { 'run-workflow-step': ruleJobHandlers(repos, logger, { ports: {} })['run-workflow-step'] },
  });
  return {
    ports: { ...(mailer ? { mailer } : {}), workflows: agendaWorkflows(() => jobs) },
    close: () => mailer?.close(),
  };
}
