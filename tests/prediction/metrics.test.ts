// Metrics against values worked by hand (arithmetic in the comments).
import { describe, expect, it } from 'vitest';
import {
  averagePrecision,
  brierScore,
  calibrationTable,
  logLoss,
  rocAuc,
  statsAtThreshold,
  thresholdForShare,
  thresholdMaxF1,
} from '../../src/prediction/metrics.ts';

describe('rocAuc', () => {
  it('counts correctly ordered positive–negative pairs', () => {
    // positives 0.35, 0.8; negatives 0.1, 0.4.
    // pairs: 0.35>0.1 yes, 0.35>0.4 no, 0.8>0.1 yes, 0.8>0.4 yes → 3 of 4 = 0.75
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.75, 12);
  });

  it('counts a tie between a positive and a negative as half', () => {
    // positives 0.5, 0.9; negatives 0.5, 0.2.
    // (0.5 vs 0.5) = ½, (0.5 vs 0.2) = 1, (0.9 vs 0.5) = 1, (0.9 vs 0.2) = 1 → 3.5 / 4 = 0.875
    expect(rocAuc([0.5, 0.5, 0.2, 0.9], [1, 0, 0, 1])).toBeCloseTo(0.875, 12);
  });

  it('is 1 for a perfect ranking, 0 for a reversed one and ½ when every score is equal', () => {
    expect(rocAuc([1, 2, 3, 4], [0, 0, 1, 1])).toBe(1);
    expect(rocAuc([4, 3, 2, 1], [0, 0, 1, 1])).toBe(0);
    // all 2·2 pairs tied → 4 · ½ / 4
    expect(rocAuc([7, 7, 7, 7], [0, 1, 0, 1])).toBe(0.5);
  });

  it('is null when a class is absent', () => {
    expect(rocAuc([0.1, 0.2], [1, 1])).toBeNull();
    expect(rocAuc([0.1, 0.2], [0, 0])).toBeNull();
    expect(rocAuc([], [])).toBeNull();
  });

  it('rejects mismatched input and labels other than 0/1', () => {
    expect(() => rocAuc([0.1], [0, 1])).toThrow(/1 scores but 2 labels/);
    expect(() => rocAuc([0.1, 0.2], [0, 2])).toThrow(/label at 1/);
    expect(() => rocAuc([Number.NaN, 0.2], [0, 1])).toThrow(/NaN/);
  });
});

