/**
 * The activity shape (shape.ts) of one source of a generated institution, measured as on OULAD: one row
 * per student with data on the source, counts per calendar week until the week they unregistered, the
 * weeks their programme-year has coursework due, and their generated outcome.
 */
import type { IsoWeek } from '../../src/domain/isoWeek.ts';
import type { GeneratedInstitution } from '../../src/synthetic/index.ts';
import { deadlinesDue, syntheticOutcomes } from '../../src/synthetic/index.ts';
import type { StudentWeeks } from './shape.ts';

export function studentWeeks(institution: GeneratedInstitution, sourceId: string): StudentWeeks[] {
  const weeks = institution.calendar.map((entry) => entry.week);
  const index = new Map(weeks.map((week, i) => [week, i]));
  const counts = new Map<string, (number | null)[]>();
  for (const m of institution.measures) {
    if (m.sourceId !== sourceId) continue;
    let row = counts.get(m.studentId);
    if (!row) counts.set(m.studentId, (row = new Array<number | null>(weeks.length).fill(null)));
    row[index.get(m.week) as number] = m.count;
  }
  const outcomes = new Map(syntheticOutcomes(institution).map((o) => [o.studentId, o]));
  const rows: StudentWeeks[] = [];
  for (const student of institution.students) {
    const row = counts.get(student.id);
    const outcome = outcomes.get(student.id);
    if (!row || !outcome) continue;
    const leftAt = outcome.unregisteredWeek ? (index.get(outcome.unregisteredWeek) ?? null) : null;
    rows.push({
      counts: row.map((count, week) => (leftAt !== null && week >= leftAt ? null : count)),
      deadline: weeks.map((week: IsoWeek) => deadlinesDue(institution, student, week) > 0),
      outcome: outcome.finalResult,
      leftAt,
    });
  }
  return rows;
}
