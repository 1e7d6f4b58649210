/**
 * The retention purge's reach into the store: counting and deleting a collection's records past their
 * period, by the filter the purge plan gives (src/governance/retention.ts). Whole records only: the
 * weekly shards are dated by their week, so a purged week goes as whole documents.
 */
import type { DocumentDb, Filter } from '../store/types.ts';

export function retentionRepository(db: DocumentDb) {
  return {
    count: (collection: string, filter: Filter) => db.collection(collection).countDocuments(filter),
    async remove(collection: string, filter: Filter): Promise<number> {
      return (await db.collection(collection).deleteMany(filter)).deletedCount;
    },
  };
}

export type RetentionRepository = ReturnType<typeof retentionRepository>;
