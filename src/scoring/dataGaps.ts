/**
 * A dead or late feed is a data gap, not disengagement (docs/score.md): a source that was active for a
 * good share of students in each of its recent term weeks, and this week is zero (or absent) for nearly
 * all of them, is treated as missing for everyone this week — method recent-log then carries each
 * student's level and the card says "missing this week" — and the week reports the source as a gap.
 * A source that is quiet by nature most weeks (submissions between deadlines) is never a gap; a week in
 * which next to nobody is active on it says nothing about any one student, so it is quiet: its levels
 * carry unchanged (not marked missing) instead of decaying towards zero for everyone.
 */
import type { MeasureMatrix } from './measureMatrix.ts';

/** At most this share of students with any activity this week… */
export const GAP_ACTIVE_SHARE = 0.02;
/** …when at least this share were active in each of the recent weeks… */
export const USUAL_ACTIVE_SHARE = 0.2;
/** …of which there must be at least this many (and at most this many are read). */
export const USUAL_WEEKS = 2;
export const RECENT_WEEKS = 3;

/** Per source id, the share of scored students with any activity in one earlier week. */
export interface SourceActivityWeek {
  week: string;
  activeShares: Readonly<Record<string, number>>;
}

/** This week's share of the given rows with a positive value, per source column. */
export function activeShares(
  matrix: MeasureMatrix,
  rows: number,
  sourceIds: readonly string[],
): Record<string, number> {
  const width = sourceIds.length;
  return Object.fromEntries(
    sourceIds.map((sourceId, s) => {
      let active = 0;
      for (let row = 0; row < rows; row++) if ((matrix.values[row * width + s] as number) > 0) active += 1;
      return [sourceId, rows === 0 ? 0 : active / rows];
    }),
  );
}

export interface SourceWeekReading {
  /** Sources that are a data gap this week: cleared to missing, their levels carried and shown as missing. */
  gaps: string[];
  /** Cells (row-major) with a zero on a source quiet for everyone this week: an earlier level stands. */
  quietCells: Uint8Array;
}

/** Reads the week's sources against their recent weeks: clears the gaps' values, marks the quiet zeros. */
export function clearDataGaps(
  matrix: MeasureMatrix,
  rows: number,
  sourceIds: readonly string[],
  thisWeek: Readonly<Record<string, number>>,
  history: readonly SourceActivityWeek[],
): SourceWeekReading {
  const recent = [...history].sort((a, b) => (a.week < b.week ? 1 : -1)).slice(0, RECENT_WEEKS);
  const width = sourceIds.length;
  const gaps: string[] = [];
  const quietCells = new Uint8Array(rows * width);
  sourceIds.forEach((sourceId, s) => {
    if ((thisWeek[sourceId] ?? 0) > GAP_ACTIVE_SHARE) return;
    const usual = recent.map((week) => week.activeShares[sourceId]).filter((share) => share !== undefined);
    const gap = usual.length >= USUAL_WEEKS && usual.every((share) => share >= USUAL_ACTIVE_SHARE);
    if (gap) gaps.push(sourceId);
    for (let row = 0; row < rows; row++) {
      const cell = row * width + s;
      if (gap) matrix.values[cell] = NaN;
      else if ((matrix.values[cell] as number) === 0) quietCells[cell] = 1;
    }
  });
  return { gaps, quietCells };
}
