/**
 * Quality degradation (docs/score.md): sources a student has been missing for several consecutive scored weeks
 * up to the latest one (default three, `degradedAfterMissingWeeks`). Takes the student's recent weekly
 * records oldest first — WeeklyScore documents, or UnscoredStudent records for weeks without data.
 */
import type { IsoWeek } from '../domain/isoWeek.ts';

export interface WeekSources {
  week: IsoWeek;
  /** Sources in force that had no measure that week (dropped or imputed). */
  sourcesMissing: readonly string[];
}

export interface MissingRun {
  sourceId: string;
  /** Consecutive weeks missing, ending with the latest week given. */
  weeks: number;
  /** First week of the run. */
  since: IsoWeek;
}

/** Sources missing in each of at least `minWeeks` consecutive records ending at the latest one. */
export function persistentGaps(history: readonly WeekSources[], minWeeks: number): MissingRun[] {
  const latest = history[history.length - 1];
  if (latest === undefined) return [];
  const runs: MissingRun[] = [];
  for (const sourceId of latest.sourcesMissing) {
    let start = history.length - 1;
    while (start > 0 && (history[start - 1] as WeekSources).sourcesMissing.includes(sourceId)) start -= 1;
    const weeks = history.length - start;
    if (weeks >= minWeeks) runs.push({ sourceId, weeks, since: (history[start] as WeekSources).week });
  }
  return runs;
}
