/**
 * A source's delivery as ingestion logs it — by default an applied snapshot of `rows` good rows covering
 * one week — for the feed-health tests to make a feed fresh, stale or held at the time they choose.
 */
import type { IsoWeek } from '../../src/domain/isoWeek.ts';
import type { DeliveryRecord } from '../../src/repositories/deliveries.ts';

export function loggedDelivery(
  delivery: { sourceId: string; id: string; week: IsoWeek; receivedAt: Date; rows: number; students: number },
  overrides: Partial<DeliveryRecord> = {},
): DeliveryRecord {
  const { sourceId, id, week, receivedAt, rows, students } = delivery;
  return {
    sourceId,
    id,
    name: `${id}.csv`,
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
    ...overrides,
  };
}
