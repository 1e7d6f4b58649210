/** Activity sources (attendance, VLE, library, ...) and which of them are in force for a given week. */
import { COLLECTIONS } from '../store/collections.ts';
import type { DocumentDb } from '../store/types.ts';
import type { Source } from '../domain/model.ts';
import type { IsoWeek } from '../domain/isoWeek.ts';
import { upsertAll, WITHOUT_ID } from './documents.ts';

/**
 * A source counts for a week from the week its enabling took effect until the week its disabling did, so
 * re-scoring a past week uses exactly the sources that were in force then.
 */
export function sourceInForce(source: Source, week: IsoWeek): boolean {
  const everEnabled = source.enabled || source.disabledFromWeek != null;
  const started = source.enabledFromWeek === null || source.enabledFromWeek <= week;
  const stopped = source.disabledFromWeek != null && source.disabledFromWeek <= week;
  return everEnabled && started && !stopped;
}

export function sourceRepository(db: DocumentDb) {
  const sources = db.collection<Source>(COLLECTIONS.sources.name);
  return {
    saveSources: (records: readonly Source[]) => upsertAll(sources, records, ['id']),
    listSources: () => sources.find({}, { projection: WITHOUT_ID, sort: { id: 1 } }).toArray(),
    async sourcesInForce(week: IsoWeek): Promise<Source[]> {
      const all = await sources.find({}, { projection: WITHOUT_ID, sort: { id: 1 } }).toArray();
      return all.filter((source) => sourceInForce(source, week));
    },
  };
}
