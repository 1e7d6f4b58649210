/**
 * A small gradient-boosted tree model for binary log-loss, kept only as a yardstick for the logistic
 * regression (the product adopts it only if it beats LR by more than 0.02 AUC). Each tree is shallow and
 * grown greedily on histogram bins; a leaf's value is one Newton step, −Σg / (Σh + λ), scaled by the
 * learning rate. Deterministic: no sampling, ties between splits go to the lower feature index and cut.
 * The model is a plain JSON-serialisable object.
 */
import { sigmoid, type Row } from './logisticRegression.ts';

export type TreeNode =
  | { leaf: true; value: number }
  | { leaf: false; feature: number; threshold: number; left: number; right: number };

export interface BoostedModel {
  kind: 'gradient-boosting';
  featureNames: string[];
  /** Starting logit: the log-odds of the training base rate. */
  baseScore: number;
  /** Each tree as a flat node list, root at 0; a row goes left when x[feature] ≤ threshold. */
  trees: TreeNode[][];
}

export interface BoostingOptions {
  featureNames?: readonly string[];
  /** Default 100. */
  trees?: number;
  /** Default 0.1. */
  learningRate?: number;
  /** Default 2 (depth 1 = stumps). */
  maxDepth?: number;
  /** Fewest rows in a leaf. Default 20. */
  minLeaf?: number;
  /** Candidate cuts per feature at most maxBins − 1, taken at row quantiles. Default 32. */
  maxBins?: number;
  /** L2 penalty on leaf values. Default 1. */
  lambda?: number;
}

/** Candidate cuts of one column: every distinct value but the largest, thinned to row quantiles if too many. */
function cutsOf(values: Float64Array, maxBins: number): number[] {
  const sorted = Float64Array.from(values).sort();
  const distinct: number[] = [];
  for (let i = 0; i < sorted.length; i++)
    if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]!);
  distinct.pop(); // the largest value cannot split anything off
  if (distinct.length <= maxBins - 1) return distinct;
  const cuts: number[] = [];
  for (let k = 1; k < maxBins; k++) {
    const v = sorted[Math.floor((k * sorted.length) / maxBins)]!;
    if (v < sorted[sorted.length - 1]! && (cuts.length === 0 || v > cuts[cuts.length - 1]!)) cuts.push(v);
  }
  return cuts;
}

