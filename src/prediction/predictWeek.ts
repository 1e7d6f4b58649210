/**
 * The weekly predict step (issue 17), run right after a week is scored: the active model's calibrated
 * risk, At Risk flag, trajectory and top three reasons in plain words for every student scored that week,
 * stored under the model's version. Features are rebuilt from the stored scores of the term's weeks up to
 * this one only, so re-running a week with the same model gives the same predictions; a new model stores
 * its own and never rewrites another model's. Nothing runs when the AI layer is switched off or no model
 * is active.
 */
import type { IsoWeek } from '../domain/isoWeek.ts';
import { isTermWeek } from '../domain/model.ts';
import type { Repositories } from '../repositories/index.ts';
import type { RiskPrediction } from '../repositories/riskModels.ts';
import { topReasons } from './contributions.ts';
import { predictRisk } from './dataset.ts';
import { describeFeature, type SourceLabel } from './describeFeature.ts';
import { FeatureBuilder, slope, type CohortWeek } from './features.ts';
import { loadWeek } from './loadTerm.ts';
import type { Row } from './logisticRegression.ts';
import { FeatureLayoutError, riskModelOf } from './storedModel.ts';
import { disengagedAt } from './targetSets.ts';
import { trajectoryOf } from './trajectory.ts';

/** Risk change and score slope are read over this many weeks. */
const TRAJECTORY_WEEKS = 4;

export interface WeekPredictionSummary {
  week: IsoWeek;
  /** The model that predicted, or null when nothing was predicted. */
  modelVersion: string | null;
  predicted: number;
  atRisk: number;
  /** Why nothing was predicted. */
  skipped?: 'switched off' | 'no active model' | 'not a scored term week' | 'active model unusable';
}

/** The scored term weeks of `week`'s term, up to and including it, oldest first. */
async function termWeeksUpTo(repos: Repositories, week: IsoWeek): Promise<IsoWeek[] | null> {
  const [calendar, scoredWeeks] = await Promise.all([
    repos.institution.calendar(),
    repos.scores.scoredWeeks(),
  ]);
  const own = calendar.find((entry) => entry.week === week);
  const scored = new Set(scoredWeeks);
  if (!own || !isTermWeek(own) || !scored.has(week)) return null;
  return calendar
    .filter(
      (entry) => entry.term === own.term && isTermWeek(entry) && entry.week <= week && scored.has(entry.week),
    )
    .map((entry) => entry.week)
    .sort();
}

export async function predictAndStoreWeek(
  repos: Repositories,
  week: IsoWeek,
): Promise<WeekPredictionSummary> {
  const nothing = (skipped: WeekPredictionSummary['skipped']): WeekPredictionSummary => ({
    week,
    modelVersion: null,
    predicted: 0,
    atRisk: 0,
    skipped,
  });
  const settings = await repos.riskModels.settings();
  if (!settings.enabled) return nothing('switched off');
  const active = await repos.riskModels.active();
  if (active === null) return nothing('no active model');
  const termWeeks = await termWeeksUpTo(repos, week);
  if (termWeeks === null) return nothing('not a scored term week');

  // A model whose features this version cannot build (features changed since) never stops scoring.
  let risk;
  try {
    risk = riskModelOf(active.document);
  } catch (error) {
    if (error instanceof FeatureLayoutError) return nothing('active model unusable');
    throw error;
  }
  const sources = await repos.sources.listSources();
  const labels: Record<string, SourceLabel> = Object.fromEntries(
    sources.map((source) => [source.id, { name: source.name, kind: source.kind }]),
  );
  const describe = describeFeature(labels);

  const weeks: CohortWeek[] = [];
  for (const w of termWeeks) weeks.push(await loadWeek(repos, w, null));
  const current = weeks.at(-1) as CohortWeek;
  const studentIds = [...current.studentIds];

  const builder = new FeatureBuilder(risk.sourceIds);
  const earlierIndex = weeks.length - 1 - TRAJECTORY_WEEKS;
  let earlier = new Map<string, number>();
  weeks.forEach((cohortWeek, index) => {
    builder.addWeek(cohortWeek);
    if (index === earlierIndex) {
      const ids = [...cohortWeek.studentIds];
      const p = predictRisk(risk, builder.rows(ids));
      earlier = new Map(ids.map((id, i) => [id, p[i] as number]));
    }
  });
  const rows = builder.rows(studentIds);
  const probabilities = predictRisk(risk, rows);
  const { target } = active.document;
  // Already consistently low or low-engagement: not a future disengagement, those lists show them.
  const excluded =
    target === 'future-disengagement' ? await disengagedAt(repos, termWeeks) : new Set<string>();

  // Per student: scored weeks so far, and the last four weeks' scores (NaN where unscored).
  const scoreColumns = weeks.map((w) => new Map(w.studentIds.map((id, i) => [id, w.score[i] as number])));
  const recentColumns = scoreColumns.slice(-TRAJECTORY_WEEKS);

  const predictions: Omit<RiskPrediction, 'week' | 'modelVersion'>[] = studentIds.map((studentId, i) => {
    const probability = probabilities[i] as number;
    const atRisk = probability >= risk.operatingThreshold && !excluded.has(studentId);
    const before = earlier.get(studentId);
    const recentScores = recentColumns.map((column) => column.get(studentId) ?? NaN);
    const scoredRecently = recentScores.filter(Number.isFinite).length;
    const trajectory = trajectoryOf(
      {
        scoredWeeks: scoreColumns.filter((column) => column.has(studentId)).length,
        atRisk,
        riskChange4w: before === undefined ? null : probability - before,
        scoreSlope4w: scoredRecently < 2 ? null : slope(recentScores),
      },
      settings.minHistoryWeeks,
    );
    const reasons = topReasons(rows[i] as Row, risk.model, describe, 3).map((reason) => ({
      feature: reason.feature,
      sentence: reason.sentence,
    }));
    return { studentId, probability, atRisk, trajectory, reasons, target };
  });
  await repos.riskModels.savePredictions(week, active.versionId, predictions);
  return {
    week,
    modelVersion: active.versionId,
    predicted: predictions.length,
    atRisk: predictions.filter((p) => p.atRisk).length,
  };
}
