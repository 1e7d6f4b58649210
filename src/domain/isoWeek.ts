/**
 * ISO-8601 week keys ("2026-W40"): the unit in which Engage stores activity and scores. Weeks start on
 * Monday; all arithmetic is in UTC so that a week key never depends on the server's time zone.
 */

export type IsoWeek = string;

const ISO_WEEK = /^(\d{4})-W(\d{2})$/;
const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

export function isIsoWeek(value: string): boolean {
  const match = ISO_WEEK.exec(value);
  if (!match) return false;
  const week = Number(match[2]);
  return week >= 1 && week <= weeksInIsoYear(Number(match[1]));
}

export function parseIsoWeek(value: string): { year: number; week: number } {
  const match = ISO_WEEK.exec(value);
  if (!match || !isIsoWeek(value)) {
    throw new RangeError(`"${value}" is not an ISO week (expected YYYY-Www, e.g. 2026-W40)`);
  }
  return { year: Number(match[1]), week: Number(match[2]) };
}

export function formatIsoWeek(year: number, week: number): IsoWeek {
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The ISO week that contains the given instant (UTC). */
export function isoWeekOf(date: Date): IsoWeek {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday); // the Thursday of this week decides the year
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / DAY_MS + 1) / 7);
  return formatIsoWeek(day.getUTCFullYear(), week);
}

/** Monday 00:00 UTC of the given ISO week. */
export function isoWeekStart(value: IsoWeek): Date {
  const { year, week } = parseIsoWeek(value);
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const jan4Weekday = jan4.getUTCDay() || 7;
  const week1Monday = jan4.getTime() - (jan4Weekday - 1) * DAY_MS;
  return new Date(week1Monday + (week - 1) * WEEK_MS);
}

export function addWeeks(value: IsoWeek, weeks: number): IsoWeek {
  return isoWeekOf(new Date(isoWeekStart(value).getTime() + weeks * WEEK_MS));
}

/** Whole weeks from `from` to `to` (negative when `to` is earlier). */
export function weeksBetween(from: IsoWeek, to: IsoWeek): number {
  return Math.round((isoWeekStart(to).getTime() - isoWeekStart(from).getTime()) / WEEK_MS);
}

function weeksInIsoYear(year: number): number {
  const dec28 = new Date(Date.UTC(year, 11, 28));
  return Number(isoWeekOf(dec28).slice(6));
}
