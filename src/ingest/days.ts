/**
 * Calendar arithmetic for ingestion on plain integers: a day is days since 1970-01-01 (UTC) and a week is
 * the number of Monday-started weeks since the one containing that date, so events are reduced to weeks
 * without Date objects; week numbers become ISO week keys only when counts are written.
 */
import { isoWeekOf, type IsoWeek } from '../domain/isoWeek.ts';

const DAY_MS = 86_400_000;
/** Earliest and latest years a delivery's dates may fall in (a typo such as 0202 or 2206 is quarantined). */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2099;

/** Days since 1970-01-01 of a valid Gregorian date, or null. Howard Hinnant's days_from_civil. */
export function dayOf(year: number, month: number, day: number): number | null {
  if (year < FIRST_YEAR || year > LAST_YEAR || month < 1 || month > 12 || day < 1) return null;
  if (day > daysInMonth(year, month)) return null;
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** 1970-01-01 was a Thursday: shifting by 3 makes weeks start on Monday. */
export function weekOfDay(day: number): number {
  return Math.floor((day + 3) / 7);
}

export function dayOfDate(date: Date): number {
  return Math.floor(date.getTime() / DAY_MS);
}

export function isoWeekOfWeekNumber(week: number): IsoWeek {
  return isoWeekOf(new Date((week * 7 - 3) * DAY_MS));
}
