// Model document schema (a document built end to end from the numeric core) and the promotion rule.
import { describe, expect, it } from 'vitest';
import { fitPlatt, fitIsotonic } from '../../src/prediction/calibration.ts';
import { fitLogisticRegression, predictLogits } from '../../src/prediction/logisticRegression.ts';
import { brierScore, calibrationTable, averagePrecision, rocAuc } from '../../src/prediction/metrics.ts';
import {
  comparePromotion,
  isAtLeastAsGood,
  parseModelDocument,
  type ModelMetrics,
  type WeekMetrics,
} from '../../src/prediction/modelDocument.ts';
import { applyCalibratorMany } from '../../src/prediction/calibration.ts';
import { syntheticLogistic } from './random.ts';

function buildDocument(): Record<string, unknown> {
  const featureNames = ['attendance', 'vle', 'library'];
  const { rows, labels } = syntheticLogistic(77, 600, -1, [-1, -0.5, -0.2]);
  const model = fitLogisticRegression(rows, labels, { featureNames, lambda: 1 });
  const logits = Array.from(predictLogits(model, rows));
  const calibrator = fitPlatt(logits, labels);
  const p = Array.from(applyCalibratorMany(calibrator, logits));
  const week = (w: number, from: number, to: number): WeekMetrics => ({
    week: w,
    count: to - from,
    baseRate: labels.slice(from, to).reduce((a, b) => a + b, 0) / (to - from),
    auc: rocAuc(p.slice(from, to), labels.slice(from, to)),
    prAuc: averagePrecision(p.slice(from, to), labels.slice(from, to)),
    brier: brierScore(p.slice(from, to), labels.slice(from, to)),
  });
  return {
    schemaVersion: 1,
    versionId: 'outcome-2026-12-06-a',
    target: 'outcome',
    featureNames,
    model,
    calibrator,
    trainingWindow: { terms: ['2024-25', '2025-26'], fromWeek: 1, toWeek: 12 },
    metrics: {
      perWeek: [week(3, 0, 300), week(6, 300, 600)],
      auc: rocAuc(p, labels),
      prAuc: averagePrecision(p, labels),
      brier: brierScore(p, labels),
      baseRate: labels.reduce((a, b) => a + b, 0) / labels.length,
      calibration: calibrationTable(p, labels, 10),
    },
    operatingThreshold: 0.4,
    createdAt: '2026-12-06T06:00:00.000Z',
    status: 'candidate',
  };
}

describe('model document schema', () => {
  it('accepts a document built from the numeric core, and survives a JSON round trip', () => {
    const doc = buildDocument();
    const parsed = parseModelDocument(JSON.parse(JSON.stringify(doc)));
    expect(parsed).toEqual(doc);
  });

  it('accepts an isotonic calibrator', () => {
    const doc = buildDocument();
    doc.calibrator = fitIsotonic([-2, -1, 0, 1, 2], [0, 0, 1, 0, 1]);
    expect(() => parseModelDocument(doc)).not.toThrow();
  });

  it('rejects inconsistent or malformed documents', () => {
    const bad = (mutate: (d: Record<string, unknown>) => void): (() => unknown) => {
      const d = buildDocument();
      mutate(d);
      return () => parseModelDocument(d);
    };
    expect(bad((d) => (d.status = 'archived'))).toThrow();
    expect(bad((d) => (d.target = 'grades'))).toThrow();
    expect(bad((d) => (d.featureNames = ['attendance', 'vle', 'other']))).toThrow(/feature names/);
    expect(bad((d) => (d.createdAt = '6 December 2026'))).toThrow();
    expect(bad((d) => (d.operatingThreshold = 1.5))).toThrow();
    expect(bad((d) => (d.trainingWindow = { terms: ['2025-26'], fromWeek: 9, toWeek: 2 }))).toThrow(
      /fromWeek/,
    );
    expect(bad((d) => ((d.model as { coefficients: number[] }).coefficients = [1, 2]))).toThrow(
      /one entry per feature/,
    );
    expect(
      bad((d) => (d.calibrator = { kind: 'isotonic', x: [1, 0], y: [0.2, 0.3], weight: [1, 1] })),
    ).toThrow(/strictly increasing/);
    expect(
      bad((d) => (d.calibrator = { kind: 'isotonic', x: [0, 1], y: [0.4, 0.3], weight: [1, 1] })),
    ).toThrow(/non-decreasing/);
    expect(bad((d) => (d.calibrator = { kind: 'beta', a: 1 }))).toThrow();
  });
});

