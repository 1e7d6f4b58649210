/**
 * A dead or late feed is a data gap, not disengagement (docs/score.md): a source whose values this week
 * are zero (or absent) for nearly every student, when at its previous term week a good share of them
 * had some activity, is treated as missing for everyone this week — method recent-log then carries each
 * student's level and the card says "missing this week" — and the week reports the source as a gap.
 */
import type { MeasureMatrix } from './measureMatrix.ts';
import type { RecentLevels } from './types.ts';

/** At most this share of students with any activity this week… */
export const GAP_ACTIVE_SHARE = 0.02;
/** …when at least this share had a positive level the week before, makes the source-week a gap. */
export const USUAL_ACTIVE_SHARE = 0.2;

/** Columns of the sources that are a data gap this week; their values are cleared to missing. */
export function clearDataGaps(
  matrix: MeasureMatrix,
  rows: number,
  sourceIds: readonly string[],
  previous: RecentLevels | null,
): string[] {
  if (previous === null) return [];
  const width = sourceIds.length;
  const gaps: string[] = [];
  sourceIds.forEach((sourceId, s) => {
    const column = previous.sourceIds.indexOf(sourceId);
    if (column < 0) return;
    const previousWidth = previous.sourceIds.length;
    let before = 0;
    for (let i = 0; i < previous.studentIds.length; i++) {
      if ((previous.levels[i * previousWidth + column] as number) > 0) before += 1;
    }
    if (previous.studentIds.length === 0 || before / previous.studentIds.length < USUAL_ACTIVE_SHARE) return;
    let active = 0;
    for (let row = 0; row < rows; row++) if ((matrix.values[row * width + s] as number) > 0) active += 1;
    if (rows === 0 || active / rows > GAP_ACTIVE_SHARE) return;
    gaps.push(sourceId);
    for (let row = 0; row < rows; row++) matrix.values[row * width + s] = NaN;
  });
  return gaps;
}
