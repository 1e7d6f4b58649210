/**
 * A programme channel's digest by personal tutor, so a director of studies sees whose list is longest:
 * each tutor's listed students counted (and how many of them need action), the tutors ordered most
 * needing action first, and the rows of every list grouped in that order. Students without a personal
 * tutor are one group, "No personal tutor".
 */
import type { SignalEntry } from '../../weekly/loadSignals.ts';
import type { Names } from '../context/scope.ts';

export const NO_PERSONAL_TUTOR = 'No personal tutor';

export interface TutorCount {
  tutorId: string;
  name: string;
  /** Listed students of this tutor's who need action (see digestOrder.ts). */
  needsAction: number;
  /** This tutor's students on any of the digest's lists. */
  listed: number;
}

export function tutorName(tutorId: string, names: Names): string {
  return tutorId === '' ? NO_PERSONAL_TUTOR : names.staff(tutorId);
}

/** Every tutor of the listed students: most needing action first, then most listed, then by name. */
export function tutorCounts(
  listed: readonly SignalEntry[],
  needsAction: (entry: SignalEntry) => boolean,
  names: Names,
): TutorCount[] {
  const counts = new Map<string, TutorCount>();
  for (const entry of listed) {
    const { tutorId } = entry.student;
    let count = counts.get(tutorId);
    if (!count) {
      count = { tutorId, name: tutorName(tutorId, names), needsAction: 0, listed: 0 };
      counts.set(tutorId, count);
    }
    count.listed += 1;
    if (needsAction(entry)) count.needsAction += 1;
  }
  return [...counts.values()].sort(
    (a, b) => b.needsAction - a.needsAction || b.listed - a.listed || a.name.localeCompare(b.name),
  );
}

/** The entries grouped by tutor, tutors in `order` (tutor ids), each group keeping the entries' order. */
export function groupedByTutor<E extends SignalEntry>(entries: readonly E[], order: readonly string[]): E[] {
  const rank = new Map(order.map((tutorId, index) => [tutorId, index]));
  const rankOf = (entry: E) => rank.get(entry.student.tutorId) ?? order.length;
  return entries
    .map((entry, index) => ({ entry, index, rank: rankOf(entry) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ entry }) => entry);
}
