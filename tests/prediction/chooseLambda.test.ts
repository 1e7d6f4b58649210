// The penalty of the risk model is chosen on the training term by two-fold cross-fitting: strong shrinkage
// when the features carry nothing, light shrinkage when many rows carry a clear signal.
import { describe, expect, it } from 'vitest';
import { chooseLambda, LAMBDA_FACTORS, type TrainingSet } from '../../src/prediction/dataset.ts';
import { mulberry32, syntheticLogistic } from './random.ts';

/** One row per student, as a training set of one week. */
function setOf(rows: number[][], labels: number[]): TrainingSet {
  return {
    featureNames: (rows[0] ?? []).map((_, j) => `x${j}`),
    sourceIds: [],
    rows,
    labels,
    termWeeks: rows.map(() => 1),
    studentIds: rows.map((_, i) => `s${i}`),
  };
}

describe('chooseLambda', () => {
  const grid = LAMBDA_FACTORS.map((factor) => 9 * factor);

  it('shrinks hardest when the labels have nothing to do with the features', () => {
    const { rows } = syntheticLogistic(7, 300, 0, new Array<number>(20).fill(0.5));
    const rand = mulberry32(11);
    const noise = rows.map(() => (rand() < 0.3 ? 1 : 0));
    expect(chooseLambda(setOf(rows, noise), 9)).toBe(Math.max(...grid));
  });

  it('shrinks least when many rows carry a strong signal', () => {
    const { rows, labels } = syntheticLogistic(3, 4000, -1, [2, -1.5, 1]);
    expect(chooseLambda(setOf(rows, labels), 9)).toBe(Math.min(...grid));
  });
});
