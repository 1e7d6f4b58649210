/**
 * Predictive risk, first slice (issue 17): training sets, training and the held-out report. Pure.
 *
 * - A training set of a term stacks, for each chosen term week k, one feature row per student (features.ts,
 *   weeks 1..k only). For the outcome target: each student still registered at the end of week k, labelled
 *   1 for a bad outcome (withdrew or failed) and 0 otherwise. For the future-disengagement target: each
 *   student scored at week k and not disengaged then, labelled from the next four weeks (disengagement.ts).
 * - Training: L2 logistic regression (the penalty is on the total log-loss and the features are
 *   standardised, so nothing depends on the institution's units), then isotonic calibration fitted on
 *   two-fold cross-fitted logits: students are split into two folds by a hash of their id, each half's
 *   logits come from a model trained on the other half, and the calibrator is fitted on those out-of-fold
 *   logits and applied to the full model's logits.
 * - λ is chosen on the training term itself: each of LAMBDA_FACTORS × the number of training weeks (each
 *   student gives up to that many strongly correlated rows, so factor 1 is about λ = 1 per student) is
 *   cross-fitted the same two-fold way, and the one with the lowest out-of-fold log loss is kept. Above
 *   MAX_TUNING_ROWS (10,000) the choice is made on a hash sample of students.
 * - Operating threshold: the calibrated probability that flags, among the training term's out-of-fold
 *   student-weeks, the top share equal to the training base rate (as many flags as there were bad
 *   outcomes). It is then fixed and applied unchanged to later terms.
 * - Size: above MAX_TRAINING_ROWS student-weeks, training keeps a hash sample of students.
 */
import { registeredAt, type EvaluatedStudent } from '../evaluation/evaluateTerm.ts';
import { applyCalibratorMany, fitIsotonic, type Calibrator } from './calibration.ts';
import { disengagementLabels, type DisengagementByWeek } from './disengagement.ts';
import { FeatureBuilder, sourcesOf, type CohortWeek } from './features.ts';
import { fitLogisticRegression, predictLogits, type LogisticModel, type Row } from './logisticRegression.ts';
import {
  averagePrecision,
  brierScore,
  calibrationTable,
  rocAuc,
  statsAtThreshold,
  thresholdForShare,
  type CalibrationBin,
} from './metrics.ts';

/** A student with a recorded outcome: withdrawnWeek decides only who was still registered, never a feature. */
export type LabelledStudent = EvaluatedStudent;

export interface TrainingSet {
  featureNames: string[];
  sourceIds: string[];
  rows: Row[];
  labels: number[];
  /** Term week of each row. */
  termWeeks: number[];
  studentIds: string[];
}

/**
 * Rows for each term week in `termWeeks` (1-based, sorted or not) that the term has; `sourceIds` fixes the
 * feature layout (default: the sources of the term's weeks — pass the training set's when scoring
 * another term).
 */
export function buildDataset(
  weeks: readonly CohortWeek[],
  students: readonly LabelledStudent[],
  termWeeks: readonly number[],
  sourceIds: readonly string[] = sourcesOf(weeks),
): TrainingSet {
  return stackRows(weeks, termWeeks, sourceIds, (_, week) => {
    const registered = students.filter((student) => registeredAt(student, week.week));
    return {
      asked: registered.map((student) => student.studentId),
      labels: registered.map((student) => (student.bad ? 1 : 0)),
    };
  });
}

/**
 * Future-disengagement rows: at each chosen term week k, the students scored then and not disengaged,
 * labelled from weeks k+1..k+4 (disengagement.ts); weeks without a complete window give no rows. Features
 * are built among everyone scored at k, as the predict step builds them.
 */
export function buildDisengagementDataset(
  weeks: readonly CohortWeek[],
  byWeek: DisengagementByWeek,
  termWeeks: readonly number[],
  sourceIds: readonly string[] = sourcesOf(weeks),
): TrainingSet {
  return stackRows(weeks, termWeeks, sourceIds, (k, week) => {
    const labels = disengagementLabels(byWeek, k);
    return {
      asked: [...week.studentIds],
      labels: week.studentIds.map((id) => labels.get(id) ?? null),
    };
  });
}

/**
 * Walks the term's weeks and, at each chosen week k, builds rows for the students `rowsAt` asks for and
 * keeps those with a label (null: left out).
 */
