/**
 * The activity model of one student: a latent engagement level, a trajectory, a personal taste for each
 * system (some never use the library, lecture-capture use varies tenfold), and the sessions on their
 * timetable; and the sampler that turns it into one week's counts. Counts are gamma–Poisson (many
 * zeros, long tails); attendance is binomial over the scheduled sessions.
 */
import type { Student, StudentStatus, WeekKind } from '../domain/model.ts';
import { programmeSpec } from './catalogue.ts';
import { Random, deriveSeed } from './random.ts';
import { SOURCE_IDS } from './sources.ts';
import type { SyntheticSourceId } from './sources.ts';
import { STREAM } from './streams.ts';
import { drawTrajectory, engagementShift } from './trajectories.ts';
import type { TrajectoryPlan } from './trajectories.ts';

type CountSource = 'moodle' | 'panopto' | 'library' | 'door' | 'records';

export interface ActivityProfile {
  trajectory: TrajectoryPlan;
  /** Latent engagement, standard-deviation units. */
  baseline: number;
  /** Personal attendance habit on the log-odds scale. */
  attendanceBias: number;
  /** Sessions scheduled in a teaching week. */
  sessions: number;
  affinity: Record<CountSource, number>;
}

/** What is true of the whole cohort in one week. */
export interface WeekConditions {
  kind: WeekKind;
  /** Index among the term weeks (holidays take the previous term week's). */
  termIndex: number;
  /** First week of a term (students check their timetables in the records system). */
  termStart: boolean;
  /** Coursework deadlines the student's programme-year has this week. */
  deadlines: number;
  /** 1, or the cohort event's multiplier. */
  activityFactor: number;
}

/** The sampled sources, in emission order; `WeekSample.counts` is indexed the same way. */
export const SAMPLED_SOURCES: readonly SyntheticSourceId[] = [
  SOURCE_IDS.attendance,
  SOURCE_IDS.moodle,
  SOURCE_IDS.panopto,
  SOURCE_IDS.library,
  SOURCE_IDS.door,
  SOURCE_IDS.submissions,
  SOURCE_IDS.records,
];

export interface WeekSample {
  /** Per `SAMPLED_SOURCES` entry: the count (attendance: sessions attended), or -1 when unavailable. */
  counts: number[];
  /** Attendance sessions scheduled. */
  scheduled: number;
}

const BAND_SHIFT: Readonly<Record<string, number>> = { A: 0.15, B: 0, C: -0.1, Foundation: -0.2 };

const COUNT_MODEL: Readonly<Record<CountSource, { mean: number; shape: number; slope: number }>> = {
  moodle: { mean: 12, shape: 10, slope: 1 },
  panopto: { mean: 3, shape: 2.5, slope: 0.9 },
  library: { mean: 2.2, shape: 2, slope: 0.9 },
  door: { mean: 2.5, shape: 12, slope: 0.6 },
  records: { mean: 0.5, shape: 2, slope: 0.3 },
};

const PHASE: Readonly<Record<WeekKind, Record<CountSource, number>>> = {
  teaching: { moodle: 1, panopto: 1, library: 1, door: 1, records: 1 },
  reading: { moodle: 0.8, panopto: 0.7, library: 1.1, door: 0.5, records: 1 },
  exam: { moodle: 1.3, panopto: 1.8, library: 1.6, door: 0.6, records: 2.5 },
  holiday: { moodle: 0.25, panopto: 0.2, library: 0.15, door: 0.1, records: 0.5 },
};

const TERM_START_RECORDS_BOOST = 4;
const EXAM_SITTINGS_DOOR_SWIPES = 1.5;
const PART_TIME_ACTIVITY = 0.7;
/** Engagement above this adds no further activity: keeps the long tails plausible. */
const MAX_UPLIFT = 1.5;
/** Students who never go to the library (their swipes are rare accidents). */
const LIBRARY_NON_USERS = 0.3;

/** Which systems hold data for a student of each status (a suspended student has none). */
const SOURCES_FOR_STATUS: Readonly<Record<StudentStatus, ReadonlySet<SyntheticSourceId>>> = {
  active: new Set(Object.values(SOURCE_IDS)),
  distance: new Set([SOURCE_IDS.moodle, SOURCE_IDS.panopto, SOURCE_IDS.submissions, SOURCE_IDS.records]),
  placement: new Set([SOURCE_IDS.moodle, SOURCE_IDS.submissions, SOURCE_IDS.records]),
  abroad: new Set([SOURCE_IDS.moodle, SOURCE_IDS.submissions, SOURCE_IDS.records]),
  suspended: new Set(),
};

