/**
 * Coursework deadlines as weekly counts per student (due, met on time, late, marks known): one record per
 * student and ISO week that had any, replaced when a delivery covers it again. Read by the risk features
 * week by week (docs/coursework.md).
 */
import type { CourseworkWeek } from '../coursework/courseworkTally.ts';
import type { IsoWeek } from '../domain/isoWeek.ts';
import { COLLECTIONS } from '../store/collections.ts';
import type { DocumentDb } from '../store/types.ts';
import { upsertAll, WITHOUT_ID } from './documents.ts';

export function courseworkRepository(db: DocumentDb) {
  const weeks = db.collection<CourseworkWeek>(COLLECTIONS.courseworkWeeks.name);
  return {
    /** Upserts by student and week. */
    saveWeeks: (records: readonly CourseworkWeek[]) => upsertAll(weeks, records, ['week', 'studentId']),
    /**
     * A delivery's counts: the named students' records from week `from` on are replaced by `records` (a
     * delivery is a snapshot of their coursework from its earliest date), so a corrected file that moves or
     * drops a count leaves nothing stale behind, while earlier terms' counts stay.
     */
    replaceFrom: async (studentIds: readonly string[], from: IsoWeek, records: readonly CourseworkWeek[]) => {
      await weeks.deleteMany({ studentId: { $in: [...studentIds] }, week: { $gte: from } });
      await upsertAll(weeks, records, ['week', 'studentId']);
    },
    weekCounts: (week: IsoWeek) => weeks.find({ week }, { projection: WITHOUT_ID }).toArray(),
  };
}
