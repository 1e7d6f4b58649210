/**
 * Features of predictive risk (issue 17): what a student looked like at the end of term week k, built from
 * ONLY what was known then — their weekly scores and per-source measures of term weeks 1..k. Never the
 * outcome, never the unregistration date, never a protected attribute (the input carries none).
 *
 * Pure and column-oriented: a term is a list of `CohortWeek`s (index 0 = term week 1), each holding the
 * week's scored students and per-source numbers as typed arrays. `FeatureBuilder` walks the weeks in order
 * and can hand out feature rows after any week; rows after week k depend on weeks 1..k only, by
 * construction (the builder has not seen later weeks yet). `featuresAtWeek` is the one-shot form. A
 * builder's state (`exportState`, `FeatureBuilder.fromState`) lets the weekly predict step continue from
 * the previous week instead of walking the term again: every accumulator is a `Grow` or `RecentWeeks` field,
 * and the state holds all of them by field name, so a new accumulator is carried over with no further code.
 *
 * Coursework deadlines (docs/coursework.md) add deadlines due, missed and late so far and the mean mark known
 * so far; an institution without a deadlines feed gets the same neutral values for everyone.
 *
 * Generic over sources: the source ids come from the data (the score breakdown), never from a fixed list.
 * A source a student never had gives 0 (log1p of nothing) for its level and cumulative count; a student not
 * scored in a week counts as a week with zero activity; a student never scored gets the peer-average score
 * 500, slope 0. See docs/prediction.md, "Features".
 */
import type { Row } from './logisticRegression.ts';

export interface CohortWeek {
  week: string;
  /** The students scored that week; index i of every column is studentIds[i]. */
  studentIds: readonly string[];
  score: ArrayLike<number>;
  /** Raw occurrences this week summed over the sources. */
  activity: ArrayLike<number>;
  /** Attendance %, NaN where the student had no attendance source that week. */
  attendancePct: ArrayLike<number>;
  /** The sources of the two per-source columns, in their order. */
  sourceIds: readonly string[];
  /** Recent level per student × source (student-major), NaN where missing. */
  levels: ArrayLike<number>;
  /** Raw count per student × source (student-major), NaN where missing. */
  counts: ArrayLike<number>;
  /** The week's coursework counts (CourseworkWeek), for its own list of students; absent without a feed. */
  coursework?: CourseworkColumns;
}

/** Coursework counts of one week, index i of every column is studentIds[i]. */
export interface CourseworkColumns {
  studentIds: readonly string[];
  due: ArrayLike<number>;
  onTime: ArrayLike<number>;
  late: ArrayLike<number>;
  marked: ArrayLike<number>;
  markSum: ArrayLike<number>;
}

/** Below this score a week counts as a low week (the "concern" side of the 0..1000 scale). */
export const LOW_SCORE = 350;
/** Score of a student never scored: the peer average. */
export const NEUTRAL_SCORE = 500;
const SLOPE_WEEKS = 4;
const RECENT_WEEKS = 2;

export const BASE_FEATURES = [
  'score_latest',
  'score_mean',
  'score_slope_4w',
  'weeks_below_350',
  'weeks_since_activity',
  'zero_activity_share',
  'recent_vs_earlier_log_ratio',
  'cumulative_activity_percentile',
  'attendance_pct',
  'attendance_present',
] as const;

/** From the coursework deadlines feed; all 0 for a student (or institution) without one. */
export const COURSEWORK_FEATURES = [
  'deadlines_due',
  'deadlines_missed',
  'deadlines_late',
  'mark_mean',
  'mark_present',
  'deadlines_missed_recent',
] as const;

/** Feature names for the given sources, in row order: base, coursework, then per source level and count. */
export function featureNames(sourceIds: readonly string[]): string[] {
  return [
    ...BASE_FEATURES,
    ...COURSEWORK_FEATURES,
    ...sourceIds.flatMap((id) => [
      `level_log1p:${id}`,
      `cumulative_count_log1p:${id}`,
      `cumulative_count_percentile:${id}`,
      `weeks_since_count:${id}`,
    ]),
  ];
}

/** The sources seen in any of the weeks, sorted, so the feature layout does not depend on week order. */
export function sourcesOf(weeks: readonly CohortWeek[]): string[] {
  return [...new Set(weeks.flatMap((week) => week.sourceIds))].sort();
}

