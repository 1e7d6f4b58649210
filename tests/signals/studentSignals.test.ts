import { describe, expect, it } from 'vitest';
import { parseSignalConfig } from '../../src/signals/config.ts';
import { daysSinceContact } from '../../src/signals/contact.ts';
import { computeSignals } from '../../src/signals/studentSignals.ts';
import { AS_OF, daysBefore, history, signalsOf } from './fixtures.ts';

describe('declining', () => {
  it('needs a drop of more than 100 points from the score four scored weeks earlier', () => {
    expect(signalsOf(history([600, 580, 560, 540, 500])).declining).toBe(false);
    expect(signalsOf(history([600, 580, 560, 540, 499])).declining).toBe(true);
    expect(signalsOf(history([600, 580, 560, 540, 499])).fourWeekChange).toBe(-101);
  });

  it('compares with the score four weeks back, not with an older peak', () => {
    // 700 is five weeks back: the last four weeks fell 90 points only.
    expect(signalsOf(history([700, 590, 560, 540, 520, 500])).declining).toBe(false);
  });

  it('uses the earliest score while there are fewer than four earlier weeks', () => {
    expect(signalsOf(history([520, 419])).declining).toBe(true);
    expect(signalsOf(history([520])).fourWeekChange).toBeNull();
  });

  it('ignores shared-cause weeks: a group-wide fall in the latest week does not make a student declining', () => {
    const scores = [600, 600, 600, 600, 450];
    expect(signalsOf(history(scores)).declining).toBe(true);
    const annotated = signalsOf(history(scores, { 4: { sharedCause: true } }));
    expect(annotated.declining).toBe(false);
    expect(annotated.sharedCauseThisWeek).toBe(true);
    expect(annotated.score).toBe(450);
    // Nor as the reference week: four weeks back counts only weeks that were not shared causes.
    expect(
      signalsOf(history([700, 600, 600, 600, 600, 590], { 1: { sharedCause: true } })).fourWeekChange,
    ).toBe(-110);
  });

  it('counts consecutive week-on-week falls and sets the trend arrow with a dead band', () => {
    const s = signalsOf(history([600, 590, 570, 560, 540]));
    expect(s.weeksOfDecline).toBe(4);
    expect(s.trend).toBe('down');
    expect(signalsOf(history([500, 510, 490, 505, 520])).trend).toBe('flat');
    expect(signalsOf(history([500, 510, 490, 505, 526])).trend).toBe('up');
  });
});

describe('low scores', () => {
  it('is consistently low below 350 for three or more consecutive latest weeks', () => {
    expect(signalsOf(history([500, 340, 340, 349])).consistentlyLow).toBe(true);
    expect(signalsOf(history([340, 340, 350, 340])).consistentlyLow).toBe(false);
    expect(signalsOf(history([340, 340])).weeksBelowLow).toBe(2);
  });

  it('needs attention below 350 and is a significant concern below 300', () => {
    expect(signalsOf(history([349])).attention).toBe(true);
    expect(signalsOf(history([350])).attention).toBe(false);
    expect(signalsOf(history([299])).significantConcern).toBe(true);
    expect(signalsOf(history([300])).significantConcern).toBe(false);
    expect(signalsOf(history([299])).band).toBe(1);
  });
});

describe('priority contact', () => {
  const low = history([400, 340]);

  it('needs no staff contact in the last 14 days: 13 days ago blocks it, 14 days ago does not', () => {
    expect(signalsOf(low, { contacts: [daysBefore(13)] }).priorityContact).toBe(false);
    expect(signalsOf(low, { contacts: [daysBefore(14)] }).priorityContact).toBe(true);
    expect(signalsOf(low, { contacts: [daysBefore(30), daysBefore(3)] }).priorityContact).toBe(false);
  });

  it('includes the never-contacted and leaves out students with a case or a score of 350', () => {
    expect(signalsOf(low).priorityContact).toBe(true);
    expect(signalsOf(low).daysSinceContact).toBeNull();
    expect(signalsOf(low, { openCase: true }).priorityContact).toBe(false);
    expect(signalsOf(history([350])).priorityContact).toBe(false);
  });
});

describe('days since contact', () => {
  it('counts UTC calendar days and ignores contacts after asOf', () => {
    expect(daysSinceContact([new Date('2026-11-15T23:59:00Z')], AS_OF)).toBe(1);
    expect(daysSinceContact([new Date('2026-11-16T00:01:00Z')], AS_OF)).toBe(0);
    expect(daysSinceContact([new Date('2026-11-16T09:00:00Z')], AS_OF)).toBeNull();
    expect(daysSinceContact([], AS_OF)).toBeNull();
  });
});

