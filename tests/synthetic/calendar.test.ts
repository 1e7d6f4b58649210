// The synthetic academic calendar: term weeks, the reading week, the exam week and the vacations between.
import { describe, expect, it } from 'vitest';
import { addWeeks } from '../../src/domain/isoWeek.ts';
import { isTermWeek } from '../../src/domain/model.ts';
import type { CalendarWeek } from '../../src/domain/model.ts';
import { buildCalendar } from '../../src/synthetic/calendar.ts';
import { DEFAULT_START_WEEK, planInstitution } from '../../src/synthetic/index.ts';

function expectConsecutive(calendar: CalendarWeek[]): void {
  calendar
    .slice(1)
    .forEach((entry, i) => expect(entry.week).toBe(addWeeks((calendar[i] as CalendarWeek).week, 1)));
}

describe('buildCalendar', () => {
  it('makes the default span one autumn term from late September 2026', () => {
    const { calendar } = planInstitution({ seed: 1, students: 20 });
    expect(DEFAULT_START_WEEK).toBe('2026-W39');
    expect(calendar).toHaveLength(12);
    expect(calendar[0]).toEqual({ week: '2026-W39', kind: 'teaching', term: '2026/27 Autumn' });
    expect(calendar.map((week) => week.kind)).toEqual([
      ...Array(5).fill('teaching'),
      'reading',
      ...Array(5).fill('teaching'),
      'exam',
    ]);
    expectConsecutive(calendar);
  });

  it('inserts vacations when the span crosses them and still counts exactly the term weeks asked for', () => {
    const calendar = buildCalendar('2026-W39', 30);
    expect(calendar.filter(isTermWeek)).toHaveLength(30);
    expectConsecutive(calendar);
    const christmas = calendar.filter((week) => week.term === '2026/27 Christmas vacation');
    expect(christmas.map((week) => week.week)).toEqual(['2026-W51', '2026-W52', '2026-W53', '2027-W01']);
    expect(christmas.every((week) => week.kind === 'holiday')).toBe(true);
    expect(calendar.filter((week) => week.term === '2026/27 Easter vacation')).toHaveLength(3);
    const spring = calendar.filter((week) => week.term === '2026/27 Spring');
    expect(spring).toHaveLength(12);
    expect(spring[5]?.kind).toBe('reading');
    expect(spring[11]?.kind).toBe('exam');
    // the span ends part-way through the summer term, with its assessment week last
    expect(calendar.at(-1)).toMatchObject({ kind: 'exam', term: '2026/27 Summer' });
    expect(calendar.filter((week) => week.kind === 'exam')).toHaveLength(3);
  });

  it('keeps short spans sensible', () => {
    expect(buildCalendar('2026-W39', 1).map((week) => week.kind)).toEqual(['teaching']);
    expect(buildCalendar('2026-W39', 4).map((week) => week.kind)).toEqual([
      'teaching',
      'teaching',
      'teaching',
      'exam',
    ]);
  });

  it('labels the academic year from the start week', () => {
    expect(buildCalendar('2025-W38', 1)[0]?.term).toBe('2025/26 Autumn');
    expect(buildCalendar('2027-W02', 1)[0]?.term).toBe('2026/27 Autumn');
  });
});