/** Per-student numbers in one growable typed array (`width` per student), new slots set to `fill`. */
class Grow {
  data: Float64Array;
  constructor(
    readonly width: number,
    readonly fill: number,
  ) {
    this.data = new Float64Array(1024 * width).fill(fill);
  }
  ensure(students: number): void {
    if (students * this.width <= this.data.length) return;
    const next = new Float64Array(Math.max(students * this.width, this.data.length * 2)).fill(this.fill);
    next.set(this.data);
    this.data = next;
  }
}

/** One number per student for each of the last `keep` term weeks, oldest first; `fill` where none. */
class RecentWeeks {
  columns: Float64Array[] = [];
  constructor(
    readonly keep: number,
    readonly fill: number,
  ) {}
  push(column: Float64Array): void {
    this.columns.push(column);
    if (this.columns.length > this.keep) this.columns.shift();
  }
}

/**
 * What a FeatureBuilder has taken in, to continue from later. Slot i of every column is `studentIds[i]`.
 * `columns` holds each Grow field (`width` numbers per student, student-major) and `recent` each
 * RecentWeeks field (up to its `keep` latest weeks, oldest first, one number per student), by field name.
 */
export interface FeatureBuilderState {
  sourceIds: readonly string[];
  /** Term weeks taken in. */
  week: number;
  studentIds: readonly string[];
  columns: { name: string; width: number; values: Float64Array }[];
  recent: { name: string; weeks: Float64Array[] }[];
}

/** A state that a builder of these sources cannot take: another feature layout made it. */
export class FeatureStateLayoutError extends Error {}

export class FeatureBuilder {
  readonly names: string[];
  private readonly index = new Map<string, number>();
  private readonly sourceIndex: Map<string, number>;
  private readonly width: number;
  private students = 0;
  // Per student.
  private readonly latestScore = new Grow(1, NaN);
  private readonly scoreSum = new Grow(1, 0);
  private readonly scoredWeeks = new Grow(1, 0);
  private readonly lowWeeks = new Grow(1, 0);
  /** Last term week with activity above 0; 0 = none yet. */
  private readonly lastActiveWeek = new Grow(1, 0);
  /** Term weeks with activity above 0. */
  private readonly activeWeeks = new Grow(1, 0);
  private readonly cumulativeActivity = new Grow(1, 0);
  private readonly attendance = new Grow(1, NaN);
  // Coursework counts summed over the weeks so far (CourseworkWeek's fields).
  private readonly deadlinesDue = new Grow(1, 0);
  private readonly deadlinesOnTime = new Grow(1, 0);
  private readonly deadlinesLate = new Grow(1, 0);
  private readonly marked = new Grow(1, 0);
  private readonly markSum = new Grow(1, 0);
  // Per student × source: last known level, cumulative count, last term week with a count above 0.
  private readonly levels: Grow;
  private readonly cumulativeCounts: Grow;
  private readonly lastCountWeek: Grow;
  /** The latest term weeks' score (NaN = not scored) and activity (0 = not scored) of each student. */
  private readonly scoreByWeek = new RecentWeeks(SLOPE_WEEKS, NaN);
  private readonly activityByWeek = new RecentWeeks(RECENT_WEEKS, 0);
  private readonly missedByWeek = new RecentWeeks(SLOPE_WEEKS, 0);
  private weeksTaken = 0;

  constructor(readonly sourceIds: readonly string[]) {
    this.names = featureNames(sourceIds);
    this.sourceIndex = new Map(sourceIds.map((id, s) => [id, s]));
    this.width = sourceIds.length;
    this.levels = new Grow(this.width, NaN);
    this.cumulativeCounts = new Grow(this.width, 0);
    this.lastCountWeek = new Grow(this.width, 0);
  }

  /** Term weeks taken in so far (k after the k-th call to addWeek). */
  get week(): number {
    return this.weeksTaken;
  }

  /** Every accumulator field by name: what a state holds. */
  private accumulators(): { grow: [string, Grow][]; recent: [string, RecentWeeks][] } {
    const entries = Object.entries(this);
    return {
      grow: entries.filter((entry): entry is [string, Grow] => entry[1] instanceof Grow),
      recent: entries.filter((entry): entry is [string, RecentWeeks] => entry[1] instanceof RecentWeeks),
    };
  }

