/**
 * Method recent-log's within-group normal score of one source: z = (log(1 + v) − mean) / sd over the
 * members with a value, the mean and sd of log(1 + v) taken over the same members. On a log scale a
 * heavy-tailed count is near-normal, zero is the lowest value rather than a tie pushed to the middle, and
 * the gap between no activity and some stays visible however many peers share it. Every value equal
 * (sd 0): everyone is at the mean. Returns the median of the raw values (null when n is 0).
 */

/** A normal score beyond this is clipped: one extreme member cannot dominate a composite. */
export const LOG_Z_LIMIT = 4;

export function logStandardise(
  values: Float64Array,
  n: number,
  out: Float64Array,
  sorting: Float64Array,
): number | null {
  if (n === 0) return null;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const log = Math.log1p(Math.max(0, values[i] as number));
    out[i] = log;
    sum += log;
  }
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += ((out[i] as number) - mean) ** 2;
  const sd = Math.sqrt(squares / n);
  for (let i = 0; i < n; i++) {
    const z = sd < 1e-12 ? 0 : ((out[i] as number) - mean) / sd;
    out[i] = Math.max(-LOG_Z_LIMIT, Math.min(LOG_Z_LIMIT, z));
  }
  const sorted = sorting.subarray(0, n);
  sorted.set(values.subarray(0, n));
  sorted.sort();
  const half = n >> 1;
  return n % 2 === 1
    ? (sorted[half] as number)
    : ((sorted[half - 1] as number) + (sorted[half] as number)) / 2;
}
