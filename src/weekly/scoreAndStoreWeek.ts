/**
 * One week's scoring run: loads what the engine needs through the repositories, scores, and stores the
 * result. Only term weeks are scored. A new week uses the current scoring configuration; re-running a week
 * already scored reuses the version it was scored with and the sources in force then, so it reproduces it.
 * Method recent-log continues from the levels stored for the previous term week of the same term, so
 * weeks are scored in order (as the weekly job and every backfill do). After scoring, the predict step
 * (prediction/predictWeek.ts) stores the active risk model's predictions for the week.
 */
import { addWeeks, type IsoWeek } from '../domain/isoWeek.ts';
import { isTermWeek } from '../domain/model.ts';
import type { Repositories } from '../repositories/index.ts';
import { scoreWeek } from '../scoring/scoreWeek.ts';
import { predictAndStoreWeek, type WeekPredictionSummary } from '../prediction/predictWeek.ts';
import type { SharedCause } from '../domain/model.ts';
import { RECENT_WEEKS } from '../scoring/dataGaps.ts';

export interface WeekRunSummary {
  week: IsoWeek;
  /** False when the week is not a term week of the calendar (nothing is scored). */
  scoredWeek: boolean;
  configVersion: number;
  scored: number;
  excludedStatus: number;
  noData: number;
  sharedCauses: SharedCause[];
  /** Sources that were a data gap this week: missing for everyone, not zero. */
  dataGaps: string[];
  peerGroups: number;
  mergedPeerGroups: number;
  /** The predict step's summary (issue 17); absent when the week was not scored. */
  prediction?: WeekPredictionSummary;
}

export async function scoreAndStoreWeek(repos: Repositories, week: IsoWeek): Promise<WeekRunSummary> {
  const calendar = await repos.institution.calendar();
  const calendarWeek = calendar.find((entry) => entry.week === week);
  const storedVersion = await repos.scores.configVersionOf(week);
  const { version: configVersion, config } =
    (storedVersion === null ? null : await repos.scoringConfig.version(storedVersion)) ??
    (await repos.scoringConfig.current());
  if (!calendarWeek || !isTermWeek(calendarWeek)) {
    return {
      week,
      scoredWeek: false,
      configVersion,
      scored: 0,
      excludedStatus: 0,
      noData: 0,
      sharedCauses: [],
      dataGaps: [],
      peerGroups: 0,
      mergedPeerGroups: 0,
    };
  }

  const baselineFrom = addWeeks(week, -(config.sharedCause.baselineWeeks + 8));
  const termWeeksBefore = calendar
    .filter((entry) => entry.week < week && isTermWeek(entry) && entry.term === calendarWeek.term)
    .map((entry) => entry.week)
    .sort();
  const previousTermWeek = termWeeksBefore.at(-1);
  const [students, sources, measureColumns, previousMeasures, activityHistory, recent, sourceActivity] =
    await Promise.all([
      repos.institution.listStudents(),
      repos.sources.sourcesInForce(week),
      repos.measures.columnsForWeek(week),
      config.method === 'weekly-rank' && config.missingData === 'impute'
        ? repos.measures.measuresBetween(addWeeks(week, -4), addWeeks(week, -1))
        : Promise.resolve([]),
      repos.scores.activityHistoryBefore(week, baselineFrom),
      config.method === 'recent-log' && previousTermWeek !== undefined
        ? repos.scores.recentLevelsOf(previousTermWeek)
        : Promise.resolve(null),
      termWeeksBefore.length === 0
        ? Promise.resolve([])
        : repos.scores.sourceActivityBefore(
            week,
            termWeeksBefore.at(-RECENT_WEEKS) ?? (termWeeksBefore[0] as IsoWeek),
          ),
    ]);

  const result = scoreWeek({
    week,
    students,
    sources,
    measures: [],
    measureColumns,
    previousMeasures,
    activityHistory,
    recent,
    sourceActivity,
    config,
  });
  await repos.scores.saveWeek(result, configVersion);
  // The predict step: the active model's risk for every student scored this week (nothing when off).
  const prediction = await predictAndStoreWeek(repos, week);

  return {
    week,
    scoredWeek: true,
    configVersion,
    scored: result.scores.length,
    excludedStatus: result.unscored.filter((entry) => entry.reason === 'excluded-status').length,
    noData: result.unscored.filter((entry) => entry.reason === 'no-data').length,
    sharedCauses: result.sharedCauses,
    dataGaps: result.dataGaps,
    peerGroups: result.peerGroups.length,
    mergedPeerGroups: result.peerGroups.filter((group) => group.mergedFrom.length > 0).length,
    prediction,
  };
}
