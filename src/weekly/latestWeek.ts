/**
 * Which week the weekly cycle works on: the last term week that has ended. On Monday morning that is the
 * week just gone; in a holiday it is the last week of term.
 */
import { isoWeekOf, type IsoWeek } from '../domain/isoWeek.ts';
import { isTermWeek } from '../domain/model.ts';
import type { Repositories } from '../repositories/index.ts';
import { scoreAndStoreWeek, type WeekRunSummary } from './scoreAndStoreWeek.ts';

export async function latestEndedTermWeek(repos: Repositories, now: Date): Promise<IsoWeek | undefined> {
  const currentWeek = isoWeekOf(now);
  const calendar = await repos.institution.calendar();
  return calendar
    .filter((entry) => isTermWeek(entry) && entry.week < currentWeek)
    .map((entry) => entry.week)
    .at(-1);
}

/** The `score-week` job's body: score the last ended term week; null when the calendar has none yet. */
export async function scoreLatestEndedWeek(repos: Repositories, now: Date): Promise<WeekRunSummary | null> {
  const week = await latestEndedTermWeek(repos, now);
  return week === undefined ? null : scoreAndStoreWeek(repos, week);
}
