// Logistic regression: closed-form checks on tiny data, recovery of known coefficients, optimality
// conditions, edge cases (separation, one class, NaN) and prediction speed.
import { describe, expect, it } from 'vitest';
import {
  fitLogisticRegression,
  predictLogit,
  predictLogits,
  predictProbabilities,
  predictProbability,
  rawCoefficients,
  sigmoid,
} from '../../src/prediction/logisticRegression.ts';
import { mulberry32, syntheticLogistic } from './random.ts';

describe('fitLogisticRegression — closed forms', () => {
  it('matches the group log-odds for one binary feature without penalty', () => {
    // x = 0: 1 positive of 4 → p = ¼, logit = ln(1/3)
    // x = 1: 3 positives of 4 → p = ¾, logit = ln 3
    // Unpenalised MLE reproduces both group rates: raw intercept ln(1/3), raw slope ln 3 − ln(1/3) = 2 ln 3.
    // Standardised: mean ½, sd ½, so z = ±1; slope_std = 2 ln 3 · ½ = ln 3, intercept_std = (ln ⅓ + ln 3)/2 = 0.
    const rows = [[0], [0], [0], [0], [1], [1], [1], [1]];
    const labels = [1, 0, 0, 0, 1, 1, 1, 0];
    const m = fitLogisticRegression(rows, labels, { lambda: 0, featureNames: ['late'] });
    expect(m.converged).toBe(true);
    expect(m.means).toEqual([0.5]);
    expect(m.sds).toEqual([0.5]);
    expect(m.coefficients[0]).toBeCloseTo(Math.log(3), 8);
    expect(m.intercept).toBeCloseTo(0, 8);
    const raw = rawCoefficients(m);
    expect(raw.intercept).toBeCloseTo(Math.log(1 / 3), 8);
    expect(raw.coefficients[0]).toBeCloseTo(2 * Math.log(3), 8);
    expect(predictProbability(m, [0])).toBeCloseTo(0.25, 8);
    expect(predictProbability(m, [1])).toBeCloseTo(0.75, 8);
  });

  it('shrinks the standardised slope to the value solving the penalised score equation', () => {
    // Same data, lambda = 1. By symmetry (z = ±1, rates ¼ and ¾) the intercept stays 0, and the slope β solves
    //   Σ z_i (y_i − σ(β z_i)) = λ β
    //   z = +1: 3 positives of 4 → 3 − 4σ(β);  z = −1: −(1 − 4σ(−β)) = −1 + 4(1 − σ(β)) = 3 − 4σ(β)
    //   → 6 − 8σ(β) = β. At β = 0 the left side is 2 > 0; at β = ln 3 it is 0 − ln 3 < 0: one root between.
    // Solved by bisection here, independently of the implementation.
    let lo = 0;
    let hi = Math.log(3);
    for (let i = 0; i < 200; i++) {
      const mid = (lo + hi) / 2;
      if (6 - 8 * sigmoid(mid) - mid > 0) lo = mid;
      else hi = mid;
    }
    const rows = [[0], [0], [0], [0], [1], [1], [1], [1]];
    const labels = [1, 0, 0, 0, 1, 1, 1, 0];
    const m = fitLogisticRegression(rows, labels, { lambda: 1 });
    expect(m.coefficients[0]).toBeCloseTo(lo, 8);
    expect(m.coefficients[0]).toBeLessThan(Math.log(3));
    expect(m.intercept).toBeCloseTo(0, 8);
  });

  it('gives a constant column sd 1 and coefficient 0; the intercept is the log-odds of the base rate', () => {
    // 3 positives of 10 → intercept = ln(3/7) = −0.8473
    const rows = Array.from({ length: 10 }, () => [5]);
    const labels = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
    const m = fitLogisticRegression(rows, labels, { lambda: 1 });
    expect(m.sds).toEqual([1]);
    expect(m.means).toEqual([5]);
    expect(m.coefficients[0]).toBeCloseTo(0, 12);
    expect(m.intercept).toBeCloseTo(Math.log(3 / 7), 10);
  });

  it('leaves the intercept unpenalised: fitted probabilities average to the base rate even with a big lambda', () => {
    const { rows, labels } = syntheticLogistic(11, 500, -1, [2, -1]);
    const m = fitLogisticRegression(rows, labels, { lambda: 50 });
    const p = predictProbabilities(m, rows);
    const meanP = p.reduce((a, b) => a + b, 0) / p.length;
    const baseRate = labels.reduce((a, b) => a + b, 0) / labels.length;
    expect(meanP).toBeCloseTo(baseRate, 8);
  });

  it('satisfies the penalised optimality conditions X_stdᵀ(y − p) = λβ (computed here from scratch)', () => {
    const { rows, labels } = syntheticLogistic(5, 400, 0.3, [1, 0.5, -0.7]);
    const lambda = 3;
    const m = fitLogisticRegression(rows, labels, { lambda });
    const n = rows.length;
    for (let j = 0; j < 3; j++) {
      const mean = rows.reduce((s, r) => s + r[j]!, 0) / n;
      const sd = Math.sqrt(rows.reduce((s, r) => s + (r[j]! - mean) ** 2, 0) / n);
      expect(m.means[j]).toBeCloseTo(mean, 10);
      expect(m.sds[j]).toBeCloseTo(sd, 10);
      let score = 0;
      rows.forEach((r, i) => (score += ((r[j]! - mean) / sd) * (labels[i]! - predictProbability(m, r))));
      expect(score).toBeCloseTo(lambda * m.coefficients[j]!, 6);
    }
  });
});

