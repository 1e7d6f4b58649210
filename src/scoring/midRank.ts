/**
 * Mid-rank percentiles (docs/score.md step 1): a value's percentile is the share of values strictly below it
 * plus half the share tied with it, (below + ties / 2) / n. Ties share one percentile and every result lies
 * strictly between 0 and 1, so its normal score is finite. Two exact strategies: small non-negative integers
 * (weekly counts, the common case) are ranked from a histogram in linear time; anything else is sorted once
 * and located by binary search. A caller-supplied transform (e.g. the inverse normal CDF) runs once per
 * distinct value.
 */

/** Histogram ranking is used while the largest value is at most this many times the count (plus slack). */
const HISTOGRAM_SPREAD = 8;
const HISTOGRAM_SLACK = 1024;

/** Working buffers, reused across calls: the histogram ones grow on demand. */
export interface RankScratch {
  /** At least 2n numbers for the sorting strategy. */
  sorting: Float64Array;
  counts: Int32Array;
  below: Int32Array;
  cache: Float64Array;
}

export function rankScratch(largest: number): RankScratch {
  return {
    sorting: new Float64Array(2 * largest),
    counts: new Int32Array(0),
    below: new Int32Array(0),
    cache: new Float64Array(0),
  };
}

/**
 * Writes transform(percentile of values[i]) to out[i] for i < n, and returns the median of values[0..n)
 * (null when n is 0). `values` is not modified.
 */
export function midRankTransform(
  values: Float64Array,
  n: number,
  out: Float64Array,
  transform: (percentile: number) => number,
  scratch: RankScratch,
): number | null {
  if (n === 0) return null;
  let max = 0;
  let integral = true;
  for (let i = 0; i < n && integral; i++) {
    const v = values[i] as number;
    if (v < 0 || v !== Math.floor(v)) integral = false;
    else if (v > max) max = v;
  }
  return integral && max <= HISTOGRAM_SPREAD * n + HISTOGRAM_SLACK
    ? byHistogram(values, n, out, transform, max, scratch)
    : bySorting(values, n, out, transform, scratch.sorting);
}

function byHistogram(
  values: Float64Array,
  n: number,
  out: Float64Array,
  transform: (percentile: number) => number,
  max: number,
  scratch: RankScratch,
): number {
  if (scratch.counts.length <= max) {
    const size = Math.max(max + 1, 2 * scratch.counts.length);
    scratch.counts = new Int32Array(size);
    scratch.below = new Int32Array(size);
    scratch.cache = new Float64Array(size);
  }
  const { counts, below, cache } = scratch;
  counts.fill(0, 0, max + 1);
  cache.fill(NaN, 0, max + 1);
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    counts[v] = (counts[v] as number) + 1;
  }
  let running = 0;
  let lowerMiddle = -1;
  let upperMiddle = -1;
  for (let v = 0; v <= max; v++) {
    below[v] = running;
    running += counts[v] as number;
    if (lowerMiddle < 0 && running > (n - 1) >> 1) lowerMiddle = v;
    if (upperMiddle < 0 && running > n >> 1) upperMiddle = v;
  }
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    let result = cache[v] as number;
    if (result !== result) {
      result = transform(((below[v] as number) + (counts[v] as number) / 2) / n);
      cache[v] = result;
    }
    out[i] = result;
  }
  return (lowerMiddle + upperMiddle) / 2;
}

function bySorting(
  values: Float64Array,
  n: number,
  out: Float64Array,
  transform: (percentile: number) => number,
  scratch: Float64Array,
): number {
  const sorted = scratch.subarray(0, n);
  sorted.set(values.subarray(0, n));
  sorted.sort();
  const cache = scratch.subarray(n, 2 * n).fill(NaN);
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    const below = lowerBound(sorted, n, v);
    let result = cache[below] as number;
    if (result !== result) {
      result = transform((below + (upperBound(sorted, n, v) - below) / 2) / n);
      cache[below] = result;
    }
    out[i] = result;
  }
  const half = n >> 1;
  return n % 2 === 1
    ? (sorted[half] as number)
    : ((sorted[half - 1] as number) + (sorted[half] as number)) / 2;
}

function lowerBound(sorted: Float64Array, n: number, v: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(sorted: Float64Array, n: number, v: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
