/**
 * Shared cause (docs/score.md): a peer group whose activity level (the median of its students' weekly raw
 * activity) falls to `threshold` × its baseline or below (by default: at least halves) is annotated for the
 * week — an exam week, a cancelled event or a data gap, not individual disengagement. The baseline is the
 * median level of the group's latest `baselineWeeks` earlier weeks and needs `minBaselineWeeks` of them and
 * a positive value; without one nothing is detected. A median is not moved by one unusual week, yet follows
 * a lasting change within a few weeks, so a group whose activity settles at a new level stops being flagged
 * instead of being compared with its early weeks for ever.
 */
import type { IsoWeek } from '../domain/isoWeek.ts';
import type { SharedCause } from '../domain/model.ts';
import type { ScoringConfig } from './config.ts';

/** One peer group's activity level in one week, as reported by scoreWeek and fed back in later weeks. */
export interface GroupActivity {
  week: IsoWeek;
  level: number;
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
  const levels = history
    .filter((entry) => entry.week < week)
    .sort((a, b) => (a.week < b.week ? 1 : -1))
    .slice(0, settings.baselineWeeks)
    .map((entry) => entry.level)
    .sort((a, b) => a - b);
  if (levels.length < settings.minBaselineWeeks) return null;
  const half = levels.length >> 1;
  const baseline =
    levels.length % 2 === 1
      ? (levels[half] as number)
      : ((levels[half - 1] as number) + (levels[half] as number)) / 2;
  if (!(baseline > 0) || level > settings.threshold * baseline) return null;
  return { peerGroup, week, level, baseline, drop: 1 - level / baseline };
}

/** Earlier weeks' peer-group summaries (as scoreWeek reports and the scores repository stores them) as history. */
export function activityHistoryOf(
  groups: Iterable<{ peerGroup: string; week: IsoWeek; activityLevel: number }>,
): ActivityHistory {
  const history: Record<string, GroupActivity[]> = {};
  for (const group of groups)
    (history[group.peerGroup] ??= []).push({ week: group.week, level: group.activityLevel });
  return history;
}
