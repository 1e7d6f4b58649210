import { describe, expect, it } from 'vitest';
import { buildDataset } from '../../src/prediction/dataset.ts';
import {
  featureNames,
  featuresAtWeek,
  midRankPercentiles,
  recentVsEarlier,
  slope,
  type CohortWeek,
} from '../../src/prediction/features.ts';

/** One week: per student [score, activity, attendance% or NaN, level a, count a, level b, count b]. */
function week(name: string, students: Record<string, number[]>): CohortWeek {
  const ids = Object.keys(students);
  const v = (i: number) => ids.map((id) => (students[id] as number[])[i] as number);
  return {
    week: name,
    studentIds: ids,
    score: v(0),
    activity: v(1),
    attendancePct: v(2),
    sourceIds: ['a', 'b'],
    levels: ids.flatMap((id) => [
      (students[id] as number[])[3] as number,
      (students[id] as number[])[5] as number,
    ]),
    counts: ids.flatMap((id) => [
      (students[id] as number[])[4] as number,
      (students[id] as number[])[6] as number,
    ]),
  };
}

const WEEKS: CohortWeek[] = [
  week('2026-W01', { s1: [600, 10, 80, 4, 6, 2, 4], s2: [300, 0, NaN, 0, 0, NaN, NaN] }),
  week('2026-W02', { s1: [500, 6, 60, 3, 4, 1, 2], s2: [320, 2, NaN, 1, 2, NaN, NaN] }),
  week('2026-W03', { s1: [400, 0, NaN, 2, 0, 0.5, 0] }),
  week('2026-W04', { s1: [300, 0, NaN, 1, 0, 0.2, 0], s2: [340, 1, NaN, 1, 1, NaN, NaN] }),
];

const value = (names: string[], row: readonly number[], name: string) => row[names.indexOf(name)];

