/**
 * The synthetic institution generator's entry points: `planInstitution` draws everything but the weekly
 * measures (roster, staff, calendar, sources, contacts, cases and the truth map); `generateInstitution`
 * adds every week's measures. Pure and deterministic: the same options give byte-identical output.
 */
import type { IsoWeek } from '../domain/isoWeek.ts';
import { parseIsoWeek } from '../domain/isoWeek.ts';
import type { CalendarWeek } from '../domain/model.ts';
import { drawProfile } from './activity.ts';
import { academicYearOf, buildCalendar } from './calendar.ts';
import { FACULTIES, PROGRAMME_SPECS } from './catalogue.ts';
import { seedContacts } from './contacts.ts';
import { planCohortEvent, planGaps } from './incidents.ts';
import { measuresForWeek } from './measures.ts';
import { Random, deriveSeed } from './random.ts';
import { buildSources } from './sources.ts';
import { staffAndTutors } from './staff.ts';
import { STREAM } from './streams.ts';
import { generateStudents } from './students.ts';
import type { TrajectoryPlan } from './trajectories.ts';
import type { GenerateOptions, GeneratedInstitution, StudentTruth, SyntheticInstitution } from './types.ts';

export const DEFAULT_START_WEEK: IsoWeek = '2026-W39';
const DEFAULT_STUDENTS = 2000;
const DEFAULT_WEEKS = 12;

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}

function truthOf(plan: TrajectoryPlan, baseline: number, termWeeks: readonly CalendarWeek[]): StudentTruth {
  const weekAt = (index: number): IsoWeek | null => termWeeks[index]?.week ?? null;
  return {
    trajectory: plan.kind,
    baseline,
    onsetWeek: weekAt(plan.onset),
    recoveryWeek: weekAt(plan.recovery),
    attendanceOnsetWeek: weekAt(plan.attendanceOnset),
  };
}

export function planInstitution(options: GenerateOptions): SyntheticInstitution {
  if (!Number.isFinite(options.seed)) throw new RangeError(`seed must be a number, got ${options.seed}`);
  const seed = options.seed >>> 0;
  const studentCount = positiveInteger(
    options.roster?.students.length ?? options.students ?? DEFAULT_STUDENTS,
    'students',
  );
  const weeks = positiveInteger(options.weeks ?? DEFAULT_WEEKS, 'weeks');
  const startWeek = options.startWeek ?? DEFAULT_START_WEEK;
  parseIsoWeek(startWeek);

  const calendar = buildCalendar(startWeek, weeks);
  const termWeeks = calendar.filter((week) => week.kind !== 'holiday');
  const students =
    options.roster?.students ??
    generateStudents(new Random(deriveSeed(seed, STREAM.roster)), studentCount, academicYearOf(startWeek));
  const staff = options.roster?.staff ?? staffAndTutors(new Random(deriveSeed(seed, STREAM.staff)), students);
  const truths = students.map((student, index) => {
    const profile = drawProfile(seed, index, student, termWeeks.length);
    return truthOf(profile.trajectory, profile.baseline, termWeeks);
  });
  const truthByStudent: Record<string, StudentTruth> = {};
  students.forEach((student, index) => (truthByStudent[student.id] = truths[index] as StudentTruth));
  const incidents = new Random(deriveSeed(seed, STREAM.incidents));
  const cohortEvent = planCohortEvent(incidents, students, calendar);
  const truth = {
    students: truthByStudent,
    cohortEvent,
    gaps: planGaps(incidents, students, calendar, cohortEvent),
  };
  const { contacts, cases } = seedContacts(
    new Random(deriveSeed(seed, STREAM.contacts)),
    students.map((student, index) => ({ student, truth: truths[index] as StudentTruth })),
    staff,
    termWeeks.map((week) => week.week),
  );
  return {
    seed,
    faculties: FACULTIES.map((faculty) => ({ ...faculty })),
    programmes: PROGRAMME_SPECS.map(({ id, name, facultyId }) => ({ id, name, facultyId })),
    staff,
    students,
    calendar,
    sources: buildSources(calendar[0]?.week ?? startWeek),
    contacts,
    cases,
    truth,
  };
}

/** The whole institution with every calendar week's measures: for the default sizes (≈170,000 measures). */
export function generateInstitution(options: GenerateOptions): GeneratedInstitution {
  const institution = planInstitution(options);
  const measures = institution.calendar.flatMap((week) => measuresForWeek(institution, week.week));
  return { ...institution, measures };
}