describe('fitLogisticRegression — synthetic recovery', () => {
  it('recovers known raw-scale coefficients within 0.1 on 20,000 seeded rows', () => {
    const trueIntercept = -1;
    const trueCoef = [1.5, -2, 0.5, 0];
    const { rows, labels } = syntheticLogistic(20260101, 20_000, trueIntercept, trueCoef);
    const m = fitLogisticRegression(rows, labels, { lambda: 1e-3, featureNames: ['a', 'b', 'c', 'noise'] });
    expect(m.converged).toBe(true);
    expect(m.iterations).toBeLessThan(15);
    const raw = rawCoefficients(m);
    expect(raw.intercept).toBeGreaterThan(trueIntercept - 0.1);
    expect(raw.intercept).toBeLessThan(trueIntercept + 0.1);
    raw.coefficients.forEach((c, j) => {
      expect(Math.abs(c - trueCoef[j]!)).toBeLessThan(0.1);
    });
  });

  it('treats a weight of 2 like a duplicated row', () => {
    const { rows, labels } = syntheticLogistic(3, 300, 0.2, [1, -1]);
    const weights = rows.map((_, i) => (i % 3 === 0 ? 2 : 1));
    const dupRows: number[][] = [];
    const dupLabels: number[] = [];
    rows.forEach((r, i) => {
      for (let k = 0; k < weights[i]!; k++) {
        dupRows.push(r);
        dupLabels.push(labels[i]!);
      }
    });
    const a = fitLogisticRegression(rows, labels, { lambda: 2, weights });
    const b = fitLogisticRegression(dupRows, dupLabels, { lambda: 2 });
    expect(a.intercept).toBeCloseTo(b.intercept, 8);
    a.coefficients.forEach((c, j) => expect(c).toBeCloseTo(b.coefficients[j]!, 8));
    a.means.forEach((c, j) => expect(c).toBeCloseTo(b.means[j]!, 10));
  });
});