  /**
   * The feature layout and the shape of every accumulator, as one string: a state is taken only by a
   * builder with the same layout (rename an accumulator when its meaning changes).
   */
  stateLayout(): string {
    const { grow, recent } = this.accumulators();
    return JSON.stringify({
      names: this.names,
      columns: grow.map(([name, column]) => [name, column.width, column.fill]),
      recent: recent.map(([name, weeks]) => [name, weeks.keep, weeks.fill]),
    });
  }

  /** What the builder has taken in. The columns are views of its own arrays: copy them to keep them. */
  exportState(): FeatureBuilderState {
    const n = this.students;
    const { grow, recent } = this.accumulators();
    const studentIds = new Array<string>(n);
    for (const [id, i] of this.index) studentIds[i] = id;
    return {
      sourceIds: [...this.sourceIds],
      week: this.weeksTaken,
      studentIds,
      columns: grow.map(([name, column]) => ({
        name,
        width: column.width,
        values: column.data.subarray(0, n * column.width),
      })),
      recent: recent.map(([name, weeks]) => ({
        name,
        weeks: weeks.columns.map((column) => {
          if (column.length === n) return column;
          const full = new Float64Array(n).fill(weeks.fill);
          full.set(column);
          return full;
        }),
      })),
    };
  }

  /**
   * A builder that continues from `state`, as if it had taken in the same weeks itself. It takes the
   * state's arrays as its own: the state must not be used after.
   */
  static fromState(state: FeatureBuilderState): FeatureBuilder {
    const builder = new FeatureBuilder(state.sourceIds);
    const n = state.studentIds.length;
    const { grow, recent } = builder.accumulators();
    const columns = new Map(state.columns.map((column) => [column.name, column]));
    const weeks = new Map(state.recent.map((entry) => [entry.name, entry.weeks]));
    const fits =
      columns.size === grow.length &&
      grow.every(([name, column]) => {
        const saved = columns.get(name);
        return (
          saved !== undefined && saved.width === column.width && saved.values.length === n * column.width
        );
      }) &&
      weeks.size === recent.length &&
      recent.every(([name, column]) => {
        const saved = weeks.get(name);
        return saved !== undefined && saved.length <= column.keep && saved.every((w) => w.length === n);
      });
    if (!fits) throw new FeatureStateLayoutError('the feature state was made by another feature layout');
    state.studentIds.forEach((id) => builder.slot(id));
    if (builder.students !== n) throw new FeatureStateLayoutError('the feature state lists a student twice');
    // The state's arrays become the builder's own, not copied: the predict step reads a state only to
    // continue from it, and a week's state of 50,000 students is tens of megabytes.
    for (const [name, column] of grow) column.data = (columns.get(name) as { values: Float64Array }).values;
    for (const [name, column] of recent) column.columns = [...(weeks.get(name) as Float64Array[])];
    builder.weeksTaken = state.week;
    return builder;
  }

  /** The previous week's ids and slots: a week listing the same students in the same order reuses them. */
  private lastIds: readonly string[] = [];
  private lastSlots = new Int32Array(0);

  private slotsOf(ids: readonly string[]): Int32Array {
    const same =
      ids === this.lastIds ||
      (ids.length === this.lastIds.length && ids.every((id, j) => id === this.lastIds[j]));
    if (same) return this.lastSlots;
    const slots = new Int32Array(ids.length);
    for (let j = 0; j < ids.length; j++) slots[j] = this.slot(ids[j] as string);
    this.lastIds = ids;
    this.lastSlots = slots;
    return slots;
  }

  private slot(studentId: string): number {
    let i = this.index.get(studentId);
    if (i === undefined) {
      i = this.students++;
      this.index.set(studentId, i);
    }
    return i;
  }

