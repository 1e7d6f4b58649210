/**
 * Weekly measures: counts only, never content. Stored as one document per student × ISO week holding each
 * source's count (and, for attendance, sessions attended of those scheduled), so a week of a large
 * institution is one small document per student rather than one per student and source. Writes are
 * idempotent upserts of a source's value, so re-delivering a week replaces rather than adds.
 */
import { COLLECTIONS } from '../store/collections.ts';
import type { BulkWriteOperation, DocumentDb, Filter, Sort } from '../store/types.ts';
import type { WeeklyMeasure } from '../domain/model.ts';
import type { IsoWeek } from '../domain/isoWeek.ts';

/** Counts are plain numbers keyed by source id; attendance sources also keep [attended, scheduled]. */
export interface StudentWeekDocument {
  studentId: string;
  week: IsoWeek;
  counts: Record<string, number>;
  sessions?: Record<string, [attended: number, scheduled: number]>;
}

interface PendingUpsert {
  studentId: string;
  week: IsoWeek;
  set: Record<string, number | [number, number]>;
}

function flatten(documents: readonly StudentWeekDocument[]): WeeklyMeasure[] {
  const measures: WeeklyMeasure[] = [];
  for (const { studentId, week, counts, sessions } of documents) {
    for (const sourceId of Object.keys(counts).sort()) {
      const measure: WeeklyMeasure = { studentId, sourceId, week, count: counts[sourceId] as number };
      const attendance = sessions?.[sourceId];
      if (attendance) [measure.attended, measure.scheduled] = attendance;
      measures.push(measure);
    }
  }
  return measures;
}

export function measureRepository(db: DocumentDb) {
  const measures = db.collection<StudentWeekDocument>(COLLECTIONS.measures.name);
  /** Scoring needs no order; a student's own history is read oldest first. */
  const read = async (filter: Filter, sort?: Sort) =>
    flatten(await measures.find(filter, { projection: { _id: 0 }, ...(sort ? { sort } : {}) }).toArray());

  return {
    /** Sets each given student × source × week value, leaving the student-week's other sources as they are. */
    async saveMeasures(records: readonly WeeklyMeasure[]): Promise<void> {
      const byStudentWeek = new Map<string, PendingUpsert>();
      for (const record of records) {
        const key = `${record.studentId}\u0000${record.week}`;
        let entry = byStudentWeek.get(key);
        if (!entry)
          byStudentWeek.set(key, (entry = { studentId: record.studentId, week: record.week, set: {} }));
        entry.set[`counts.${record.sourceId}`] = record.count;
        if (record.scheduled !== undefined) {
          entry.set[`sessions.${record.sourceId}`] = [record.attended ?? 0, record.scheduled];
        }
      }
      if (byStudentWeek.size === 0) return;
      const operations: BulkWriteOperation<StudentWeekDocument>[] = [...byStudentWeek.values()].map(
        (entry) => ({
          updateOne: {
            filter: { studentId: entry.studentId, week: entry.week },
            update: { $set: entry.set },
            upsert: true,
          },
        }),
      );
      await measures.bulkWrite(operations, { ordered: false });
    },
    measuresForWeek: (week: IsoWeek) => read({ week }),
    /** Every measure in the inclusive week range, for carrying values forward. */
    measuresBetween: (fromWeek: IsoWeek, toWeek: IsoWeek) => read({ week: { $gte: fromWeek, $lte: toWeek } }),
    measuresForStudent: (studentId: string) => read({ studentId }, { week: 1 }),
  };
}

export type MeasureRepository = ReturnType<typeof measureRepository>;
