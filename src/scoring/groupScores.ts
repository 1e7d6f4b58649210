/**
 * The hot loop: one peer group's normal scores, composites and activity percentiles. Each source's values
 * are gathered into a typed buffer and scored once per group: ranked (midRank.ts, the inverse normal CDF
 * once per distinct value) or standardised on a log scale (logScores.ts). Composites are weighted means
 * over each member's available sources.
 */
import { inverseNormalCdf } from './inverseNormal.ts';
import type { MeasureMatrix } from './measureMatrix.ts';
import { logStandardise } from './logScores.ts';
import { midRankTransform, rankScratch } from './midRank.ts';
import type { RankScratch } from './midRank.ts';

/** Below this the composite's spread is rounding noise: every member is at the group mean. */
const ZERO_SD = 1e-9;

const identity = (percentile: number): number => percentile;

/** One group's results: views into the scratch buffers, valid until the next scoreGroup with the same scratch. */
export interface GroupScores {
  /** members × sources normal scores, NaN where the member had no value. */
  normal: Float64Array;
  /** Per member: weighted mean of the available normal scores. */
  composite: Float64Array;
  /** Per member: total effective weight of the sources available. */
  availableWeight: Float64Array;
  compositeMean: number;
  /** Population sd of the composite; 0 when it is rounding noise. */
  compositeSd: number;
  /** Per source: median value over the members with one. */
  medians: (number | null)[];
  /** Per member: mid-rank percentile of raw activity. */
  activityPercentile: Float64Array;
  /** Median raw activity of the members. */
  activityLevel: number;
}

/** Working and result buffers, sized once for the largest group and reused by every group. */
export interface GroupScratch {
  gathered: Float64Array;
  ranked: Float64Array;
  position: Int32Array;
  kernel: RankScratch;
  normal: Float64Array;
  composite: Float64Array;
  availableWeight: Float64Array;
  activityPercentile: Float64Array;
}

export function groupScratch(largestGroup: number, sources: number): GroupScratch {
  return {
    gathered: new Float64Array(largestGroup),
    ranked: new Float64Array(largestGroup),
    position: new Int32Array(largestGroup),
    kernel: rankScratch(largestGroup),
    normal: new Float64Array(largestGroup * sources),
    composite: new Float64Array(largestGroup),
    availableWeight: new Float64Array(largestGroup),
    activityPercentile: new Float64Array(largestGroup),
  };
}

/** How a source's values become normal scores: mid-rank percentiles (weekly-rank) or log-scale z (recent-log). */
export type NormalScoring = 'rank' | 'log';

/** Scores one group's population. `rows` are matrix rows; every member must have at least one value. */
export function scoreGroup(
  rows: Int32Array,
  matrix: MeasureMatrix,
  weights: Float64Array,
  scratch: GroupScratch,
  normalScoring: NormalScoring = 'rank',
): GroupScores {
  const size = rows.length;
  const width = weights.length;
  const { values, activity } = matrix;
  const { gathered, ranked, position, kernel } = scratch;
  const normal = scratch.normal.subarray(0, size * width).fill(NaN);
  const medians: (number | null)[] = [];

  for (let s = 0; s < width; s++) {
    let count = 0;
    for (let j = 0; j < size; j++) {
      const v = values[(rows[j] as number) * width + s] as number;
      if (v === v) {
        gathered[count] = v;
        position[count] = j;
        count += 1;
      }
    }
    medians.push(
      normalScoring === 'log'
        ? logStandardise(gathered, count, ranked, kernel.sorting)
        : midRankTransform(gathered, count, ranked, inverseNormalCdf, kernel),
    );
    for (let i = 0; i < count; i++) normal[(position[i] as number) * width + s] = ranked[i] as number;
  }

  const composite = scratch.composite.subarray(0, size);
  const availableWeight = scratch.availableWeight.subarray(0, size);
  let total = 0;
  for (let j = 0; j < size; j++) {
    let weightSum = 0;
    let weighted = 0;
    for (let s = 0; s < width; s++) {
      const z = normal[j * width + s] as number;
      if (z !== z) continue;
      const w = weights[s] as number;
      weightSum += w;
      weighted += w * z;
    }
    availableWeight[j] = weightSum;
    composite[j] = weighted / weightSum;
    total += weighted / weightSum;
  }
  const compositeMean = total / size;
  let squares = 0;
  for (let j = 0; j < size; j++) squares += ((composite[j] as number) - compositeMean) ** 2;
  const sd = Math.sqrt(squares / size);

  for (let j = 0; j < size; j++) gathered[j] = activity[rows[j] as number] as number;
  const activityPercentile = scratch.activityPercentile.subarray(0, size);
  const activityLevel = midRankTransform(gathered, size, activityPercentile, identity, kernel) ?? 0;

  return {
    normal,
    composite,
    availableWeight,
    compositeMean,
    compositeSd: sd < ZERO_SD ? 0 : sd,
    medians,
    activityPercentile,
    activityLevel,
  };
}