describe('recovery', () => {
  it('is +50 or more over two consecutive scored weeks after a concern in the four weeks up to the rise', () => {
    // Below 350 in the week the rise starts from, with four weeks of history behind it.
    expect(signalsOf(history([420, 400, 380, 300, 320, 350])).recovering).toBe(true);
    expect(signalsOf(history([420, 400, 380, 300, 320, 349])).recovering).toBe(false);
    expect(signalsOf(history([300, 400])).recovering).toBe(false);
  });

  it('is never an ordinary student’s rise: without a concern, or before there are weeks to judge, it is not recovery', () => {
    // +60 over two weeks, never below 350, never declining, always active: noise, not recovery.
    expect(signalsOf(history([520, 500, 480, 460, 490, 520])).recovering).toBe(false);
    // A concern, but the term's first weeks: no four weeks before the rise yet.
    expect(signalsOf(history([300, 320, 350])).recovering).toBe(false);
    // A concern that ended more than four weeks before the rise.
    expect(signalsOf(history([300, 420, 420, 420, 420, 400, 430, 460])).recovering).toBe(false);
    // Declining (−120 over four weeks) in the week the rise starts from.
    expect(signalsOf(history([600, 560, 520, 500, 480, 500, 530])).recovering).toBe(true);
    // Two weeks of no activity just before the rise.
    const quiet = { activity: 0 };
    expect(signalsOf(history([500, 480, 470, 460, 450, 480, 510], { 3: quiet, 4: quiet })).recovering).toBe(
      true,
    );
  });
});

describe('low or no engagement', () => {
  it('needs two consecutive weeks of no activity or bottom-5% activity', () => {
    expect(
      signalsOf(history([500, 500, 500], { 1: { activity: 0 }, 2: { activity: 0 } })).lowEngagement,
    ).toBe(true);
    expect(signalsOf(history([500, 500, 500], { 2: { activity: 0 } })).lowEngagement).toBe(false);
    const bottom = { activity: 3, activityPercentile: 0.05 };
    expect(signalsOf(history([500, 500], { 0: bottom, 1: bottom })).lowEngagement).toBe(true);
    const justAbove = { activity: 3, activityPercentile: 0.06 };
    expect(signalsOf(history([500, 500], { 0: bottom, 1: justAbove })).lowEngagement).toBe(false);
  });

  it('skips shared-cause weeks and honours configuration', () => {
    const quiet = { activity: 0 };
    const s = signalsOf(history([500, 500, 500], { 0: quiet, 1: { ...quiet, sharedCause: true }, 2: quiet }));
    expect(s.lowActivityWeeks).toBe(2);
    const trickle = history([500, 500, 500], { 0: { activity: 2 }, 1: { activity: 1 }, 2: { activity: 0 } });
    expect(signalsOf(trickle).lowEngagement).toBe(false);
    const threeWeeksUpToTwo = parseSignalConfig({
      lowEngagement: { weeks: 3, maxActivity: 2, bottomShare: 0 },
    });
    const input = { scores: trickle, contacts: [], openCase: false, asOf: AS_OF };
    expect(computeSignals(input, threeWeeksUpToTwo).lowEngagement).toBe(true);
  });
});

describe('Engage + No Case', () => {
  it('is a significant drop (declining) with no active case', () => {
    const falling = history([600, 580, 560, 540, 450]);
    expect(signalsOf(falling).engageNoCase).toBe(true);
    expect(signalsOf(falling, { openCase: true }).engageNoCase).toBe(false);
    expect(signalsOf(history([600, 450]), { openCase: false }).engageNoCase).toBe(true);
  });
});

describe('input', () => {
  it('reports a never-scored student with no signals, and rejects a history out of order', () => {
    const none = signalsOf([]);
    expect(none).toMatchObject({
      score: null,
      band: null,
      attention: false,
      priorityContact: false,
      declining: false,
    });
    expect(() => signalsOf([...history([500, 400])].reverse())).toThrow(RangeError);
  });

  it('shows attendance beside the score', () => {
    expect(signalsOf(history([500, 420], { 1: { attendancePct: 62.5 } })).attendancePct).toBe(62.5);
  });
});
