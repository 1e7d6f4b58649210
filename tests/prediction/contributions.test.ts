// Contributions and reasons on a hand-built model (arithmetic in the comments) and on a fitted one.
import { describe, expect, it } from 'vitest';
import { contributions, topReasons, type Describe } from '../../src/prediction/contributions.ts';
import {
  fitLogisticRegression,
  predictLogit,
  type LogisticModel,
} from '../../src/prediction/logisticRegression.ts';
import { syntheticLogistic } from './random.ts';

const model: LogisticModel = {
  kind: 'logistic',
  featureNames: ['missedSessions', 'vleMinutes', 'lateSubmissions', 'libraryVisits'],
  means: [0, 10, 5, 2],
  sds: [1, 2, 5, 1],
  coefficients: [1, -1, 0.5, -0.25],
  intercept: -2,
  lambda: 1,
  iterations: 0,
  converged: true,
};

const describeFeature: Describe = (name, value, mean) => `${name} is ${value} against a usual ${mean}`;

describe('contributions', () => {
  it('is coefficient × standardised value, zero at the training mean', () => {
    // missedSessions 1·(1 − 0)/1 = 1; vleMinutes −1·(14 − 10)/2 = −2;
    // lateSubmissions 0.5·(5 − 5)/5 = 0; libraryVisits −0.25·(0 − 2)/1 = 0.5
    expect(contributions(model, [1, 14, 5, 0])).toEqual([1, -2, 0, 0.5]);
    expect(contributions(model, model.means).every((v) => v === 0)).toBe(true); // −0 counts as 0
  });

  it('adds up with the intercept to the logit', () => {
    const row = [3, 7.5, 12, 4];
    const sum = contributions(model, row).reduce((a, b) => a + b, model.intercept);
    expect(sum).toBeCloseTo(predictLogit(model, row), 12);
  });

  it('rejects a wrong width and non-finite values', () => {
    expect(() => contributions(model, [1, 2])).toThrow(/expected 4/);
    expect(() => contributions(model, [1, Number.NaN, 0, 0])).toThrow(/'vleMinutes' \(column 1\)/);
  });
});

describe('topReasons', () => {
  it("lets the sentence read the same student's other features", () => {
    const lateOutOf: Describe = (name, value, _mean, valueOf) =>
      `${name} ${value} with ${valueOf?.('missedSessions')} missed sessions`;
    expect(topReasons([2, 8, 15, 0], model, lateOutOf, 1)[0]?.sentence).toBe(
      'missedSessions 2 with 2 missed sessions',
    );
    expect(topReasons([3, 8, 15, 0], model, lateOutOf, 3)[2]?.sentence).toBe(
      'lateSubmissions 15 with 3 missed sessions',
    );
  });

  it('returns the features pushing risk up most, largest first, with the caller’s sentence', () => {
    // row [2, 8, 15, 0]: missed 1·2/1 = 2; vle −1·(8 − 10)/2 = 1; late 0.5·(15 − 5)/5 = 1; library −0.25·(−2) = 0.5
    // ranking: missed 2, then vle 1 and late 1 tied (model order keeps vle first), then library 0.5
    const reasons = topReasons([2, 8, 15, 0], model, describeFeature);
    expect(reasons.map((r) => [r.feature, r.contribution])).toEqual([
      ['missedSessions', 2],
      ['vleMinutes', 1],
      ['lateSubmissions', 1],
    ]);
    expect(reasons[1]).toEqual({
      feature: 'vleMinutes',
      value: 8,
      trainingMean: 10,
      contribution: 1,
      sentence: 'vleMinutes is 8 against a usual 10',
    });
    expect(topReasons([2, 8, 15, 0], model, describeFeature, 4).map((r) => r.feature)).toEqual([
      'missedSessions',
      'vleMinutes',
      'lateSubmissions',
      'libraryVisits',
    ]);
  });

  it('never gives a feature that lowers or does not change risk as a reason', () => {
    // missed 1; vle −2; late 0; library +0.5 → only missedSessions and libraryVisits push up
    const reasons = topReasons([1, 14, 5, 0], model, describeFeature);
    expect(reasons.map((r) => r.feature)).toEqual(['missedSessions', 'libraryVisits']);
    expect(topReasons(model.means, model, describeFeature)).toEqual([]);
    expect(topReasons([2, 8, 15, 0], model, describeFeature, 0)).toEqual([]);
  });

  it('on a fitted model, the top reason has the largest positive contribution of all features', () => {
    const { rows, labels } = syntheticLogistic(12, 1000, -1, [1, -1, 0.5, 0.2, -0.3]);
    const fitted = fitLogisticRegression(rows, labels, { lambda: 1 });
    for (const row of rows.slice(0, 50)) {
      const c = contributions(fitted, row);
      const reasons = topReasons(row, fitted, describeFeature);
      const positives = c.filter((v) => v > 0).sort((a, b) => b - a);
      expect(reasons.map((r) => r.contribution)).toEqual(positives.slice(0, 3));
    }
  });
});