function stackRows(
  weeks: readonly CohortWeek[],
  termWeeks: readonly number[],
  sourceIds: readonly string[],
  rowsAt: (k: number, week: CohortWeek) => { asked: string[]; labels: (number | null)[] },
): TrainingSet {
  const wanted = new Set(termWeeks);
  const last = Math.min(weeks.length, Math.max(0, ...termWeeks));
  const builder = new FeatureBuilder(sourceIds);
  const set: TrainingSet = {
    featureNames: builder.names,
    sourceIds: [...sourceIds],
    rows: [],
    labels: [],
    termWeeks: [],
    studentIds: [],
  };
  for (let k = 1; k <= last; k++) {
    const week = weeks[k - 1] as CohortWeek;
    builder.addWeek(week);
    if (!wanted.has(k)) continue;
    const { asked, labels } = rowsAt(k, week);
    if (!labels.some((label) => label !== null)) continue;
    const rows = builder.rows(asked);
    asked.forEach((studentId, i) => {
      const label = labels[i];
      if (label === null || label === undefined) return;
      set.rows.push(rows[i] as Row);
      set.labels.push(label);
      set.termWeeks.push(k);
      set.studentIds.push(studentId);
    });
  }
  return set;
}

export interface RiskModel {
  featureNames: string[];
  sourceIds: string[];
  model: LogisticModel;
  calibrator: Calibrator;
  /** Calibrated probability at or above which a student is flagged. */
  operatingThreshold: number;
  /** Share of the training term's student-weeks with a bad outcome (the share the threshold flags). */
  trainingBaseRate: number;
  trainingWeeks: number[];
  lambda: number;
}

