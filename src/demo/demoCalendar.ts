/**
 * Where the demo's terms fall in time (issue 12, "Dates in the future"): the current term ends with the
 * last complete ISO week before now, so its latest scored week, its digest date, its seeded contacts and
 * cases all lie in the past and "days since contact" counts to now; the earlier completed term the model
 * is trained on runs the same weeks a year (52 weeks) before. `now` is passed in, never read here.
 */
import { addWeeks, isoWeekOf, type IsoWeek } from '../domain/isoWeek.ts';
import { buildCalendar } from '../synthetic/calendar.ts';
import { deriveSeed, planInstitution, type SyntheticInstitution } from '../synthetic/index.ts';
import { STREAM } from '../synthetic/streams.ts';

/** The ISO week before the one `now` falls in: the latest week that has ended. */
export function lastCompleteWeek(now: Date): IsoWeek {
  return addWeeks(isoWeekOf(now), -1);
}

export interface DemoTerms {
  /** First week of the current (latest, scored) term. */
  startWeek: IsoWeek;
  /** Its last calendar week: the last complete week before now. */
  latestWeek: IsoWeek;
  /** First week of the earlier term, with outcomes, that the model is trained on. */
  previousStartWeek: IsoWeek;
}

export function demoTerms(now: Date, termWeeks: number): DemoTerms {
  const latestWeek = lastCompleteWeek(now);
  // The calendar's length (term weeks plus any vacations between) does not depend on where it starts.
  const span = buildCalendar(latestWeek, termWeeks).length;
  const startWeek = addWeeks(latestWeek, -(span - 1));
  const yearsBack = Math.ceil(span / 52);
  return { startWeek, latestWeek, previousStartWeek: addWeeks(startWeek, -52 * yearsBack) };
}

export interface DemoInstitution {
  terms: DemoTerms;
  /** The current term, ending with the last complete week before now; its outcomes are not known yet. */
  current: SyntheticInstitution;
  /** The same students a year earlier, drawn afresh from a seed of its own, with outcomes. */
  earlier: SyntheticInstitution;
}

/** The demo's two terms for these options, placed by `now` (demoTerms). */
export function planDemoInstitution(
  options: { seed: number; students: number; weeks: number },
  now: Date,
): DemoInstitution {
  const terms = demoTerms(now, options.weeks);
  const current = planInstitution({ ...options, startWeek: terms.startWeek });
  const earlier = planInstitution({
    seed: deriveSeed(options.seed, STREAM.earlierTerm),
    weeks: options.weeks,
    startWeek: terms.previousStartWeek,
    roster: { students: current.students, staff: current.staff },
  });
  return { terms, current, earlier };
}
