/**
 * `engage model train` (issue 17): trains a model on the latest completed term (the latest term with
 * recorded outcomes, term weeks 4..12 that it has), measures it on that term by two-fold cross-fitting by
 * student (each half predicted by a model trained on the other half), measures the active model on the
 * same term's rows, and stores a versioned document. Promotion rule: the new model becomes active only if
 * it is at least as good as the active one there (isAtLeastAsGood); otherwise it is kept as a candidate.
 * The first model has nothing to compare with and becomes active, as does a model replacing one whose
 * features this version can no longer build.
 */
import type { Repositories } from '../repositories/index.ts';
import type { StoredRiskModel } from '../repositories/riskModels.ts';
import { applyCalibratorMany } from './calibration.ts';
import { buildDataset, foldOf, trainRiskModel, type RiskModel, type TrainingSet } from './dataset.ts';
import { loadTerm, termsWithOutcomes } from './loadTerm.ts';
import { predictLogits, type Row } from './logisticRegression.ts';
import { comparePromotion, type ModelDocument, type ModelMetrics } from './modelDocument.ts';
import { NotEnoughTermsError, TRAINING_WEEKS } from './modelReport.ts';
import { FeatureLayoutError, riskModelOf } from './storedModel.ts';
import { termMetrics } from './termMetrics.ts';

export { NotEnoughTermsError };

function subset(set: TrainingSet, keep: (i: number) => boolean): TrainingSet {
  const at = set.rows.flatMap((_, i) => (keep(i) ? [i] : []));
  return {
    ...set,
    rows: at.map((i) => set.rows[i] as Row),
    labels: at.map((i) => set.labels[i] as number),
    termWeeks: at.map((i) => set.termWeeks[i] as number),
    studentIds: at.map((i) => set.studentIds[i] as string),
  };
}

const hasBothClasses = (set: TrainingSet) => set.labels.includes(0) && set.labels.includes(1);

function metricsOf(risk: RiskModel, set: TrainingSet): ModelMetrics {
  const logits = predictLogits(risk.model, set.rows);
  return termMetrics({
    termWeeks: set.termWeeks,
    logits,
    probabilities: applyCalibratorMany(risk.calibrator, logits),
    labels: set.labels,
  });
}

/** Metrics of the training recipe on its own term, each half of the students predicted by the other half's model. */
export function crossFittedMetrics(
  set: TrainingSet,
  full: RiskModel,
  train: Trainer = trainRiskModel,
): ModelMetrics {
  const folds = set.studentIds.map(foldOf);
  const logits = new Float64Array(set.rows.length);
  const probabilities = new Float64Array(set.rows.length);
  for (const fold of [0, 1] as const) {
    const rest = subset(set, (i) => folds[i] !== fold);
    const held = folds.flatMap((f, i) => (f === fold ? [i] : []));
    const model = hasBothClasses(rest) ? train(rest) : full;
    const rows = held.map((i) => set.rows[i] as Row);
    const heldLogits = predictLogits(model.model, rows);
    const heldProbabilities = applyCalibratorMany(model.calibrator, heldLogits);
    held.forEach((i, j) => {
      logits[i] = heldLogits[j] as number;
      probabilities[i] = heldProbabilities[j] as number;
    });
  }
  return termMetrics({
    termWeeks: set.termWeeks,
    logits,
    probabilities,
    labels: set.labels,
    threshold: full.operatingThreshold,
  });
}

/** How a model is fitted: trainRiskModel (dataset.ts); a test may hand in another. */
export type Trainer = (set: TrainingSet) => RiskModel;

function usableOrNull(document: ModelDocument): RiskModel | null {
  try {
    return riskModelOf(document);
  } catch (error) {
    if (error instanceof FeatureLayoutError) return null;
    throw error;
  }
}

export interface TrainResult {
  model: StoredRiskModel;
  /** The model active before, if any. */
  previous: string | null;
  trainingRows: number;
}

export async function trainAndStoreModel(
  repos: Repositories,
  options: { now: Date; by: string; trainingWeeks?: readonly number[]; train?: Trainer },
): Promise<TrainResult> {
  const terms = await termsWithOutcomes(repos);
  const term = terms.at(-1);
  if (term === undefined)
    throw new NotEnoughTermsError('training needs a completed term with recorded outcomes (found none)');
  const wanted = options.trainingWeeks ?? TRAINING_WEEKS;
  const loaded = await loadTerm(repos, term, { maxWeeks: Math.max(...wanted) });
  const weeks = wanted.filter((k) => k <= loaded.weeks.length);
  const set = buildDataset(loaded.weeks, loaded.students, weeks);
  if (set.rows.length === 0 || !hasBothClasses(set)) {
    throw new NotEnoughTermsError(
      `term ${term} has no scored weeks ${wanted[0]}..${wanted.at(-1)} with both good and bad outcomes to train on`,
    );
  }
  const train = options.train ?? trainRiskModel;
  const risk = train(set);
  const metrics = crossFittedMetrics(set, risk, train);

  const current = await repos.riskModels.active();
  let promotion = null;
  // An active model whose features can no longer be built cannot predict: the new model replaces it.
  const currentRisk = current === null ? null : usableOrNull(current.document);
  if (currentRisk !== null) {
    const currentSet = buildDataset(loaded.weeks, loaded.students, weeks, currentRisk.sourceIds);
    promotion = comparePromotion(metrics, metricsOf(currentRisk, currentSet));
  }
  const status = currentRisk === null || promotion?.promote === true ? 'active' : 'candidate';
  const { versionId, sequence } = await repos.riskModels.nextVersion();
  const document: ModelDocument = {
    schemaVersion: 1,
    versionId,
    target: 'outcome',
    featureNames: risk.featureNames,
    model: risk.model,
    calibrator: risk.calibrator,
    trainingWindow: {
      terms: [term],
      fromWeek: Math.min(...risk.trainingWeeks),
      toWeek: Math.max(...risk.trainingWeeks),
    },
    metrics,
    operatingThreshold: risk.operatingThreshold,
    createdAt: options.now.toISOString(),
    status,
  };
  const model: StoredRiskModel = { versionId, sequence, document, trainedBy: options.by, promotion };
  await repos.riskModels.save(model);
  return { model, previous: current?.versionId ?? null, trainingRows: set.rows.length };
}
