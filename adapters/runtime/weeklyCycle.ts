/**
 * The bodies of the weekly cycle's jobs, as far as they exist: each calls a domain service and logs what
 * it did in counts. Jobs not listed here (ingestion, rules, digests, governance, retention) arrive with
 * their own capabilities; until then the scheduler reports them as not configured.
 */
import type { Logger } from '../../src/logging/logger.ts';
import type { Repositories } from '../../src/repositories/index.ts';
import { scoreLatestEndedWeek } from '../../src/weekly/latestWeek.ts';
import type { JobHandlers } from '../../jobs/names.ts';

export function weeklyCycleHandlers(repos: Repositories, logger: Logger): JobHandlers {
  return {
    'score-week': async () => {
      const summary = await scoreLatestEndedWeek(repos, new Date());
      if (!summary) {
        logger.warn('score-week: the calendar has no ended term week to score');
        return;
      }
      const { week, scored, excludedStatus, noData, configVersion } = summary;
      logger.info(
        { week, scored, excludedStatus, noData, configVersion, sharedCauses: summary.sharedCauses.length },
        'score-week: week scored',
      );
    },
  };
}
