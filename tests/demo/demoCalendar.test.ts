/**
 * The demo's calendar is placed by the clock it is given (issue 12, "Dates in the future"): its current
 * term ends with the last complete week before now, the earlier term lies wholly before it, and nothing the
 * generator dates (contacts, cases) is after now.
 */
import { describe, expect, it } from 'vitest';
import { demoTerms, lastCompleteWeek, planDemoInstitution } from '../../src/demo/demoCalendar.ts';
import { isoWeekStart } from '../../src/domain/isoWeek.ts';
import { isTermWeek } from '../../src/domain/model.ts';
import { digestDateOf } from '../../src/weekly/loadSignals.ts';

describe('the demo calendar', () => {
  it('the last complete week is the one before the week now falls in, whatever the day', () => {
    expect(lastCompleteWeek(new Date('2026-12-06T23:59:59Z'))).toBe('2026-W48'); // Sunday
    expect(lastCompleteWeek(new Date('2026-12-07T00:00:01Z'))).toBe('2026-W49'); // Monday
    expect(lastCompleteWeek(new Date('2027-01-01T12:00:00Z'))).toBe('2026-W52');
  });

  for (const [now, weeks] of [
    ['2026-12-06T09:30:00Z', 12],
    ['2027-03-17T15:00:00Z', 12],
    ['2027-08-02T08:00:00Z', 20], // a span crossing the Christmas vacation
    ['2027-08-02T08:00:00Z', 3],
  ] as const) {
    it(`on ${now} with ${weeks} term weeks nothing is dated after now`, () => {
      const at = new Date(now);
      const demo = planDemoInstitution({ seed: 9, students: 200, weeks }, at);
      const current = demo.current.calendar;
      expect(current.at(-1)?.week).toBe(lastCompleteWeek(at));
      expect(current.filter(isTermWeek)).toHaveLength(weeks);
      expect(digestDateOf(demo.terms.latestWeek).getTime()).toBeLessThanOrEqual(at.getTime());
      // The earlier term: same length, same students, over before the current one starts.
      expect(demo.earlier.calendar.filter(isTermWeek)).toHaveLength(weeks);
      expect(demo.earlier.students).toBe(demo.current.students);
      expect(demo.earlier.calendar.at(-1)!.week < demo.terms.startWeek).toBe(true);
      expect(demo.earlier.calendar[0]!.term).not.toBe(current[0]!.term);
      for (const contact of demo.current.contacts) expect(new Date(contact.at) <= at).toBe(true);
      for (const c of demo.current.cases) expect(new Date(c.openedAt) <= at).toBe(true);
      expect(isoWeekStart(demo.terms.startWeek).getTime()).toBeLessThan(at.getTime());
    });
  }

  it('draws the earlier term afresh: other trajectories than the current term’s', () => {
    const demo = planDemoInstitution({ seed: 9, students: 200, weeks: 12 }, new Date('2026-12-06T00:00:00Z'));
    const kinds = (truth: typeof demo.current.truth) =>
      Object.values(truth.students).map((student) => student.trajectory);
    expect(kinds(demo.earlier.truth)).not.toEqual(kinds(demo.current.truth));
    expect(demoTerms(new Date('2026-12-06T00:00:00Z'), 12).previousStartWeek).toBe(
      demo.earlier.calendar[0]!.week,
    );
  });
});
