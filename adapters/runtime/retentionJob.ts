/**
 * The body of the nightly `retention-purge` job: deletes what is past its configured retention period
 * (src/governance/retention.ts), stores the purge report, compacts the embedded store so the purged
 * records leave its files, and logs the counts per kind (never a record).
 */
import type { RetentionKind, RetentionPeriod } from '../../src/config/retention.ts';
import { runPurge } from '../../src/governance/retention.ts';
import type { Logger } from '../../src/logging/logger.ts';
import type { Repositories } from '../../src/repositories/index.ts';
import type { Store } from '../../src/store/types.ts';
import { compactEmbedded } from '../store/erasureOnDisk.ts';

export function retentionJobHandlers(options: {
  repos: Repositories;
  store: Store;
  periods: Record<RetentionKind, RetentionPeriod>;
  logger: Logger;
  now?: () => Date;
}) {
  const now = options.now ?? (() => new Date());
  return {
    'retention-purge': async (_options: Record<string, unknown>) => {
      const report = await runPurge(options.repos, options.periods, { now: now(), by: 'job', dryRun: false });
      if (report.total > 0) await compactEmbedded(options.store);
      const byKind = Object.fromEntries(
        report.kinds.map((kind) => [kind.kind, Object.values(kind.removed).reduce((a, b) => a + b, 0)]),
      );
      options.logger.info({ total: report.total, ...byKind }, 'retention-purge: done');
    },
  };
}
