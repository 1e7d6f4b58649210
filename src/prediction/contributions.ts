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
  return Array.from(row, (x, j) => {
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
  if (row.length !== model.featureNames.length)
    throw new Error(`contributions: row has ${row.length} values, expected ${model.featureNames.length}`);
  // One pass keeping the n largest so far (a later feature goes after an equal earlier one): the predict
  // step asks this of every student each week, so it allocates nothing per feature.
  const top: number[] = [];
  const topContribution: number[] = [];
  const keep = Math.max(0, n);
  for (let j = 0; j < row.length; j++) {
    const x = row[j]!;
    if (!Number.isFinite(x))
      throw new Error(`contributions: feature '${model.featureNames[j]}' (column ${j}) is ${x}`);
    const contribution = (model.coefficients[j]! * (x - model.means[j]!)) / model.sds[j]!;
    if (!(contribution > 0)) continue;
    let at = top.length;
    while (at > 0 && topContribution[at - 1]! < contribution) at--;
    if (at >= keep) continue;
    top.splice(at, 0, j);
    topContribution.splice(at, 0, contribution);
    if (top.length > keep) {
      top.pop();
      topContribution.pop();
    }
  }
  const valueOf = (name: string) => {
    const j = model.featureNames.indexOf(name);
    return j < 0 ? undefined : row[j];
  };
  return top.map((j, r) => {
    const feature = model.featureNames[j]!;
    const value = row[j]!;
    const trainingMean = model.means[j]!;
    return {
      feature,
      value,
      trainingMean,
      contribution: topContribution[r]!,
      sentence: describe(feature, value, trainingMean, valueOf),
    };
  });
}
