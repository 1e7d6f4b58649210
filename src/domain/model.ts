/**
 * The institution as Engage sees it: students, staff, the academic calendar, activity sources, weekly
 * measures and weekly scores. Plain data shapes shared by the engine, the repositories and the adapters.
 * Only weekly counts are held per student and source — never what was accessed (SPEC §2).
 */
import type { IsoWeek } from './isoWeek.ts';

export type StudentStatus = 'active' | 'suspended' | 'placement' | 'abroad' | 'distance';
/** Statuses excluded from scoring and alerts (SPEC §3): interrupted, placement, year abroad, distance learning. */
export const EXCLUDED_STATUSES: readonly StudentStatus[] = ['suspended', 'placement', 'abroad', 'distance'];

export type StudyMode = 'full-time' | 'part-time';

export interface Faculty {
  id: string;
  name: string;
}

export interface Programme {
  id: string;
  name: string;
  facultyId: string;
}

export interface Student {
  id: string;
  name: string;
  email: string;
  programmeId: string;
  facultyId: string;
  yearOfStudy: number;
  /** Intake cohort label, e.g. "2025-SEP". */
  cohort: string;
  /** Entry-qualification band, e.g. "A", "B", "C", "Foundation". */
  entryBand: string;
  studyMode: StudyMode;
  status: StudentStatus;
  /** Staff id of the personal tutor. */
  tutorId: string;
}

export type StaffRole = 'tutor' | 'caseworker' | 'manager' | 'admin';

export interface Staff {
  id: string;
  name: string;
  email: string;
  roles: StaffRole[];
  /** Programmes this member of staff may see in full (directors of studies, programme leads). */
  programmeIds: string[];
}

export type WeekKind = 'teaching' | 'reading' | 'exam' | 'holiday';

export interface CalendarWeek {
  week: IsoWeek;
  kind: WeekKind;
  /** Term label, e.g. "2026/27 Autumn". */
  term: string;
}

/** Term weeks are scored; holidays are not (SPEC §3). */
export function isTermWeek(week: CalendarWeek): boolean {
  return week.kind !== 'holiday';
}

export type WeightCategory = 'attendance' | 'vle' | 'library' | 'other';
export const WEIGHT_CATEGORIES: readonly WeightCategory[] = ['attendance', 'vle', 'library', 'other'];

export type SourceKind =
  | 'attendance'
  | 'vle'
  | 'teams'
  | 'lecture-capture'
  | 'library'
  | 'door-access'
  | 'digital-resources'
  | 'submissions'
  | 'student-records'
  | 'wifi'
  | 'gym';

/** The weight category each source kind contributes to (SPEC §2). */
export const CATEGORY_OF_KIND: Readonly<Record<SourceKind, WeightCategory>> = {
  attendance: 'attendance',
  vle: 'vle',
  teams: 'vle',
  'lecture-capture': 'vle',
  library: 'library',
  'door-access': 'library',
  'digital-resources': 'other',
  submissions: 'other',
  'student-records': 'other',
  wifi: 'other',
  gym: 'other',
};

export interface Source {
  id: string;
  name: string;
  kind: SourceKind;
  category: WeightCategory;
  enabled: boolean;
  /** First ISO week whose score uses this source (enabling takes effect from the next weekly run). */
  enabledFromWeek: IsoWeek | null;
  /** The institution has recorded that its privacy notice covers this source. */
  privacyNoticeCovers: boolean;
  /** Data-protection impact assessment reference, required for new kinds (Wi-Fi dwell, gym). */
  dpiaReference: string | null;
}

/**
 * One student's activity in one source for one ISO week: a count of occurrences, or for attendance the
 * sessions attended of those scheduled.
 */
export interface WeeklyMeasure {
  studentId: string;
  sourceId: string;
  week: IsoWeek;
  count: number;
  attended?: number;
  scheduled?: number;
}

/**
 * The scalar that scoring ranks: attendance as a proportion of scheduled sessions, others as counts.
 * Attendance with no sessions scheduled is not a measure at all (null), not a zero.
 */
export function measureValue(measure: WeeklyMeasure): number | null {
  if (measure.scheduled !== undefined) {
    return measure.scheduled > 0 ? (measure.attended ?? 0) / measure.scheduled : null;
  }
  return measure.count;
}
