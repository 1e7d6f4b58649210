/**
 * Calibrators mapping the model's uncalibrated logit to a probability. Platt scaling fits
 * p = σ(a·logit + b) by (lightly penalised) logistic regression; isotonic regression fits a
 * non-decreasing step function by pool-adjacent-violators (equal logits pooled first) and applies it by
 * linear interpolation between block centres, flat beyond the ends, clipped to [1e-4, 1 − 1e-4].
 * Both are plain JSON-serialisable objects.
 */
import { fitLogisticRegression, sigmoid } from './logisticRegression.ts';

export interface PlattCalibrator {
  kind: 'platt';
  /** Slope on the uncalibrated logit. */
  a: number;
  /** Offset. */
  b: number;
}

export interface IsotonicCalibrator {
  kind: 'isotonic';
  /** Block centres (weighted mean logit of each block), strictly increasing. */
  x: number[];
  /** Block values (weighted observed rate of each block), non-decreasing. */
  y: number[];
  /** Total sample weight of each block. */
  weight: number[];
}

export type Calibrator = PlattCalibrator | IsotonicCalibrator;

export const PROBABILITY_FLOOR = 1e-4;
export const PROBABILITY_CEILING = 1 - 1e-4;

function checkPairs(scores: readonly number[], labels: readonly number[], weights?: readonly number[]): void {
  if (scores.length !== labels.length)
    throw new Error(`calibration: ${scores.length} scores but ${labels.length} labels`);
  if (weights && weights.length !== scores.length)
    throw new Error(`calibration: ${scores.length} scores but ${weights.length} weights`);
  if (scores.length === 0) throw new Error('calibration: no data');
  scores.forEach((s, i) => {
    if (!Number.isFinite(s)) throw new Error(`calibration: score at ${i} is ${s}`);
    if (labels[i] !== 0 && labels[i] !== 1) throw new Error(`calibration: label at ${i} is ${labels[i]}`);
  });
}

/**
 * Platt scaling on uncalibrated logits. `lambda` is a small L2 penalty on the slope (on the standardised
 * logit) that keeps it finite when the logits separate the classes perfectly; the offset is unpenalised,
 * so on the fitting data the calibrated probabilities average to the base rate.
 */
export function fitPlatt(
  logits: readonly number[],
  labels: readonly number[],
  options: { lambda?: number; weights?: readonly number[] } = {},
): PlattCalibrator {
  checkPairs(logits, labels, options.weights);
  const model = fitLogisticRegression(
    logits.map((s) => [s]),
    labels,
    {
      lambda: options.lambda ?? 1e-3,
      featureNames: ['logit'],
      ...(options.weights ? { weights: options.weights } : {}),
    },
  );
  const a = model.coefficients[0]! / model.sds[0]!;
  return { kind: 'platt', a, b: model.intercept - a * model.means[0]! };
}

/**
 * Isotonic regression by pool-adjacent-violators on uncalibrated logits (any increasing score works, as long
 * as apply gets the same kind). Equal scores are pooled into one block before PAV.
 */
export function fitIsotonic(
  scores: readonly number[],
  labels: readonly number[],
  weights?: readonly number[],
): IsotonicCalibrator {
  checkPairs(scores, labels, weights);
  const order = scores.map((_, i) => i).sort((i, j) => scores[i]! - scores[j]!);
  // Blocks as parallel stacks: Σw, Σw·y, Σw·x.
  const sw: number[] = [];
  const swy: number[] = [];
  const swx: number[] = [];
  let lastX = Number.NaN;
  for (const i of order) {
    const w = weights ? weights[i]! : 1;
    if (!Number.isFinite(w) || w < 0) throw new Error(`calibration: weight at ${i} is ${w}`);
    if (w === 0) continue;
    const x = scores[i]!;
    const y = labels[i]!;
    if (x === lastX) {
      // Ties in x: pooled into the current block unconditionally.
      const t = sw.length - 1;
      sw[t]! += w;
      swy[t]! += w * y;
      swx[t]! += w * x;
    } else {
      sw.push(w);
      swy.push(w * y);
      swx.push(w * x);
      lastX = x;
    }
    // Pool while the previous block's mean exceeds the last one's.
    while (sw.length > 1) {
      const t = sw.length - 1;
      if (swy[t - 1]! / sw[t - 1]! <= swy[t]! / sw[t]!) break;
      sw[t - 1]! += sw[t]!;
      swy[t - 1]! += swy[t]!;
      swx[t - 1]! += swx[t]!;
      sw.pop();
      swy.pop();
      swx.pop();
    }
  }
  if (sw.length === 0) throw new Error('calibration: all weights are zero');
  return {
    kind: 'isotonic',
    x: sw.map((w, t) => swx[t]! / w),
    y: sw.map((w, t) => swy[t]! / w),
    weight: [...sw],
  };
}

function clip(p: number): number {
  return Math.min(PROBABILITY_CEILING, Math.max(PROBABILITY_FLOOR, p));
}

/** Calibrated probability from the isotonic step function: linear between block centres, flat outside. */
export function applyIsotonic(cal: IsotonicCalibrator, score: number): number {
  const { x, y } = cal;
  const last = x.length - 1;
  if (Number.isNaN(score)) throw new Error('calibration: score is NaN');
  if (score <= x[0]!) return clip(y[0]!);
  if (score >= x[last]!) return clip(y[last]!);
  // Largest t with x[t] ≤ score (binary search); then x[t] ≤ score < x[t + 1].
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid]! <= score) lo = mid;
    else hi = mid;
  }
  const f = (score - x[lo]!) / (x[hi]! - x[lo]!);
  return clip(y[lo]! + f * (y[hi]! - y[lo]!));
}

/** Calibrated probability from Platt scaling (not clipped: σ is already in (0, 1)). */
export function applyPlatt(cal: PlattCalibrator, logit: number): number {
  if (Number.isNaN(logit)) throw new Error('calibration: logit is NaN');
  return sigmoid(cal.a * logit + cal.b);
}

/** Applies either calibrator to an uncalibrated logit. */
export function applyCalibrator(cal: Calibrator, logit: number): number {
  return cal.kind === 'platt' ? applyPlatt(cal, logit) : applyIsotonic(cal, logit);
}

/** Applies a calibrator to many logits. */
export function applyCalibratorMany(cal: Calibrator, logits: ArrayLike<number>): Float64Array {
  const out = new Float64Array(logits.length);
  for (let i = 0; i < logits.length; i++) out[i] = applyCalibrator(cal, logits[i]!);
  return out;
}
