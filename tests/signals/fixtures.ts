/** Builders for signal tests: score histories from plain numbers, and list entries. */
import { addWeeks } from '../../src/domain/isoWeek.ts';
import type { SharedCause } from '../../src/domain/model.ts';
import type { ListEntry } from '../../src/signals/lists.ts';
import { computeSignals } from '../../src/signals/studentSignals.ts';
import type { ScorePoint, SignalInput } from '../../src/signals/studentSignals.ts';

export const FIRST_WEEK = '2026-W40';
export const AS_OF = new Date('2026-11-16T08:00:00Z');

export interface PointOptions {
  activity?: number;
  activityPercentile?: number;
  sharedCause?: boolean;
  attendancePct?: number | null;
}

/** Consecutive weekly points from scores; per-week options by index. */
export function history(scores: number[], options: Record<number, PointOptions> = {}): ScorePoint[] {
  return scores.map((score, i) => {
    const week = addWeeks(FIRST_WEEK, i);
    const o = options[i] ?? {};
    const sharedCause: SharedCause | null = o.sharedCause
      ? { peerGroup: 'programme=P1|yearOfStudy=1', week, level: 2, baseline: 10, drop: 0.8 }
      : null;
    return {
      week,
      score,
      attendancePct: o.attendancePct === undefined ? 90 : o.attendancePct,
      activity: o.activity ?? 40,
      activityPercentile: o.activityPercentile ?? 0.5,
      sharedCause,
    };
  });
}

export function daysBefore(days: number, from = AS_OF): Date {
  return new Date(from.getTime() - days * 86_400_000);
}

export function signalsOf(scores: ScorePoint[], rest: Partial<SignalInput> = {}) {
  return computeSignals({ scores, contacts: [], openCase: false, asOf: AS_OF, ...rest });
}

export function entry(
  id: string,
  scores: number[],
  student: Partial<ListEntry['student']> = {},
  rest: Partial<SignalInput> = {},
  trajectory?: string,
): ListEntry {
  return {
    student: { id, facultyId: 'F1', programmeId: 'P1', yearOfStudy: 1, cohort: '2026-SEP', ...student },
    signals: signalsOf(history(scores), rest),
    ...(trajectory === undefined ? {} : { trajectory }),
  };
}