  /** Takes in the next term week. */
  addWeek(week: CohortWeek): void {
    const k = this.weeksTaken + 1;
    const m = week.studentIds.length;
    const slots = this.slotsOf(week.studentIds);
    const courseworkSlots = (week.coursework?.studentIds ?? []).map((id) => this.slot(id));
    const n = this.students;
    for (const [, column] of this.accumulators().grow) column.ensure(n);
    const scores = new Float64Array(n).fill(NaN);
    const activities = new Float64Array(n);
    const latest = this.latestScore.data;
    const sum = this.scoreSum.data;
    const scored = this.scoredWeeks.data;
    const low = this.lowWeeks.data;
    const lastActive = this.lastActiveWeek.data;
    const active = this.activeWeeks.data;
    const cumulative = this.cumulativeActivity.data;
    const attendance = this.attendance.data;
    const levels = this.levels.data;
    const counts = this.cumulativeCounts.data;
    const lastCount = this.lastCountWeek.data;
    const W = this.width;
    const width = week.sourceIds.length;
    const columnOf = week.sourceIds.map((id) => this.sourceIndex.get(id) ?? -1);
    for (let j = 0; j < m; j++) {
      const i = slots[j] as number;
      const score = week.score[j] as number;
      const activity = week.activity[j] as number;
      scores[i] = score;
      activities[i] = activity;
      latest[i] = score;
      sum[i] = (sum[i] as number) + score;
      scored[i] = (scored[i] as number) + 1;
      if (score < LOW_SCORE) low[i] = (low[i] as number) + 1;
      if (activity > 0) {
        lastActive[i] = k;
        active[i] = (active[i] as number) + 1;
      }
      cumulative[i] = (cumulative[i] as number) + activity;
      const attendancePct = week.attendancePct[j] as number;
      if (Number.isFinite(attendancePct)) attendance[i] = attendancePct;
      for (let s = 0; s < width; s++) {
        const column = columnOf[s] as number;
        if (column < 0) continue;
        const level = week.levels[j * width + s] as number;
        if (Number.isFinite(level)) levels[i * W + column] = level;
        const count = week.counts[j * width + s] as number;
        if (Number.isFinite(count)) counts[i * W + column] = (counts[i * W + column] as number) + count;
        if (count > 0) lastCount[i * W + column] = k;
      }
    }
    this.scoreByWeek.push(scores);
    this.activityByWeek.push(activities);
    const missed = new Float64Array(n);
    if (week.coursework) {
      const { due, onTime } = week.coursework;
      courseworkSlots.forEach(
        (i, j) => (missed[i] = Math.max(0, (due[j] as number) - (onTime[j] as number))),
      );
    }
    this.missedByWeek.push(missed);
    this.weeksTaken = k;
    if (week.coursework) this.addCoursework(week.coursework, courseworkSlots);
  }

  private addCoursework(coursework: CourseworkColumns, slots: readonly number[]): void {
    const columns: [Grow, ArrayLike<number>][] = [
      [this.deadlinesDue, coursework.due],
      [this.deadlinesOnTime, coursework.onTime],
      [this.deadlinesLate, coursework.late],
      [this.marked, coursework.marked],
      [this.markSum, coursework.markSum],
    ];
    for (const [column, values] of columns) {
      const data = column.data;
      slots.forEach((i, j) => (data[i] = (data[i] as number) + (values[j] as number)));
    }
  }

