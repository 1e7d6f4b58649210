/**
 * The bodies of the ingestion and scoring jobs: pull or read each source's new deliveries, and score the
 * latest ended term week. Each calls a domain service and logs what it did in counts. The rules, digest,
 * governance-summary and retention jobs have their own files beside this one (ruleJobs.ts,
 * postingJobs.ts, retentionJob.ts); adapters/runtime/jobCatalogue.ts lists them all.
 */
import type { Logger } from '../../src/logging/logger.ts';
import type { Repositories } from '../../src/repositories/index.ts';
import { scoreLatestEndedWeek } from '../../src/weekly/latestWeek.ts';
import { runIngestSource } from '../connectors/ingestSource.ts';

export function ingestAndScoreHandlers(repos: Repositories, logger: Logger) {
  return {
    'ingest-source': async ({ sourceId }: { sourceId: string }) => {
      // Landing directory, SFTP pull, Moodle, Canvas or Graph: whichever the source's feed configures.
      const { outcomes, failed } = await runIngestSource(repos, sourceId, logger);
      if (outcomes.length === 0 && failed.length === 0)
        logger.info({ sourceId }, 'ingest-source: nothing new to ingest');
      for (const { deliveryId, status, rows, good, quarantined, students, weeks } of outcomes) {
        logger.info(
          {
            sourceId,
            delivery: deliveryId.slice(0, 12),
            status,
            rows,
            good,
            quarantined,
            students,
            weeks: weeks.length,
          },
          'ingest-source: delivery processed',
        );
      }
    },
    'score-week': async (_options: Record<string, unknown>) => {
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