/** A stable string hash (FNV-1a, unsigned 32-bit), so splits and samples never depend on row order. */
function hashOf(studentId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < studentId.length; i++) {
    h ^= studentId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Fold 0 or 1 of a student, for cross-fitting. */
export function foldOf(studentId: string): 0 | 1 {
  return (hashOf(studentId) & 1) as 0 | 1;
}

/**
 * Above this many rows the training set keeps a deterministic sample of students (by a hash of their id,
 * all of a kept student's weeks): a few dozen standardised coefficients gain nothing measurable from more
 * rows, and each Newton step costs rows × features².
 */
export const MAX_TRAINING_ROWS = 100_000;

/** Students fall into this many buckets by their hash; a sample keeps the lowest buckets. */
const SAMPLE_BUCKETS = 1024;

const bucketOf = (studentId: string) => (hashOf(studentId) >>> 8) % SAMPLE_BUCKETS;

/**
 * The set itself when it has at most `maxRows` rows, else the rows of the students in the lowest hash
 * buckets that together hold at most `maxRows` rows. Buckets are counted in this set, so a sample of a
 * sample is as small as asked (a smaller sample is always part of a larger one).
 */
export function sampleStudents(set: TrainingSet, maxRows = MAX_TRAINING_ROWS): TrainingSet {
  if (set.rows.length <= maxRows) return set;
  const buckets = set.studentIds.map(bucketOf);
  const perBucket = new Array<number>(SAMPLE_BUCKETS).fill(0);
  for (const bucket of buckets) perBucket[bucket] = (perBucket[bucket] as number) + 1;
  let keep = 0;
  for (let total = 0; keep < SAMPLE_BUCKETS; keep++) {
    total += perBucket[keep] as number;
    if (total > maxRows) break;
  }
  const rows = buckets.flatMap((bucket, i) => (bucket < keep ? [i] : []));
  return {
    ...set,
    rows: rows.map((i) => set.rows[i] as Row),
    labels: rows.map((i) => set.labels[i] as number),
    termWeeks: rows.map((i) => set.termWeeks[i] as number),
    studentIds: rows.map((i) => set.studentIds[i] as string),
  };
}

/** The penalties tried, as multiples of the number of training weeks (factor 1 ≈ λ = 1 per student). */
export const LAMBDA_FACTORS = [1 / 3, 1, 3, 10];
/** The penalty is chosen on at most this many rows (a hash sample of students above it). */
export const MAX_TUNING_ROWS = 10_000;

/**
 * Two-fold cross-fitted logits by student (foldOf): each row's logit from a model trained on the other
 * fold (on every row when that fold has only one class), or null when the set has only one class.
 */
function crossFittedLogits(set: TrainingSet, lambda: number): Float64Array | null {
  if (!set.labels.includes(0) || !set.labels.includes(1)) return null;
  const fit = (rows: readonly Row[], labels: readonly number[]) =>
    fitLogisticRegression(rows, labels, { featureNames: set.featureNames, lambda });
  const outOfFold = new Float64Array(set.rows.length);
  const folds = set.studentIds.map(foldOf);
  for (const fold of [0, 1] as const) {
    const train = folds.flatMap((f, i) => (f === fold ? [] : [i]));
    const held = folds.flatMap((f, i) => (f === fold ? [i] : []));
    if (held.length === 0) continue;
    const trainLabels = train.map((i) => set.labels[i] as number);
    const usable = trainLabels.includes(0) && trainLabels.includes(1);
    const foldModel = usable
      ? fit(
          train.map((i) => set.rows[i] as Row),
          trainLabels,
        )
      : fit(set.rows, set.labels);
    const logits = predictLogits(
      foldModel,
      held.map((i) => set.rows[i] as Row),
    );
    held.forEach((i, j) => (outOfFold[i] = logits[j] as number));
  }
  return outOfFold;
}

/** Mean log loss of logits. */
function logitLogLoss(logits: Float64Array, labels: readonly number[]): number {
  let sum = 0;
  logits.forEach((z, i) => {
    // log(1 + e^z) − y·z, computed without overflow.
    sum += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - (labels[i] as number) * z;
  });
  return sum / logits.length;
}

/** The λ among LAMBDA_FACTORS × weeks with the lowest two-fold out-of-fold log loss on (a sample of) the set. */
export function chooseLambda(set: TrainingSet, weeks: number): number {
  const tuning = sampleStudents(set, MAX_TUNING_ROWS);
  let best = { lambda: Math.max(1, weeks), loss: Infinity };
  for (const factor of LAMBDA_FACTORS) {
    const lambda = Math.max(1, weeks) * factor;
    const logits = crossFittedLogits(tuning, lambda);
    const loss = logits === null ? Infinity : logitLogLoss(logits, tuning.labels);
    if (loss < best.loss) best = { lambda, loss };
  }
  return best.lambda;
}

export function trainRiskModel(full: TrainingSet, options: { maxRows?: number } = {}): RiskModel {
  const set = sampleStudents(full, options.maxRows);
  const trainingWeeks = [...new Set(set.termWeeks)].sort((a, b) => a - b);
  const lambda = chooseLambda(set, trainingWeeks.length);
  const model = fitLogisticRegression(set.rows, set.labels, { featureNames: set.featureNames, lambda });
  // Out-of-fold logits for the calibrator and the threshold.
  const outOfFold = crossFittedLogits(set, lambda) ?? predictLogits(model, set.rows);
  const calibrator = fitIsotonic(Array.from(outOfFold), set.labels);
  const calibrated = applyCalibratorMany(calibrator, outOfFold);
  const trainingBaseRate = set.labels.reduce((a, b) => a + b, 0) / set.labels.length;
  const cut = thresholdForShare(calibrated, trainingBaseRate);
  return {
    featureNames: set.featureNames,
    sourceIds: set.sourceIds,
    model,
    calibrator,
    operatingThreshold: cut ? cut.threshold : Math.max(...calibrated),
    trainingBaseRate,
    trainingWeeks,
    lambda,
  };
}

/** Calibrated probabilities of bad outcome for the rows. */
export function predictRisk(risk: RiskModel, rows: readonly Row[]): Float64Array {
  return applyCalibratorMany(risk.calibrator, predictLogits(risk.model, rows));
}

export interface WeekReport {
  termWeek: number;
  /** Students registered at the end of the week. */
  count: number;
  baseRate: number | null;
  auc: number | null;
  prAuc: number | null;
  brier: number | null;
  flagged: number;
  precision: number | null;
  recall: number | null;
  calibration: CalibrationBin[];
}

/**
 * Per term week of a held-out set: ranking (ROC AUC, PR AUC on the model's logit — calibration is monotone,
 * but its flat isotonic ends would only add ties), Brier and the 10-bin calibration table on the calibrated
 * probability, and precision and recall of flagging at the operating threshold.
 */
export function reportWeeks(risk: RiskModel, set: TrainingSet, termWeeks: readonly number[]): WeekReport[] {
  const logits = predictLogits(risk.model, set.rows);
  const probabilities = applyCalibratorMany(risk.calibrator, logits);
  return termWeeks.map((k) => {
    const at = set.termWeeks.flatMap((week, i) => (week === k ? [i] : []));
    const logit = at.map((i) => logits[i] as number);
    const p = at.map((i) => probabilities[i] as number);
    const y = at.map((i) => set.labels[i] as number);
    const stats = statsAtThreshold(p, y, risk.operatingThreshold);
    return {
      termWeek: k,
      count: at.length,
      baseRate: at.length === 0 ? null : y.reduce((a, b) => a + b, 0) / at.length,
      auc: rocAuc(logit, y),
      prAuc: averagePrecision(logit, y),
      brier: at.length === 0 ? null : brierScore(p, y),
      flagged: stats.flagged,
      precision: stats.precision,
      recall: stats.recall,
      calibration: calibrationTable(p, y, 10),
    };
  });
}