/** Index of the first cut ≥ x (so x ≤ cuts[k] ⇔ bin ≤ k); cuts.length when x is above them all. */
function binOf(cuts: number[], x: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cuts[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function fitGradientBoosting(
  rows: readonly Row[],
  labels: readonly number[],
  options: BoostingOptions = {},
): BoostedModel {
  const n = rows.length;
  if (n === 0) throw new Error('gradient boosting: no training rows');
  if (labels.length !== n) throw new Error(`gradient boosting: ${n} rows but ${labels.length} labels`);
  const p = rows[0]!.length;
  const names = options.featureNames
    ? [...options.featureNames]
    : Array.from({ length: p }, (_, j) => `x${j}`);
  if (names.length !== p)
    throw new Error(`gradient boosting: ${names.length} feature names for ${p} columns`);
  const nTrees = options.trees ?? 100;
  const eta = options.learningRate ?? 0.1;
  const maxDepth = options.maxDepth ?? 2;
  const minLeaf = Math.max(1, options.minLeaf ?? 20);
  const maxBins = Math.max(2, options.maxBins ?? 32);
  const lambda = options.lambda ?? 1;

  let positives = 0;
  for (let i = 0; i < n; i++) {
    const row = rows[i]!;
    if (row.length !== p)
      throw new Error(`gradient boosting: row ${i} has ${row.length} values, expected ${p}`);
    for (let j = 0; j < p; j++)
      if (!Number.isFinite(row[j]))
        throw new Error(`gradient boosting: feature '${names[j]}' (column ${j}) is ${row[j]} at row ${i}`);
    const y = labels[i];
    if (y !== 0 && y !== 1) throw new Error(`gradient boosting: label at row ${i} is ${y}, expected 0 or 1`);
    positives += y;
  }
  if (positives === 0 || positives === n)
    throw new Error('gradient boosting: training data has only one class; both outcomes are needed');

  // Bin every column once.
  const cuts: number[][] = [];
  const bins: Uint16Array[] = [];
  for (let j = 0; j < p; j++) {
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) col[i] = rows[i]![j]!;
    const c = cutsOf(col, maxBins);
    cuts.push(c);
    const b = new Uint16Array(n);
    for (let i = 0; i < n; i++) b[i] = binOf(c, col[i]!);
    bins.push(b);
  }

  const baseScore = Math.log(positives / (n - positives));
  const score = new Float64Array(n).fill(baseScore);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const trees: TreeNode[][] = [];

  const leafValue = (idx: Uint32Array): number => {
    let G = 0;
    let H = 0;
    for (const i of idx) {
      G += g[i]!;
      H += h[i]!;
    }
    return (-G / (H + lambda)) * eta;
  };

  for (let t = 0; t < nTrees; t++) {
    for (let i = 0; i < n; i++) {
      const mu = sigmoid(score[i]!);
      g[i] = mu - labels[i]!;
      h[i] = mu * (1 - mu);
    }
    const nodes: TreeNode[] = [];
    const grow = (idx: Uint32Array, depth: number): number => {
      const at = nodes.length;
      nodes.push({ leaf: true, value: leafValue(idx) });
      if (depth >= maxDepth || idx.length < 2 * minLeaf) return at;
      let G = 0;
      let H = 0;
      for (const i of idx) {
        G += g[i]!;
        H += h[i]!;
      }
      const parent = (G * G) / (H + lambda);
      let best = { gain: 1e-12, feature: -1, cut: -1 };
      for (let j = 0; j < p; j++) {
        const m = cuts[j]!.length;
        if (m === 0) continue;
        const gb = new Float64Array(m + 1);
        const hb = new Float64Array(m + 1);
        const cb = new Uint32Array(m + 1);
        const bj = bins[j]!;
        for (const i of idx) {
          const b = bj[i]!;
          gb[b]! += g[i]!;
          hb[b]! += h[i]!;
          cb[b]!++;
        }
        let GL = 0;
        let HL = 0;
        let CL = 0;
        for (let k = 0; k < m; k++) {
          GL += gb[k]!;
          HL += hb[k]!;
          CL += cb[k]!;
          const CR = idx.length - CL;
          if (CL < minLeaf || CR < minLeaf) continue;
          const GR = G - GL;
          const HR = H - HL;
          const gain = (GL * GL) / (HL + lambda) + (GR * GR) / (HR + lambda) - parent;
          if (gain > best.gain) best = { gain, feature: j, cut: k };
        }
      }
      if (best.feature < 0) return at;
      const bj = bins[best.feature]!;
      const leftIdx = idx.filter((i) => bj[i]! <= best.cut);
      const rightIdx = idx.filter((i) => bj[i]! > best.cut);
      const left = grow(leftIdx, depth + 1);
      const right = grow(rightIdx, depth + 1);
      nodes[at] = {
        leaf: false,
        feature: best.feature,
        threshold: cuts[best.feature]![best.cut]!,
        left,
        right,
      };
      return at;
    };
    grow(
      Uint32Array.from({ length: n }, (_, i) => i),
      0,
    );
    trees.push(nodes);
    for (let i = 0; i < n; i++) score[i]! += treeValue(nodes, rows[i]!);
  }
  return { kind: 'gradient-boosting', featureNames: names, baseScore, trees };
}

function treeValue(nodes: readonly TreeNode[], row: Row): number {
  let node = nodes[0]!;
  while (!node.leaf) node = nodes[row[node.feature]! <= node.threshold ? node.left : node.right]!;
  return node.value;
}

/** Logit for one raw row. Throws on a wrong width or a non-finite value. */
export function predictBoostedLogit(model: BoostedModel, row: Row): number {
  if (row.length !== model.featureNames.length)
    throw new Error(`gradient boosting: row has ${row.length} values, expected ${model.featureNames.length}`);
  for (let j = 0; j < row.length; j++) {
    if (!Number.isFinite(row[j]))
      throw new Error(`gradient boosting: feature '${model.featureNames[j]}' (column ${j}) is ${row[j]}`);
  }
  let s = model.baseScore;
  for (const tree of model.trees) s += treeValue(tree, row);
  return s;
}

/** Logits for many rows. */
export function predictBoostedLogits(model: BoostedModel, rows: readonly Row[]): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = predictBoostedLogit(model, rows[i]!);
  return out;
}

/** Probabilities for many rows. */
export function predictBoostedProbabilities(model: BoostedModel, rows: readonly Row[]): Float64Array {
  const out = predictBoostedLogits(model, rows);
  for (let i = 0; i < out.length; i++) out[i] = sigmoid(out[i]!);
  return out;
}