const STATUS_ONLINE_FACTOR: Readonly<Record<StudentStatus, number>> = {
  active: 1,
  distance: 1.3,
  placement: 0.4,
  abroad: 0.4,
  suspended: 0,
};

function logNormal(rng: Random, sd: number): number {
  return Math.exp(rng.normal(-(sd * sd) / 2, sd));
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

export function drawProfile(
  seed: number,
  index: number,
  student: Student,
  termWeeks: number,
): ActivityProfile {
  const rng = new Random(deriveSeed(seed, STREAM.profile, index));
  const trajectory = drawTrajectory(rng, termWeeks);
  const baseline = rng.normal(BAND_SHIFT[student.entryBand] ?? 0, 1);
  const spec = programmeSpec(student.programmeId);
  const fullTime = Math.min(
    12,
    Math.max(4, spec.weeklySessions - (student.yearOfStudy - 1) + rng.int(-1, 1)),
  );
  return {
    trajectory,
    baseline,
    attendanceBias: rng.normal(0, 0.5),
    sessions: student.studyMode === 'part-time' ? Math.max(2, Math.round(fullTime / 2)) : fullTime,
    affinity: {
      moodle: logNormal(rng, 0.35),
      panopto: logNormal(rng, 0.7),
      library: rng.chance(LIBRARY_NON_USERS) ? 0.05 : logNormal(rng, 0.5),
      door: logNormal(rng, 0.3),
      records: logNormal(rng, 0.5),
    },
  };
}

function scheduledSessions(profile: ActivityProfile, kind: WeekKind): number {
  if (kind === 'teaching') return profile.sessions;
  if (kind === 'reading') return Math.round(profile.sessions * 0.25);
  return 0;
}

/** Where a system holds nothing for a student (a suspended student has no data anywhere). */
const UNAVAILABLE = -1;

/**
 * Samples one student's week into `sample` (reused across students to spare the garbage collector):
 * counts in `SAMPLED_SOURCES` order, `UNAVAILABLE` where the system holds nothing for them.
 */
export function sampleWeek(
  rng: Random,
  student: Student,
  profile: ActivityProfile,
  week: WeekConditions,
  sample: WeekSample,
): void {
  const shared = rng.normal(0, 0.2);
  const online =
    profile.baseline +
    engagementShift(profile.trajectory, week.termIndex, 'online') +
    shared +
    rng.normal(0, 0.12);
  const inPerson =
    profile.baseline +
    engagementShift(profile.trajectory, week.termIndex, 'attendance') +
    shared +
    rng.normal(0, 0.12);
  const factor = week.activityFactor * (student.studyMode === 'part-time' ? PART_TIME_ACTIVITY : 1);
  const phase = PHASE[week.kind];
  const count = (source: CountSource, engagement: number, extra: number): number => {
    const model = COUNT_MODEL[source];
    const mean = model.mean * profile.affinity[source] * phase[source] * factor * extra;
    return rng.negativeBinomial(mean * Math.exp(model.slope * Math.min(engagement, MAX_UPLIFT)), model.shape);
  };

  const scheduled = scheduledSessions(profile, week.kind);
  const attended = rng.binomial(
    scheduled,
    sigmoid(2 + profile.attendanceBias + 1.5 * inPerson) * week.activityFactor,
  );
  const onlineFactor = STATUS_ONLINE_FACTOR[student.status];
  const examSwipes = week.kind === 'exam' ? EXAM_SITTINGS_DOOR_SWIPES : 0;
  const counts = sample.counts;
  counts[0] = attended;
  counts[1] = count('moodle', online, onlineFactor);
  counts[2] = count('panopto', online, onlineFactor);
  counts[3] = count('library', online, 1);
  counts[4] = count('door', inPerson, 1) + rng.poisson(0.8 * attended + examSwipes);
  counts[5] = rng.binomial(week.deadlines, sigmoid(2.2 + 1.3 * online));
  counts[6] = count('records', online, week.termStart ? TERM_START_RECORDS_BOOST : 1);
  sample.scheduled = scheduled;
  const available = SOURCES_FOR_STATUS[student.status];
  for (let i = 0; i < SAMPLED_SOURCES.length; i += 1) {
    if (!available.has(SAMPLED_SOURCES[i] as SyntheticSourceId)) counts[i] = UNAVAILABLE;
  }
}
