/**
 * The demo's feeds, logged as real ones are: for every source and calendar week the generator produced
 * counts for, one applied snapshot delivery (a weekly per-student export: a row for each student it
 * counts), received the Monday after the week — or now, if that is still to come — so `engage sources`
 * shows the demo's freshness and data quality as it would a live institution's.
 */
import { createHash } from 'node:crypto';
import { addWeeks, isoWeekStart, type IsoWeek } from '../../../src/domain/isoWeek.ts';
import type { DeliveryRecord } from '../../../src/repositories/deliveries.ts';
import type { Repositories } from '../../../src/repositories/index.ts';

const RECEIVED_HOUR_UTC = 6;

export async function recordDemoDeliveries(
  repos: Repositories,
  weeks: readonly IsoWeek[],
  now: Date,
): Promise<number> {
  let recorded = 0;
  for (const week of weeks) {
    const bySource = new Map<string, { rows: number; students: Set<string> }>();
    for (const measure of await repos.measures.measuresForWeek(week)) {
      const tally = bySource.get(measure.sourceId) ?? { rows: 0, students: new Set<string>() };
      tally.rows++;
      tally.students.add(measure.studentId);
      bySource.set(measure.sourceId, tally);
    }
    const monday = isoWeekStart(addWeeks(week, 1));
    const due = new Date(monday.getTime() + RECEIVED_HOUR_UTC * 3_600_000);
    const receivedAt = due.getTime() > now.getTime() ? now : due;
    for (const [sourceId, tally] of bySource) {
      await repos.deliveries.save(demoDelivery(sourceId, week, tally.rows, tally.students.size, receivedAt));
      recorded++;
    }
  }
  return recorded;
}

function demoDelivery(
  sourceId: string,
  week: IsoWeek,
  rows: number,
  students: number,
  receivedAt: Date,
): DeliveryRecord {
  const name = `demo-${sourceId}-${week}.csv`;
  return {
    sourceId,
    id: createHash('sha256').update(`engage demo\n${name}`).digest('hex'),
    name,
    mode: 'snapshot',
    receivedAt,
    status: 'applied',
    rows,
    good: rows,
    quarantined: 0,
    students,
    weeks: [{ week, rows, students }],
    reason: null,
    appliedAt: receivedAt,
  };
}
