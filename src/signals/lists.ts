/**
 * Student lists (docs/signals.md): filter many students' signals by faculty, programme, year of study, cohort and
 * (once predictions exist) trajectory, keep those a list is about, and sort them for action. Priority order:
 * lowest score first, then longest since contact (never contacted first), then student id. The declining
 * and "Engage + No Case" lists put the biggest four-week drop first; recovering, the biggest gain. At risk
 * (issue 17) holds the students whose stored prediction flags them (trajectory "At Risk"), highest
 * calibrated risk first.
 */
import type { Student } from '../domain/model.ts';
import type { ModelTarget } from '../prediction/targets.ts';
import type { StudentSignals } from './studentSignals.ts';

export interface ListEntry {
  student: Pick<Student, 'id' | 'facultyId' | 'programmeId' | 'yearOfStudy' | 'cohort'>;
  signals: StudentSignals;
  /** Predicted trajectory (docs/prediction.md), when the prediction layer has one. */
  trajectory?: string;
  /** The stored prediction behind the trajectory: calibrated risk and reasons in plain words. */
  risk?: EntryRisk;
}

export interface EntryRisk {
  probability: number;
  /** Strongest first, at most three. */
  reasons: string[];
  modelVersion: string;
  /** What the probability is of (absent: outcome). */
  target?: ModelTarget;
}

export const AT_RISK_TRAJECTORY = 'At Risk';

/** Each field, when given, keeps entries whose value is one of those listed. */
export interface ListFilter {
  facultyIds?: readonly string[];
  programmeIds?: readonly string[];
  yearsOfStudy?: readonly number[];
  cohorts?: readonly string[];
  trajectories?: readonly string[];
}

export const LIST_KINDS = [
  'declining',
  'consistently-low',
  'attention',
  'significant-concern',
  'priority-contact',
  'recovering',
  'low-engagement',
  'engage-no-case',
  'at-risk',
] as const;
export type ListKind = (typeof LIST_KINDS)[number];

const MEMBERSHIP: Record<ListKind, (signals: StudentSignals, entry: ListEntry) => boolean> = {
  'at-risk': (_, entry) => entry.trajectory === AT_RISK_TRAJECTORY,
  declining: (s) => s.declining,
  'consistently-low': (s) => s.consistentlyLow,
  attention: (s) => s.attention,
  'significant-concern': (s) => s.significantConcern,
  'priority-contact': (s) => s.priorityContact,
  recovering: (s) => s.recovering,
  'low-engagement': (s) => s.lowEngagement,
  'engage-no-case': (s) => s.engageNoCase,
};

export function matchesFilter(entry: ListEntry, filter: ListFilter): boolean {
  const { student } = entry;
  const allows = <T>(allowed: readonly T[] | undefined, value: T | undefined): boolean =>
    allowed === undefined || (value !== undefined && allowed.includes(value));
  return (
    allows(filter.facultyIds, student.facultyId) &&
    allows(filter.programmeIds, student.programmeId) &&
    allows(filter.yearsOfStudy, student.yearOfStudy) &&
    allows(filter.cohorts, student.cohort) &&
    allows(filter.trajectories, entry.trajectory)
  );
}

/** Lowest score first (unscored last), then longest since contact (never first), then student id. */
export function byPriority(a: ListEntry, b: ListEntry): number {
  const score = (a.signals.score ?? Infinity) - (b.signals.score ?? Infinity);
  if (score !== 0 && !Number.isNaN(score)) return score;
  const days = (b.signals.daysSinceContact ?? Infinity) - (a.signals.daysSinceContact ?? Infinity);
  if (days !== 0 && !Number.isNaN(days)) return days;
  return a.student.id < b.student.id ? -1 : a.student.id > b.student.id ? 1 : 0;
}

function byChange(direction: 1 | -1): (a: ListEntry, b: ListEntry) => number {
  return (a, b) =>
    direction * ((a.signals.fourWeekChange ?? 0) - (b.signals.fourWeekChange ?? 0)) || byPriority(a, b);
}

/** Highest calibrated risk first, then priority order. */
function byRisk(a: ListEntry, b: ListEntry): number {
  return (b.risk?.probability ?? 0) - (a.risk?.probability ?? 0) || byPriority(a, b);
}

const ORDER: Record<ListKind, (a: ListEntry, b: ListEntry) => number> = {
  'at-risk': byRisk,
  declining: byChange(1),
  'engage-no-case': byChange(1),
  recovering: (a, b) => (b.signals.recoveryChange ?? 0) - (a.signals.recoveryChange ?? 0) || byPriority(a, b),
  'consistently-low': byPriority,
  attention: byPriority,
  'significant-concern': byPriority,
  'priority-contact': byPriority,
  'low-engagement': byPriority,
};

/** The students on one list, filtered and in the list's order. */
export function buildList<E extends ListEntry>(
  entries: readonly E[],
  kind: ListKind,
  filter: ListFilter = {},
): E[] {
  const member = MEMBERSHIP[kind];
  return entries
    .filter((entry) => member(entry.signals, entry) && matchesFilter(entry, filter))
    .sort(ORDER[kind]);
}
