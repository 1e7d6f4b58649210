/**
 * Students' results for the generated span, as a completed term's records: a pure function of the plan
 * (the same institution always gives the same outcomes), so a caller can save them beside the measures
 * and a predictive model can be trained on the institution's own history. Each student's result was
 * drawn with their trajectory (trajectories.ts): most who fade withdraw or fail, a few pass; some steady
 * students fail or leave too. A withdrawal carries the week the student unregistered; their activity has
 * decayed to nothing before it and is zero from it on. An interrupted (suspended) student, with no data
 * anywhere, is recorded as interrupted (neither a good nor a bad outcome). Every record carries the term
 * label of the span's first calendar week, as `engage evaluate` groups outcomes by term.
 */
import type { StudentOutcome } from '../repositories/outcomes.ts';
import type { IsoWeek } from '../domain/isoWeek.ts';
import { isTermWeek } from '../domain/model.ts';
import { drawProfile } from './activity.ts';
import type { SyntheticInstitution } from './types.ts';

export function syntheticOutcomes(institution: SyntheticInstitution): StudentOutcome[] {
  const termWeeks = institution.calendar.filter(isTermWeek).map((entry) => entry.week);
  const first = institution.calendar[0];
  const last = institution.calendar.at(-1);
  const details = {
    source: 'synthetic',
    seed: institution.seed,
    fromWeek: first?.week ?? null,
    toWeek: last?.week ?? null,
    term: first?.term ?? null,
  };
  const term = first === undefined ? {} : { term: first.term };
  return institution.students.map((student, index): StudentOutcome => {
    if (student.status === 'suspended') {
      return {
        studentId: student.id,
        finalResult: 'Interrupted',
        ...term,
        unregisteredWeek: termWeeks[0] ?? null,
        details: { ...details, reason: 'interrupted studies' },
      };
    }
    const { trajectory } = drawProfile(institution.seed, index, student, termWeeks.length);
    const unregisteredWeek: IsoWeek | null =
      trajectory.result === 'Withdrawn' ? (termWeeks[trajectory.leave] ?? null) : null;
    return { studentId: student.id, finalResult: trajectory.result, ...term, unregisteredWeek, details };
  });
}
