/**
 * The activity model of one student: a latent engagement level, a trajectory, a personal taste for each
 * system (some never use the library, lecture-capture use varies tenfold), and the sessions on their
 * timetable; and the sampler that turns it into one week's counts.
 *
 * Calibrated on OULAD module AAA (tests/synthetic/sparsity.test.ts): a count is a hurdle — is the student
 * active on the system at all this week (a quarter of VLE student-weeks are zero, over half of a failing
 * student's), then a heavy-tailed gamma–Poisson count (non-zero p90 ≈ 4× the median, p99 ≈ 10×). Both
 * follow the latent engagement, which carries a slowly moving personal component (a student's weeks are
 * correlated), both jump in deadline weeks, and both shrink with `presence` as a fading student's activity
 * decays to nothing. Attendance is binomial over the scheduled sessions.
 */
import type { Student, StudentStatus, WeekKind } from '../domain/model.ts';
import { programmeSpec } from './catalogue.ts';
import { Random, deriveSeed } from './random.ts';
import { SOURCE_IDS } from './sources.ts';
import type { SyntheticSourceId } from './sources.ts';
import { STREAM } from './streams.ts';
import { drawTrajectory, engagementShift, presence } from './trajectories.ts';
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
  /** Personal habit of being active in a week at all, on the log-odds scale. */
  activeBias: number;
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
  /** The programme-year's busy or quiet week: added to the log-odds of being active online. */
  pulse: number;
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

interface CountModel {
  /** Log-odds of being active in a typical week, for a typical student. */
  active: number;
  /** Log-odds per standard deviation of engagement, and per deadline due. */
  activeSlope: number;
  activeDeadline: number;
  /** Mean of the count above zero, for a typical student; gamma shape (smaller: longer tail). */
  mean: number;
  shape: number;
  /** Log-mean per standard deviation of engagement, and the factor per deadline due. */
  slope: number;
  deadline: number;
}

const COUNT_MODEL: Readonly<Record<CountSource, CountModel>> = {
  moodle: {
    active: 2.3,
    activeSlope: 1.3,
    activeDeadline: 1.2,
    mean: 13,
    shape: 1.8,
    slope: 0.6,
    deadline: 0.35,
  },
  panopto: {
    active: 0,
    activeSlope: 0.7,
    activeDeadline: 0.35,
    mean: 3,
    shape: 1,
    slope: 0.4,
    deadline: 0.25,
  },
  library: {
    active: 0.2,
    activeSlope: 0.6,
    activeDeadline: 0.45,
    mean: 2.2,
    shape: 1.3,
    slope: 0.35,
    deadline: 0.3,
  },
  door: { active: 1.8, activeSlope: 0.8, activeDeadline: 0, mean: 2.5, shape: 2, slope: 0.4, deadline: 0 },
  records: {
    active: -1.6,
    activeSlope: 0.4,
    activeDeadline: 0.3,
    mean: 1.2,
    shape: 1.5,
    slope: 0.2,
    deadline: 0,
  },
};

/** Per week kind: added to the log-odds of being active, and the factor on the count. */
const PHASE: Readonly<Record<WeekKind, Record<CountSource, readonly [number, number]>>> = {
  teaching: { moodle: [0, 1], panopto: [0, 1], library: [0, 1], door: [0, 1], records: [0, 1] },
  reading: { moodle: [-1.2, 0.8], panopto: [-1, 0.7], library: [0, 1.1], door: [-1, 0.5], records: [0, 1] },
  exam: { moodle: [0.3, 1.3], panopto: [0.8, 1.8], library: [0.6, 1.6], door: [-0.6, 0.6], records: [1, 2] },
  holiday: {
    moodle: [-2.2, 0.5],
    panopto: [-2.2, 0.4],
    library: [-2.5, 0.4],
    door: [-3, 0.3],
    records: [-0.8, 1],
  },
};

/** Records logins at the start of a term (students check their timetables). */
const TERM_START_RECORDS = 3;
const EXAM_SITTINGS_DOOR_SWIPES = 1.5;
const PART_TIME_ACTIVITY = 0.7;
/** Engagement above this adds no further activity: keeps the long tails plausible. */
const MAX_UPLIFT = 1.5;
/** Students who never go to the library (their swipes are rare accidents). */
const LIBRARY_NON_USERS = 0.3;
/** The slowly moving personal component: a four-week moving average of weekly shocks, this spread. */
const MOOD_SD = 0.6;
const MOOD_WEEKS = 4;

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