  /**
   * Feature rows of the given students after the weeks taken in so far, as views of one matrix. The
   * cumulative-activity percentile is the mid-rank percentile among exactly these students (the cohort
   * asked about).
   */
  rows(studentIds: readonly string[]): Float64Array[] {
    const k = this.week;
    const n = studentIds.length;
    const width = this.names.length;
    const W = this.width;
    const slots = this.stateSlots(studentIds);
    const cumulative = this.cumulativeActivity.data;
    const counts = this.cumulativeCounts.data;
    /** Each asked student's value at `offset` of a column of `stride` values per student (0 unseen). */
    const gathered = (data: Float64Array, stride: number, offset: number): Float64Array => {
      const out = new Float64Array(n);
      for (let r = 0; r < n; r++) {
        const i = slots[r] as number;
        if (i >= 0) out[r] = data[i * stride + offset] as number;
      }
      return out;
    };
    const percentile = midRankPercentiles(gathered(cumulative, 1, 0));
    const sourcePercentiles = this.sourceIds.map((_, s) => midRankPercentiles(gathered(counts, W, s)));
    const slopeWeeks = this.scoreByWeek.columns.slice(-SLOPE_WEEKS);
    const recentWeeks = this.activityByWeek.columns.slice(-RECENT_WEEKS);
    const window: number[] = new Array<number>(slopeWeeks.length);
    // Locals, not this.…: the loop below runs once per student and source.
    const scoredWeeks = this.scoredWeeks.data;
    const attendanceData = this.attendance.data;
    const latestScore = this.latestScore.data;
    const scoreSum = this.scoreSum.data;
    const lowWeeks = this.lowWeeks.data;
    const lastActiveWeek = this.lastActiveWeek.data;
    const activeWeeks = this.activeWeeks.data;
    const levels = this.levels.data;
    const lastCountWeek = this.lastCountWeek.data;
    const matrix = new Float64Array(n * width);
    const rows = new Array<Float64Array>(n);
    for (let r = 0; r < n; r++) {
      const row = matrix.subarray(r * width, (r + 1) * width);
      rows[r] = row;
      const i = slots[r] as number;
      if (i < 0) {
        this.unseenRow(row, k, percentile[r] as number, sourcePercentiles, r);
        continue;
      }
      const scored = scoredWeeks[i] as number;
      const attendance = attendanceData[i] as number;
      for (let w = 0; w < slopeWeeks.length; w++) window[w] = (slopeWeeks[w] as Float64Array)[i] ?? NaN;
      let recent = 0;
      for (const week of recentWeeks) recent += week[i] ?? 0;
      row[0] = scored === 0 ? NEUTRAL_SCORE : (latestScore[i] as number);
      row[1] = scored === 0 ? NEUTRAL_SCORE : (scoreSum[i] as number) / scored;
      row[2] = slope(window);
      row[3] = lowWeeks[i] as number;
      row[4] = k - (lastActiveWeek[i] as number);
      row[5] = k === 0 ? 0 : (k - (activeWeeks[i] as number)) / k;
      row[6] =
        k <= RECENT_WEEKS
          ? 0
          : Math.log(
              (recent / RECENT_WEEKS + 1) / (((cumulative[i] as number) - recent) / (k - RECENT_WEEKS) + 1),
            );
      row[7] = percentile[r] as number;
      row[8] = Number.isFinite(attendance) ? attendance : 0;
      row[9] = Number.isFinite(attendance) ? 1 : 0;
      this.courseworkFeatures(i, row, BASE_FEATURES.length);
      let at = BASE_FEATURES.length + COURSEWORK_FEATURES.length;
      for (let s = 0; s < W; s++) {
        const level = levels[i * W + s] as number;
        row[at++] = Number.isFinite(level) ? Math.log1p(Math.max(0, level)) : 0;
        row[at++] = Math.log1p(Math.max(0, counts[i * W + s] as number));
        row[at++] = (sourcePercentiles[s] as Float64Array)[r] as number;
        row[at++] = k - (lastCountWeek[i * W + s] as number);
      }
    }
    return rows;
  }

  /**
   * The term weeks each student was scored in so far, and their scores of the latest `weeks` (at most 4)
   * term weeks, oldest first, NaN where unscored (what the trajectory reads); index i is studentIds[i].
   */
  scoreHistory(
    studentIds: readonly string[],
    weeks: number,
  ): { scoredWeeks: Float64Array; recent: Float64Array[] } {
    const slots = this.stateSlots(studentIds);
    const scored = this.scoredWeeks.data;
    const scoredWeeks = new Float64Array(slots.length);
    const columns = this.scoreByWeek.columns.slice(-weeks);
    const recent = columns.map(() => new Float64Array(slots.length).fill(NaN));
    for (let j = 0; j < slots.length; j++) {
      const i = slots[j] as number;
      if (i < 0) continue;
      scoredWeeks[j] = scored[i] as number;
      columns.forEach((column, w) => ((recent[w] as Float64Array)[j] = column[i] ?? NaN));
    }
    return { scoredWeeks, recent };
  }

  /** Each student's slot in the exported state's columns; −1 for a student the builder has not seen. */
  stateSlots(studentIds: readonly string[]): Int32Array {
    const slots = new Int32Array(studentIds.length);
    for (let j = 0; j < studentIds.length; j++) slots[j] = this.index.get(studentIds[j] as string) ?? -1;
    return slots;
  }

  /** Writes COURSEWORK_FEATURES of slot i into `row` from `at`: deadlines due, missed (due, not met on
   * time, not yet in late), late; marks. */
  private courseworkFeatures(i: number, row: Float64Array, at: number): void {
    const due = this.deadlinesDue.data[i] as number;
    const late = this.deadlinesLate.data[i] as number;
    const marked = this.marked.data[i] as number;
    row[at] = due;
    row[at + 1] = Math.max(0, due - (this.deadlinesOnTime.data[i] as number) - late);
    row[at + 2] = late;
    row[at + 3] = marked > 0 ? (this.markSum.data[i] as number) / marked : 0;
    row[at + 4] = marked > 0 ? 1 : 0;
    let recentMissed = 0;
    for (const week of this.missedByWeek.columns) recentMissed += week[i] ?? 0;
    row[at + 5] = recentMissed;
  }

