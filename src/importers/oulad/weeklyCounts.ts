/**
 * Raw OULAD events reduced to weekly counts as they stream past: one running total per registration and
 * module week, so only the totals are held, never the rows. Turned into Engage measures for every week a
 * registration is enrolled — with an explicit 0 for an enrolled week without activity, since a missing
 * measure means "no data" to the scoring engine, not "no activity".
 */
import type { WeeklyMeasure } from '../../domain/model.ts';
import { isoWeekOfModuleWeek } from './calendar.ts';
import { enrolledWeeks, registrationKey, studentIdOf, type OuladRegistration } from './registrations.ts';

export class WeeklyCounts {
  private readonly totals = new Map<string, Map<number, number>>();

  add(registrationKey: string, moduleWeek: number, amount: number): void {
    let weeks = this.totals.get(registrationKey);
    if (!weeks) this.totals.set(registrationKey, (weeks = new Map()));
    weeks.set(moduleWeek, (weeks.get(moduleWeek) ?? 0) + amount);
  }

  countFor(registrationKey: string, moduleWeek: number): number {
    return this.totals.get(registrationKey)?.get(moduleWeek) ?? 0;
  }
}

/** Each source's measures for a registration's enrolled weeks, zero where it had no activity. */
export function enrolledWeekMeasures(
  registration: OuladRegistration,
  sources: readonly { sourceId: string; counts: WeeklyCounts }[],
): WeeklyMeasure[] {
  const studentId = studentIdOf(registration);
  const { run, idStudent } = registration;
  const key = registrationKey(run.module, run.presentation, idStudent);
  const { from, to } = enrolledWeeks(registration);
  const measures: WeeklyMeasure[] = [];
  for (let moduleWeek = from; moduleWeek <= to; moduleWeek++) {
    const week = isoWeekOfModuleWeek(registration.run.presentation, moduleWeek);
    for (const { sourceId, counts } of sources) {
      measures.push({ studentId, sourceId, week, count: counts.countFor(key, moduleWeek) });
    }
  }
  return measures;
}
