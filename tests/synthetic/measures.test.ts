// Weekly measures: volume, skew, attendance over scheduled sessions, trajectories, the VLE-first warning,
// the cohort-wide event and the planted data gaps.
import { describe, expect, it } from 'vitest';
import type { IsoWeek } from '../../src/domain/isoWeek.ts';
import type { Student, WeeklyMeasure } from '../../src/domain/model.ts';
import { SOURCE_IDS, TRAJECTORY_SHARES, generateInstitution } from '../../src/synthetic/index.ts';
import type { Trajectory } from '../../src/synthetic/index.ts';

const institution = generateInstitution({ seed: 42 });
const { students, measures, calendar, truth } = institution;
const weeks = calendar.map((entry) => entry.week);
const kindOf = new Map(calendar.map((entry) => [entry.week, entry.kind]));
const byKey = new Map(measures.map((m) => [`${m.studentId}|${m.sourceId}|${m.week}`, m]));
const measureOf = (studentId: string, sourceId: string, week: IsoWeek): WeeklyMeasure | undefined =>
  byKey.get(`${studentId}|${sourceId}|${week}`);
const active = students.filter((s) => s.status === 'active');

/** Per student, a group's summed measure of one source over the given weeks (attendance as a rate). */
function activity(group: Student[], sourceId: string, inWeeks: IsoWeek[]): number {
  let total = 0;
  for (const student of group) {
    for (const week of inWeeks) {
      const m = measureOf(student.id, sourceId, week);
      total +=
        m?.scheduled !== undefined
          ? m.scheduled > 0
            ? (m.attended ?? 0) / m.scheduled
            : 0
          : (m?.count ?? 0);
    }
  }
  return total / group.length;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

describe('measure volume', () => {
  it('has about one measure per student × source × week, less statuses without data and gaps', () => {
    const full = students.length * institution.sources.length * weeks.length;
    expect(measures.length).toBeGreaterThan(0.9 * full);
    expect(measures.length).toBeLessThan(full);
    expect(new Set(measures.map((m) => m.sourceId))).toEqual(new Set(institution.sources.map((s) => s.id)));
  });

  it('holds no data for suspended students and no attendance, library or door data for distance learners', () => {
    const status = new Map(students.map((s) => [s.id, s.status]));
    expect(measures.some((m) => status.get(m.studentId) === 'suspended')).toBe(false);
    const distance = measures.filter((m) => status.get(m.studentId) === 'distance');
    expect(distance.length).toBeGreaterThan(0);
    expect(distance.some((m) => ['attendance', 'library-gates', 'door-access'].includes(m.sourceId))).toBe(
      false,
    );
  });
});

describe('skew', () => {
  it('has many zero counts and long tails', () => {
    const counts = (sourceId: string) => measures.filter((m) => m.sourceId === sourceId).map((m) => m.count);
    const nonAttendance = measures.filter((m) => m.sourceId !== SOURCE_IDS.attendance);
    expect(nonAttendance.filter((m) => m.count === 0).length / nonAttendance.length).toBeGreaterThan(0.25);
    const library = counts(SOURCE_IDS.library);
    expect(library.filter((c) => c === 0).length / library.length).toBeGreaterThan(0.3);
    for (const sourceId of [SOURCE_IDS.moodle, SOURCE_IDS.panopto, SOURCE_IDS.library]) {
      const values = counts(sourceId);
      expect(Math.max(...values)).toBeGreaterThan(8 * Math.max(1, median(values)));
    }
  });
});

describe('attendance', () => {
  const attendance = measures.filter((m) => m.sourceId === SOURCE_IDS.attendance);

  it('records sessions attended of sessions scheduled, 4–12 a teaching week for full-time students', () => {
    const mode = new Map(students.map((s) => [s.id, s.studyMode]));
    const scheduled = (m: WeeklyMeasure) => m.scheduled ?? -1;
    expect(attendance.filter((m) => m.attended !== m.count || m.count > scheduled(m))).toEqual([]);
    const fullTimeTeaching = attendance.filter(
      (m) => kindOf.get(m.week) === 'teaching' && mode.get(m.studentId) === 'full-time',
    );
    expect(fullTimeTeaching.filter((m) => scheduled(m) < 4 || scheduled(m) > 12)).toEqual([]);
    expect(new Set(attendance.map((m) => m.scheduled)).size).toBeGreaterThan(6);
  });

  it('schedules fewer sessions in reading week and none in exam week', () => {
    const reading = weeks[5] as IsoWeek;
    expect(kindOf.get(reading)).toBe('reading');
    for (const student of active.slice(0, 200)) {
      const teaching = measureOf(student.id, SOURCE_IDS.attendance, weeks[4] as IsoWeek);
      const quiet = measureOf(student.id, SOURCE_IDS.attendance, reading);
      if (teaching && quiet) expect(quiet.scheduled).toBeLessThan(teaching.scheduled as number);
    }
    const exam = attendance.filter((m) => kindOf.get(m.week) === 'exam');
    expect(exam.length).toBeGreaterThan(0);
    expect(exam.every((m) => m.scheduled === 0)).toBe(true);
  });

  it('averages a realistic attendance rate', () => {
    const teaching = attendance.filter((m) => kindOf.get(m.week) === 'teaching');
    const rate =
      teaching.reduce((sum, m) => sum + (m.attended ?? 0), 0) /
      teaching.reduce((sum, m) => sum + (m.scheduled ?? 0), 0);
    expect(rate).toBeGreaterThan(0.65);
    expect(rate).toBeLessThan(0.9);
  });
});

describe('trajectories', () => {
  it('plants each trajectory in about its intended share', () => {
    const all = Object.values(truth.students);
    expect(all).toHaveLength(students.length);
    for (const [trajectory, expected] of Object.entries(TRAJECTORY_SHARES)) {
      const actual = all.filter((t) => t.trajectory === (trajectory as Trajectory)).length / all.length;
      expect(Math.abs(actual - expected)).toBeLessThan(0.03);
    }
  });

  it('dates the changes inside the span', () => {
    for (const t of Object.values(truth.students)) {
      if (t.trajectory === 'steady') expect(t.onsetWeek).toBeNull();
      else expect(weeks).toContain(t.onsetWeek);
      if (t.trajectory === 'late-starter') expect(t.onsetWeek).toBe(weeks[0]);
    }
  });

  it('lowers the activity of students who drop, and late starters start low', () => {
    const withTrajectory = (trajectory: Trajectory) =>
      active.filter((s) => truth.students[s.id]?.trajectory === trajectory);
    const steady = withTrajectory('steady');
    const early = weeks.slice(0, 3);
    const late = [weeks[9], weeks[10]] as IsoWeek[];
    const ratio = (group: Student[], sourceId: string) =>
      activity(group, sourceId, late) /
      activity(group, sourceId, early) /
      (activity(steady, sourceId, late) / activity(steady, sourceId, early));
    expect(ratio(withTrajectory('gradual-decline'), SOURCE_IDS.moodle)).toBeLessThan(0.5);
    expect(ratio(withTrajectory('gradual-decline'), SOURCE_IDS.attendance)).toBeLessThan(0.8);
    expect(ratio(withTrajectory('late-starter'), SOURCE_IDS.moodle)).toBeGreaterThan(2);
  });

  it('has VLE-first decliners whose VLE activity falls while their attendance holds', () => {
    let moodleBefore = 0;
    let moodleAfter = 0;
    let attendanceBefore = 0;
    let attendanceAfter = 0;
    for (const student of active) {
      const t = truth.students[student.id];
      if (t?.trajectory !== 'vle-first-decline' || !t.onsetWeek) continue;
      const onset = weeks.indexOf(t.onsetWeek);
      const attendanceOnset = t.attendanceOnsetWeek ? weeks.indexOf(t.attendanceOnsetWeek) : weeks.length;
      if (onset < 2 || attendanceOnset - onset < 3) continue;
      const before = [weeks[onset - 2], weeks[onset - 1]].filter(
        (w) => kindOf.get(w as IsoWeek) === 'teaching',
      );
      const after = [weeks[onset + 1], weeks[onset + 2]].filter(
        (w) => kindOf.get(w as IsoWeek) === 'teaching',
      );
      if (before.length === 0 || after.length === 0) continue;
      moodleBefore += activity([student], SOURCE_IDS.moodle, before as IsoWeek[]) / before.length;
      moodleAfter += activity([student], SOURCE_IDS.moodle, after as IsoWeek[]) / after.length;
      attendanceBefore += activity([student], SOURCE_IDS.attendance, before as IsoWeek[]) / before.length;
      attendanceAfter += activity([student], SOURCE_IDS.attendance, after as IsoWeek[]) / after.length;
    }
    expect(moodleBefore).toBeGreaterThan(0);
    expect(moodleAfter / moodleBefore).toBeLessThan(0.5);
    expect(attendanceAfter / attendanceBefore).toBeGreaterThan(0.85);
  });
});

describe('cohort-wide event', () => {
  it('collapses one programme-year group’s activity in one week, and only that group’s', () => {
    const event = truth.cohortEvent;
    expect(event).not.toBeNull();
    if (!event) return;
    expect(kindOf.get(event.week)).toBe('teaching');
    const inGroup = (s: Student) =>
      s.programmeId === event.programmeId && s.yearOfStudy === event.yearOfStudy;
    const group = active.filter(inGroup);
    const others = active.filter((s) => !inGroup(s));
    expect(group.length).toBeGreaterThanOrEqual(15);
    const teaching = weeks.filter((w) => kindOf.get(w) === 'teaching' && w !== event.week);
    const total = (members: Student[], inWeeks: IsoWeek[]) =>
      institution.sources.reduce((sum, source) => sum + activity(members, source.id, inWeeks), 0) /
      inWeeks.length;
    expect(total(group, [event.week]) / total(group, teaching)).toBeLessThan(0.35);
    expect(total(others, [event.week]) / total(others, teaching)).toBeGreaterThan(0.8);
    expect(activity(group, SOURCE_IDS.attendance, [event.week])).toBeLessThan(0.25);
  });
});

describe('data gaps', () => {
  it('leaves a source out for a whole programme for a week, without touching its other sources', () => {
    const programmeGaps = truth.gaps.filter((gap) => gap.scope === 'programme');
    expect(programmeGaps.length).toBeGreaterThanOrEqual(1);
    for (const gap of programmeGaps) {
      expect(gap.weeks).toHaveLength(1);
      const week = gap.weeks[0] as IsoWeek;
      const members = active.filter((s) => s.programmeId === gap.programmeId);
      expect(members.length).toBeGreaterThan(0);
      for (const student of members) {
        expect(measureOf(student.id, gap.sourceId, week)).toBeUndefined();
        expect(measureOf(student.id, SOURCE_IDS.submissions, week)).toBeDefined();
      }
    }
  });

  it('leaves a source out for a few students for three or more consecutive weeks', () => {
    const studentGaps = truth.gaps.filter((gap) => gap.scope === 'student');
    expect(studentGaps.length).toBeGreaterThanOrEqual(3);
    for (const gap of studentGaps) {
      expect(gap.weeks.length).toBeGreaterThanOrEqual(3);
      const start = weeks.indexOf(gap.weeks[0] as IsoWeek);
      expect(gap.weeks).toEqual(weeks.slice(start, start + gap.weeks.length));
      for (const week of gap.weeks) expect(measureOf(gap.studentId, gap.sourceId, week)).toBeUndefined();
      const outside = weeks.filter((w) => !gap.weeks.includes(w));
      expect(outside.some((w) => measureOf(gap.studentId, gap.sourceId, w) !== undefined)).toBe(true);
    }
  });

  it('has no other holes for active students', () => {
    const gapKeys = new Set(
      truth.gaps.flatMap((gap) =>
        gap.weeks.map(
          (w) => `${gap.scope === 'programme' ? gap.programmeId : gap.studentId}|${gap.sourceId}|${w}`,
        ),
      ),
    );
    let missing = 0;
    for (const student of active) {
      for (const source of institution.sources) {
        for (const week of weeks) {
          const planned =
            gapKeys.has(`${student.programmeId}|${source.id}|${week}`) ||
            gapKeys.has(`${student.id}|${source.id}|${week}`);
          if (!planned && !measureOf(student.id, source.id, week)) missing += 1;
        }
      }
    }
    expect(missing).toBe(0);
  });
});
