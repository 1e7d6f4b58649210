/**
 * Planted incidents that the engine must tell apart from individual disengagement: one cohort-wide
 * event (a programme-year group whose activity collapses in one week — a shared cause) and source data
 * gaps (a source missing for a whole programme for a week; a few students missing a source for 3–5
 * consecutive weeks).
 */
import type { CalendarWeek, Student } from '../domain/model.ts';
import type { Random } from './random.ts';
import { SOURCE_IDS } from './sources.ts';
import type { SyntheticSourceId } from './sources.ts';
import type { CohortEvent, DataGap } from './types.ts';

const EVENT_ACTIVITY_FACTOR = 0.15;
const EVENT_MIN_GROUP = 15;
const PROGRAMME_GAPS = 2;
const STUDENT_GAP_SHARE = 0.004;
const MIN_STUDENT_GAPS = 3;

const PROGRAMME_GAP_REASONS: Partial<Record<SyntheticSourceId, string>> = {
  [SOURCE_IDS.attendance]: "The week's registers were not uploaded from the timetabling system",
  [SOURCE_IDS.panopto]: "The lecture-capture export skipped the programme's folder",
  [SOURCE_IDS.moodle]: "The VLE log export for the programme's course category failed",
  [SOURCE_IDS.door]: "The door controller for the programme's building was offline",
};

const STUDENT_GAP_REASONS: Partial<Record<SyntheticSourceId, string>> = {
  [SOURCE_IDS.library]: 'Library card reported lost; the replacement had not been issued',
  [SOURCE_IDS.door]: 'Access card deactivated in error',
  [SOURCE_IDS.panopto]: 'Lecture-capture account not linked to the student record',
  [SOURCE_IDS.moodle]: 'VLE username changed; activity under the new account was not exported',
};

function teachingWeeks(calendar: readonly CalendarWeek[]): CalendarWeek[] {
  return calendar.filter((week) => week.kind === 'teaching');
}

export function planCohortEvent(
  rng: Random,
  students: readonly Student[],
  calendar: readonly CalendarWeek[],
): CohortEvent | null {
  const groups = new Map<string, { programmeId: string; yearOfStudy: number; size: number }>();
  for (const student of students) {
    if (student.status !== 'active') continue;
    const key = `${student.programmeId}|${student.yearOfStudy}`;
    const group = groups.get(key) ?? {
      programmeId: student.programmeId,
      yearOfStudy: student.yearOfStudy,
      size: 0,
    };
    group.size += 1;
    groups.set(key, group);
  }
  const all = [...groups.values()];
  const large = all.filter((group) => group.size >= EVENT_MIN_GROUP);
  const candidates = large.length > 0 ? large : all;
  const termWeeks = calendar.filter((week) => week.kind !== 'holiday');
  const teaching = teachingWeeks(calendar);
  const midTerm = teaching.filter((week) => {
    const index = termWeeks.indexOf(week);
    return index >= 2 && index <= termWeeks.length - 3;
  });
  const weeks = midTerm.length > 0 ? midTerm : teaching;
  if (candidates.length === 0 || weeks.length === 0) return null;
  const group = rng.pick(candidates);
  return {
    programmeId: group.programmeId,
    yearOfStudy: group.yearOfStudy,
    week: rng.pick(weeks).week,
    cause:
      'Residential field trip cancelled on the day (coach contractor failure): the week had been ' +
      'timetabled around it, so registers show the group absent and little else was planned',
    activityFactor: EVENT_ACTIVITY_FACTOR,
  };
}

export function planGaps(
  rng: Random,
  students: readonly Student[],
  calendar: readonly CalendarWeek[],
  event: CohortEvent | null,
): DataGap[] {
  const gaps: DataGap[] = [];
  const teaching = teachingWeeks(calendar);
  const programmes = [...new Set(students.map((student) => student.programmeId))].filter(
    (id) => id !== event?.programmeId,
  );
  const programmeSources = Object.keys(PROGRAMME_GAP_REASONS) as SyntheticSourceId[];
  if (teaching.length > 0) {
    for (const programmeId of rng.shuffle(programmes).slice(0, PROGRAMME_GAPS)) {
      const sourceId = rng.pick(programmeSources);
      gaps.push({
        scope: 'programme',
        programmeId,
        sourceId,
        weeks: [rng.pick(teaching).week],
        reason: PROGRAMME_GAP_REASONS[sourceId] as string,
      });
    }
  }
  const active = students.filter((student) => student.status === 'active');
  if (calendar.length < 3) return gaps;
  const count = Math.min(
    active.length,
    Math.max(MIN_STUDENT_GAPS, Math.round(active.length * STUDENT_GAP_SHARE)),
  );
  const studentSources = Object.keys(STUDENT_GAP_REASONS) as SyntheticSourceId[];
  for (const student of rng.shuffle(active).slice(0, count)) {
    const sourceId = rng.pick(studentSources);
    const weeksLong = Math.min(calendar.length, rng.int(3, 5));
    const start = rng.int(0, calendar.length - weeksLong);
    gaps.push({
      scope: 'student',
      studentId: student.id,
      sourceId,
      weeks: calendar.slice(start, start + weeksLong).map((week) => week.week),
      reason: STUDENT_GAP_REASONS[sourceId] as string,
    });
  }
  return gaps;
}
