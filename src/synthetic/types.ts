/**
 * Shapes of the synthetic institution: the generator's options, its output (plain, JSON-safe data in
 * the shared domain shapes), the seed contacts and cases, and the "truth" — what the generator planted
 * (trajectories, the cohort-wide event, data gaps) for tests and demos, never stored as a real field.
 */
import type { IsoWeek } from '../domain/isoWeek.ts';
import type {
  CalendarWeek,
  ContactChannel,
  Faculty,
  Programme,
  Source,
  Staff,
  Student,
  WeeklyMeasure,
} from '../domain/model.ts';

export interface GenerateOptions {
  seed: number;
  /** Default 2,000. */
  students?: number;
  /** Term (non-holiday) weeks; default 12, one autumn term. */
  weeks?: number;
  /** First week of the autumn term; default '2026-W39'. */
  startWeek?: IsoWeek;
  /**
   * The students and staff to use instead of drawing them (for an earlier term of the same institution);
   * `students` is then ignored. Everything else is drawn from `seed`.
   */
  roster?: { students: Student[]; staff: Staff[] };
}

export type Trajectory =
  'steady' | 'gradual-decline' | 'sudden-drop' | 'recovery' | 'late-starter' | 'vle-first-decline';

export interface StudentTruth {
  trajectory: Trajectory;
  /** Latent engagement level in standard-deviation units (0 = typical). */
  baseline: number;
  /**
   * First week of the change: decline or drop begins; for late starters the first week (low from the
   * start). Null for steady students or when it falls beyond the generated span.
   */
  onsetWeek: IsoWeek | null;
  /** Recovery and late starter: first week back at the usual level (null if beyond the span). */
  recoveryWeek: IsoWeek | null;
  /** When attendance starts to fall; for VLE-first decliners later than `onsetWeek` (or never). */
  attendanceOnsetWeek: IsoWeek | null;
}

/** A shared cause: one programme-year group whose activity collapsed together in one week. */
export interface CohortEvent {
  programmeId: string;
  yearOfStudy: number;
  week: IsoWeek;
  cause: string;
  /** Multiplier applied to the group's expected activity that week. */
  activityFactor: number;
}

export type DataGap =
  | { scope: 'programme'; programmeId: string; sourceId: string; weeks: IsoWeek[]; reason: string }
  | { scope: 'student'; studentId: string; sourceId: string; weeks: IsoWeek[]; reason: string };

export interface SyntheticTruth {
  students: Record<string, StudentTruth>;
  cohortEvent: CohortEvent | null;
  gaps: DataGap[];
}

export interface SyntheticContact {
  studentId: string;
  staffId: string;
  /** ISO-8601 instant. */
  at: string;
  channel: ContactChannel;
  note: string;
}

export interface SyntheticCase {
  studentId: string;
  ownerId: string;
  status: 'open';
  reason: string;
  /** ISO-8601 instant. */
  openedAt: string;
}

/** Everything but the weekly measures, which `measuresForWeek` derives from it one week at a time. */
export interface SyntheticInstitution {
  seed: number;
  faculties: Faculty[];
  programmes: Programme[];
  staff: Staff[];
  students: Student[];
  calendar: CalendarWeek[];
  sources: Source[];
  contacts: SyntheticContact[];
  cases: SyntheticCase[];
  truth: SyntheticTruth;
}

export interface GeneratedInstitution extends SyntheticInstitution {
  /** Every student × source × calendar week, week by week, less genuine data gaps. */
  measures: WeeklyMeasure[];
}
