/**
 * Features of predictive risk (issue 17): what a student looked like at the end of term week k, built from
 * ONLY what was known then — their weekly scores and per-source measures of term weeks 1..k. Never the
 * outcome, never the unregistration date, never a protected attribute (the input carries none).
 *
 * Pure and column-oriented: a term is a list of `CohortWeek`s (index 0 = term week 1), each holding the
 * week's scored students and per-source numbers as typed arrays. `FeatureBuilder` walks the weeks in order
 * and can hand out feature rows after any week; rows after week k depend on weeks 1..k only, by
 * construction (the builder has not seen later weeks yet). `featuresAtWeek` is the one-shot form.
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

/** Feature names for the given sources, in row order: base features, then per source level and count. */
export function featureNames(sourceIds: readonly string[]): string[] {
  return [
    ...BASE_FEATURES,
    ...sourceIds.flatMap((id) => [
      `level_log1p:${id}`,
      `cumulative_count_log1p:${id}`,
      `weeks_since_count:${id}`,
    ]),
  ];
}

/** The sources seen in any of the weeks, sorted, so the feature layout does not depend on week order. */
export function sourcesOf(weeks: readonly CohortWeek[]): string[] {
  return [...new Set(weeks.flatMap((week) => week.sourceIds))].sort();
}

export class FeatureBuilder {
  readonly names: string[];
  private readonly index = new Map<string, number>();
  private readonly sourceIndex: Map<string, number>;
  private weeksSeen = 0;
  // Per student (grown as students appear).
  private latestScore: number[] = [];
  private scoreSum: number[] = [];
  private scoredWeeks: number[] = [];
  private lowWeeks: number[] = [];
  private lastActiveWeek: number[] = [];
  private zeroWeeks: number[] = [];
  private cumulativeActivity: number[] = [];
  private attendance: number[] = [];
  /** Per student: activity per week seen (0 when unscored); scores per week (NaN when unscored). */
  private activityByWeek: number[][] = [];
  private scoreByWeek: number[][] = [];
  /** Per student × source: last known level, cumulative count. */
  private levels: Float64Array[] = [];
  private cumulativeCounts: Float64Array[] = [];
  /** Per student × source: the last term week with a count above 0 (0 = none yet). */
  private lastCountWeek: Float64Array[] = [];

  constructor(readonly sourceIds: readonly string[]) {
    this.names = featureNames(sourceIds);
    this.sourceIndex = new Map(sourceIds.map((id, s) => [id, s]));
  }

  /** Term weeks taken in so far (k after the k-th call to addWeek). */
  get week(): number {
    return this.weeksSeen;
  }

  /** The student's slot; a student first seen in week k had no activity in weeks 1..k−1. */
  private slot(studentId: string): number {
    let i = this.index.get(studentId);
    if (i !== undefined) return i;
    const before = this.weeksSeen - 1;
    i = this.latestScore.length;
    this.index.set(studentId, i);
    this.latestScore.push(NaN);
    this.scoreSum.push(0);
    this.scoredWeeks.push(0);
    this.lowWeeks.push(0);
    this.lastActiveWeek.push(0);
    this.zeroWeeks.push(before);
    this.cumulativeActivity.push(0);
    this.attendance.push(NaN);
    this.activityByWeek.push(new Array<number>(before).fill(0));
    this.scoreByWeek.push(new Array<number>(before).fill(NaN));
    this.levels.push(new Float64Array(this.sourceIds.length));
    this.cumulativeCounts.push(new Float64Array(this.sourceIds.length));
    this.lastCountWeek.push(new Float64Array(this.sourceIds.length));
    return i;
  }