/** A standard normal keyed by its parts (Box–Muller over two hashed uniforms), without a stream. */
function keyedNormal(seed: number, index: number, calendarIndex: number): number {
  const u = (deriveSeed(seed, STREAM.mood, index, calendarIndex, 1) + 0.5) / 4294967296;
  const v = deriveSeed(seed, STREAM.mood, index, calendarIndex, 2) / 4294967296;
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * A student's slowly moving personal component in a calendar week: the scaled sum of this week's and the
 * three previous weeks' keyed shocks, so neighbouring weeks share three of four (lag-1 correlation ¾),
 * and any week can still be generated on its own.
 */
export function mood(seed: number, index: number, calendarIndex: number): number {
  let sum = 0;
  for (let lag = 0; lag < MOOD_WEEKS; lag += 1) sum += keyedNormal(seed, index, calendarIndex - lag);
  return (MOOD_SD * sum) / Math.sqrt(MOOD_WEEKS);
}

export function drawProfile(
  seed: number,
  index: number,
  student: Student,
  termWeeks: number,
): ActivityProfile {
  const rng = new Random(deriveSeed(seed, STREAM.profile, index));
  const baseline = rng.normal(BAND_SHIFT[student.entryBand] ?? 0, 1);
  const trajectory = drawTrajectory(rng, termWeeks, baseline);
  const spec = programmeSpec(student.programmeId);
  const fullTime = Math.min(
    12,
    Math.max(4, spec.weeklySessions - (student.yearOfStudy - 1) + rng.int(-1, 1)),
  );
  return {
    trajectory,
    baseline,
    attendanceBias: rng.normal(0, 0.6),
    sessions: student.studyMode === 'part-time' ? Math.max(2, Math.round(fullTime / 2)) : fullTime,
    activeBias: rng.normal(0, 1),
    affinity: {
      moodle: logNormal(rng, 0.5),
      panopto: logNormal(rng, 0.9),
      library: rng.chance(LIBRARY_NON_USERS) ? 0.05 : logNormal(rng, 0.6),
      door: logNormal(rng, 0.4),
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
 * counts in `SAMPLED_SOURCES` order, `UNAVAILABLE` where the system holds nothing for them. `personal`
 * is the student's slowly moving component this week (`mood`).
 */
export function sampleWeek(
  rng: Random,
  student: Student,
  profile: ActivityProfile,
  week: WeekConditions,
  personal: number,
  sample: WeekSample,
): void {
  const shared = rng.normal(0, 0.2) + personal;
  const plan = profile.trajectory;
  const online =
    profile.baseline + engagementShift(plan, week.termIndex, 'online') + shared + rng.normal(0, 0.2);
  const inPerson =
    profile.baseline + engagementShift(plan, week.termIndex, 'attendance') + shared + rng.normal(0, 0.2);
  const onlinePresence = presence(plan, week.termIndex, 'online');
  const inPersonPresence = presence(plan, week.termIndex, 'attendance');
  const factor = week.activityFactor * (student.studyMode === 'part-time' ? PART_TIME_ACTIVITY : 1);
  const phase = PHASE[week.kind];
  const deadlines = week.deadlines;
  const count = (
    source: CountSource,
    engagement: number,
    present: number,
    extra: number,
    boost: number,
  ): number => {
    if (present <= 0) return 0;
    const model = COUNT_MODEL[source];
    const [phaseOdds, phaseFactor] = phase[source];
    const scale = profile.affinity[source] * extra;
    const odds =
      model.active +
      profile.activeBias +
      model.activeSlope * Math.min(engagement, MAX_UPLIFT) +
      model.activeDeadline * deadlines +
      phaseOdds +
      boost +
      week.pulse +
      0.8 * Math.log(scale);
    if (!rng.chance(present * factor * sigmoid(odds))) return 0;
    const mean =
      model.mean *
      scale *
      phaseFactor *
      factor *
      Math.sqrt(present) *
      (1 + model.deadline * deadlines) *
      Math.exp(model.slope * Math.min(engagement, MAX_UPLIFT));
    return 1 + rng.negativeBinomial(mean, model.shape);
  };

  const scheduled = scheduledSessions(profile, week.kind);
  const attended =
    scheduled === 0
      ? 0
      : rng.binomial(
          scheduled,
          inPersonPresence *
            sigmoid(1.7 + profile.attendanceBias + 1.3 * Math.min(inPerson, MAX_UPLIFT)) *
            week.activityFactor,
        );
  const onlineFactor = STATUS_ONLINE_FACTOR[student.status];
  const examSwipes = week.kind === 'exam' ? EXAM_SITTINGS_DOOR_SWIPES * inPersonPresence : 0;
  const counts = sample.counts;
  counts[0] = attended;
  counts[1] = count('moodle', online, onlinePresence, onlineFactor, 0);
  counts[2] = count('panopto', online, onlinePresence, onlineFactor, 0);
  counts[3] = count('library', online, inPersonPresence, 1, 0);
  counts[4] = count('door', inPerson, inPersonPresence, 1, 0) + rng.poisson(0.8 * attended + examSwipes);
  counts[5] = rng.binomial(deadlines, onlinePresence * sigmoid(2.2 + 1.3 * online));
  counts[6] = count('records', online, onlinePresence, 1, week.termStart ? TERM_START_RECORDS : 0);
  sample.scheduled = scheduled;
  const available = SOURCES_FOR_STATUS[student.status];
  for (let i = 0; i < SAMPLED_SOURCES.length; i += 1) {
    if (!available.has(SAMPLED_SOURCES[i] as SyntheticSourceId)) counts[i] = UNAVAILABLE;
  }
}
