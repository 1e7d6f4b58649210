/**
 * The weekly predict step (issue 17), run right after a week is scored: the active model's calibrated
 * risk, At Risk flag, trajectory and top three reasons in plain words for every student scored that week,
 * stored under the model's version. Features come from the stored scores of the term's weeks up to this
 * one only. The step continues from the feature state it saved after the term's previous scored week (the
 * builder's accumulators and the latest weeks' risk) and takes in this week alone, so a week costs the same
 * however late in the term; without a usable state (none saved, another model or feature layout, or any
 * stored week it took in re-scored or changed since) it rebuilds from the term's first week. Either way the
 * features and predictions are the same, bit for bit, so re-running a week with the same model gives the
 * same predictions; a new model stores its own and never rewrites another model's. Nothing runs when the AI
 * layer is switched off or no model is active. See docs/prediction.md, "Stored predictions and the predict
 * step".
 */
import { createHash } from 'node:crypto';
import type { IsoWeek } from '../domain/isoWeek.ts';
import { isTermWeek } from '../domain/model.ts';
import type { FeatureState } from '../repositories/featureStates.ts';
import type { Repositories } from '../repositories/index.ts';
import type { RiskPrediction } from '../repositories/riskModels.ts';
import { topReasons } from './contributions.ts';
import { predictRisk, type RiskModel } from './dataset.ts';
import { describeFeature, type SourceLabel } from './describeFeature.ts';
import { FeatureBuilder, FeatureStateLayoutError, slope } from './features.ts';
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

/**
 * What each of the weeks was read from: its scoring run and its measures' revisions. Read before the
 * weeks themselves, so a write in between can only make a saved state look stale, never current.
 */
async function inputsOf(repos: Repositories, weeks: readonly IsoWeek[]): Promise<string[]> {
  const [runs, revisions] = await Promise.all([
    repos.scores.runsOf(weeks),
    repos.measures.revisionsOf(weeks),
  ]);
  return weeks.map((week) => `${week} ${runs.get(week) ?? ''} ${revisions.get(week) ?? ''}`);
}

/** A state's stamp: the model, the builder's layout and what each week taken in was read from. */
function stampOf(modelVersion: string, layout: string, inputs: readonly string[]): string {
  return createHash('sha256')
    .update(JSON.stringify([modelVersion, layout, inputs]))
    .digest('hex');
}

/** One week's features and calibrated risk for everyone scored that week, and the state to save. */
export interface WeekRisk {
  studentIds: readonly string[];
  rows: Row[];
  probabilities: Float64Array;
  /** Each student's risk four term weeks before (NaN: not predicted then, or no such week). */
  earlier: Float64Array;
  /** The builder after this week, for the score history the trajectory reads. */
  builder: FeatureBuilder;
  /** What to save for the next week. */
  state: FeatureState;
  /** True when the step continued from the previous week's state, false when it rebuilt the term. */
  continued: boolean;
}

/**
 * The features and risk of the last of `termWeeks` (the term's scored weeks up to it, oldest first),
 * continuing from the previous week's saved state when it was made by this model from the weeks as they
 * are stored now, else rebuilding from the first week.
 */
