/**
 * L2-regularised logistic regression fitted by Newton's method (IRLS) with step halving. Features are
 * standardised internally (weighted mean and population sd of the training rows; a constant column gets
 * sd 1) and the standardisation is stored in the model, so prediction takes raw rows. The penalty
 * (lambda / 2) · Σ β_j² applies to the standardised coefficients, never to the intercept. The fitted model
 * is a plain JSON-serialisable object. Pure: no I/O, no clock, no randomness.
 */
import { CholeskyDecomposition, Matrix, pseudoInverse } from 'ml-matrix';

export interface LogisticModel {
  kind: 'logistic';
  featureNames: string[];
  /** Training mean of each feature (weighted by the sample weights). */
  means: number[];
  /** Training population sd of each feature; 1 for a constant column. */
  sds: number[];
  /** Coefficients on the standardised scale: logit = intercept + Σ coefficients[j]·(x_j − means[j]) / sds[j]. */
  coefficients: number[];
  /** Logit at the training mean. */
  intercept: number;
  lambda: number;
  iterations: number;
  converged: boolean;
}

export interface LogisticFitOptions {
  /** One name per column; defaults to x0, x1, …. */
  featureNames?: readonly string[];
  /** L2 penalty on the standardised coefficients (≥ 0). Default 1. */
  lambda?: number;
  /** Non-negative sample weights, one per row; a weight of 2 counts a row twice. Default all 1. */
  weights?: readonly number[];
  /** Default 100. */
  maxIterations?: number;
  /** Converged when the largest parameter change of a Newton step is below this. Default 1e-8. */
  tolerance?: number;
}

/** One feature row: an array, or a view of a feature matrix. */
export type Row = ArrayLike<number>;

/** Numerically stable 1 / (1 + e^−z). */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** log(1 + e^z) without overflow. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

function validate(
  rows: readonly Row[],
  labels: readonly number[],
  names: readonly string[],
  weights: readonly number[],
): void {
  if (rows.length === 0) throw new Error('logistic regression: no training rows');
  if (labels.length !== rows.length)
    throw new Error(`logistic regression: ${rows.length} rows but ${labels.length} labels`);
  if (weights.length !== rows.length)
    throw new Error(`logistic regression: ${rows.length} rows but ${weights.length} weights`);
  const p = names.length;
  let pos = 0;
  let neg = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (row.length !== p)
      throw new Error(`logistic regression: row ${i} has ${row.length} values, expected ${p}`);
    for (let j = 0; j < p; j++) {
      if (!Number.isFinite(row[j]))
        throw new Error(`logistic regression: feature '${names[j]}' (column ${j}) is ${row[j]} at row ${i}`);
    }
    const y = labels[i];
    if (y !== 0 && y !== 1)
      throw new Error(`logistic regression: label at row ${i} is ${y}, expected 0 or 1`);
    const w = weights[i]!;
    if (!Number.isFinite(w) || w < 0)
      throw new Error(`logistic regression: weight at row ${i} is ${w}, expected a finite number ≥ 0`);
    if (w > 0) {
      if (y === 1) pos += w;
      else neg += w;
    }
  }
  if (pos === 0 || neg === 0)
    throw new Error(
      `logistic regression: training data has only one class (${pos > 0 ? 'all 1' : 'all 0'} among weighted rows); both outcomes are needed`,
    );
}

/** Weighted mean and population sd of each column; sd is 1 where the column is (numerically) constant. */
function standardisation(
  rows: readonly Row[],
  weights: readonly number[],
  p: number,
): { means: number[]; sds: number[] } {
  let wSum = 0;
  const means = new Array<number>(p).fill(0);
  for (let i = 0; i < rows.length; i++) {
    const w = weights[i]!;
    wSum += w;
    const row = rows[i]!;
    for (let j = 0; j < p; j++) means[j]! += w * row[j]!;
  }
  for (let j = 0; j < p; j++) means[j] = means[j]! / wSum;
  const vars = new Array<number>(p).fill(0);
  for (let i = 0; i < rows.length; i++) {
    const w = weights[i]!;
    const row = rows[i]!;
    for (let j = 0; j < p; j++) {
      const d = row[j]! - means[j]!;
      vars[j]! += w * d * d;
    }
  }
  const sds = vars.map((v, j) => {
    const sd = Math.sqrt(v / wSum);
    return sd > 1e-12 * Math.max(1, Math.abs(means[j]!)) ? sd : 1;
  });
  return { means, sds };
}

