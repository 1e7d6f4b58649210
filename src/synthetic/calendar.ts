/**
 * The synthetic academic calendar: a run of term weeks starting at the autumn term, each term of up to
 * 12 weeks with a reading week in its sixth week and an exam/assessment week at its end, and the
 * vacations between terms inserted as holiday weeks when the requested span crosses them.
 */
import type { CalendarWeek, WeekKind } from '../domain/model.ts';
import type { IsoWeek } from '../domain/isoWeek.ts';
import { addWeeks, isoWeekStart } from '../domain/isoWeek.ts';

interface TermPattern {
  name: string;
  length: number;
  vacation: string;
  vacationWeeks: number;
}

const TERMS: readonly TermPattern[] = [
  { name: 'Autumn', length: 12, vacation: 'Christmas vacation', vacationWeeks: 4 },
  { name: 'Spring', length: 12, vacation: 'Easter vacation', vacationWeeks: 3 },
  { name: 'Summer', length: 8, vacation: 'Summer vacation', vacationWeeks: 13 },
];

const READING_WEEK_INDEX = 5;
const MIN_TERM_WITH_READING_WEEK = 9;
const MIN_TERM_WITH_EXAM_WEEK = 4;

/** The calendar year in which the academic year containing this week began (August onwards). */
export function academicYearOf(week: IsoWeek): number {
  const monday = isoWeekStart(week);
  return monday.getUTCMonth() >= 7 ? monday.getUTCFullYear() : monday.getUTCFullYear() - 1;
}

function yearLabel(startYear: number): string {
  return `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}`;
}

function kindOf(index: number, length: number): WeekKind {
  if (index === length - 1 && length >= MIN_TERM_WITH_EXAM_WEEK) return 'exam';
  if (index === READING_WEEK_INDEX && length >= MIN_TERM_WITH_READING_WEEK) return 'reading';
  return 'teaching';
}

/** Exactly `termWeeks` non-holiday weeks from `startWeek` (the first week of an autumn term). */
export function buildCalendar(startWeek: IsoWeek, termWeeks: number): CalendarWeek[] {
  const calendar: CalendarWeek[] = [];
  let week = startWeek;
  let remaining = termWeeks;
  let academicYear = academicYearOf(startWeek);
  for (let termNumber = 0; remaining > 0; termNumber += 1) {
    if (termNumber > 0 && termNumber % TERMS.length === 0) academicYear += 1;
    const pattern = TERMS[termNumber % TERMS.length] as TermPattern;
    const label = yearLabel(academicYear);
    const length = Math.min(pattern.length, remaining);
    for (let i = 0; i < length; i += 1) {
      calendar.push({ week, kind: kindOf(i, length), term: `${label} ${pattern.name}` });
      week = addWeeks(week, 1);
    }
    remaining -= length;
    if (remaining === 0) break;
    for (let i = 0; i < pattern.vacationWeeks; i += 1) {
      calendar.push({ week, kind: 'holiday', term: `${label} ${pattern.vacation}` });
      week = addWeeks(week, 1);
    }
  }
  return calendar;
}