  /** Writes the row of a student the builder has not seen (no weeks, no coursework; only percentiles). */
  private unseenRow(
    row: Float64Array,
    k: number,
    percentile: number,
    sourcePercentiles: readonly Float64Array[],
    r: number,
  ): void {
    row.fill(0);
    row[0] = NEUTRAL_SCORE;
    row[1] = NEUTRAL_SCORE;
    row[4] = k;
    row[5] = k === 0 ? 0 : 1;
    row[7] = percentile;
    let at = BASE_FEATURES.length + COURSEWORK_FEATURES.length;
    for (const p of sourcePercentiles) {
      row[at + 2] = p[r] as number;
      row[at + 3] = k;
      at += 4;
    }
  }
}

/** Feature rows of `studentIds` at the end of term week k (1-based), from weeks[0..k-1] only. */
export function featuresAtWeek(
  weeks: readonly CohortWeek[],
  k: number,
  studentIds: readonly string[],
  sourceIds: readonly string[] = sourcesOf(weeks.slice(0, k)),
): { names: string[]; rows: Row[] } {
  const builder = new FeatureBuilder(sourceIds);
  for (const week of weeks.slice(0, k)) builder.addWeek(week);
  return { names: builder.names, rows: builder.rows(studentIds) };
}

/** Least-squares slope per week of the finite values (index = week); 0 with fewer than two. */
export function slope(values: readonly number[]): number {
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let x = 0; x < values.length; x++) {
    const y = values[x] as number;
    if (!Number.isFinite(y)) continue;
    n += 1;
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  const denominator = n * sxx - sx * sx;
  return n < 2 || denominator === 0 ? 0 : (n * sxy - sx * sy) / denominator;
}

/**
 * log((mean activity of the last two weeks + 1) / (mean of the earlier weeks + 1)); 0 until there is an
 * earlier week. Negative when the student has fallen below their own earlier level.
 */
export function recentVsEarlier(activity: readonly number[]): number {
  if (activity.length <= RECENT_WEEKS) return 0;
  const earlier = activity.slice(0, -RECENT_WEEKS);
  const recent = activity.slice(-RECENT_WEEKS);
  const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.log((mean(recent) + 1) / (mean(earlier) + 1));
}

/** Whole numbers up to this, with fewer than INDEX_SPAN values, are ranked by one sort of value × INDEX_SPAN +
 * index (exact in a double: below 2^53). */
const INDEX_SPAN = 2 ** 17;
const SMALL_WHOLE = 2 ** 35;

/**
 * Mid-rank percentile in (0, 1) of each value among all of them: (number below + ties / 2) / n; 0 for NaN.
 * Counts (whole numbers, no NaN) are ranked by one sort of keys that carry each value's position; any
 * other values by one sort, the percentile of each run of equal values, then one binary search per value.
 */
export function midRankPercentiles(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  let whole = n < INDEX_SPAN;
  for (let i = 0; whole && i < n; i++) {
    const x = values[i] as number;
    whole = Number.isInteger(x) && x >= 0 && x < SMALL_WHOLE;
  }
  return whole ? wholeNumberPercentiles(values) : anyNumberPercentiles(values);
}

function wholeNumberPercentiles(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = (values[i] as number) * INDEX_SPAN + i;
  keys.sort();
  const out = new Float64Array(n);
  for (let start = 0; start < n;) {
    const value = Math.floor((keys[start] as number) / INDEX_SPAN);
    let end = start + 1;
    while (end < n && Math.floor((keys[end] as number) / INDEX_SPAN) === value) end++;
    const percentile = (start + (end - start) / 2) / n;
    for (let k = start; k < end; k++) out[(keys[k] as number) - value * INDEX_SPAN] = percentile;
    start = end;
  }
  return out;
}

function anyNumberPercentiles(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  /** At the first index of each run of equal values: that run's percentile. */
  const ofRun = new Float64Array(n);
  for (let start = 0; start < n;) {
    const v = sorted[start] as number;
    let end = start + 1;
    while (end < n && sorted[end] === v) end++;
    ofRun[start] = (start + (end - start) / 2) / n;
    start = end;
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = values[i] as number;
    if (Number.isNaN(x)) {
      out[i] = 0;
      continue;
    }
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((sorted[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    out[i] = ofRun[lo] as number;
  }
  return out;
}
