// The evidence harness's arithmetic on a term small enough to work by hand.
import { describe, expect, it } from 'vitest';
import { evaluateTerm, type WeekObservation } from '../../src/evaluation/evaluateTerm.ts';

const students = [
  { studentId: 'A', bad: true, withdrawnWeek: '2026-W43' },
  { studentId: 'B', bad: true, withdrawnWeek: null },
  { studentId: 'C', bad: false, withdrawnWeek: null },
  { studentId: 'D', bad: false, withdrawnWeek: null },
] as const;

const week = (iso: string, scores: Record<string, number>, low: string[]): WeekObservation => ({
  week: iso,
  scores: new Map(Object.entries(scores)),
  flagged: { low: new Set(low) },
});

describe('evaluating one term against outcomes', () => {
  const result = evaluateTerm(
    'T',
    students,
    [
      week('2026-W41', { A: 300, B: 450, C: 500, D: 520 }, ['A', 'C']),
      week('2026-W42', { A: 280, B: 600, C: 400, D: 700 }, ['A']),
      week('2026-W43', { A: 100, B: 300, C: 500, D: 500 }, ['A', 'B']),
      week('2026-W44', { B: 300, C: 500, D: 500 }, ['B']),
    ],
    ['low'],
  );

  it('measures each week among the students still registered at its end', () => {
    // Week 1: all four registered, 2 of 4 bad. Scores A 300 < B 450 < C 500 < D 520: both bad students
    // rank below both good ones, AUC 1. "low" flags A (bad) and C (good): precision 1/2, recall 1/2.
    expect(result.weeks[0]).toMatchObject({
      termWeek: 1,
      registered: 4,
      baseRate: 0.5,
      scoreAuc: 1,
      lists: { low: { flagged: 2, precision: 0.5, recall: 0.5 } },
    });
    // Week 2: pairs (bad, good) with bad scored lower: A<C, A<D, B(600)>C(400), B<D → 3 of 4, AUC 0.75.
    expect(result.weeks[1]?.scoreAuc).toBe(0.75);
    // Week 3: A withdrew in it, so it is no longer registered at its end: 3 students, 1 bad (B).
    expect(result.weeks[2]).toMatchObject({ registered: 3, baseRate: 1 / 3, lists: { low: { flagged: 1 } } });
  });

  it('gives the lead time from the first flag to the withdrawal week', () => {
    // A was first flagged in week 1 and withdrew in week 3: caught two weeks ahead.
    expect(result.leadTime.low).toEqual({ withdrawals: 1, caught: 1, medianWeeks: 2 });
  });
});
