/**
 * A model's metrics on one term, in the stored document's shape (modelDocument.ts): per term week the
 * count, base rate, ROC AUC and PR AUC on the logit, Brier on the calibrated probability; pooled the same,
 * plus a 10-bin calibration table; with the operating threshold, also each week's flagged count, precision
 * and recall of flagging at it. Pure.
 */
import { averagePrecision, brierScore, calibrationTable, rocAuc, statsAtThreshold } from './metrics.ts';
import type { ModelMetrics } from './modelDocument.ts';

export interface ScoredRows {
  termWeeks: readonly number[];
  logits: ArrayLike<number>;
  probabilities: ArrayLike<number>;
  labels: readonly number[];
  /** The calibrated probability at or above which a student is flagged, when the metrics should say how flagging fares. */
  threshold?: number;
}

/** Summed precisions can land a hair above 1; the stored document requires [0, 1]. */
function unit(value: number | null): number | null {
  return value === null ? null : Math.min(1, Math.max(0, value));
}

export function termMetrics(rows: ScoredRows): ModelMetrics {
  const all = rows.labels.map((_, i) => i);
  const pick = (at: number[]) => ({
    logit: at.map((i) => rows.logits[i] as number),
    p: at.map((i) => rows.probabilities[i] as number),
    y: at.map((i) => rows.labels[i] as number),
  });
  const weeks = [...new Set(rows.termWeeks)].sort((a, b) => a - b);
  const perWeek = weeks.map((week) => {
    const { logit, p, y } = pick(all.filter((i) => rows.termWeeks[i] === week));
    return {
      week,
      count: y.length,
      baseRate: y.reduce((a, b) => a + b, 0) / y.length,
      auc: unit(rocAuc(logit, y)),
      prAuc: unit(averagePrecision(logit, y)),
      brier: brierScore(p, y),
      ...(rows.threshold === undefined ? {} : atThreshold(p, y, rows.threshold)),
    };
  });
  const { logit, p, y } = pick(all);
  return {
    perWeek,
    auc: unit(rocAuc(logit, y)),
    prAuc: unit(averagePrecision(logit, y)),
    brier: y.length === 0 ? 0 : brierScore(p, y),
    baseRate: y.length === 0 ? 0 : y.reduce((a, b) => a + b, 0) / y.length,
    calibration: calibrationTable(p, y, 10),
  };
}

function atThreshold(p: number[], y: number[], threshold: number) {
  const stats = statsAtThreshold(p, y, threshold);
  return { flagged: stats.flagged, precision: unit(stats.precision), recall: unit(stats.recall) };
}
