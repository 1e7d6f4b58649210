/**
 * The institution as Engage sees it: students, staff, the academic calendar, activity sources, weekly
 * measures and weekly scores. Plain data shapes shared by the engine, the repositories and the adapters.
 * Only weekly counts are held per student and source — never what was accessed (docs/data-model.md).
 */
import type { IsoWeek } from './isoWeek.ts';

export type StudentStatus = 'active' | 'suspended' | 'placement' | 'abroad' | 'distance';
/** Statuses excluded from scoring and alerts (docs/score.md): interrupted, placement, year abroad, distance learning. */
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

/** Term weeks are scored; holidays are not (docs/score.md). */
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

/** The weight category each source kind contributes to (docs/data-model.md). */
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
  /** First ISO week no longer using it; weeks before keep the source, so past scores never change. */
  disabledFromWeek?: IsoWeek | null;
  /** The institution has recorded that its privacy notice covers this source. */
  privacyNoticeCovers: boolean;
  /** Data-protection impact assessment reference, required for new kinds (Wi-Fi dwell, gym). */
  dpiaReference: string | null;
  /** Who to contact when the feed breaks (src/ingest/sourceOwner.ts); absent until an admin sets one. */
  owner?: SourceOwner | null;
}

/** A source's technical owner: a name, and an email address or a chat handle (or both). */
export interface SourceOwner {
  name: string;
  email: string | null;
  chatHandle: string | null;
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

/** 200-point score bands (docs/signals.md): 0 = 0–199, 1 = 200–399, 2 = 400–599, 3 = 600–799, 4 = 800–1000. */
export type ScoreBand = 0 | 1 | 2 | 3 | 4;

/**
 * Each source's part in a student's weekly score, as parallel arrays (index i is `sourceIds[i]`): what
 * "why is this student flagged?" is answered from. A source's contribution to the composite is
 * weights[i] × normalScores[i]; the contributions sum to the composite.
 */
export interface ScoreBreakdown {
  /** The sources in force that week. */
  sourceIds: readonly string[];
  /**
   * The value compared (attendance as a proportion of sessions scheduled): this week's (weekly-rank) or the
   * recent level (recent-log); null when missing.
   */
  measures: readonly (number | null)[];
  /** Within-peer-group normal score of that value (see docs/score.md); null when missing. */
  normalScores: readonly (number | null)[];
  /** Share of the composite, renormalised over the sources available to this student; 0 when missing. */
  weights: readonly number[];
  /**
   * Method recent-log: the decayed number of term weeks behind each level (null when missing), which the
   * next week's run continues from. Absent for weekly-rank.
   */
  recentWeights?: readonly (number | null)[];
}

/** A whole peer group's raw activity fell together this week: a shared cause, not individual disengagement. */
export interface SharedCause {
  peerGroup: string;
  week: IsoWeek;
  /** The group's activity level this week (share holding up, or median activity with weekly-rank). */
  level: number;
  /** Mean level of the group's recent weeks that were not shared causes. */
  baseline: number;
  /** Fraction of the baseline lost, 0..1. */
  drop: number;
}

/** A student's engagement score for one ISO week, relative to the peer group (docs/score.md). */
export interface WeeklyScore {
  studentId: string;
  week: IsoWeek;
  /** 0..1000; 500 is the peer group's average. */
  score: number;
  /** The scoring method that computed it (docs/score.md), e.g. "recent-log". */
  method: string;
  /** Re-standardised composite within the peer group (mean 0, sd 1); score = clamp(round(500 + scale·z)). */
  z: number;
  /** Weighted mean of the available sources' normal scores, before re-standardisation. */
  composite: number;
  band: ScoreBand;
  /** Key of the peer group the student was compared with, e.g. "programme=P1|yearOfStudy=2". */
  peerGroup: string;
  /** The student's own group was too small and was merged upward into `peerGroup`. */
  merged: boolean;
  /** The student's own group key when merged, else null. */
  mergedFrom: string | null;
  /** Share of the week's total source weight available for this student, 0..1. */
  coverage: number;
  /** Sources in the composite (including imputed ones). */
  sourcesUsed: readonly string[];
  /** Sources whose measure was carried forward from an earlier week (missing-data mode "impute"). */
  sourcesImputed: readonly string[];
  /** Sources in force with no measure this week (imputed or dropped). */
  sourcesMissing: readonly string[];
  /** Sessions attended of those scheduled × 100 across attendance sources this week; null if none. */
  attendancePct: number | null;
  /** Raw occurrences this week summed over the sources measured (attendance counts sessions attended). */
  activity: number;
  /** Mid-rank percentile of `activity` within the peer group, 0..1. */
  activityPercentile: number;
  /** Set when the peer group's activity fell together this week. */
  sharedCause: SharedCause | null;
  breakdown: ScoreBreakdown;
}

/** How a member of staff reached a student (docs/rules.md); the contact log records one per entry. */
export const CONTACT_CHANNELS = ['meeting', 'call', 'email', 'message'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];
