/**
 * Scores weeks in order as the weekly run does, feeding forward what each week hands the next: the peer
 * groups' activity history (shared cause), the recent levels and the sources' active shares (data gaps).
 * For callers that hold the measures in memory (tests, benchmarks, the synthetic institution); the
 * weekly run reads the same three things back from the store (src/weekly/scoreAndStoreWeek.ts).
 */
import { recentLevelsOfResult } from './recentLevels.ts';
import { scoreWeek } from './scoreWeek.ts';
import { activityHistoryOf } from './sharedCause.ts';
import type { ScoreWeekInput, WeekScoreResult } from './types.ts';

export type WeekInput = Omit<ScoreWeekInput, 'recent' | 'sourceActivity' | 'activityHistory'>;

export function scoreWeeksInOrder(weeks: Iterable<WeekInput>): WeekScoreResult[] {
  const results: WeekScoreResult[] = [];
  for (const input of weeks) {
    const previous = results.at(-1);
    results.push(
      scoreWeek({
        ...input,
        activityHistory: activityHistoryOf(results.flatMap((result) => result.peerGroups)),
        recent: previous === undefined ? null : recentLevelsOfResult(previous),
        sourceActivity: results.map((result) => ({
          week: result.week,
          activeShares: result.sourceActiveShares,
        })),
      }),
    );
  }
  return results;
}
