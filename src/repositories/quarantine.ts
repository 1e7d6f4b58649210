/**
 * Quarantined rows: every row of a delivery that was not counted, with its file, line, field and reason
 * and the record as delivered, until `engage quarantine retry` counts it (after the student is enrolled,
 * say) or it is left as evidence. Admin-only: the raw record may hold a student id.
 */
import { COLLECTIONS } from '../store/collections.ts';
import type { DocumentDb, Filter } from '../store/types.ts';
import type { QuarantinedRow } from '../ingest/reduce.ts';
import { WITHOUT_ID } from './documents.ts';

export interface QuarantineEntry extends QuarantinedRow {
  /** `<source>:<first 12 characters of the delivery id>:<line>`, stable across re-runs. */
  id: string;
  sourceId: string;
  deliveryId: string;
  at: Date;
  status: 'open' | 'resolved';
  resolvedAt: Date | null;
}

export interface QuarantineFilter {
  sourceId?: string;
  deliveryId?: string;
  /** Resolved entries too. */
  all?: boolean;
}

export function quarantineRepository(db: DocumentDb) {
  const entries = db.collection<QuarantineEntry>(COLLECTIONS.quarantine.name);
  const query = (filter: QuarantineFilter): Filter => ({
    ...(filter.sourceId === undefined ? {} : { sourceId: filter.sourceId }),
    ...(filter.deliveryId === undefined ? {} : { deliveryId: filter.deliveryId }),
    ...(filter.all ? {} : { status: 'open' }),
  });
  return {
    async add(
      sourceId: string,
      deliveryId: string,
      rows: readonly QuarantinedRow[],
      at: Date,
    ): Promise<void> {
      const records = rows.map((row): QuarantineEntry => ({
        ...row,
        id: `${sourceId}:${deliveryId.slice(0, 12)}:${row.line}`,
        sourceId,
        deliveryId,
        at,
        status: 'open',
        resolvedAt: null,
      }));
      if (records.length > 0) await entries.insertMany(records, { ordered: false });
    },
    /** Forgets a delivery's entries: a delivery cut short is run again from the start. */
    async clearDelivery(sourceId: string, deliveryId: string): Promise<void> {
      await entries.deleteMany({ sourceId, deliveryId });
    },
    list: (filter: QuarantineFilter, limit: number) =>
      entries
        .find(query(filter), { projection: WITHOUT_ID, sort: { at: -1, deliveryId: 1, line: 1 }, limit })
        .toArray(),
    count: (filter: QuarantineFilter) => entries.countDocuments(query(filter)),
    find: (id: string) => entries.findOne({ id }, { projection: WITHOUT_ID }),
    async resolve(id: string, at: Date): Promise<boolean> {
      const result = await entries.updateOne(
        { id, status: 'open' },
        { $set: { status: 'resolved', resolvedAt: at } },
      );
      return result.modifiedCount === 1;
    },
    async setReason(id: string, field: string | null, reason: string): Promise<void> {
      await entries.updateOne({ id }, { $set: { field, reason } });
    },
  };
}