describe('risk features', () => {
  it('computes each feature from a small hand-made history', () => {
    const { names, rows } = featuresAtWeek(WEEKS, 4, ['s1', 's2', 'nobody']);
    expect(names).toEqual(featureNames(['a', 'b']));
    const [s1, s2, nobody] = rows as [number[], number[], number[]];
    const f1 = (name: string) => value(names, s1, name);
    expect(f1('score_latest')).toBe(300);
    expect(f1('score_mean')).toBe(450);
    expect(f1('score_slope_4w')).toBeCloseTo(-100, 10);
    expect(f1('weeks_below_350')).toBe(1);
    expect(f1('weeks_since_activity')).toBe(2);
    expect(f1('zero_activity_share')).toBe(0.5);
    expect(f1('recent_vs_earlier_log_ratio')).toBeCloseTo(Math.log(1 / 9), 12);
    expect(f1('attendance_pct')).toBe(60);
    expect(f1('attendance_present')).toBe(1);
    expect(f1('level_log1p:a')).toBeCloseTo(Math.log1p(1), 12);
    expect(f1('cumulative_count_log1p:a')).toBeCloseTo(Math.log1p(10), 12);
    expect(f1('weeks_since_count:a')).toBe(2);
    expect(f1('cumulative_count_log1p:b')).toBeCloseTo(Math.log1p(6), 12);
    // Source a's cumulative counts: s1 10, s2 3, nobody 0 → mid-rank percentiles 5/6, 1/2, 1/6.
    expect(f1('cumulative_count_percentile:a')).toBeCloseTo(5 / 6, 12);
    expect(value(names, nobody, 'cumulative_count_percentile:a')).toBeCloseTo(1 / 6, 12);
    // s2: unscored in week 3 (a week without activity), no source b, no attendance.
    const f2 = (name: string) => value(names, s2, name);
    expect(f2('score_latest')).toBe(340);
    expect(f2('score_slope_4w')).toBeCloseTo(slope([300, 320, NaN, 340]), 12);
    expect(f2('score_slope_4w')).toBeCloseTo(90 / 7, 12); // points (0,300), (1,320), (3,340)
    expect(f2('zero_activity_share')).toBe(0.5);
    expect(f2('weeks_since_activity')).toBe(0);
    expect(f2('attendance_pct')).toBe(0);
    expect(f2('attendance_present')).toBe(0);
    expect(f2('level_log1p:b')).toBe(0);
    expect(f2('cumulative_count_log1p:b')).toBe(0);
    // No source b: tied with nobody at 0 → (1 + 2 / 2) / 3.
    expect(f2('cumulative_count_percentile:b')).toBeCloseTo(1 / 3, 12);
    expect(f2('weeks_since_count:b')).toBe(4);
    // Cumulative activity: s1 16, s2 3, nobody 0 → mid-rank percentiles 5/6, 1/2, 1/6.
    expect(f1('cumulative_activity_percentile')).toBeCloseTo(5 / 6, 12);
    expect(f2('cumulative_activity_percentile')).toBeCloseTo(1 / 2, 12);
    expect(value(names, nobody, 'score_latest')).toBe(500);
    expect(value(names, nobody, 'zero_activity_share')).toBe(1);
  });

  it('never lets a later week change the features of week k', () => {
    const changed = WEEKS.map((w) => ({ ...w }));
    changed[3] = week('2026-W04', {
      s1: [999, 500, 100, 50, 500, 50, 500],
      s3: [1000, 900, 100, 9, 9, 9, 9],
    });
    for (const k of [1, 2, 3]) {
      expect(featuresAtWeek(changed, k, ['s1', 's2'], ['a', 'b'])).toEqual(
        featuresAtWeek(WEEKS, k, ['s1', 's2'], ['a', 'b']),
      );
    }
    expect(featuresAtWeek(changed, 4, ['s1'], ['a', 'b'])).not.toEqual(
      featuresAtWeek(WEEKS, 4, ['s1'], ['a', 'b']),
    );
    // The training set's week-3 rows do not move either.
    const students = [
      { studentId: 's1', bad: false, withdrawnWeek: null },
      { studentId: 's2', bad: true, withdrawnWeek: '2026-W06' },
    ];
    const before = buildDataset(WEEKS, students, [3, 4], ['a', 'b']);
    const after = buildDataset(changed, students, [3, 4], ['a', 'b']);
    const weekThree = (set: typeof before) => set.rows.filter((_, i) => set.termWeeks[i] === 3);
    expect(weekThree(after)).toEqual(weekThree(before));
  });

  it('keeps only students registered at the end of week k, labelled by outcome', () => {
    const set = buildDataset(
      WEEKS,
      [
        { studentId: 's1', bad: false, withdrawnWeek: null },
        { studentId: 's2', bad: true, withdrawnWeek: '2026-W03' },
      ],
      [2, 3, 4],
    );
    expect(set.termWeeks).toEqual([2, 2, 3, 4]);
    expect(set.studentIds).toEqual(['s1', 's2', 's1', 's1']);
    expect(set.labels).toEqual([0, 1, 0, 0]);
  });

  it('helpers: slope, recent-vs-earlier ratio, mid-rank percentiles', () => {
    expect(slope([1, 3, 5])).toBeCloseTo(2, 12);
    expect(slope([7])).toBe(0);
    expect(recentVsEarlier([4, 4])).toBe(0);
    expect(recentVsEarlier([3, 3, 0, 0])).toBeCloseTo(-Math.log(4), 12);
    expect(Array.from(midRankPercentiles([5, 1, 5, 3]))).toEqual([0.75, 0.125, 0.75, 0.375]);
    expect(Array.from(midRankPercentiles([0.5, 2.25, 0.5, NaN]))).toEqual([0.25, 0.625, 0.25, 0]);
  });

  it('ranks counts (whole numbers) as it ranks any numbers: the same percentiles, ties included', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 300;
    const counts = Array.from({ length: 5000 }, () => Math.floor(random()));
    // A quarter added to every count keeps the order and the ties, and is not a whole number.
    expect(midRankPercentiles(counts)).toEqual(midRankPercentiles(counts.map((x) => x + 0.25)));
    expect(new Set(midRankPercentiles(counts)).size).toBeLessThan(301);
  });
});
