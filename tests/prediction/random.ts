// Seeded randomness for the prediction tests: mulberry32 uniforms and Box–Muller normals.
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function normal(rand: () => number): () => number {
  return () => {
    const u = 1 - rand(); // (0, 1]
    const v = rand();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

/** Rows of independent N(0,1) features and Bernoulli labels from a known raw-scale logistic model. */
export function syntheticLogistic(
  seed: number,
  n: number,
  intercept: number,
  coefficients: readonly number[],
): { rows: number[][]; labels: number[] } {
  const rand = mulberry32(seed);
  const gauss = normal(rand);
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = coefficients.map(() => gauss());
    const eta = intercept + row.reduce((s, x, j) => s + x * coefficients[j]!, 0);
    rows.push(row);
    labels.push(rand() < 1 / (1 + Math.exp(-eta)) ? 1 : 0);
  }
  return { rows, labels };
}
