/** The student email's words: the trend for each trigger, the score only when the rule includes it. */
import { describe, expect, it } from 'vitest';
import { studentEmail } from '../../src/rules/studentEmail.ts';

const base = { firstName: 'Amira', score: 287, tutorName: 'Dr Lee' };

describe('the student email', () => {
  it('describes each trigger as a trend in words, naming the tutor, with no number by default', () => {
    const texts = [
      studentEmail({
        ...base,
        includeScore: false,
        trigger: { kind: 'belowForWeeks', threshold: 300, weeks: 3 },
      }),
      studentEmail({ ...base, includeScore: false, trigger: { kind: 'dropInWeek', points: 150 } }),
      studentEmail({
        ...base,
        includeScore: false,
        trigger: { kind: 'lowEngagementForWeeks', weeks: 2, maxActivity: 0, bottomShare: 0.05 },
      }),
    ].map((email) => email.text);
    expect(texts[0]).toContain('lower than most of your peers for three weeks in a row');
    expect(texts[1]).toContain('fell noticeably last week');
    expect(texts[2]).toContain("little or no activity from you in your course's systems for two weeks");
    for (const text of texts) {
      expect(text).toMatch(/^Dear Amira,/);
      expect(text).toContain('Dr Lee would be glad to talk');
      expect(text).not.toMatch(/\d/);
    }
  });

  it('includes the latest score, against the peer average, only when asked', () => {
    const { text } = studentEmail({
      ...base,
      tutorName: null,
      includeScore: true,
      trigger: { kind: 'below', threshold: 300 },
    });
    expect(text).toContain('your latest weekly engagement score was 287 (500 is the average of your peers)');
    expect(text).toContain('your personal tutor would be glad to talk');
  });
});
