// Calibration: isotonic PAV worked by hand, tie pooling, interpolation and clipping; Platt closed form;
// properties (monotone output, calibrated probabilities averaging to the base rate on the fitting data).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyCalibrator,
  applyCalibratorMany,
  applyIsotonic,
  applyPlatt,
  fitIsotonic,
  fitPlatt,
} from '../../src/prediction/calibration.ts';
import { sigmoid } from '../../src/prediction/logisticRegression.ts';
import { mulberry32 } from './random.ts';

describe('isotonic regression (PAV)', () => {
  it('pools adjacent violators as worked by hand', () => {
    // x: 1 2 3 4 5 6; y: 0 1 0 0 1 1
    // 1:{0}  2:{1}  3:{0} → 1 > 0 violates → pool {2,3} = ½ (0 ≤ ½ fine)
    // 4:{0} → ½ > 0 violates → pool {2,3,4} = ⅓
    // 5:{1}, 6:{1} → ⅓ ≤ 1 ≤ 1, no violation (equal values are not pooled)
    // blocks: centres 1, (2+3+4)/3 = 3, 5, 6; values 0, ⅓, 1, 1; weights 1, 3, 1, 1
    const cal = fitIsotonic([1, 2, 3, 4, 5, 6], [0, 1, 0, 0, 1, 1]);
    expect(cal.x).toEqual([1, 3, 5, 6]);
    expect(cal.y[0]).toBe(0);
    expect(cal.y[1]).toBeCloseTo(1 / 3, 12);
    expect(cal.y.slice(2)).toEqual([1, 1]);
    expect(cal.weight).toEqual([1, 3, 1, 1]);
  });

  it('interpolates linearly between block centres, flat beyond the ends, clipped to [1e-4, 1 − 1e-4]', () => {
    const cal = fitIsotonic([1, 2, 3, 4, 5, 6], [0, 1, 0, 0, 1, 1]);
    // x = 2: halfway from (1, 0) to (3, ⅓) → ⅙
    expect(applyIsotonic(cal, 2)).toBeCloseTo(1 / 6, 12);
    // x = 4: halfway from (3, ⅓) to (5, 1) → ⅓ + ½·⅔ = ⅔
    expect(applyIsotonic(cal, 4)).toBeCloseTo(2 / 3, 12);
    // x = 3.5: a quarter of the way → ⅓ + ¼·⅔ = ½
    expect(applyIsotonic(cal, 3.5)).toBeCloseTo(0.5, 12);
    // below the first centre: 0 → clipped to 1e-4; above the last: 1 → clipped to 0.9999
    expect(applyIsotonic(cal, -10)).toBe(1e-4);
    expect(applyIsotonic(cal, 1)).toBe(1e-4);
    expect(applyIsotonic(cal, 100)).toBe(1 - 1e-4);
  });

  it('pools tied x before PAV, whatever the input order', () => {
    // x = 1 twice with y 1 and 0 → one block ½ (weight 2); x = 2 → 1. Strictly increasing x either way.
    for (const [xs, ys] of [
      [
        [1, 1, 2],
        [1, 0, 1],
      ],
      [
        [1, 1, 2],
        [0, 1, 1],
      ],
      [
        [2, 1, 1],
        [1, 1, 0],
      ],
    ] as const) {
      const cal = fitIsotonic(xs, ys);
      expect(cal.x).toEqual([1, 2]);
      expect(cal.y).toEqual([0.5, 1]);
      expect(cal.weight).toEqual([2, 1]);
    }
    // x = 1: {1, 0} → ½; x = 2: {0, 0} → 0 violates → one block: centre 1.5, value ¼
    const pooled = fitIsotonic([2, 1, 2, 1], [0, 1, 0, 0]);
    expect(pooled).toEqual({ kind: 'isotonic', x: [1.5], y: [0.25], weight: [4] });
  });

  it('uses sample weights', () => {
    // x 1 (y 1, w 3), x 2 (y 0, w 1): 1 > 0 violates → block value (3·1 + 1·0)/4 = ¾, centre (3·1 + 1·2)/4 = 1.25
    const cal = fitIsotonic([1, 2], [1, 0], [3, 1]);
    expect(cal.x).toEqual([1.25]);
    expect(cal.y).toEqual([0.75]);
  });

  it('property: output is non-decreasing in the score and inside [1e-4, 1 − 1e-4]', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -20, max: 20 }), fc.integer({ min: 0, max: 1 })), {
          minLength: 1,
          maxLength: 60,
        }),
        (pairs) => {
          const cal = fitIsotonic(
            pairs.map((p) => p[0] / 4),
            pairs.map((p) => p[1]),
          );
          for (let i = 1; i < cal.x.length; i++) {
            expect(cal.x[i]!).toBeGreaterThan(cal.x[i - 1]!);
            expect(cal.y[i]!).toBeGreaterThanOrEqual(cal.y[i - 1]!);
          }
          let prev = -Infinity;
          for (let s = -6; s <= 6; s += 0.05) {
            const p = applyIsotonic(cal, s);
            expect(p).toBeGreaterThanOrEqual(prev);
            expect(p).toBeGreaterThanOrEqual(1e-4);
            expect(p).toBeLessThanOrEqual(1 - 1e-4);
            prev = p;
          }
        },
      ),
      { seed: 17, numRuns: 200 },
    );
  });

  it('property: block values weighted by block size average to the base rate', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: -5, max: 5, noNaN: true }), fc.integer({ min: 0, max: 1 })), {
          minLength: 1,
          maxLength: 80,
        }),
        (pairs) => {
          const cal = fitIsotonic(
            pairs.map((p) => p[0]),
            pairs.map((p) => p[1]),
          );
          const total = cal.weight.reduce((a, b) => a + b, 0);
          const avg = cal.y.reduce((s, y, t) => s + y * cal.weight[t]!, 0) / total;
          const base = pairs.reduce((s, p) => s + p[1], 0) / pairs.length;
          expect(total).toBe(pairs.length);
          expect(avg).toBeCloseTo(base, 10);
        },
      ),
      { seed: 23, numRuns: 200 },
    );
  });

  it('applied to its own (large) fitting data, averages close to the base rate (interpolation shifts it a little)', () => {
    const rand = mulberry32(31);
    const scores: number[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 5000; i++) {
      const s = rand() * 8 - 4;
      scores.push(s);
      labels.push(rand() < sigmoid(1.3 * s - 0.5) ? 1 : 0);
    }
    const cal = fitIsotonic(scores, labels);
    const p = applyCalibratorMany(cal, scores);
    const avg = p.reduce((a, b) => a + b, 0) / p.length;
    const base = labels.reduce((a, b) => a + b, 0) / labels.length;
    expect(Math.abs(avg - base)).toBeLessThan(0.01);
  });

  it('rejects bad input', () => {
    expect(() => fitIsotonic([], [])).toThrow(/no data/);
    expect(() => fitIsotonic([1, Number.NaN], [0, 1])).toThrow(/score at 1/);
    expect(() => fitIsotonic([1, 2], [0, 3])).toThrow(/label at 1/);
    expect(() => fitIsotonic([1, 2], [0, 1], [0, 0])).toThrow(/all weights are zero/);
  });
});