describe('averagePrecision', () => {
  it('sums recall gain × precision down the ranking', () => {
    // descending: 0.8 (pos) → TP 1/1, recall +½ → ½ · 1 = 0.5
    //             0.4 (neg) → no recall gain
    //             0.35 (pos) → TP 2/3 flagged, recall +½ → ½ · ⅔ = ⅓
    //             0.1 (neg)
    // AP = 0.5 + 0.3333 = 0.8333
    expect(averagePrecision([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(5 / 6, 12);
  });

  it('takes tied scores together, whatever their order', () => {
    // P = 3. 0.9: TP 1 of 1 flagged, gain ⅓ → ⅓ · 1 = ⅓
    //        0.7 ×3 (one pos): TP 2 of 4 flagged, gain ⅓ → ⅓ · ½ = ⅙
    //        0.2 (pos): TP 3 of 5, gain ⅓ → ⅓ · ⅗ = ⅕
    // AP = 10/30 + 5/30 + 6/30 = 21/30 = 0.7
    expect(averagePrecision([0.9, 0.7, 0.7, 0.7, 0.2], [1, 1, 0, 0, 1])).toBeCloseTo(0.7, 12);
    expect(averagePrecision([0.9, 0.7, 0.7, 0.7, 0.2], [1, 0, 0, 1, 1])).toBeCloseTo(0.7, 12);
    expect(averagePrecision([0.2, 0.7, 0.9, 0.7, 0.7], [1, 0, 1, 0, 1])).toBeCloseTo(0.7, 12);
  });

  it('is null without a positive and 1 without a negative', () => {
    expect(averagePrecision([0.3, 0.4], [0, 0])).toBeNull();
    expect(averagePrecision([0.3, 0.4], [1, 1])).toBe(1);
  });
});

describe('brierScore and logLoss', () => {
  it('brier is the mean squared error', () => {
    // (0.9−1)² + (0.2−0)² + (0.6−0)² + (0.5−1)² = 0.01 + 0.04 + 0.36 + 0.25 = 0.66; / 4 = 0.165
    expect(brierScore([0.9, 0.2, 0.6, 0.5], [1, 0, 0, 1])).toBeCloseTo(0.165, 12);
  });

  it('log loss is the mean negative log-likelihood', () => {
    // −(ln 0.8 + ln(1 − 0.25)) / 2 = (0.223144 + 0.287682) / 2 = 0.255413
    expect(logLoss([0.8, 0.25], [1, 0])).toBeCloseTo(0.255413, 6);
  });

  it('log loss clips certain mistakes instead of returning Infinity', () => {
    // p = 0 for a positive: clipped to 1e-15 → −ln(1e-15) = 34.5388
    expect(logLoss([0], [1])).toBeCloseTo(34.5388, 3);
  });
});

describe('calibrationTable', () => {
  it('bins probabilities into equal-width bins', () => {
    const p = [0.05, 0.1, 0.3, 0.55, 0.6, 0.7, 1.0, 0.25];
    const y = [0, 1, 0, 1, 1, 0, 1, 1];
    // [0, .25): 0.05, 0.1        → n 2, mean 0.075, rate 1/2
    // [.25, .5): 0.3, 0.25       → n 2, mean 0.275, rate 1/2 (0.25 belongs to the upper bin)
    // [.5, .75): 0.55, 0.6, 0.7  → n 3, mean 1.85/3 = 0.61667, rate 2/3
    // [.75, 1]: 1.0              → n 1, mean 1, rate 1 (1 falls in the last bin)
    const table = calibrationTable(p, y, 4);
    expect(table.map((b) => [b.lower, b.upper, b.count])).toEqual([
      [0, 0.25, 2],
      [0.25, 0.5, 2],
      [0.5, 0.75, 3],
      [0.75, 1, 1],
    ]);
    const expected = [
      [0.075, 0.5],
      [0.275, 0.5],
      [1.85 / 3, 2 / 3],
      [1, 1],
    ];
    table.forEach((b, k) => {
      expect(b.meanPredicted).toBeCloseTo(expected[k]![0]!, 12);
      expect(b.observedRate).toBeCloseTo(expected[k]![1]!, 12);
    });
  });

  it('reports empty bins with nulls and rejects probabilities outside [0, 1]', () => {
    const table = calibrationTable([0.95], [1], 2);
    expect(table[0]).toEqual({ lower: 0, upper: 0.5, count: 0, meanPredicted: null, observedRate: null });
    expect(table[1]!.count).toBe(1);
    expect(() => calibrationTable([1.2], [1], 2)).toThrow(/outside/);
  });
});

describe('thresholds', () => {
  it('statsAtThreshold flags scores at or above the threshold', () => {
    // ≥ 0.7: 0.9 (pos), 0.8 (neg), 0.7 (pos) → flagged 3, TP 2, FP 1; P = 3 → precision ⅔, recall ⅔
    const s = statsAtThreshold([0.9, 0.8, 0.7, 0.6, 0.2], [1, 0, 1, 0, 1], 0.7);
    expect(s).toMatchObject({ threshold: 0.7, flagged: 3, truePositives: 2, falsePositives: 1 });
    expect(s.precision).toBeCloseTo(2 / 3, 12);
    expect(s.recall).toBeCloseTo(2 / 3, 12);
    expect(statsAtThreshold([0.1], [1], 0.5)).toMatchObject({ flagged: 0, precision: null, recall: 0 });
    expect(statsAtThreshold([0.9], [0], 0.5)).toMatchObject({ flagged: 1, precision: 0, recall: null });
  });

  it('thresholdMaxF1 picks the score level with the best F1', () => {
    // P = 3; F1 = 2TP / (flagged + P)
    // ≥0.9: TP1 fl1 → 2/4 = 0.5;  ≥0.8: TP2 fl2 → 4/5 = 0.8;  ≥0.7: TP2 fl3 → 4/6 = 0.667
    // ≥0.6: TP3 fl4 → 6/7 = 0.857 (best);  ≥0.2: TP3 fl5 → 6/8 = 0.75
    const best = thresholdMaxF1([0.9, 0.8, 0.7, 0.6, 0.2], [1, 1, 0, 1, 0]);
    expect(best).not.toBeNull();
    expect(best!.threshold).toBe(0.6);
    expect(best!.f1).toBeCloseTo(6 / 7, 12);
    expect(best).toMatchObject({ flagged: 4, truePositives: 3, falsePositives: 1, recall: 1 });
    expect(best!.precision).toBeCloseTo(0.75, 12);
    expect(thresholdMaxF1([0.1, 0.2], [0, 0])).toBeNull();
  });

  it('thresholdMaxF1 prefers the higher threshold when F1 ties', () => {
    // 0.9 (pos), 0.8 (neg), 0.7 (neg), 0.6 (pos); P = 2; F1 = 2TP / (flagged + P)
    // ≥0.9: 2/3 = 0.667;  ≥0.8: 2/4;  ≥0.7: 2/5;  ≥0.6: 4/6 = 0.667 → tie, keep 0.9 (one flag, not four)
    const best = thresholdMaxF1([0.9, 0.8, 0.7, 0.6], [1, 0, 0, 1]);
    expect(best!.threshold).toBe(0.9);
    expect(best!.flagged).toBe(1);
  });

  it('thresholdForShare flags at most the target share, keeping ties together', () => {
    const scores = [0.9, 0.8, 0.8, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05, 0.01];
    // 20% of 10 = 2: level 0.9 → 1 flagged; adding the 0.8 pair → 3 > 2, so stop at 0.9
    expect(thresholdForShare(scores, 0.2)).toEqual({ threshold: 0.9, flagged: 1 });
    // 30% → 3: 0.9 and both 0.8s
    expect(thresholdForShare(scores, 0.3)).toEqual({ threshold: 0.8, flagged: 3 });
    // 50% → 5: down to 0.4
    expect(thresholdForShare(scores, 0.5)).toEqual({ threshold: 0.4, flagged: 5 });
    // 5% → 0: nothing can be flagged
    expect(thresholdForShare(scores, 0.05)).toBeNull();
    expect(thresholdForShare(scores, 1)).toEqual({ threshold: 0.01, flagged: 10 });
    expect(() => thresholdForShare(scores, 1.5)).toThrow(/share/);
  });
});
