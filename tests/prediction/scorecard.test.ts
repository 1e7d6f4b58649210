// The scorecard's headline figures, worked by hand: which week it leads with, from which week predictions
// are useful, and each week's precision and recall at the operating threshold stored with a model.
import { describe, expect, it } from 'vitest';
import { headlineWeek, usefulFromWeek } from '../../src/prediction/scorecard.ts';
import { termMetrics } from '../../src/prediction/termMetrics.ts';

describe('headlineWeek', () => {
  it('leads with week 8, else the evaluated week nearest it (the earlier on a tie)', () => {
    expect(headlineWeek([4, 6, 8, 10, 12])).toBe(8);
    expect(headlineWeek([4, 5, 6])).toBe(6);
    expect(headlineWeek([7, 9])).toBe(7);
    expect(headlineWeek([])).toBeNull();
  });
});

describe('usefulFromWeek', () => {
  it('is the first week from which ROC AUC stays at 0.70 or above to the last week measured', () => {
    const weeks = (aucs: (number | null)[]) => aucs.map((auc, i) => ({ week: i + 4, auc }));
    expect(usefulFromWeek(weeks([0.62, 0.71, 0.69, 0.72, 0.75]))).toBe(7);
    expect(usefulFromWeek(weeks([0.7, 0.71]))).toBe(4);
    expect(usefulFromWeek(weeks([0.75, 0.8, 0.66]))).toBeNull();
    expect(usefulFromWeek(weeks([0.75, null, 0.8]))).toBe(6);
  });
});

describe('termMetrics at the operating threshold', () => {
  it('counts flagged, precision and recall per week as worked by hand, and leaves them out without a threshold', () => {
    // Week 4: p = .9 (bad), .6 (good), .5 (bad), .1 (bad) at threshold .5 → 3 flagged, 2 of them bad; 2 of 3 bad caught.
    // Week 5: nobody at or above .5 → 0 flagged, precision null, recall 0 of 1.
    const rows = {
      termWeeks: [4, 4, 4, 4, 5, 5],
      logits: [2, 1, 0, -2, -1, -2],
      probabilities: [0.9, 0.6, 0.5, 0.1, 0.3, 0.2],
      labels: [1, 0, 1, 1, 0, 1],
    };
    const [four, five] = termMetrics({ ...rows, threshold: 0.5 }).perWeek;
    expect(four).toMatchObject({ week: 4, flagged: 3, precision: 2 / 3, recall: 2 / 3 });
    expect(five).toMatchObject({ week: 5, flagged: 0, precision: null, recall: 0 });
    expect(termMetrics(rows).perWeek[0]).not.toHaveProperty('precision');
  });
});
