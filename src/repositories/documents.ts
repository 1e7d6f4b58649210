/**
 * Helpers shared by the repositories: every read hides the store's internal `_id`, and upserts of domain
 * records are keyed by their natural id fields.
 */
import type { BulkWriteOperation, Document, StoreCollection } from '../store/types.ts';

export const WITHOUT_ID = { _id: 0 } as const;

/** Inserts or replaces each record, matched on the given key fields; one round trip for the batch. */
export async function upsertAll<T extends object>(
  collection: StoreCollection<T>,
  records: readonly T[],
  keyFields: readonly (keyof T & string)[],
): Promise<void> {
  if (records.length === 0) return;
  const operations: BulkWriteOperation<T>[] = records.map((record) => {
    const filter: Document = {};
    for (const field of keyFields) filter[field] = record[field];
    return { replaceOne: { filter, replacement: { ...record }, upsert: true } };
  });
  await collection.bulkWrite(operations, { ordered: false });
}
