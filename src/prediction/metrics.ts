/**
 * Evaluation metrics for binary risk scores: ROC AUC (Mann–Whitney, ties counted half), PR AUC as average
 * precision (equal scores grouped), Brier score, log loss, an equal-width calibration table, the confusion
 * counts at a threshold, and two threshold choosers (best F1; a target flagged share). Scores are flagged
 * when score ≥ threshold. Metrics that need both classes return null when one is absent.
 */

export type Labels = ArrayLike<number>;
export type Scores = ArrayLike<number>;

function check(scores: Scores, labels: Labels, what: string): void {
  if (scores.length !== labels.length)
    throw new Error(`${what}: ${scores.length} scores but ${labels.length} labels`);
  for (let i = 0; i < scores.length; i++) {
    if (Number.isNaN(scores[i])) throw new Error(`${what}: score at ${i} is NaN`);
    const y = labels[i];
    if (y !== 0 && y !== 1) throw new Error(`${what}: label at ${i} is ${y}, expected 0 or 1`);
  }
}

function countPositives(labels: Labels): number {
  let pos = 0;
  for (let i = 0; i < labels.length; i++) pos += labels[i]!;
  return pos;
}

/** Indices sorted by score descending (stable). */
function descending(scores: Scores): number[] {
  return Array.from({ length: scores.length }, (_, i) => i).sort((i, j) => scores[j]! - scores[i]!);
}

/**
 * ROC AUC: the probability that a random positive scores above a random negative, a tie counting ½
 * (Mann–Whitney U / (n⁺·n⁻), computed from mid-ranks). Null when either class is absent.
 */
export function rocAuc(scores: Scores, labels: Labels): number | null {
  check(scores, labels, 'rocAuc');
  const n = scores.length;
  const pos = countPositives(labels);
  const neg = n - pos;
  if (pos === 0 || neg === 0) return null;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => scores[i]! - scores[j]!);
  let rankSumPos = 0;
  for (let start = 0; start < n;) {
    let end = start;
    while (end + 1 < n && scores[order[end + 1]!] === scores[order[start]!]) end++;
    const midRank = (start + end) / 2 + 1; // ranks are 1-based
    for (let t = start; t <= end; t++) if (labels[order[t]!] === 1) rankSumPos += midRank;
    start = end + 1;
  }
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

/**
 * Average precision: Σ over distinct score levels (descending) of (recall gain at that level) × (precision
 * when everything at or above the level is flagged). Equal scores enter together. Null when there is no
 * positive.
 */
export function averagePrecision(scores: Scores, labels: Labels): number | null {
  check(scores, labels, 'averagePrecision');
  const pos = countPositives(labels);
  if (pos === 0) return null;
  const order = descending(scores);
  let tp = 0;
  let flagged = 0;
  let ap = 0;
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]!] === scores[order[start]!]) end++;
    let groupPos = 0;
    for (let t = start; t <= end; t++) groupPos += labels[order[t]!]!;
    tp += groupPos;
    flagged += end - start + 1;
    if (groupPos > 0) ap += (groupPos / pos) * (tp / flagged);
    start = end + 1;
  }
  return ap;
}

/** Mean squared difference between probability and outcome. */
export function brierScore(probabilities: Scores, labels: Labels): number {
  check(probabilities, labels, 'brierScore');
  if (labels.length === 0) throw new Error('brierScore: no data');
  let s = 0;
  for (let i = 0; i < labels.length; i++) s += (probabilities[i]! - labels[i]!) ** 2;
  return s / labels.length;
}

/** Mean negative log-likelihood (natural log), probabilities clipped to [eps, 1 − eps]. */
export function logLoss(probabilities: Scores, labels: Labels, eps = 1e-15): number {
  check(probabilities, labels, 'logLoss');
  if (labels.length === 0) throw new Error('logLoss: no data');
  let s = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = Math.min(1 - eps, Math.max(eps, probabilities[i]!));
    s -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return s / labels.length;
}

export interface CalibrationBin {
  lower: number;
  upper: number;
  count: number;
  /** Null for an empty bin. */
  meanPredicted: number | null;
  /** Null for an empty bin. */
  observedRate: number | null;
}

/**
 * N equal-width bins over [0, 1]: bin k holds probabilities in [k/N, (k+1)/N), the last bin also holds 1.
 */