describe('fitLogisticRegression — edge cases', () => {
  it('stays finite and converges under perfect separation when lambda > 0', () => {
    const rows = [[-2], [-1], [-0.5], [0.5], [1], [2]];
    const labels = [0, 0, 0, 1, 1, 1];
    const m = fitLogisticRegression(rows, labels, { lambda: 0.1 });
    expect(m.converged).toBe(true);
    expect(Number.isFinite(m.coefficients[0])).toBe(true);
    expect(m.coefficients[0]).toBeGreaterThan(0);
    const p = predictProbabilities(m, rows);
    for (let i = 1; i < p.length; i++) expect(p[i]!).toBeGreaterThan(p[i - 1]!);
    p.forEach((v) => {
      expect(v).toBeGreaterThan(0);
      expect(v).toBeLessThan(1);
    });
  });

  it('does not throw under perfect separation without a penalty, and says it did not converge', () => {
    const rows = [[-2], [-1], [1], [2]];
    const m = fitLogisticRegression(rows, [0, 0, 1, 1], { lambda: 0, maxIterations: 30 });
    expect(m.converged).toBe(false);
    expect(Number.isFinite(m.coefficients[0])).toBe(true);
  });

  it('rejects one-class training data', () => {
    expect(() => fitLogisticRegression([[1], [2]], [1, 1])).toThrow(/only one class/);
    expect(() => fitLogisticRegression([[1], [2]], [0, 0])).toThrow(/only one class/);
    // the only positive has weight 0
    expect(() => fitLogisticRegression([[1], [2]], [0, 1], { weights: [1, 0] })).toThrow(/only one class/);
  });

  it('names the column holding a NaN', () => {
    expect(() =>
      fitLogisticRegression(
        [
          [1, 2],
          [3, Number.NaN],
        ],
        [0, 1],
        { featureNames: ['attendance', 'absences'] },
      ),
    ).toThrow(/'absences' \(column 1\) is NaN at row 1/);
    const m = fitLogisticRegression(
      [
        [0, 1],
        [1, 0],
        [0, 0],
        [1, 1],
      ],
      [0, 1, 0, 1],
      { featureNames: ['attendance', 'absences'] },
    );
    expect(() => predictLogit(m, [Number.NaN, 1])).toThrow(/'attendance' \(column 0\)/);
    expect(() =>
      predictLogits(m, [
        [0, 1],
        [0, Number.POSITIVE_INFINITY],
      ]),
    ).toThrow(/'absences'.*row 1/);
    expect(() => predictLogit(m, [1])).toThrow(/expected 2/);
  });

  it('rejects bad labels, lengths, weights and lambda', () => {
    expect(() => fitLogisticRegression([], [])).toThrow(/no training rows/);
    expect(() => fitLogisticRegression([[1], [2]], [0, 2])).toThrow(/expected 0 or 1/);
    expect(() => fitLogisticRegression([[1], [2]], [0])).toThrow(/2 rows but 1 labels/);
    expect(() => fitLogisticRegression([[1], [2, 3]], [0, 1])).toThrow(/row 1 has 2 values/);
    expect(() => fitLogisticRegression([[1], [2]], [0, 1], { weights: [1, -1] })).toThrow(/weight/);
    expect(() => fitLogisticRegression([[1], [2]], [0, 1], { lambda: -1 })).toThrow(/lambda/);
    expect(() => fitLogisticRegression([[1], [2]], [0, 1], { featureNames: ['a', 'b'] })).toThrow(/names/);
  });
});

describe('predictions', () => {
  const { rows, labels } = syntheticLogistic(99, 2000, -0.5, [1, -1, 0.3]);
  const model = fitLogisticRegression(rows, labels, { lambda: 1 });

  it('are strictly inside (0, 1), and the batch path equals the single-row path', () => {
    const rand = mulberry32(7);
    const probe = Array.from({ length: 500 }, () => [rand() * 20 - 10, rand() * 20 - 10, rand() * 20 - 10]);
    const batch = predictProbabilities(model, probe);
    const logits = predictLogits(model, probe);
    probe.forEach((r, i) => {
      expect(batch[i]!).toBeGreaterThan(0);
      expect(batch[i]!).toBeLessThan(1);
      expect(logits[i]!).toBeCloseTo(predictLogit(model, r), 9);
      expect(batch[i]!).toBeCloseTo(predictProbability(model, r), 12);
    });
  });

  it('survives a JSON round trip unchanged', () => {
    const copy = JSON.parse(JSON.stringify(model)) as typeof model;
    expect(copy).toEqual(model);
    expect(predictLogit(copy, [1, 2, 3])).toBe(predictLogit(model, [1, 2, 3]));
  });

  it('scores many rows at once exactly as it scores each row (speed is in npm run bench -- --only predict)', () => {
    const rand = mulberry32(42);
    const p = 20;
    const train = syntheticLogistic(
      8,
      2000,
      0,
      Array.from({ length: p }, (_, j) => (j % 5) / 5 - 0.4),
    );
    const m = fitLogisticRegression(train.rows, train.labels);
    const big = Array.from({ length: 5_000 }, () => Array.from({ length: p }, () => rand()));
    const out = predictProbabilities(m, big);
    expect(out.length).toBe(5_000);
    big.forEach((row, i) => expect(out[i]).toBeCloseTo(predictProbability(m, row), 12));
  });
});
