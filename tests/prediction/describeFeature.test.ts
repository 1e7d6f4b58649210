/** Reasons in plain words: the describe function turns feature names and values into tutor-readable sentences. */
import { describe, expect, it } from 'vitest';
import { describeFeature, fractionInWords, weeksInWords } from '../../src/prediction/describeFeature.ts';

const describeOf = describeFeature({
  vle: { name: 'VLE logins', kind: 'vle' },
  coursework: { name: 'Coursework submissions', kind: 'submissions' },
});

describe('describeFeature', () => {
  it('says activity fell to a fraction of the student’s own earlier level', () => {
    expect(describeOf('recent_vs_earlier_log_ratio', Math.log(1 / 3), 0)).toBe(
      "activity fell to a third of the student's own earlier level",
    );
    expect(describeOf('recent_vs_earlier_log_ratio', Math.log(0.02), 0)).toBe(
      "activity fell to almost nothing from the student's own earlier level",
    );
  });

  it('says no submission in the last four weeks for a submissions source', () => {
    expect(describeOf('weeks_since_count:coursework', 4, 1.5)).toBe(
      'no coursework submission in the last four weeks',
    );
    expect(describeOf('weeks_since_count:vle', 3, 0.2)).toBe('no VLE logins in the last three weeks');
  });

  it('describes scores, slopes and low weeks in points and weeks', () => {
    expect(describeOf('score_latest', 281.4, 503.2)).toBe(
      "this week's engagement score is 281 (typical: 503)",
    );
    expect(describeOf('score_slope_4w', -24.6, 0)).toBe(
      'the engagement score fell by about 25 points a week over the last four weeks',
    );
    expect(describeOf('weeks_below_350', 5, 1)).toBe('five weeks with an engagement score below 350');
    expect(describeOf('weeks_since_activity', 1, 0.3)).toBe('no recorded activity in the last week');
  });

  it('words coursework deadlines and marks, counting against the deadlines so far', () => {
    const row: Record<string, number> = { deadlines_due: 2, deadlines_missed: 1 };
    expect(describeOf('deadlines_missed', 1, 0.2, (name) => row[name])).toBe(
      'missed the deadline for 1 of 2 assessments so far',
    );
    expect(describeOf('deadlines_missed', 1, 0.2)).toBe('missed the deadline for 1 assessment so far');
    expect(describeOf('deadlines_late', 2, 0.1)).toBe('submitted 2 assessments after the deadline');
    expect(describeOf('mark_mean', 41.6, 67.8)).toBe('average mark so far 42% (typical: 68%)');
    expect(describeOf('mark_present', 0, 0.8)).toBe('no marked coursework yet');
  });

  it('words fractions and weeks simply', () => {
    expect(fractionInWords(0.26)).toBe('a quarter');
    expect(fractionInWords(0.5)).toBe('half');
    expect(weeksInWords(12)).toBe('12 weeks');
  });
});
