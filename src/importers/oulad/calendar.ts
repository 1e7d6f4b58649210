/**
 * OULAD's days, counted from each presentation's start, placed on the ISO-week calendar. OULAD gives no
 * dates, only presentation codes: the year and B (a February start) or J (an October start). Engage takes
 * the first Monday of that month as day 0, so OULAD's own week (floor(day / 7)) is exactly one ISO week
 * and module week n is the start's ISO week + n. Every week of the module's length is a teaching (term)
 * week; weeks before the start are not in the calendar, so they are never scored.
 */
import { addWeeks, isoWeekOf, type IsoWeek } from '../../domain/isoWeek.ts';
import type { CalendarWeek } from '../../domain/model.ts';

/** One run of a module: its code, presentation code and length in days (courses.csv). */
export interface ModulePresentation {
  module: string;
  presentation: string;
  lengthDays: number;
}

const START_MONTH = { B: 1, J: 9 } as const;

/** Day 0 of a presentation: the first Monday of February (B) or October (J) of its year, UTC. */
export function presentationStart(presentation: string): Date {
  const year = Number(presentation.slice(0, 4));
  const month = START_MONTH[presentation.slice(4) as keyof typeof START_MONTH];
  if (!Number.isInteger(year) || month === undefined) {
    throw new RangeError(`"${presentation}" is not an OULAD presentation code such as 2013J`);
  }
  const first = new Date(Date.UTC(year, month, 1));
  const daysToMonday = (8 - first.getUTCDay()) % 7;
  return new Date(Date.UTC(year, month, 1 + daysToMonday));
}

/** OULAD's week of a day relative to the start: floor(day / 7), negative before the start. */
export function moduleWeekOf(day: number): number {
  return Math.floor(day / 7);
}

/** The ISO week of module week `moduleWeek` of a presentation. */
export function isoWeekOfModuleWeek(presentation: string, moduleWeek: number): IsoWeek {
  return addWeeks(isoWeekOf(presentationStart(presentation)), moduleWeek);
}

/** How many module weeks the presentation's length covers (weeks 0 … count − 1 are its term weeks). */
export function termWeekCount(run: ModulePresentation): number {
  return moduleWeekOf(run.lengthDays - 1) + 1;
}

export function termWeeksOf(run: ModulePresentation): IsoWeek[] {
  return Array.from({ length: termWeekCount(run) }, (_, n) => isoWeekOfModuleWeek(run.presentation, n));
}

/** The calendar's term label of a presentation, e.g. "OULAD 2014J". */
export function ouladTermLabel(presentation: string): string {
  return `OULAD ${presentation}`;
}

/**
 * The calendar weeks of the given presentations: a teaching week for every ISO week any of them teaches in,
 * its term label naming each presentation running then (including those an earlier import stored).
 */
export function ouladCalendar(
  runs: readonly ModulePresentation[],
  existing: readonly CalendarWeek[],
): CalendarWeek[] {
  const labels = new Map<IsoWeek, Set<string>>();
  for (const run of runs) {
    for (const week of termWeeksOf(run)) {
      const set = labels.get(week) ?? new Set<string>();
      set.add(ouladTermLabel(run.presentation));
      labels.set(week, set);
    }
  }
  for (const { week, term } of existing) for (const label of term.split(' + ')) labels.get(week)?.add(label);
  return [...labels.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([week, set]) => ({ week, kind: 'teaching', term: [...set].sort().join(' + ') }));
}