describe('Platt scaling', () => {
  it('recovers the closed form on two logit levels', () => {
    // logit −1: 1 positive of 4 → target σ(−a + b) = ¼ → −a + b = −ln 3
    // logit +1: 3 positives of 4 → σ(a + b) = ¾ → a + b = ln 3
    // → a = ln 3 = 1.0986, b = 0
    const logits = [-1, -1, -1, -1, 1, 1, 1, 1];
    const labels = [1, 0, 0, 0, 1, 1, 1, 0];
    const cal = fitPlatt(logits, labels, { lambda: 0 });
    expect(cal.kind).toBe('platt');
    expect(cal.a).toBeCloseTo(Math.log(3), 8);
    expect(cal.b).toBeCloseTo(0, 8);
    expect(applyPlatt(cal, -1)).toBeCloseTo(0.25, 8);
    expect(applyCalibrator(cal, 1)).toBeCloseTo(0.75, 8);
  });

  it('corrects an over-confident score: halves a doubled logit', () => {
    const rand = mulberry32(4);
    const logits: number[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const trueLogit = rand() * 6 - 3;
      logits.push(2 * trueLogit + 1); // over-confident and shifted
      labels.push(rand() < sigmoid(trueLogit) ? 1 : 0);
    }
    // truth: p = σ((s − 1)/2) → a = 0.5, b = −0.5
    const cal = fitPlatt(logits, labels);
    expect(cal.a).toBeGreaterThan(0.45);
    expect(cal.a).toBeLessThan(0.55);
    expect(cal.b).toBeGreaterThan(-0.6);
    expect(cal.b).toBeLessThan(-0.4);
  });

  it('stays finite on perfectly separated logits', () => {
    const cal = fitPlatt([-3, -2, -1, 1, 2, 3], [0, 0, 0, 1, 1, 1]);
    expect(Number.isFinite(cal.a)).toBe(true);
    expect(cal.a).toBeGreaterThan(0);
    expect(Number.isFinite(cal.b)).toBe(true);
  });

  it('property: calibrated probabilities average to the base rate on the fitting data', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: -6, max: 6, noNaN: true }), fc.integer({ min: 0, max: 1 })), {
          minLength: 2,
          maxLength: 80,
        }),
        (pairs) => {
          const labels = pairs.map((p) => p[1]);
          const base = labels.reduce((a, b) => a + b, 0) / labels.length;
          fc.pre(base > 0 && base < 1);
          const logits = pairs.map((p) => p[0]);
          const cal = fitPlatt(logits, labels);
          const avg = logits.reduce((s, l) => s + applyPlatt(cal, l), 0) / logits.length;
          expect(avg).toBeCloseTo(base, 6);
        },
      ),
      { seed: 5, numRuns: 150 },
    );
  });

  it('calibrators survive a JSON round trip', () => {
    const platt = fitPlatt([-1, 0, 1, 2], [0, 1, 0, 1]);
    const iso = fitIsotonic([-1, 0, 1, 2], [0, 1, 0, 1]);
    expect(JSON.parse(JSON.stringify(platt))).toEqual(platt);
    expect(JSON.parse(JSON.stringify(iso))).toEqual(iso);
  });
});