  /** Takes in the next term week. */
  addWeek(week: CohortWeek): void {
    this.weeksSeen += 1;
    const k = this.weeksSeen;
    const n = this.latestScore.length;
    const seen = new Uint8Array(n + week.studentIds.length);
    const columnOf = week.sourceIds.map((id) => this.sourceIndex.get(id) ?? -1);
    const width = week.sourceIds.length;
    for (let j = 0; j < week.studentIds.length; j++) {
      const i = this.slot(week.studentIds[j] as string);
      seen[i] = 1;
      const score = week.score[j] as number;
      const activity = week.activity[j] as number;
      this.latestScore[i] = score;
      this.scoreSum[i] = (this.scoreSum[i] as number) + score;
      this.scoredWeeks[i] = (this.scoredWeeks[i] as number) + 1;
      if (score < LOW_SCORE) this.lowWeeks[i] = (this.lowWeeks[i] as number) + 1;
      if (activity > 0) this.lastActiveWeek[i] = k;
      else this.zeroWeeks[i] = (this.zeroWeeks[i] as number) + 1;
      this.cumulativeActivity[i] = (this.cumulativeActivity[i] as number) + activity;
      const attendance = week.attendancePct[j] as number;
      if (Number.isFinite(attendance)) this.attendance[i] = attendance;
      (this.activityByWeek[i] as number[]).push(activity);
      (this.scoreByWeek[i] as number[]).push(score);
      const levels = this.levels[i] as Float64Array;
      const counts = this.cumulativeCounts[i] as Float64Array;
      const lastCount = this.lastCountWeek[i] as Float64Array;
      for (let s = 0; s < width; s++) {
        const column = columnOf[s] as number;
        if (column < 0) continue;
        const level = week.levels[j * width + s] as number;
        if (Number.isFinite(level)) levels[column] = level;
        const count = week.counts[j * width + s] as number;
        if (Number.isFinite(count)) counts[column] = (counts[column] as number) + count;
        if (count > 0) lastCount[column] = k;
      }
    }
    // Students known from earlier weeks but not scored this week: a week without activity.
    for (let i = 0; i < n; i++) {
      if (seen[i]) continue;
      this.zeroWeeks[i] = (this.zeroWeeks[i] as number) + 1;
      (this.activityByWeek[i] as number[]).push(0);
      (this.scoreByWeek[i] as number[]).push(NaN);
    }
  }

  /**
   * Feature rows of the given students after the weeks taken in so far. The cumulative-activity
   * percentile is the mid-rank percentile among exactly these students (the cohort asked about).
   */
  rows(studentIds: readonly string[]): Row[] {
    const k = this.weeksSeen;
    const slots = studentIds.map((id) => this.index.get(id) ?? -1);
    const cumulative = slots.map((i) => (i < 0 ? 0 : (this.cumulativeActivity[i] as number)));
    const percentile = midRankPercentiles(cumulative);
    return slots.map((i, r) => {
      if (i < 0) return this.unseenRow(k, percentile[r] as number);
      const scored = this.scoredWeeks[i] as number;
      const activity = this.activityByWeek[i] as number[];
      const attendance = this.attendance[i] as number;
      const row: number[] = [
        scored === 0 ? NEUTRAL_SCORE : (this.latestScore[i] as number),
        scored === 0 ? NEUTRAL_SCORE : (this.scoreSum[i] as number) / scored,
        slope((this.scoreByWeek[i] as number[]).slice(-SLOPE_WEEKS)),
        this.lowWeeks[i] as number,
        k - (this.lastActiveWeek[i] as number),
        k === 0 ? 0 : (this.zeroWeeks[i] as number) / k,
        recentVsEarlier(activity),
        percentile[r] as number,
        Number.isFinite(attendance) ? attendance : 0,
        Number.isFinite(attendance) ? 1 : 0,
      ];
      const levels = this.levels[i] as Float64Array;
      const counts = this.cumulativeCounts[i] as Float64Array;
      const lastCount = this.lastCountWeek[i] as Float64Array;
      for (let s = 0; s < this.sourceIds.length; s++) {
        row.push(
          Math.log1p(Math.max(0, levels[s] as number)),
          Math.log1p(Math.max(0, counts[s] as number)),
          k - (lastCount[s] as number),
        );
      }
      return row;
    });
  }

  private unseenRow(k: number, percentile: number): number[] {
    return [
      NEUTRAL_SCORE,
      NEUTRAL_SCORE,
      0,
      0,
      k,
      k === 0 ? 0 : 1,
      0,
      percentile,
      0,
      0,
      ...this.sourceIds.flatMap(() => [0, 0, k]),
    ];
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
  values.forEach((y, x) => {
    if (!Number.isFinite(y)) return;
    n += 1;
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  });
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

/** Mid-rank percentile in (0, 1) of each value among all of them: (number below + ties / 2) / n. */
export function midRankPercentiles(values: readonly number[]): number[] {
  const n = values.length;
  const order = values.map((_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number));
  const out = new Array<number>(n).fill(0);
  let start = 0;
  while (start < n) {
    let end = start;
    while (end + 1 < n && values[order[end + 1] as number] === values[order[start] as number]) end += 1;
    const mid = (start + end) / 2 + 0.5;
    for (let j = start; j <= end; j++) out[order[j] as number] = mid / n;
    start = end + 1;
  }
  return out;
}
