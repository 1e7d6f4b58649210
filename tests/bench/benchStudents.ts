/** The students a bench child seeds its store with: `count` active students of one programme-year. */
import type { Student } from '../../src/domain/model.ts';

export function benchStudents(count: number, idOf: (i: number) => string): Student[] {
  return Array.from({ length: count }, (_, i) => ({
    id: idOf(i),
    name: `Student ${i}`,
    email: `s${i}@example.ac.uk`,
    programmeId: 'P1',
    facultyId: 'F1',
    yearOfStudy: 1,
    cohort: '2026-SEP',
    entryBand: 'A',
    studyMode: 'full-time',
    status: 'active',
    tutorId: 'T1',
  }));
}
