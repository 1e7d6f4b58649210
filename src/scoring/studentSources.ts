/**
 * A scored student's per-source detail: the breakdown (measure, normal score and composite share of every
 * source in force) and the lists of sources used, imputed and missing. Built once per student in the hot
 * loop, so arrays of plain numbers keep values unboxed, and the common case — every source measured — shares
 * the week's frozen id list, composite shares and empty lists instead of allocating its own.
 */
import type { ScoreBreakdown, WeeklyScore } from '../domain/model.ts';
import type { GroupScores } from './groupScores.ts';
import type { MeasureMatrix } from './measureMatrix.ts';

const NONE: readonly string[] = Object.freeze([]);

/** The week's sources in force (positive weight) and their effective weights. */
export interface WeekSources {
  sourceIds: readonly string[];
  weights: Float64Array;
  /** Composite shares when every source is available: weight / total weight. */
  fullShares: readonly number[];
}

export function weekSources(sourceIds: readonly string[], weights: Float64Array): WeekSources {
  const total = weights.reduce((sum, w) => sum + w, 0);
  return {
    sourceIds: Object.freeze([...sourceIds]),
    weights,
    fullShares: Object.freeze(Array.from(weights, (w) => w / total)),
  };
}

export type StudentSources = Pick<
  WeeklyScore,
  'breakdown' | 'sourcesUsed' | 'sourcesImputed' | 'sourcesMissing'
>;

/** Detail of group member `member` (matrix row `row`). */
export function studentSources(
  computed: GroupScores,
  matrix: MeasureMatrix,
  week: WeekSources,
  member: number,
  row: number,
  recentWeights: Float64Array | null,
): StudentSources {
  const width = week.sourceIds.length;
  const recent =
    recentWeights === null
      ? {}
      : {
          recentWeights: Array.from({ length: width }, (_, s) => {
            const weight = recentWeights[row * width + s] as number;
            return weight === weight ? weight : null;
          }),
        };
  const measures: (number | null)[] = new Array<number | null>(width);
  const normalScores: (number | null)[] = new Array<number | null>(width);
  let complete = true;
  for (let s = 0; s < width; s++) {
    const normalScore = computed.normal[member * width + s] as number;
    if (Number.isNaN(normalScore)) {
      measures[s] = null;
      normalScores[s] = null;
      complete = false;
    } else {
      measures[s] = matrix.values[row * width + s] as number;
      normalScores[s] = normalScore;
      if (matrix.imputed[row * width + s] === 1) complete = false;
    }
  }
  if (complete) {
    const breakdown: ScoreBreakdown = {
      sourceIds: week.sourceIds,
      measures,
      normalScores,
      weights: week.fullShares,
      ...recent,
    };
    return { breakdown, sourcesUsed: week.sourceIds, sourcesImputed: NONE, sourcesMissing: NONE };
  }
  const available = computed.availableWeight[member] as number;
  const imputed = (s: number): boolean => matrix.imputed[row * width + s] === 1;
  const pick = (keep: (s: number) => boolean): string[] => week.sourceIds.filter((_, s) => keep(s));
  return {
    breakdown: {
      sourceIds: week.sourceIds,
      measures,
      normalScores,
      weights: Array.from(week.weights, (w, s) => (normalScores[s] === null ? 0 : w / available)),
      ...recent,
    },
    sourcesUsed: pick((s) => measures[s] !== null),
    sourcesImputed: pick(imputed),
    sourcesMissing: pick((s) => measures[s] === null || imputed(s)),
  };
}
