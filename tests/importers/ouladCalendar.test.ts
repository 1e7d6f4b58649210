import { describe, expect, it } from 'vitest';
import { isoWeekOf, isoWeekStart } from '../../src/domain/isoWeek.ts';
import {
  isoWeekOfModuleWeek,
  ouladCalendar,
  presentationStart,
  termWeeksOf,
} from '../../src/importers/oulad/calendar.ts';

describe('the OULAD calendar', () => {
  it('starts B presentations on the first Monday of February and J ones on the first Monday of October', () => {
    expect(presentationStart('2013J').toISOString()).toBe('2013-10-07T00:00:00.000Z');
    expect(presentationStart('2014J').toISOString()).toBe('2014-10-06T00:00:00.000Z');
    expect(presentationStart('2013B').toISOString()).toBe('2013-02-04T00:00:00.000Z');
    expect(presentationStart('2014B').toISOString()).toBe('2014-02-03T00:00:00.000Z');
    expect(() => presentationStart('2014X')).toThrow(RangeError);
  });

  it("maps OULAD's week floor(day / 7) to one ISO week, day 0 being the start's Monday", () => {
    for (const presentation of ['2013B', '2013J', '2014B', '2014J']) {
      const start = presentationStart(presentation);
      expect(isoWeekStart(isoWeekOfModuleWeek(presentation, 0)).getTime()).toBe(start.getTime());
      for (const day of [-8, -1, 0, 6, 7, 100, 268]) {
        const date = new Date(start.getTime() + day * 86_400_000);
        expect(isoWeekOfModuleWeek(presentation, Math.floor(day / 7))).toBe(isoWeekOf(date));
      }
    }
  });

  it('makes every week of the module length a teaching week, naming overlapping presentations together', () => {
    const j2013 = { module: 'AAA', presentation: '2013J', lengthDays: 268 };
    const b2014 = { module: 'BBB', presentation: '2014B', lengthDays: 14 };
    expect(termWeeksOf(j2013)).toHaveLength(39);
    expect(termWeeksOf(j2013)[0]).toBe('2013-W41');
    const calendar = ouladCalendar([j2013, b2014], []);
    expect(calendar).toHaveLength(39);
    expect(calendar.every((week) => week.kind === 'teaching')).toBe(true);
    expect(calendar.find((week) => week.week === '2014-W06')?.term).toBe('OULAD 2013J + OULAD 2014B');
    expect(ouladCalendar([b2014], calendar).map((week) => week.term)).toEqual([
      'OULAD 2013J + OULAD 2014B',
      'OULAD 2013J + OULAD 2014B',
    ]);
  });
});
