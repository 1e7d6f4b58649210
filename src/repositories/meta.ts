/**
 * Facts about the data set itself, chiefly where it came from (the synthetic demo institution, an OULAD
 * import, live feeds), so a command never mixes a demo into real data; and clearing a data set.
 */
import { COLLECTIONS } from '../store/collections.ts';
import type { DocumentDb } from '../store/types.ts';

export interface DataOrigin {
  kind: 'synthetic' | 'oulad' | 'live';
  /** What produced it, e.g. the generator's seed and size. */
  details: Record<string, unknown>;
  at: Date;
}

export function metaRepository(db: DocumentDb) {
  const meta = db.collection<{ key: string; value: DataOrigin }>(COLLECTIONS.meta.name);
  return {
    async origin(): Promise<DataOrigin | null> {
      return (await meta.findOne({ key: 'origin' }))?.value ?? null;
    },
    async setOrigin(origin: DataOrigin): Promise<void> {
      await meta.updateOne({ key: 'origin' }, { $set: { value: origin } }, { upsert: true });
    },
    /** Deletes every document of every collection: a clean slate for regenerating a demo. */
    async clearAll(): Promise<void> {
      for (const { name } of Object.values(COLLECTIONS)) await db.collection(name).deleteMany({});
    },
  };
}
