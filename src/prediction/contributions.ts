/**
 * Why a student-week scores high: each feature's additive contribution to the logit relative to the
 * training mean (standardised coefficient × standardised value, so a feature at its training mean
 * contributes 0 and logit = intercept + Σ contributions), and the top features pushing risk up, each with a
 * plain-words sentence from a caller-supplied describe function.
 */
import type { LogisticModel, Row } from './logisticRegression.ts';

/** Contribution of each feature to the logit, in the model's feature order. */
export function contributions(model: LogisticModel, row: Row): number[] {
  if (row.length !== model.featureNames.length)
    throw new Error(`contributions: row has ${row.length} values, expected ${model.featureNames.length}`);
  return row.map((x, j) => {
    if (!Number.isFinite(x))
      throw new Error(`contributions: feature '${model.featureNames[j]}' (column ${j}) is ${x}`);
    return (model.coefficients[j]! * (x - model.means[j]!)) / model.sds[j]!;
  });
}

export interface Reason {
  feature: string;
  value: number;
  trainingMean: number;
  /** Contribution to the logit (> 0: pushes risk up). */
  contribution: number;
  sentence: string;
}

/** `valueOf` gives the same student's value of another feature (undefined if the model has none). */
export type Describe = (
  featureName: string,
  value: number,
  trainingMean: number,
  valueOf?: (featureName: string) => number | undefined,
) => string;

/**
 * The n features with the largest positive contributions, largest first (ties in model feature order).
 * Features that lower or do not change the risk are never reasons, so fewer than n may come back.
 */
export function topReasons(row: Row, model: LogisticModel, describe: Describe, n = 3): Reason[] {
  const c = contributions(model, row);
  const valueOf = (name: string) => {
    const j = model.featureNames.indexOf(name);
    return j < 0 ? undefined : row[j];
  };
  return c
    .map((contribution, j) => ({ contribution, j }))
    .filter((e) => e.contribution > 0)
    .sort((a, b) => b.contribution - a.contribution || a.j - b.j)
    .slice(0, Math.max(0, n))
    .map(({ contribution, j }) => {
      const feature = model.featureNames[j]!;
      const value = row[j]!;
      const trainingMean = model.means[j]!;
      return {
        feature,
        value,
        trainingMean,
        contribution,
        sentence: describe(feature, value, trainingMean, valueOf),
      };
    });
}