function metrics(weeks: Array<[week: number, auc: number | null, brier: number]>): ModelMetrics {
  return {
    perWeek: weeks.map(([week, auc, brier]) => ({
      week,
      auc,
      brier,
      count: 100,
      baseRate: 0.1,
      prAuc: null,
    })),
    auc: null,
    prAuc: null,
    brier: 0.1,
    baseRate: 0.1,
    calibration: [],
  };
}

describe('promotion rule', () => {
  const current = metrics([
    [2, 0.7, 0.1],
    [4, 0.8, 0.08],
  ]);
  // current mean AUC (0.7 + 0.8)/2 = 0.75; mean Brier (0.1 + 0.08)/2 = 0.09

  it('promotes a candidate that is better or within tolerance', () => {
    // AUC (0.72 + 0.8)/2 = 0.76 ≥ 0.745; Brier 0.09 ≤ 0.095
    expect(
      isAtLeastAsGood(
        metrics([
          [2, 0.72, 0.1],
          [4, 0.8, 0.08],
        ]),
        current,
      ),
    ).toBe(true);
    // AUC (0.695 + 0.795)/2 = 0.745 = 0.75 − 0.005 exactly; Brier (0.104 + 0.086)/2 = 0.095 = 0.09 + 0.005 exactly
    expect(
      isAtLeastAsGood(
        metrics([
          [2, 0.695, 0.104],
          [4, 0.795, 0.086],
        ]),
        current,
      ),
    ).toBe(true);
  });

  it('refuses a candidate whose mean AUC drops by more than 0.005', () => {
    // (0.68 + 0.8)/2 = 0.74 < 0.75 − 0.005 = 0.745, though its Brier (0.08) is better
    expect(
      isAtLeastAsGood(
        metrics([
          [2, 0.68, 0.09],
          [4, 0.8, 0.07],
        ]),
        current,
      ),
    ).toBe(false);
  });

  it('refuses a candidate whose mean Brier worsens by more than 0.005', () => {
    // AUC 0.85 mean, fine; Brier (0.11 + 0.09)/2 = 0.1 > 0.095
    expect(
      isAtLeastAsGood(
        metrics([
          [2, 0.9, 0.11],
          [4, 0.8, 0.09],
        ]),
        current,
      ),
    ).toBe(false);
  });

  it('compares only weeks both models evaluated with a defined AUC', () => {
    // candidate has week 2 (AUC null → skipped), week 4 and week 6 (current lacks it) → only week 4 counts
    // week 4: candidate 0.79 vs 0.8 (−0.01 → refused), though the candidate's week 6 is excellent
    const cand = metrics([
      [2, null, 0.1],
      [4, 0.79, 0.08],
      [6, 0.99, 0.01],
    ]);
    const c = comparePromotion(cand, current);
    expect(c.weeks).toEqual([4]);
    expect(c.candidateMeanAuc).toBeCloseTo(0.79, 12);
    expect(c.currentMeanAuc).toBeCloseTo(0.8, 12);
    expect(c.promote).toBe(false);
    expect(isAtLeastAsGood(metrics([[4, 0.8, 0.08]]), current)).toBe(true);
  });

  it('promotes nothing when there is no common evaluated week', () => {
    const c = comparePromotion(metrics([[9, 0.95, 0.01]]), current);
    expect(c).toMatchObject({ weeks: [], promote: false, candidateMeanAuc: null });
  });
});
