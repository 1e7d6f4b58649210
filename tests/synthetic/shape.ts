/**
 * The shape of weekly activity, measured the same way on OULAD (measureOulad.ts) and on a generated
 * institution (sparsity.test.ts): share of zero weeks, the spread of non-zero weekly counts, week-to-week
 * persistence, bursts in deadline weeks and the fade of leavers in the weeks before they leave.
 */

export interface StudentWeeks {
  /** One count per week; null where the student was not registered (after leaving). */
  counts: (number | null)[];
  /** Per week: does the student have an assessment due that week? */
  deadline: boolean[];
  /** Outcome group, e.g. Pass, Fail, Withdrawn. */
  outcome: string;
  /** Week index in which the student left (unregistered), or null. */
  leftAt: number | null;
}

export interface Shape {
  studentWeeks: number;
  zeroShare: number;
  zeroShareByOutcome: Record<string, number>;
  /** Quantiles of the non-zero weekly counts. */
  nonZero: { p10: number; p25: number; p50: number; p75: number; p90: number; p99: number };
  /** p90 / p50 and p99 / p50 of the non-zero counts. */
  tail: { p90: number; p99: number };
  /** Lag-1 correlation of log(1 + count), pooled, and within student (each student's mean removed). */
  autocorrelation: { pooled: number; withinStudent: number };
  /** Share of registered students at zero in each week: the lowest, median and highest week. */
  weeklyZeroShare: { min: number; median: number; max: number };
  /** Mean count in deadline weeks over the mean in other weeks; and the same for the share active. */
  burst: { meanRatio: number; activeRatio: number };
  /**
   * Leavers' activity k = 1…8 weeks before they leave, as a share of stayers' mean activity in the same
   * weeks (index 0 = the week before leaving); and their share of zero weeks then.
   */
  fade: { relative: number[]; zeroShare: number[] };
  outcomeShares: Record<string, number>;
}

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return (sorted[low] as number) + ((sorted[high] as number) - (sorted[low] as number)) * (position - low);
}

function correlation(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return NaN;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i += 1) {
    mx += xs[i] as number;
    my += ys[i] as number;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i += 1) {
    const dx = (xs[i] as number) - mx;
    const dy = (ys[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}

const round = (value: number, digits = 3): number => Number(value.toFixed(digits));

export function measureShape(students: readonly StudentWeeks[]): Shape {
  const weeks = Math.max(0, ...students.map((s) => s.counts.length));
  let cells = 0;
  let zeros = 0;
  const byOutcome = new Map<string, { cells: number; zeros: number }>();
  const nonZero: number[] = [];
  const pooledX: number[] = [];
  const pooledY: number[] = [];
  const withinX: number[] = [];
  const withinY: number[] = [];
  const weekCells = new Array<number>(weeks).fill(0);
  const weekZeros = new Array<number>(weeks).fill(0);
  const weekSum = new Array<number>(weeks).fill(0);
  const deadline = { sum: 0, cells: 0, active: 0 };
  const other = { sum: 0, cells: 0, active: 0 };
  for (const student of students) {
    const group = byOutcome.get(student.outcome) ?? { cells: 0, zeros: 0 };
    byOutcome.set(student.outcome, group);
    const logs: number[] = [];
    student.counts.forEach((count, week) => {
      if (count === null) return;
      cells += 1;
      group.cells += 1;
      weekCells[week] = (weekCells[week] as number) + 1;
      weekSum[week] = (weekSum[week] as number) + count;
      if (count === 0) {
        zeros += 1;
        group.zeros += 1;
        weekZeros[week] = (weekZeros[week] as number) + 1;
      } else nonZero.push(count);
      const bucket = student.deadline[week] ? deadline : other;
      bucket.sum += count;
      bucket.cells += 1;
      if (count > 0) bucket.active += 1;
      logs.push(Math.log1p(count));
    });
    // lag-1 pairs over consecutive registered weeks
    const mean = logs.reduce((sum, v) => sum + v, 0) / Math.max(1, logs.length);
    for (let week = 0; week + 1 < student.counts.length; week += 1) {
      const a = student.counts[week];
      const b = student.counts[week + 1];
      if (a === null || a === undefined || b === null || b === undefined) continue;
      pooledX.push(Math.log1p(a));
      pooledY.push(Math.log1p(b));
      withinX.push(Math.log1p(a) - mean);
      withinY.push(Math.log1p(b) - mean);
    }
  }
  nonZero.sort((a, b) => a - b);
  const p50 = quantile(nonZero, 0.5);
  const weekly = weekCells
    .map((n, week) => (n >= 20 ? (weekZeros[week] as number) / n : NaN))
    .filter((v) => !Number.isNaN(v))
    .sort((a, b) => a - b);

  // fade: leavers k weeks before leaving, against stayers' mean in that same week
  const stayers = students.filter((s) => s.leftAt === null);
  const stayerMean = new Array<number>(weeks).fill(0).map((_, week) => {
    let sum = 0;
    let n = 0;
    for (const s of stayers) {
      const c = s.counts[week];
      if (c !== null && c !== undefined) {
        sum += c;
        n += 1;
      }
    }
    return n > 0 ? sum / n : NaN;
  });
  const relative: number[] = [];
  const fadeZero: number[] = [];
  for (let k = 1; k <= 8; k += 1) {
    let own = 0;
    let reference = 0;
    let n = 0;
    let z = 0;
    for (const s of students) {
      if (s.leftAt === null) continue;
      const week = s.leftAt - k;
      const c = s.counts[week];
      const ref = stayerMean[week];
      if (week < 0 || c === null || c === undefined || ref === undefined || Number.isNaN(ref)) continue;
      own += c;
      reference += ref;
      n += 1;
      if (c === 0) z += 1;
    }
    relative.push(n > 0 ? round(own / reference) : NaN);
    fadeZero.push(n > 0 ? round(z / n) : NaN);
  }

  const outcomeCounts = new Map<string, number>();
  for (const s of students) outcomeCounts.set(s.outcome, (outcomeCounts.get(s.outcome) ?? 0) + 1);
  return {
    studentWeeks: cells,
    zeroShare: round(zeros / cells),
    zeroShareByOutcome: Object.fromEntries(
      [...byOutcome].map(([outcome, g]) => [outcome, round(g.zeros / Math.max(1, g.cells))]),
    ),
    nonZero: {
      p10: quantile(nonZero, 0.1),
      p25: quantile(nonZero, 0.25),
      p50,
      p75: quantile(nonZero, 0.75),
      p90: quantile(nonZero, 0.9),
      p99: quantile(nonZero, 0.99),
    },
    tail: { p90: round(quantile(nonZero, 0.9) / p50, 2), p99: round(quantile(nonZero, 0.99) / p50, 2) },
    autocorrelation: {
      pooled: round(correlation(pooledX, pooledY)),
      withinStudent: round(correlation(withinX, withinY)),
    },
    weeklyZeroShare: {
      min: round(weekly[0] ?? NaN),
      median: round(quantile(weekly, 0.5)),
      max: round(weekly.at(-1) ?? NaN),
    },
    burst: {
      meanRatio: round(deadline.sum / deadline.cells / (other.sum / other.cells), 2),
      activeRatio: round(deadline.active / deadline.cells / (other.active / other.cells), 2),
    },
    fade: { relative, zeroShare: fadeZero },
    outcomeShares: Object.fromEntries(
      [...outcomeCounts].map(([outcome, n]) => [outcome, round(n / students.length)]),
    ),
  };
}
