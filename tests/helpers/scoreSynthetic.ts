/**
 * Scores every term week of a synthetic institution with the real engine, feeding shared-cause history and
 * each week's recent levels forward as the weekly run does.
 */
import { DEFAULT_SCORING_CONFIG, type ScoringConfig } from '../../src/scoring/config.ts';
import { recentLevelsOfResult } from '../../src/scoring/recentLevels.ts';
import { scoreWeek } from '../../src/scoring/scoreWeek.ts';
import { activityHistoryOf } from '../../src/scoring/sharedCause.ts';
import type { WeekScoreResult } from '../../src/scoring/types.ts';
import { measuresForWeek, type SyntheticInstitution } from '../../src/synthetic/index.ts';
import type { WeeklyMeasure } from '../../src/domain/model.ts';

export interface ScoredSynthetic {
  termWeeks: string[];
  measures: WeeklyMeasure[][];
  results: WeekScoreResult[];
}

export function scoreSyntheticTerm(
  institution: SyntheticInstitution,
  config: ScoringConfig = DEFAULT_SCORING_CONFIG,
): ScoredSynthetic {
  const termWeeks = institution.calendar.filter((week) => week.kind !== 'holiday').map((week) => week.week);
  const measures = termWeeks.map((week) => measuresForWeek(institution, week));
  const results: WeekScoreResult[] = [];
  termWeeks.forEach((week, i) => {
    results.push(
      scoreWeek({
        week,
        students: institution.students,
        sources: institution.sources,
        measures: measures[i] ?? [],
        activityHistory: activityHistoryOf(results.flatMap((result) => result.peerGroups)),
        recent: i === 0 ? null : recentLevelsOfResult(results[i - 1] as WeekScoreResult),
        sourceActivity: results.map((result) => ({
          week: result.week,
          activeShares: result.sourceActiveShares,
        })),
        config,
      }),
    );
  });
  return { termWeeks, measures, results };
}
