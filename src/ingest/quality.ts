/**
 * Data quality per source and week, from the delivery log: completeness (the share of the enrolled
 * population present, and the deliveries received of those expected), validity (good rows of all rows)
 * and timeliness (received within 48 hours of the week's end), combined into one 0–100 % figure; below
 * 80 % the source is flagged as contributing noise. Freshness: "Stale (>48hrs)" when the last good
 * delivery is more than 48 hours old.
 */
import { isoWeekStart, type IsoWeek } from '../domain/isoWeek.ts';

export const QUALITY_FLAG_BELOW = 80;
export const STALE_AFTER_HOURS = 48;
/** Weights of the three parts in the overall figure. */
const WEIGHTS = { completeness: 0.4, validity: 0.4, timeliness: 0.2 };
const HOUR_MS = 3_600_000;
const WEEK_MS = 7 * 24 * HOUR_MS;

/** What the quality figures need of a logged delivery. */
export interface DeliveryFacts {
  receivedAt: Date;
  status: string;
  rows: number;
  good: number;
  weeks: readonly { week: IsoWeek; students: number }[];
}

export interface WeekQuality {
  week: IsoWeek;
  /** 0..1 each. */
  completeness: number;
  population: number;
  deliveries: number;
  validity: number;
  timeliness: number;
  /** 0..100. */
  overall: number;
  flagged: boolean;
}

export type Freshness = 'Fresh' | 'Stale (>48hrs)' | 'No deliveries';

/** Quality of each week the source's applied deliveries covered, newest week first. */
export function weeklyQuality(
  deliveries: readonly DeliveryFacts[],
  enrolled: number,
  expectedPerWeek: number,
): WeekQuality[] {
  const byWeek = new Map<IsoWeek, { delivery: DeliveryFacts; students: number }[]>();
  for (const delivery of deliveries) {
    if (delivery.status !== 'applied') continue;
    for (const { week, students } of delivery.weeks) {
      const list = byWeek.get(week) ?? [];
      list.push({ delivery, students });
      byWeek.set(week, list);
    }
  }
  return [...byWeek.entries()]
    .sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0))
    .map(([week, covering]) => {
      const population =
        enrolled > 0 ? Math.min(1, Math.max(...covering.map((c) => c.students)) / enrolled) : 0;
      const deliveriesShare = Math.min(1, covering.length / expectedPerWeek);
      const completeness = (population + deliveriesShare) / 2;
      const rows = covering.reduce((sum, c) => sum + c.delivery.rows, 0);
      const good = covering.reduce((sum, c) => sum + c.delivery.good, 0);
      const validity = rows > 0 ? good / rows : 0;
      const due = isoWeekStart(week).getTime() + WEEK_MS + STALE_AFTER_HOURS * HOUR_MS;
      const first = Math.min(...covering.map((c) => c.delivery.receivedAt.getTime()));
      const timeliness = first <= due ? 1 : Math.max(0, 1 - (first - due) / WEEK_MS);
      const overall = Math.round(
        100 *
          (WEIGHTS.completeness * completeness +
            WEIGHTS.validity * validity +
            WEIGHTS.timeliness * timeliness),
      );
      return {
        week,
        completeness: round(completeness),
        population: round(population),
        deliveries: covering.length,
        validity: round(validity),
        timeliness: round(timeliness),
        overall,
        flagged: overall < QUALITY_FLAG_BELOW,
      };
    });
}

export function freshness(deliveries: readonly DeliveryFacts[], now: Date): Freshness {
  const good = deliveries.filter((delivery) => delivery.status === 'applied' && delivery.good > 0);
  if (good.length === 0) return 'No deliveries';
  const last = Math.max(...good.map((delivery) => delivery.receivedAt.getTime()));
  return now.getTime() - last > STALE_AFTER_HOURS * HOUR_MS ? 'Stale (>48hrs)' : 'Fresh';
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
