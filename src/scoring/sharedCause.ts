/**
 * Shared cause (SPEC §3): a peer group whose activity level (the median of its students' weekly raw
 * activity) falls to `threshold` × its baseline or below (by default: at least halves) is annotated for the week — an exam week, a cancelled
 * event or a data gap, not individual disengagement. The baseline is the mean level of the group's latest
 * `baselineWeeks` earlier weeks that were not shared causes themselves, and needs `minBaselineWeeks` of them
 * and a positive mean; without one nothing is detected.
 */
import type { IsoWeek } from '../domain/isoWeek.ts';
import type { SharedCause } from '../domain/model.ts';
import type { ScoringConfig } from './config.ts';

/** One peer group's activity level in one week, as reported by scoreWeek and fed back in later weeks. */
export interface GroupActivity {
  week: IsoWeek;
  level: number;
  sharedCause: boolean;
}

/** Earlier weeks' activity levels by peer-group key (any order; entries not before the scored week are ignored). */
export type ActivityHistory = Readonly<Record<string, readonly GroupActivity[]>>;

export function detectSharedCause(
  peerGroup: string,
  week: IsoWeek,
  level: number,
  history: readonly GroupActivity[],
  settings: ScoringConfig['sharedCause'],
): SharedCause | null {
  const baselineWeeks = history
    .filter((entry) => entry.week < week && !entry.sharedCause)
    .sort((a, b) => (a.week < b.week ? 1 : -1))
    .slice(0, settings.baselineWeeks);
  if (baselineWeeks.length < settings.minBaselineWeeks) return null;
  const baseline = baselineWeeks.reduce((sum, entry) => sum + entry.level, 0) / baselineWeeks.length;
  if (!(baseline > 0) || level > settings.threshold * baseline) return null;
  return { peerGroup, week, level, baseline, drop: 1 - level / baseline };
}

/** Earlier weeks' peer-group summaries (as scoreWeek reports and the scores repository stores them) as history. */
export function activityHistoryOf(
  groups: Iterable<{
    peerGroup: string;
    week: IsoWeek;
    activityLevel: number;
    sharedCause: SharedCause | null;
  }>,
): ActivityHistory {
  const history: Record<string, GroupActivity[]> = {};
  for (const group of groups) {
    (history[group.peerGroup] ??= []).push({
      week: group.week,
      level: group.activityLevel,
      sharedCause: group.sharedCause !== null,
    });
  }
  return history;
}