export async function weekRisk(
  repos: Repositories,
  termWeeks: readonly IsoWeek[],
  risk: RiskModel,
  modelVersion: string,
): Promise<WeekRisk> {
  const last = termWeeks.length - 1;
  const previousWeek = termWeeks[last - 1];
  const layout = new FeatureBuilder(risk.sourceIds).stateLayout();
  const inputs = await inputsOf(repos, termWeeks);
  const saved = previousWeek === undefined ? null : await repos.featureStates.load(previousWeek);

  let builder: FeatureBuilder | null = null;
  if (saved !== null && saved.stamp === stampOf(modelVersion, layout, inputs.slice(0, last))) {
    try {
      builder = FeatureBuilder.fromState(saved.builder);
    } catch (error) {
      if (!(error instanceof FeatureStateLayoutError)) throw error;
    }
  }
  const continued = builder !== null;
  /** Risk of the weeks before this one (at most TRAJECTORY_WEEKS), by student, for a rebuild. */
  const before: { studentIds: readonly string[]; probabilities: Float64Array }[] = [];
  if (builder === null) {
    builder = new FeatureBuilder(risk.sourceIds);
    for (let index = 0; index < last; index++) {
      const week = await loadWeek(repos, termWeeks[index] as IsoWeek, null);
      builder.addWeek(week);
      if (index >= last - TRAJECTORY_WEEKS) {
        const probabilities = predictRisk(risk, builder.rows(week.studentIds));
        before.push({ studentIds: week.studentIds, probabilities });
      }
    }
  }
  const current = await loadWeek(repos, termWeeks[last] as IsoWeek, null);
  builder.addWeek(current);
  const studentIds = current.studentIds;
  const rows = builder.rows(studentIds);
  const probabilities = predictRisk(risk, rows);

  // The risk columns follow the builder's slots; a state's columns are those of its first slots.
  const builderState = builder.exportState();
  const n = builderState.studentIds.length;
  const bySlot = (ids: readonly string[], values: Float64Array): Float64Array => {
    const column = new Float64Array(n).fill(NaN);
    const slots = (builder as FeatureBuilder).stateSlots(ids);
    for (let j = 0; j < slots.length; j++) column[slots[j] as number] = values[j] as number;
    return column;
  };
  const padded = (column: Float64Array): Float64Array => {
    if (column.length === n) return column;
    const full = new Float64Array(n).fill(NaN);
    full.set(column);
    return full;
  };
  const history =
    saved !== null && continued
      ? saved.risk.map(padded)
      : before.map((week) => bySlot(week.studentIds, week.probabilities));
  const fourBefore = history.length === TRAJECTORY_WEEKS ? (history[0] as Float64Array) : null;
  const slots = builder.stateSlots(studentIds);
  const earlier = new Float64Array(slots.length).fill(NaN);
  if (fourBefore !== null)
    for (let j = 0; j < slots.length; j++) earlier[j] = fourBefore[slots[j] as number] as number;
  return {
    studentIds,
    rows,
    probabilities,
    earlier,
    builder,
    continued,
    state: {
      stamp: stampOf(modelVersion, layout, inputs),
      builder: builderState,
      risk: [...history, bySlot(studentIds, probabilities)].slice(-TRAJECTORY_WEEKS),
    },
  };
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

  const { studentIds, rows, probabilities, earlier, builder, state } = await weekRisk(
    repos,
    termWeeks,
    risk,
    active.versionId,
  );
  const { target } = active.document;
  // Already consistently low or low-engagement: not a future disengagement, those lists show them.
  const excluded =
    target === 'future-disengagement' ? await disengagedAt(repos, termWeeks) : new Set<string>();
  const history = builder.scoreHistory(studentIds, TRAJECTORY_WEEKS);
  const window = history.recent.map(() => NaN);
  const predictions: Omit<RiskPrediction, 'week' | 'modelVersion'>[] = studentIds.map((studentId, i) => {
    const probability = probabilities[i] as number;
    const atRisk = probability >= risk.operatingThreshold && !excluded.has(studentId);
    const before = earlier[i] as number;
    let scoredRecently = 0;
    for (let w = 0; w < window.length; w++) {
      window[w] = (history.recent[w] as Float64Array)[i] as number;
      if (Number.isFinite(window[w])) scoredRecently += 1;
    }
    const trajectory = trajectoryOf(
      {
        scoredWeeks: history.scoredWeeks[i] as number,
        atRisk,
        riskChange4w: Number.isNaN(before) ? null : probability - before,
        scoreSlope4w: scoredRecently < 2 ? null : slope(window),
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
  await repos.featureStates.save(week, state);
  // Kept: this week's state and the one it continued from, and the two latest (the weekly run's chain).
  const previousWeek = termWeeks.at(-2);
  await repos.featureStates.keepOnly([
    week,
    ...(previousWeek === undefined ? [] : [previousWeek]),
    ...(await repos.featureStates.weeks()).slice(-2),
  ]);
  return {
    week,
    modelVersion: active.versionId,
    predicted: predictions.length,
    atRisk: predictions.filter((p) => p.atRisk).length,
  };
}

/** Predicts the latest scored week with the active model (a model just trained or switched to), so the lists
 * show it at once; null when nothing is scored. */
export async function predictLatestWeek(repos: Repositories): Promise<WeekPredictionSummary | null> {
  const week = (await repos.scores.scoredWeeks()).at(-1);
  return week === undefined ? null : predictAndStoreWeek(repos, week);
}