/** Solves H·d = g for a symmetric H: Cholesky when positive definite, else the pseudo-inverse (λ = 0 cases). */
function solveSymmetric(h: Matrix, g: Matrix): number[] {
  const chol = new CholeskyDecomposition(h);
  if (chol.isPositiveDefinite()) return chol.solve(g).to1DArray();
  return pseudoInverse(h).mmul(g).to1DArray();
}

/**
 * Fits the model by minimising Σ w_i·[log(1 + e^η_i) − y_i·η_i] + (lambda / 2)·Σ β_j² over the intercept and
 * the standardised coefficients. Throws on empty input, one-class data, non-finite features (naming the
 * column), labels other than 0/1 and bad weights. With lambda > 0 the fit stays finite under perfect
 * separation; with lambda = 0 it may not converge (converged: false).
 */
export function fitLogisticRegression(
  rows: readonly Row[],
  labels: readonly number[],
  options: LogisticFitOptions = {},
): LogisticModel {
  const p = rows[0]?.length ?? options.featureNames?.length ?? 0;
  const names = options.featureNames
    ? [...options.featureNames]
    : Array.from({ length: p }, (_, j) => `x${j}`);
  if (names.length !== p)
    throw new Error(`logistic regression: ${names.length} feature names for ${p} columns`);
  const lambda = options.lambda ?? 1;
  if (!Number.isFinite(lambda) || lambda < 0)
    throw new Error(`logistic regression: lambda ${lambda} must be ≥ 0`);
  const weights = options.weights ?? new Array<number>(rows.length).fill(1);
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-8;
  validate(rows, labels, names, weights);

  const n = rows.length;
  const { means, sds } = standardisation(rows, weights, p);
  const k = p + 1; // parameter 0 is the intercept
  // Standardised design, row-major with a leading 1.
  const z = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const row = rows[i]!;
    z[i * k] = 1;
    for (let j = 0; j < p; j++) z[i * k + j + 1] = (row[j]! - means[j]!) / sds[j]!;
  }

  const eta = new Float64Array(n);
  const linear = (beta: Float64Array): void => {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < k; j++) s += z[i * k + j]! * beta[j]!;
      eta[i] = s;
    }
  };
  const objective = (beta: Float64Array): number => {
    linear(beta);
    let f = 0;
    for (let i = 0; i < n; i++) f += weights[i]! * (softplus(eta[i]!) - labels[i]! * eta[i]!);
    for (let j = 1; j < k; j++) f += 0.5 * lambda * beta[j]! * beta[j]!;
    return f;
  };

  let beta = new Float64Array(k);
  // Start the intercept at the weighted log-odds: one Newton step fewer, and exact when no feature helps.
  {
    let wy = 0;
    let w = 0;
    for (let i = 0; i < n; i++) {
      wy += weights[i]! * labels[i]!;
      w += weights[i]!;
    }
    beta[0] = Math.log(wy / (w - wy));
  }
  let f = objective(beta);
  let iterations = 0;
  let converged = false;

  while (iterations < maxIterations) {
    iterations++;
    linear(beta);
    const grad = new Float64Array(k);
    const hess = new Float64Array(k * k);
    for (let i = 0; i < n; i++) {
      const w = weights[i]!;
      if (w === 0) continue;
      const mu = sigmoid(eta[i]!);
      const r = w * (mu - labels[i]!);
      const v = w * mu * (1 - mu);
      const off = i * k;
      for (let a = 0; a < k; a++) {
        const za = z[off + a]!;
        grad[a]! += r * za;
        const va = v * za;
        for (let b = 0; b <= a; b++) hess[a * k + b]! += va * z[off + b]!;
      }
    }
    for (let a = 1; a < k; a++) {
      grad[a]! += lambda * beta[a]!;
      hess[a * k + a]! += lambda;
    }
    const h = new Matrix(k, k);
    for (let a = 0; a < k; a++)
      for (let b = 0; b <= a; b++) {
        h.set(a, b, hess[a * k + b]!);
        h.set(b, a, hess[a * k + b]!);
      }
    const step = solveSymmetric(h, Matrix.columnVector(Array.from(grad)));

    // Step halving: accept the first step that does not increase the penalised objective.
    let t = 1;
    let next = beta;
    let fNext = f;
    for (let halvings = 0; halvings < 30; halvings++, t /= 2) {
      const candidate = new Float64Array(k);
      for (let j = 0; j < k; j++) candidate[j] = beta[j]! - t * step[j]!;
      const fc = objective(candidate);
      if (Number.isFinite(fc) && fc <= f + 1e-12 * Math.abs(f)) {
        next = candidate;
        fNext = fc;
        break;
      }
    }
    let change = 0;
    for (let j = 0; j < k; j++) change = Math.max(change, Math.abs(next[j]! - beta[j]!));
    const stalled = next === beta;
    beta = next;
    f = fNext;
    if (change < tolerance || stalled) {
      // A step that cannot lower the objective at all means we sit on the optimum to rounding error,
      // unless the gradient is still large (λ = 0 with a singular Hessian).
      let gradMax = 0;
      for (let j = 0; j < k; j++) gradMax = Math.max(gradMax, Math.abs(grad[j]!));
      converged = !stalled || gradMax < 1e-6 * Math.max(1, n);
      break;
    }
  }

  return {
    kind: 'logistic',
    featureNames: names,
    means,
    sds,
    coefficients: Array.from(beta.subarray(1)),
    intercept: beta[0]!,
    lambda,
    iterations,
    converged,
  };
}

