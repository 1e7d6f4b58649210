/**
 * Method recent-log's reading of a week (docs/score.md): each student × source value becomes an
 * exponentially weighted level of the student's recent term weeks, continued from the previous term week's
 * stored level and weight: with decay d = 0.5^(1 / half-life),
 *   weight = 1 + d · previous weight,   level = (this week's value + d · previous weight · previous level) / weight.
 * A week without a value for the source carries the previous level (its weight decays) and is marked as
 * carried, so the score compares like with like and the card can say "missing this week" — a register
 * that did not arrive moves nobody. A source quiet for everyone this week (dataGaps.ts) leaves the levels
 * of those without activity as they stand, unmarked. Without a previous level, this week's value is the
 * level. Rewrites the matrix's values in place and returns the weights to store, and whether each student
 * held up: this
 * week's values at least half their previous levels (summed over the sources measured both weeks) —
 * what the shared-cause check counts, since a group really moves together when most of its members fall
 * against their own usual, which the noise of a sparse week does not do.
 */
import type { WeeklyScore } from '../domain/model.ts';
import type { MeasureMatrix } from './measureMatrix.ts';
import type { RecentLevels } from './types.ts';

export function applyRecentLevels(
  matrix: MeasureMatrix,
  studentIds: readonly string[],
  sourceIds: readonly string[],
  previous: RecentLevels | null,
  halfLifeWeeks: number,
  quietCells: Uint8Array | null = null,
): { weights: Float64Array; heldUp: Uint8Array } {
  const width = sourceIds.length;
  /** Per student: 1 held up, 0 fell below half their own level, 2 no earlier level to compare with. */
  const heldUp = new Uint8Array(studentIds.length).fill(2);
  const decay = 0.5 ** (1 / halfLifeWeeks);
  const weights = new Float64Array(studentIds.length * width).fill(NaN);
  const previousRow = new Map(previous?.studentIds.map((id, row) => [id, row]) ?? []);
  const previousColumn = sourceIds.map((id) => previous?.sourceIds.indexOf(id) ?? -1);
  const previousWidth = previous?.sourceIds.length ?? 0;
  const { values, imputed } = matrix;

  studentIds.forEach((studentId, row) => {
    const before = previousRow.get(studentId);
    let usual = 0;
    let now = 0;
    for (let s = 0; s < width; s++) {
      const cell = row * width + s;
      const column = previousColumn[s] as number;
      const at = before === undefined || column < 0 ? -1 : before * previousWidth + column;
      const priorLevel = at < 0 ? NaN : ((previous as RecentLevels).levels[at] as number);
      const priorWeight =
        at < 0 || priorLevel !== priorLevel ? 0 : ((previous as RecentLevels).weights[at] as number);
      const value = values[cell] as number;
      if (priorWeight > 0 && quietCells?.[cell] === 1) {
        // A week quiet for everyone on this source tells nothing about the student: the level stands.
        values[cell] = priorLevel;
        weights[cell] = priorWeight;
      } else if (value === value && imputed[cell] === 0) {
        if (priorWeight > 0) {
          usual += priorLevel;
          now += value;
        }
        const weight = 1 + decay * priorWeight;
        values[cell] = (value + decay * priorWeight * (priorWeight > 0 ? priorLevel : 0)) / weight;
        weights[cell] = weight;
      } else if (priorWeight > 0) {
        values[cell] = priorLevel;
        weights[cell] = decay * priorWeight;
        imputed[cell] = 1;
      }
    }
    if (usual > 0) heldUp[row] = now >= usual / 2 ? 1 : 0;
  });
  return { weights, heldUp };
}

/** The levels a scored week hands to the next term week (what the scores repository stores and reads back). */
export function recentLevelsOfResult(result: {
  scores: readonly Pick<WeeklyScore, 'studentId' | 'breakdown'>[];
}): RecentLevels {
  const sourceIds = result.scores[0]?.breakdown.sourceIds ?? [];
  const width = sourceIds.length;
  const levels = new Float64Array(result.scores.length * width);
  const weights = new Float64Array(result.scores.length * width);
  result.scores.forEach((score, i) => {
    for (let s = 0; s < width; s++) {
      levels[i * width + s] = score.breakdown.measures[s] ?? NaN;
      weights[i * width + s] = score.breakdown.recentWeights?.[s] ?? NaN;
    }
  });
  return { studentIds: result.scores.map((score) => score.studentId), sourceIds, levels, weights };
}
