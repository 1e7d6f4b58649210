/**
 * Scores every term week of a synthetic institution with the real engine, feeding shared-cause history and
 * each week's recent levels forward as the weekly run does.
 */
import { DEFAULT_SCORING_CONFIG, type ScoringConfig } from '../../src/scoring/config.ts';
import { scoreWeeksInOrder } from '../../src/scoring/scoreWeeksInOrder.ts';
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
  const results = scoreWeeksInOrder(
    termWeeks.map((week, i) => ({
      week,
      students: institution.students,
      sources: institution.sources,
      measures: measures[i] ?? [],
      config,
    })),
  );
  return { termWeeks, measures, results };
}
