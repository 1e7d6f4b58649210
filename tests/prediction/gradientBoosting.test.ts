// Gradient boosting yardstick: one Newton-step stump worked by hand, determinism, an interaction the
// logistic regression cannot see, and sanity on data that is logistic.
import { describe, expect, it } from 'vitest';
import {
  fitGradientBoosting,
  predictBoostedLogit,
  predictBoostedProbabilities,
} from '../../src/prediction/gradientBoosting.ts';
import { fitLogisticRegression, predictLogits } from '../../src/prediction/logisticRegression.ts';
import { rocAuc } from '../../src/prediction/metrics.ts';
import { mulberry32, syntheticLogistic } from './random.ts';

describe('fitGradientBoosting', () => {
  it('takes one Newton step per leaf, as worked by hand', () => {
    // x = 0, 0, 1, 1; y = 0, 1, 1, 1. Base score = ln(3/1) = ln 3, so p = ¾ everywhere.
    // g = p − y: 0.75, −0.25, −0.25, −0.25;  h = p(1 − p) = 0.1875 each.
    // Only cut: x ≤ 0. Left rows g 0.75, −0.25 → G = 0.5, H = 0.375 → −G/H = −4/3;
    //                 right rows g −0.25, −0.25 → G = −0.5, H = 0.375 → +4/3.
    // With learning rate 1 and λ = 0: logit(x = 0) = ln 3 − 4/3 = −0.2347; logit(x = 1) = ln 3 + 4/3 = 2.4319
    const m = fitGradientBoosting([[0], [0], [1], [1]], [0, 1, 1, 1], {
      trees: 1,
      learningRate: 1,
      maxDepth: 1,
      minLeaf: 1,
      lambda: 0,
    });
    expect(m.baseScore).toBeCloseTo(Math.log(3), 12);
    expect(m.trees).toHaveLength(1);
    expect(m.trees[0]![0]).toMatchObject({ leaf: false, feature: 0, threshold: 0 });
    expect(predictBoostedLogit(m, [0])).toBeCloseTo(Math.log(3) - 4 / 3, 12);
    expect(predictBoostedLogit(m, [1])).toBeCloseTo(Math.log(3) + 4 / 3, 12);
    expect(predictBoostedLogit(m, [-5])).toBeCloseTo(Math.log(3) - 4 / 3, 12);
  });

  it('is deterministic and serialisable', () => {
    const { rows, labels } = syntheticLogistic(9, 800, -0.5, [1, -1, 0.5]);
    const a = fitGradientBoosting(rows, labels, { trees: 20 });
    const b = fitGradientBoosting(rows, labels, { trees: 20 });
    expect(a).toEqual(b);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    const p = predictBoostedProbabilities(a, rows);
    p.forEach((v) => {
      expect(v).toBeGreaterThan(0);
      expect(v).toBeLessThan(1);
    });
  });

  it('finds an interaction that a linear logit cannot (XOR), on held-out rows', () => {
    const rand = mulberry32(2024);
    const make = (n: number): { rows: number[][]; labels: number[] } => {
      const rows: number[][] = [];
      const labels: number[] = [];
      for (let i = 0; i < n; i++) {
        const a = rand() * 2 - 1;
        const b = rand() * 2 - 1;
        rows.push([a, b]);
        labels.push(rand() < (a * b > 0 ? 0.85 : 0.15) ? 1 : 0);
      }
      return { rows, labels };
    };
    const train = make(3000);
    const test = make(2000);
    const gb = fitGradientBoosting(train.rows, train.labels, { trees: 60, maxDepth: 2 });
    const lr = fitLogisticRegression(train.rows, train.labels);
    const aucGb = rocAuc(predictBoostedProbabilities(gb, test.rows), test.labels)!;
    const aucLr = rocAuc(predictLogits(lr, test.rows), test.labels)!;
    expect(aucLr).toBeLessThan(0.6);
    expect(aucGb).toBeGreaterThan(0.75);
  });

  it('comes close to the logistic regression when the truth is logistic', () => {
    const train = syntheticLogistic(31, 4000, -1, [1, -0.8, 0.4]);
    const test = syntheticLogistic(32, 3000, -1, [1, -0.8, 0.4]);
    const gb = fitGradientBoosting(train.rows, train.labels);
    const lr = fitLogisticRegression(train.rows, train.labels);
    const aucGb = rocAuc(predictBoostedProbabilities(gb, test.rows), test.labels)!;
    const aucLr = rocAuc(predictLogits(lr, test.rows), test.labels)!;
    expect(aucGb).toBeGreaterThan(aucLr - 0.03);
  });

  it('rejects one-class data and names a NaN column', () => {
    expect(() => fitGradientBoosting([[1], [2]], [1, 1])).toThrow(/only one class/);
    expect(() =>
      fitGradientBoosting(
        [
          [1, 2],
          [1, Number.NaN],
        ],
        [0, 1],
        { featureNames: ['a', 'b'] },
      ),
    ).toThrow(/'b' \(column 1\)/);
  });
});
