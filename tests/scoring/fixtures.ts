/** Small builders for scoring and signal tests: students, sources and measures with sensible defaults. */
import type { Source, Student, WeeklyMeasure, WeightCategory } from '../../src/domain/model.ts';
import { parseScoringConfig } from '../../src/scoring/config.ts';
import type { ScoringConfig, ScoringConfigInput } from '../../src/scoring/config.ts';

export const WEEK = '2026-W40';

export function student(id: string, overrides: Partial<Student> = {}): Student {
  return {
    id,
    name: `Student ${id}`,
    email: `${id}@example.ac.uk`,
    programmeId: 'P1',
    facultyId: 'F1',
    yearOfStudy: 1,
    cohort: '2026-SEP',
    entryBand: 'A',
    studyMode: 'full-time',
    status: 'active',
    tutorId: 'T1',
    ...overrides,
  };
}

export function source(id: string, category: WeightCategory): Source {
  return {
    id,
    name: id,
    kind: category === 'library' ? 'library' : category === 'attendance' ? 'attendance' : 'vle',
    category,
    enabled: true,
    enabledFromWeek: '2026-W01',
    privacyNoticeCovers: true,
    dpiaReference: null,
  };
}

export function count(studentId: string, sourceId: string, value: number, week = WEEK): WeeklyMeasure {
  return { studentId, sourceId, week, count: value };
}

export function attendance(
  studentId: string,
  sourceId: string,
  attended: number,
  scheduled: number,
  week = WEEK,
): WeeklyMeasure {
  return { studentId, sourceId, week, count: attended, attended, scheduled };
}

export function config(overrides: ScoringConfigInput = {}): ScoringConfig {
  return parseScoringConfig(overrides);
}

/** n students in one programme-year with ids `${prefix}0`… */
export function cohort(prefix: string, n: number, overrides: Partial<Student> = {}): Student[] {
  return Array.from({ length: n }, (_, i) => student(`${prefix}${i}`, overrides));
}
