/**
 * `engage model train` (issue 17): trains a model for a target (outcome: the latest term with recorded
 * outcomes; future-disengagement: the latest term scored far enough, targetSets.ts) on term weeks 4..12
 * that the term has, measures it on that term by two-fold cross-fitting by student (each half predicted by
 * a model trained on the other half), measures the active model like with like (promotionBasis below), and
 * stores a versioned document. Promotion rule: the new model becomes active only if it is at least as good
 * as the active one (isAtLeastAsGood); otherwise it is kept as a candidate. The first model has nothing to
 * compare with and becomes active, as does a model replacing one whose features this version can no
 * longer build. A model for another target than the active one's is not comparable: it stays a candidate.
 */
import type { Repositories } from '../repositories/index.ts';
import type { StoredRiskModel } from '../repositories/riskModels.ts';
import { applyCalibratorMany } from './calibration.ts';
import { foldOf, trainRiskModel, type RiskModel, type TrainingSet } from './dataset.ts';
import { termsWithOutcomes } from './loadTerm.ts';
import { predictLogits, type Row } from './logisticRegression.ts';
import { comparePromotion, type ModelDocument, type ModelMetrics } from './modelDocument.ts';
import { NotEnoughTermsError, TRAINING_WEEKS } from './modelReport.ts';
import { FeatureLayoutError, riskModelOf } from './storedModel.ts';
import { loadTargetSet, termsForTarget } from './targetSets.ts';
import type { ModelTarget } from './targets.ts';
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

/**
 * How the active model was measured for the promotion rule, so that both sides are out of sample:
 * - 'held-out term': it was trained on another term, so this term is new to it and it is measured here;
 * - 'stored cross-fitted metrics': it was trained on this same term and rows (same weeks, same counts and
 *   base rates), so its own stored cross-fitted metrics are used, as the candidate's are cross-fitted;
 * - 'cross-fitted recipe': trained on this term but the rows changed since (re-scored weeks, new
 *   outcomes): its recipe (its feature layout, trained as now) is cross-fitted on today's rows.
 */
export type PromotionBasis = 'held-out term' | 'stored cross-fitted metrics' | 'cross-fitted recipe';

export interface TrainResult {
  model: StoredRiskModel;
  /** The model active before, if any. */
  previous: string | null;
  trainingRows: number;
  /** Why this target: asked for, or the default (outcome when a term has outcomes). */
  targetChosen: 'asked' | 'default';
  /** How the active model was measured (null: no comparison). */
  promotionBasis: PromotionBasis | null;
  /** The active model predicts another target, so nothing was compared (the new one stays a candidate). */
  otherTarget: ModelTarget | null;
}

/** The target `engage model train` uses without --target: outcome when any term has outcomes. */
export async function defaultTarget(repos: Repositories): Promise<ModelTarget> {
  return (await termsWithOutcomes(repos)).length > 0 ? 'outcome' : 'future-disengagement';
}

/** The stored metrics were measured on these very rows: the same weeks, each with the same count and positives. */
function sameRows(stored: ModelMetrics, set: TrainingSet): boolean {
  const weeks = [...new Set(set.termWeeks)].sort((a, b) => a - b);
  return (
    stored.perWeek.length === weeks.length &&
    weeks.every((week, i) => {
      const w = stored.perWeek[i];
      const at = set.termWeeks.flatMap((k, j) => (k === week ? [set.labels[j] as number] : []));
      const positives = at.reduce((a, b) => a + b, 0);
      return (
        w !== undefined &&
        w.week === week &&
        w.count === at.length &&
        Math.round(w.baseRate * w.count) === positives
      );
    })
  );
}

/** The active model's metrics on the training term, out of sample (PromotionBasis). */
function currentMetrics(
  current: ModelDocument,
  risk: RiskModel,
  term: string,
  set: TrainingSet,
  train: Trainer,
): { metrics: ModelMetrics; basis: PromotionBasis } {
  if (!current.trainingWindow.terms.includes(term))
    return { metrics: metricsOf(risk, set), basis: 'held-out term' };
  if (sameRows(current.metrics, set))
    return { metrics: current.metrics, basis: 'stored cross-fitted metrics' };
  return { metrics: crossFittedMetrics(set, train(set), train), basis: 'cross-fitted recipe' };
}

export async function trainAndStoreModel(
  repos: Repositories,
  options: {
    now: Date;
    by: string;
    target?: ModelTarget;
    trainingWeeks?: readonly number[];
    train?: Trainer;
  },
): Promise<TrainResult> {
  const target = options.target ?? (await defaultTarget(repos));
  const wanted = options.trainingWeeks ?? TRAINING_WEEKS;
  const from = Math.min(...wanted);
  const term = (await termsForTarget(repos, target, from)).at(-1);
  if (term === undefined)
    throw new NotEnoughTermsError(
      target === 'outcome'
        ? 'training needs a completed term with recorded outcomes (found none)'
        : `training for future-disengagement needs a term scored through week ${from + 4} (found none)`,
    );
  const { set } = await loadTargetSet(repos, term, target, wanted);
  if (set.rows.length === 0 || !hasBothClasses(set)) {
    throw new NotEnoughTermsError(
      `term ${term} has no scored weeks ${wanted[0]}..${wanted.at(-1)} with both labels (${target}) to train on`,
    );
  }
  const train = options.train ?? trainRiskModel;
  const risk = train(set);
  const metrics = crossFittedMetrics(set, risk, train);

  const current = await repos.riskModels.active();
  let promotion = null;
  let promotionBasis: PromotionBasis | null = null;
  // An active model whose features can no longer be built cannot predict: the new model replaces it.
  const currentRisk = current === null ? null : usableOrNull(current.document);
  const otherTarget = current !== null && current.document.target !== target ? current.document.target : null;
  if (currentRisk !== null && current !== null && otherTarget === null) {
    const currentSet =
      currentRisk.sourceIds.join() === set.sourceIds.join()
        ? set
        : (await loadTargetSet(repos, term, target, wanted, currentRisk.sourceIds)).set;
    const measured = currentMetrics(current.document, currentRisk, term, currentSet, train);
    promotion = comparePromotion(metrics, measured.metrics);
    promotionBasis = measured.basis;
  }
  const status = currentRisk === null || promotion?.promote === true ? 'active' : 'candidate';
  const { versionId, sequence } = await repos.riskModels.nextVersion();
  const document: ModelDocument = {
    schemaVersion: 1,
    versionId,
    target,
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
  const model: StoredRiskModel = {
    versionId,
    sequence,
    document,
    trainedBy: options.by,
    promotion,
    promotionBasis,
  };
  await repos.riskModels.save(model);
  return {
    model,
    previous: current?.versionId ?? null,
    trainingRows: set.rows.length,
    targetChosen: options.target === undefined ? 'default' : 'asked',
    promotionBasis,
    otherTarget,
  };
}
