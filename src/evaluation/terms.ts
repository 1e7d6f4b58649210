/**
 * Terms as the evidence harness and the risk model read them: the students with a recorded outcome in each
 * term (labelled bad when they withdrew or failed; interruptions and unknown results left out), a term's
 * weeks in calendar order (week 1 = its first calendar week), and terms in the order they ran.
 */
import type { IsoWeek } from '../domain/isoWeek.ts';
import { isTermWeek, type CalendarWeek } from '../domain/model.ts';
import type { StudentOutcome } from '../repositories/outcomes.ts';
import type { EvaluatedStudent } from './evaluateTerm.ts';
import { isBadOutcome, outcomeKindOf } from './outcomeKinds.ts';

export interface OutcomesByTerm {
  byTerm: Map<string, EvaluatedStudent[]>;
  /** Outcomes with no term, or a result that is not withdrawn, failed or passed. */
  leftOut: number;
}

export function studentsByTerm(outcomes: readonly StudentOutcome[]): OutcomesByTerm {
  const byTerm = new Map<string, EvaluatedStudent[]>();
  let leftOut = 0;
  for (const outcome of outcomes) {
    const kind = outcomeKindOf(outcome.finalResult);
    if (outcome.term === undefined || kind === null || kind === 'interrupted') {
      leftOut += 1;
      continue;
    }
    const students = byTerm.get(outcome.term) ?? [];
    students.push({
      studentId: outcome.studentId,
      bad: isBadOutcome(kind),
      withdrawnWeek: kind === 'withdrawn' ? outcome.unregisteredWeek : null,
    });
    byTerm.set(outcome.term, students);
  }
  return { byTerm, leftOut };
}

/** The term's scored-kind weeks (not holidays) in calendar order; a week may be shared by two terms. */
export function weeksOfTerm(calendar: readonly CalendarWeek[], term: string): IsoWeek[] {
  return calendar
    .filter((entry) => isTermWeek(entry) && entry.term.split(' + ').includes(term))
    .map((entry) => entry.week)
    .sort();
}

/** The terms ordered by their first calendar week (labels such as "2025/26 Spring" do not sort by time). */
export function termsInOrder(calendar: readonly CalendarWeek[], terms: Iterable<string>): string[] {
  const first = (term: string) => weeksOfTerm(calendar, term)[0] ?? '9999-W99';
  return [...new Set(terms)].sort((a, b) => first(a).localeCompare(first(b)) || a.localeCompare(b));
}