export function calibrationTable(probabilities: Scores, labels: Labels, bins = 10): CalibrationBin[] {
  check(probabilities, labels, 'calibrationTable');
  if (!Number.isInteger(bins) || bins < 1)
    throw new Error(`calibrationTable: bins ${bins} must be a positive integer`);
  const count = new Array<number>(bins).fill(0);
  const sumP = new Array<number>(bins).fill(0);
  const sumY = new Array<number>(bins).fill(0);
  for (let i = 0; i < labels.length; i++) {
    const p = probabilities[i]!;
    if (p < 0 || p > 1) throw new Error(`calibrationTable: probability at ${i} is ${p}, outside [0, 1]`);
    const k = Math.min(bins - 1, Math.floor(p * bins));
    count[k]!++;
    sumP[k]! += p;
    sumY[k]! += labels[i]!;
  }
  return count.map((c, k) => ({
    lower: k / bins,
    upper: (k + 1) / bins,
    count: c,
    meanPredicted: c === 0 ? null : sumP[k]! / c,
    observedRate: c === 0 ? null : sumY[k]! / c,
  }));
}

export interface ThresholdStats {
  threshold: number;
  flagged: number;
  truePositives: number;
  falsePositives: number;
  /** Null when nothing is flagged. */
  precision: number | null;
  /** Null when there is no positive. */
  recall: number | null;
}

/** Flag count, precision and recall when every score ≥ threshold is flagged. */
export function statsAtThreshold(scores: Scores, labels: Labels, threshold: number): ThresholdStats {
  check(scores, labels, 'statsAtThreshold');
  let tp = 0;
  let fp = 0;
  const pos = countPositives(labels);
  for (let i = 0; i < scores.length; i++) {
    if (scores[i]! >= threshold) {
      if (labels[i] === 1) tp++;
      else fp++;
    }
  }
  return {
    threshold,
    flagged: tp + fp,
    truePositives: tp,
    falsePositives: fp,
    precision: tp + fp === 0 ? null : tp / (tp + fp),
    recall: pos === 0 ? null : tp / pos,
  };
}

/**
 * The threshold (one of the scores) that maximises F1 = 2·TP / (2·TP + FP + FN); among equal F1 the higher
 * threshold (fewer flags). Null when there is no positive.
 */
export function thresholdMaxF1(scores: Scores, labels: Labels): (ThresholdStats & { f1: number }) | null {
  check(scores, labels, 'thresholdMaxF1');
  const pos = countPositives(labels);
  if (pos === 0) return null;
  const order = descending(scores);
  let tp = 0;
  let flagged = 0;
  let best: { threshold: number; tp: number; flagged: number; f1: number } | null = null;
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]!] === scores[order[start]!]) end++;
    for (let t = start; t <= end; t++) tp += labels[order[t]!]!;
    flagged += end - start + 1;
    const f1 = (2 * tp) / (flagged + pos); // 2TP / (2TP + FP + FN) = 2TP / (flagged + positives)
    if (best === null || f1 > best.f1) best = { threshold: scores[order[start]!]!, tp, flagged, f1 };
    start = end + 1;
  }
  const b = best!;
  return {
    threshold: b.threshold,
    flagged: b.flagged,
    truePositives: b.tp,
    falsePositives: b.flagged - b.tp,
    precision: b.tp / b.flagged,
    recall: b.tp / pos,
    f1: b.f1,
  };
}

/**
 * The lowest threshold (one of the scores) that flags at most floor(share × n) rows; rows tied at the cut
 * are all in or all out, so ties may make the flagged count smaller than the target. Null when not even
 * the top score level fits.
 */
export function thresholdForShare(
  scores: Scores,
  share: number,
): { threshold: number; flagged: number } | null {
  if (!(share >= 0 && share <= 1)) throw new Error(`thresholdForShare: share ${share} must be in [0, 1]`);
  for (let i = 0; i < scores.length; i++)
    if (Number.isNaN(scores[i])) throw new Error(`thresholdForShare: score at ${i} is NaN`);
  const target = Math.floor(share * scores.length + 1e-9);
  const order = descending(scores);
  let result: { threshold: number; flagged: number } | null = null;
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]!] === scores[order[start]!]) end++;
    if (end + 1 > target) break;
    result = { threshold: scores[order[start]!]!, flagged: end + 1 };
    start = end + 1;
  }
  return result;
}
