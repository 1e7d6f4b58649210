/**
 * The retention purge: for each kind of data, the cut-off its configured period gives (now minus the
 * period), and the records of each collection of that kind dated before it — weekly data by ISO week (a
 * week goes once it ended before the cut-off's week), the rest by a date field. `planPurge` is pure; the
 * purge counts (dry run) or deletes through the retention repository and stores its report.
 */
import type { RetentionKind, RetentionPeriod } from '../config/retention.ts';
import { isoWeekOf, type IsoWeek } from '../domain/isoWeek.ts';
import type { GovernanceRepository, PurgedKind, PurgeReport } from '../repositories/governance.ts';
import type { RetentionRepository } from '../repositories/retention.ts';
import { COLLECTIONS } from '../store/collections.ts';
import type { Filter } from '../store/types.ts';

/** One collection's share of a kind: dated by ISO week or by a date field, optionally only some records. */
interface PurgeTarget {
  collection: string;
  by: { week: string } | { date: string };
  /** Only records that also match this (e.g. closed cases). */
  only?: Filter;
}

/** Which collections each kind of data lives in. */
export const RETENTION_TARGETS: Record<RetentionKind, PurgeTarget[]> = {
  weeklyCounts: [
    { collection: COLLECTIONS.measures.name, by: { week: 'week' } },
    { collection: COLLECTIONS.courseworkWeeks.name, by: { week: 'week' } },
    { collection: COLLECTIONS.heldCounts.name, by: { week: 'week' } },
  ],
  scores: [
    { collection: COLLECTIONS.scores.name, by: { week: 'week' } },
    { collection: COLLECTIONS.peerGroupWeeks.name, by: { week: 'week' } },
    { collection: COLLECTIONS.riskPredictions.name, by: { week: 'week' } },
    { collection: COLLECTIONS.featureStates.name, by: { week: 'week' } },
  ],
  audit: [{ collection: COLLECTIONS.auditLog.name, by: { date: 'at' } }],
  // An active case is never purged, however old.
  cases: [{ collection: COLLECTIONS.cases.name, by: { date: 'closedAt' }, only: { status: 'closed' } }],
  contacts: [{ collection: COLLECTIONS.contacts.name, by: { date: 'at' } }],
  quarantine: [{ collection: COLLECTIONS.quarantine.name, by: { date: 'at' } }],
  deliveries: [
    { collection: COLLECTIONS.deliveries.name, by: { date: 'receivedAt' } },
    { collection: COLLECTIONS.digestPosts.name, by: { date: 'claimedAt' } },
    { collection: COLLECTIONS.tutorNotifications.name, by: { date: 'createdAt' }, only: { status: 'sent' } },
    { collection: COLLECTIONS.ruleFirings.name, by: { date: 'at' }, only: { status: 'done' } },
  ],
  chartData: [{ collection: COLLECTIONS.chartImages.name, by: { date: 'expiresAt' } }],
};

/** `now` less the period (months and years by the calendar, in UTC). */
export function cutoffOf(now: Date, period: RetentionPeriod): Date {
  const cutoff = new Date(now.getTime());
  if (period.unit === 'd') cutoff.setUTCDate(cutoff.getUTCDate() - period.amount);
  if (period.unit === 'w') cutoff.setUTCDate(cutoff.getUTCDate() - 7 * period.amount);
  if (period.unit === 'm') cutoff.setUTCMonth(cutoff.getUTCMonth() - period.amount);
  if (period.unit === 'y') cutoff.setUTCFullYear(cutoff.getUTCFullYear() - period.amount);
  return cutoff;
}

export interface PlannedKind {
  kind: RetentionKind;
  period: RetentionPeriod;
  cutoff: Date;
  cutoffWeek: IsoWeek;
  filters: { collection: string; filter: Filter }[];
}

/** What each kind's purge removes: one filter per collection. */
export function planPurge(periods: Record<RetentionKind, RetentionPeriod>, now: Date): PlannedKind[] {
  return (Object.keys(RETENTION_TARGETS) as RetentionKind[]).map((kind) => {
    const period = periods[kind];
    const cutoff = cutoffOf(now, period);
    const cutoffWeek = isoWeekOf(cutoff);
    return {
      kind,
      period,
      cutoff,
      cutoffWeek,
      filters: RETENTION_TARGETS[kind].map(({ collection, by, only }) => ({
        collection,
        filter: {
          ...only,
          ...('week' in by ? { [by.week]: { $lt: cutoffWeek } } : { [by.date]: { $lt: cutoff } }),
        },
      })),
    };
  });
}

export interface PurgeDeps {
  retention: RetentionRepository;
  governance: Pick<GovernanceRepository, 'recordPurge'>;
}

/** Purges (or with `dryRun`, counts) what is past its period; a real purge stores its report. */
export async function runPurge(
  deps: PurgeDeps,
  periods: Record<RetentionKind, RetentionPeriod>,
  options: { now: Date; by: string; dryRun: boolean },
): Promise<PurgeReport> {
  const kinds: PurgedKind[] = [];
  for (const planned of planPurge(periods, options.now)) {
    const removed: Record<string, number> = {};
    for (const { collection, filter } of planned.filters) {
      removed[collection] = options.dryRun
        ? await deps.retention.count(collection, filter)
        : await deps.retention.remove(collection, filter);
    }
    kinds.push({
      kind: planned.kind,
      period: planned.period.text,
      cutoff: planned.cutoff,
      cutoffWeek: planned.cutoffWeek,
      removed,
    });
  }
  const report: PurgeReport = {
    at: options.now,
    by: options.by,
    dryRun: options.dryRun,
    kinds,
    total: kinds.reduce((sum, kind) => sum + Object.values(kind.removed).reduce((a, b) => a + b, 0), 0),
  };
  if (!options.dryRun) await deps.governance.recordPurge(report);
  return report;
}
