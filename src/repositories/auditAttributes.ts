/**
 * Audit-only attributes (issue 17): what an institution records about a student for checking the risk
 * model's fairness — gender, disability, age band, deprivation band, or any grouping it chooses — kept
 * apart from the student record, one document per student, term and attribute. Written by the OULAD
 * import and the `engage attributes import` feed; read ONLY by the fairness report. No model, feature,
 * list or chat view may import this file (an ESLint rule and a test enforce it; docs/prediction.md).
 * Deliberately not part of `repositories()`, so nothing holding the repositories can reach it.
 */
import { COLLECTIONS } from '../store/collections.ts';
import type { BulkWriteOperation, DocumentDb } from '../store/types.ts';
import { WITHOUT_ID } from './documents.ts';

export interface AuditAttribute {
  studentId: string;
  /** The term the value holds for, as the calendar labels it (the outcomes' term). */
  term: string;
  /** e.g. "gender", "imd_band". */
  attribute: string;
  value: string;
  /** Where it came from: "oulad" or the delivery id of an attributes file. */
  source: string;
}

/** One student-term's values; a null value removes what was recorded (a corrected file cleared it). */
export interface AuditAttributeUpdate {
  studentId: string;
  term: string;
  values: Readonly<Record<string, string | null>>;
  source: string;
}

/** Attribute names: lower-case words, so they read as column names and never as store operators. */
export const ATTRIBUTE_NAME = /^[a-z][a-z0-9_]{0,39}$/;

export function auditAttributeRepository(db: DocumentDb) {
  const attributes = db.collection<AuditAttribute>(COLLECTIONS.auditAttributes.name);
  return {
    /** Sets (or, for null, removes) each value; one round trip for the batch. */
    async save(updates: readonly AuditAttributeUpdate[]): Promise<void> {
      const operations: BulkWriteOperation<AuditAttribute>[] = updates.flatMap((update) =>
        Object.entries(update.values).map(([attribute, value]) => {
          const filter = { studentId: update.studentId, term: update.term, attribute };
          return value === null
            ? { deleteOne: { filter } }
            : {
                replaceOne: {
                  filter,
                  replacement: { ...filter, value, source: update.source },
                  upsert: true,
                },
              };
        }),
      );
      if (operations.length > 0) await attributes.bulkWrite(operations, { ordered: false });
    },
    /** A term's values: student id → attribute → value. */
    async forTerm(term: string): Promise<Map<string, Map<string, string>>> {
      const byStudent = new Map<string, Map<string, string>>();
      for (const row of await attributes.find({ term }, { projection: WITHOUT_ID }).toArray()) {
        const values = byStudent.get(row.studentId) ?? new Map<string, string>();
        values.set(row.attribute, row.value);
        byStudent.set(row.studentId, values);
      }
      return byStudent;
    },
    count: (filter: { term?: string } = {}) => attributes.countDocuments(filter),
  };
}

export type AuditAttributeRepository = ReturnType<typeof auditAttributeRepository>;
