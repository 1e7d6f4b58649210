/**
 * The delivery log: every delivery a source handed over, by content fingerprint, with what became of it
 * (applied, held by the volume guard, rejected, discarded), its row counts and the weeks it covered — what
 * recognises a re-delivery, sets the usual volume and feeds the data-quality figures. A held delivery's
 * weekly counts wait in `heldCounts`, column-packed per week and source, until an admin approves them.
 */
import { COLLECTIONS } from '../store/collections.ts';
import { isDuplicateKeyError, type DocumentDb } from '../store/types.ts';
import type { IsoWeek } from '../domain/isoWeek.ts';
import type { DeliveryMode } from '../ingest/delivery.ts';
import { upsertAll, WITHOUT_ID } from './documents.ts';

export type DeliveryStatus = 'processing' | 'applied' | 'held' | 'rejected' | 'discarded';

export interface DeliveryWeek {
  week: IsoWeek;
  /** Good rows dated in the week. */
  rows: number;
  /** Enrolled students with at least one good row in the week. */
  students: number;
}

export interface DeliveryRecord {
  sourceId: string;
  id: string;
  name: string;
  mode: DeliveryMode;
  receivedAt: Date;
  status: DeliveryStatus;
  rows: number;
  good: number;
  quarantined: number;
  students: number;
  weeks: DeliveryWeek[];
  /** Why it was rejected or held. */
  reason: string | null;
  /** When its counts were applied (on arrival, or on approval). */
  appliedAt: Date | null;
}

/** One week × source of a delivery's counts, index for index with `studentIds`. */
export interface WeekColumn {
  week: IsoWeek;
  sourceId: string;
  studentIds: string[];
  counts: number[];
  /** Attendance: sessions scheduled per student (attended = counts). */
  scheduled?: number[];
}

interface HeldColumn extends WeekColumn {
  deliverySourceId: string;
  deliveryId: string;
}

export function deliveryRepository(db: DocumentDb) {
  const deliveries = db.collection<DeliveryRecord>(COLLECTIONS.deliveries.name);
  const held = db.collection<HeldColumn>(COLLECTIONS.heldCounts.name);
  return {
    find: (sourceId: string, id: string) => deliveries.findOne({ sourceId, id }, { projection: WITHOUT_ID }),
    /** Deliveries whose id starts with `prefix` (what an admin types), newest first. */
    findByPrefix: (prefix: string) =>
      deliveries
        .find(
          { id: { $regex: `^${prefix.replace(/[^0-9A-Za-z_-]/g, '')}` } },
          { projection: WITHOUT_ID, sort: { receivedAt: -1 }, limit: 10 },
        )
        .toArray(),
    /** Logs the delivery unless it is logged already (a unique key inserted first); true if it was not. */
    async claim(record: DeliveryRecord): Promise<boolean> {
      try {
        await deliveries.insertOne({ ...record });
        return true;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        return false;
      }
    },
    save: (record: DeliveryRecord) => upsertAll(deliveries, [record], ['sourceId', 'id']),
    /** The source's deliveries, newest first. */
    forSource: (sourceId: string, limit = 200) =>
      deliveries.find({ sourceId }, { projection: WITHOUT_ID, sort: { receivedAt: -1 }, limit }).toArray(),
    /** The row counts of the source's latest applied snapshots: what "usual" means to the volume guard. */
    async recentAppliedRows(sourceId: string, limit: number): Promise<number[]> {
      const recent = await deliveries
        .find(
          { sourceId, status: 'applied', mode: 'snapshot' },
          { projection: { rows: 1, _id: 0 }, sort: { receivedAt: -1 }, limit },
        )
        .toArray();
      return recent.map((record) => record.rows);
    },
    async hold(sourceId: string, deliveryId: string, columns: readonly WeekColumn[]): Promise<void> {
      if (columns.length === 0) return;
      await held.insertMany(columns.map((column) => ({ ...column, deliverySourceId: sourceId, deliveryId })));
    },
    async heldColumns(sourceId: string, deliveryId: string): Promise<WeekColumn[]> {
      const columns = await held
        .find(
          { deliverySourceId: sourceId, deliveryId },
          { projection: WITHOUT_ID, sort: { week: 1, sourceId: 1 } },
        )
        .toArray();
      return columns.map(({ deliverySourceId: _source, deliveryId: _delivery, ...column }) => column);
    },
    /** The student's counts in held deliveries: one entry per held week × source that lists them. */
    async heldCountsOf(studentId: string): Promise<(WeekColumn & { deliveryId: string })[]> {
      const columns = await held.find({ studentIds: studentId }, { projection: WITHOUT_ID }).toArray();
      return columns.map((column) => {
        const i = column.studentIds.indexOf(studentId);
        return {
          week: column.week,
          sourceId: column.sourceId,
          deliveryId: column.deliveryId,
          studentIds: [studentId],
          counts: [column.counts[i] as number],
          ...(column.scheduled ? { scheduled: [column.scheduled[i] as number] } : {}),
        };
      });
    },
    /** Erasure: cuts the student out of every held column; returns the columns changed. */
    async eraseFromHeld(studentId: string): Promise<number> {
      const columns = await held.find({ studentIds: studentId }, { projection: WITHOUT_ID }).toArray();
      for (const column of columns) {
        const keep = column.studentIds.map((id) => id !== studentId);
        const { deliverySourceId, deliveryId, week, sourceId } = column;
        await held.updateMany(
          { deliverySourceId, deliveryId, week, sourceId },
          {
            $set: {
              studentIds: column.studentIds.filter((_, i) => keep[i]),
              counts: column.counts.filter((_, i) => keep[i]),
              ...(column.scheduled ? { scheduled: column.scheduled.filter((_, i) => keep[i]) } : {}),
            },
          },
        );
      }
      return columns.length;
    },
    async dropHeld(sourceId: string, deliveryId: string): Promise<void> {
      await held.deleteMany({ deliverySourceId: sourceId, deliveryId });
    },
  };
}
