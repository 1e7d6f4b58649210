/**
 * Weekly measures, one week at a time: every student × source for one calendar week, less the planted
 * data gaps, with the cohort event applied. Each student-week draws from its own keyed random stream,
 * so a week comes out the same whether it is generated alone or with all the others, and a caller can
 * stream 50,000 students × 30 weeks without holding more than one week.
 */
import type { IsoWeek } from '../domain/isoWeek.ts';
import type { CalendarWeek, Student, WeekKind, WeeklyMeasure } from '../domain/model.ts';
import { SAMPLED_SOURCES, drawProfile, mood, sampleWeek } from './activity.ts';
import type { ActivityProfile, WeekConditions, WeekSample } from './activity.ts';
import { Random, deriveSeed, hashString } from './random.ts';
import { SOURCE_IDS } from './sources.ts';
import { STREAM } from './streams.ts';
import type { SyntheticInstitution } from './types.ts';

interface WeekPosition {
  calendarIndex: number;
  /** Index among term weeks; a holiday takes the preceding term week's. */
  termIndex: number;
  termStart: boolean;
}

interface PeerGroup {
  programmeId: string;
  yearOfStudy: number;
}

interface Model {
  profiles: ActivityProfile[];
  /** Programme-year groups, and each student's index among them. */
  groups: PeerGroup[];
  groupOf: number[];
  positions: Map<IsoWeek, WeekPosition>;
  /** Per week: "programme|source" and "student|source" keys with no data. */
  missing: Map<IsoWeek, Set<string>>;
}

/** Spread of a programme-year's busy and quiet weeks, on the log-odds of being active. */
const GROUP_WEEK_SD = 0.4;

const models = new WeakMap<SyntheticInstitution, Model>();

function positionsOf(calendar: readonly CalendarWeek[]): Map<IsoWeek, WeekPosition> {
  const positions = new Map<IsoWeek, WeekPosition>();
  let termIndex = -1;
  calendar.forEach((entry, calendarIndex) => {
    const isTerm = entry.kind !== 'holiday';
    if (isTerm) termIndex += 1;
    const previous = calendar[calendarIndex - 1];
    positions.set(entry.week, {
      calendarIndex,
      termIndex: Math.max(0, termIndex),
      termStart: isTerm && (previous === undefined || previous.kind === 'holiday'),
    });
  });
  return positions;
}

function missingOf(institution: SyntheticInstitution): Map<IsoWeek, Set<string>> {
  const missing = new Map<IsoWeek, Set<string>>();
  for (const gap of institution.truth.gaps) {
    const owner = gap.scope === 'programme' ? gap.programmeId : gap.studentId;
    for (const week of gap.weeks) {
      const keys = missing.get(week) ?? new Set<string>();
      keys.add(`${owner}|${gap.sourceId}`);
      missing.set(week, keys);
    }
  }
  return missing;
}

function groupsOf(students: readonly Student[]): { groups: PeerGroup[]; groupOf: number[] } {
  const indexByKey = new Map<string, number>();
  const groups: PeerGroup[] = [];
  const groupOf = students.map(({ programmeId, yearOfStudy }) => {
    const key = `${programmeId}|${yearOfStudy}`;
    let index = indexByKey.get(key);
    if (index === undefined) {
      index = groups.push({ programmeId, yearOfStudy }) - 1;
      indexByKey.set(key, index);
    }
    return index;
  });
  return { groups, groupOf };
}

function modelOf(institution: SyntheticInstitution): Model {
  let model = models.get(institution);
  if (!model) {
    const termWeeks = institution.calendar.filter((week) => week.kind !== 'holiday').length;
    model = {
      profiles: institution.students.map((student, index) =>
        drawProfile(institution.seed, index, student, termWeeks),
      ),
      ...groupsOf(institution.students),
      positions: positionsOf(institution.calendar),
      missing: missingOf(institution),
    };
    models.set(institution, model);
  }
  return model;
}

/** A programme-year's week: coursework deadlines due, and how busy or quiet the week is online. */
function groupWeek(
  seed: number,
  group: PeerGroup,
  kind: WeekKind,
  calendarIndex: number,
): { deadlines: number; pulse: number } {
  const rng = new Random(
    deriveSeed(seed, STREAM.deadlines, hashString(group.programmeId), group.yearOfStudy, calendarIndex),
  );
  const deadlines =
    kind === 'exam' ? 2 : kind === 'teaching' ? rng.weighted([0, 1, 2], [0.62, 0.3, 0.08]) : 0;
  return { deadlines, pulse: rng.normal(0, GROUP_WEEK_SD) };
}

/** Coursework deadlines a student's programme-year has in one calendar week (exam week: two). */
export function deadlinesDue(institution: SyntheticInstitution, student: Student, week: IsoWeek): number {
  const model = modelOf(institution);
  const position = model.positions.get(week);
  if (!position) throw new RangeError(`${week} is not in the synthetic institution's calendar`);
  const { kind } = institution.calendar[position.calendarIndex] as CalendarWeek;
  return groupWeek(institution.seed, student, kind, position.calendarIndex).deadlines;
}

/** Every student's measures for one calendar week, in student then source order. */
export function measuresForWeek(institution: SyntheticInstitution, week: IsoWeek): WeeklyMeasure[] {
  const model = modelOf(institution);
  const position = model.positions.get(week);
  if (!position) throw new RangeError(`${week} is not in the synthetic institution's calendar`);
  const { kind } = institution.calendar[position.calendarIndex] as CalendarWeek;
  const missing = model.missing.get(week);
  const event = institution.truth.cohortEvent;
  const conditions = model.groups.map((group): WeekConditions => ({
    ...groupWeek(institution.seed, group, kind, position.calendarIndex),
    kind,
    termIndex: position.termIndex,
    termStart: position.termStart,
    activityFactor:
      event?.week === week &&
      event.programmeId === group.programmeId &&
      event.yearOfStudy === group.yearOfStudy
        ? event.activityFactor
        : 1,
  }));
  const sample: WeekSample = { counts: new Array<number>(SAMPLED_SOURCES.length).fill(0), scheduled: 0 };
  const measures: WeeklyMeasure[] = [];
  institution.students.forEach((student, index) => {
    const rng = new Random(deriveSeed(institution.seed, STREAM.studentWeek, index, position.calendarIndex));
    const profile = model.profiles[index] as ActivityProfile;
    sampleWeek(
      rng,
      student,
      profile,
      conditions[model.groupOf[index] as number] as WeekConditions,
      mood(institution.seed, index, position.calendarIndex),
      sample,
    );
    SAMPLED_SOURCES.forEach((sourceId, i) => {
      const count = sample.counts[i] as number;
      if (count < 0) return;
      if (missing?.has(`${student.programmeId}|${sourceId}`) || missing?.has(`${student.id}|${sourceId}`))
        return;
      measures.push(
        sourceId === SOURCE_IDS.attendance
          ? { studentId: student.id, sourceId, week, count, attended: count, scheduled: sample.scheduled }
          : { studentId: student.id, sourceId, week, count },
      );
    });
  });
  return measures;
}
