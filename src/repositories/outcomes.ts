/**
 * Students' recorded outcomes (a module's final result, the day they withdrew), kept for training and
 * evaluating a predictive risk model. One record per student and term, replaced on re-import or by a
 * corrected outcomes delivery.
 */
import { COLLECTIONS } from '../store/collections.ts';
import type { DocumentDb } from '../store/types.ts';
import type { IsoWeek } from '../domain/isoWeek.ts';
import { upsertAll, WITHOUT_ID } from './documents.ts';

export interface StudentOutcome {
  studentId: string;
  /** The result as the source recorded it, e.g. OULAD's Pass, Fail, Withdrawn, Distinction. */
  finalResult: string;
  /** The term the result is for, as the calendar labels it (e.g. "OULAD 2014J"); absent on older imports. */
  term?: string;
  /** The ISO week the student unregistered in, or null if they stayed registered. */
  unregisteredWeek: IsoWeek | null;
  /** Where the outcome came from and its raw fields, e.g. { source: 'oulad', dateUnregistration: 12 }. */
  details: Record<string, unknown>;
}

export function outcomeRepository(db: DocumentDb) {
  const outcomes = db.collection<StudentOutcome>(COLLECTIONS.outcomes.name);
  return {
    /** Upserts by student and term: a student has one result per term. */
    saveOutcomes: (records: readonly StudentOutcome[]) => upsertAll(outcomes, records, ['studentId', 'term']),
    outcomeFor: (studentId: string) => outcomes.findOne({ studentId }, { projection: WITHOUT_ID }),
    listOutcomes: () => outcomes.find({}, { projection: WITHOUT_ID }).toArray(),
  };
}
