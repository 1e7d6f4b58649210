/**
 * Weekly measures: one document per student × source × ISO week holding counts only (never content).
 * Writes are idempotent upserts on that key, so re-delivering a week replaces rather than adds.
 */
import { COLLECTIONS } from '../store/collections.ts';
import type { DocumentDb } from '../store/types.ts';
import type { WeeklyMeasure } from '../domain/model.ts';
import type { IsoWeek } from '../domain/isoWeek.ts';
import { upsertAll, WITHOUT_ID } from './documents.ts';

export function measureRepository(db: DocumentDb) {
  const measures = db.collection<WeeklyMeasure>(COLLECTIONS.measures.name);
  return {
    saveMeasures: (records: readonly WeeklyMeasure[]) =>
      upsertAll(measures, records, ['studentId', 'sourceId', 'week']),
    measuresForWeek: (week: IsoWeek) => measures.find({ week }, { projection: WITHOUT_ID }).toArray(),
    /** Every measure in the inclusive week range, for carrying values forward and for shared-cause baselines. */
    measuresBetween: (fromWeek: IsoWeek, toWeek: IsoWeek) =>
      measures.find({ week: { $gte: fromWeek, $lte: toWeek } }, { projection: WITHOUT_ID }).toArray(),
    measuresForStudent: (studentId: string) =>
      measures.find({ studentId }, { projection: WITHOUT_ID, sort: { week: 1, sourceId: 1 } }).toArray(),
  };
}

export type MeasureRepository = ReturnType<typeof measureRepository>;