/** The model on the raw feature scale: logit = intercept + Σ coefficients[j]·x_j. */
export function rawCoefficients(model: LogisticModel): { intercept: number; coefficients: number[] } {
  const coefficients = model.coefficients.map((b, j) => b / model.sds[j]!);
  let intercept = model.intercept;
  for (let j = 0; j < coefficients.length; j++) intercept -= coefficients[j]! * model.means[j]!;
  return { intercept, coefficients };
}

function nonFiniteError(model: LogisticModel, row: Row, index?: number): Error {
  const j = Array.from(row).findIndex((v) => !Number.isFinite(v));
  const where = index === undefined ? '' : ` at row ${index}`;
  return new Error(
    `logistic regression: feature '${model.featureNames[j] ?? `#${j}`}' (column ${j}) is ${row[j]}${where}`,
  );
}

function checkWidth(model: LogisticModel, row: Row, index?: number): void {
  if (row.length !== model.featureNames.length)
    throw new Error(
      `logistic regression: row${index === undefined ? '' : ` ${index}`} has ${row.length} values, expected ${model.featureNames.length}`,
    );
}

/** Uncalibrated logit for one raw row. Throws on a wrong width or a non-finite value. */
export function predictLogit(model: LogisticModel, row: Row): number {
  checkWidth(model, row);
  let s = model.intercept;
  for (let j = 0; j < row.length; j++)
    s += (model.coefficients[j]! * (row[j]! - model.means[j]!)) / model.sds[j]!;
  if (!Number.isFinite(s)) throw nonFiniteError(model, row);
  return s;
}

/** Uncalibrated probability for one raw row. */
export function predictProbability(model: LogisticModel, row: Row): number {
  return sigmoid(predictLogit(model, row));
}

/** Uncalibrated logits for many rows (raw-scale coefficients folded once, then one pass per row). */
export function predictLogits(model: LogisticModel, rows: readonly Row[]): Float64Array {
  const { intercept, coefficients } = rawCoefficients(model);
  const p = coefficients.length;
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    checkWidth(model, row, i);
    let s = intercept;
    for (let j = 0; j < p; j++) s += coefficients[j]! * row[j]!;
    if (!Number.isFinite(s)) throw nonFiniteError(model, row, i);
    out[i] = s;
  }
  return out;
}

/** Uncalibrated probabilities for many rows. */
export function predictProbabilities(model: LogisticModel, rows: readonly Row[]): Float64Array {
  const out = predictLogits(model, rows);
  for (let i = 0; i < out.length; i++) out[i] = sigmoid(out[i]!);
  return out;
}
