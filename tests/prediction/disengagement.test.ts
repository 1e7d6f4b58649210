/**
 * The future-disengagement target's labels (docs/prediction.md, "Targets"): a student not consistently low
 * nor low-engagement at week k is labelled 1 when the product's signals make them so in weeks k+1..k+4.
 */
import { describe, expect, it } from 'vitest';
import {
  disengagementByWeek,
  disengagementLabels,
  isDisengaged,
} from '../../src/prediction/disengagement.ts';
import type { ScorePoint } from '../../src/signals/studentSignals.ts';

const WEEKS = Array.from({ length: 10 }, (_, i) => `2026-W${String(40 + i).padStart(2, '0')}`);

/** A student's scores per term week (null: not scored that week); activity 5 and mid percentile throughout. */
function history(scores: (number | null)[], activity: (number | null)[] = []): ScorePoint[] {
  return scores.flatMap((score, i) =>
    score === null
      ? []
      : [
          {
            week: WEEKS[i] as string,
            score,
            attendancePct: null,
            activity: activity[i] ?? 5,
            activityPercentile: 0.5,
            sharedCause: null,
          },
        ],
  );
}

describe('future-disengagement labels', () => {
  it('reads the signals as the lists do: three weeks below 350, or two weeks without activity', () => {
    expect(isDisengaged(history([500, 340, 340]))).toBe(false);
    expect(isDisengaged(history([500, 340, 340, 340]))).toBe(true);
    expect(isDisengaged(history([500, 500, 500], [5, 0, 0]))).toBe(true);
    expect(isDisengaged(history([500, 500, 500], [0, 0, 5]))).toBe(false);
  });

  it('labels 1 for becoming disengaged within four weeks, 0 for not, and leaves out those disengaged already', () => {
    const histories = new Map([
      // Low from week 5, so consistently low from week 7: within four weeks of week 3 and 4, not of week 2.
      ['fades', history([500, 500, 500, 500, 340, 340, 340, 340, 340, 340])],
      ['steady', history([500, 500, 500, 500, 500, 500, 500, 500, 500, 500])],
      // No activity in weeks 1 and 2: low-engagement at week 2, then active again.
      ['late', history([500, 500, 500, 500, 500, 500, 500, 500, 500, 500], [0, 0, 5, 5, 5, 5, 5, 5, 5, 5])],
    ]);
    const byWeek = disengagementByWeek(histories, WEEKS);
    expect(disengagementLabels(byWeek, 2)).toEqual(
      new Map([
        ['fades', 0],
        ['steady', 0],
      ]),
    );
    expect(disengagementLabels(byWeek, 3)).toEqual(
      new Map([
        ['fades', 1],
        ['steady', 0],
        ['late', 0],
      ]),
    );
    // At week 7 'fades' is consistently low already: not a row.
    expect(disengagementLabels(byWeek, 6).get('fades')).toBe(1);
    expect(disengagementLabels(byWeek, 6).has('fades')).toBe(true);
    expect(disengagementLabels(byWeek, 7).has('fades')).toBe(false);
  });

  it('leaves out weeks whose four weeks ahead are not all scored, and students scored in none of them', () => {
    const histories = new Map([
      ['steady', history([500, 500, 500, 500, 500, 500, 500, 500, 500, 500])],
      ['gone', history([500, 500, 500, null, null, null, null, null, null, null])],
      ['leaves', history([500, 500, 500, 500, 340, null, null, null, null, null])],
    ]);
    const byWeek = disengagementByWeek(histories, WEEKS);
    expect([...disengagementLabels(byWeek, 6).keys()]).toEqual(['steady']);
    expect(disengagementLabels(byWeek, 7).size).toBe(0); // weeks 8..11: the term has only 10
    const week3 = disengagementLabels(byWeek, 3);
    expect(week3.has('gone')).toBe(false);
    // Scored in weeks 4 and 5 only, never disengaged there: 0.
    expect(week3.get('leaves')).toBe(0);
  });
});
