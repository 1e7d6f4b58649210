/**
 * Everything held about one student, collection by collection, as `COLLECTIONS` declares it
 * (store/collections.ts, `studentData`): read back for a subject-access export, deleted for an erasure.
 * Documents that belong to the student are found by their student field; column-packed shards have the
 * student's slot read or cut out by their own repository; raw records that may mention the student
 * (quarantined rows, replayed chat answers) are matched by their text — by id for an export (a namesake's
 * record is not theirs to see), by id or name for an erasure (nothing naming them may stay). Collections
 * declared as holding no student data are never read.
 */
import { COLLECTIONS, type CollectionName, type StudentData } from '../store/collections.ts';
import type { Document, DocumentDb } from '../store/types.ts';
import { deliveryRepository } from './deliveries.ts';
import { WITHOUT_ID } from './documents.ts';
import { featureStateRepository } from './featureStates.ts';
import { measureRepository } from './measures.ts';
import { riskModelRepository } from './riskModels.ts';
import { scoreRepository } from './scores.ts';

/** A collection outside `COLLECTIONS` (the job scheduler's) whose documents name a student in `field`. */
export interface ExtraHolding {
  collection: string;
  field: string;
}

/** Who the student is, as far as matching raw records goes: their id, and their name when known. */
export interface StudentMarks {
  id: string;
  name: string | null;
}

type PackedName = {
  [K in CollectionName]: (typeof COLLECTIONS)[K]['studentData'] extends { kind: 'packed' } ? K : never;
}[CollectionName];

interface PackedHandler {
  read(studentId: string): Promise<unknown[]>;
  /** Returns how many stored documents (weeks, shards, columns) held the student. */
  erase(studentId: string): Promise<number>;
}

function packedHandlers(db: DocumentDb): Record<PackedName, PackedHandler> {
  const measures = measureRepository(db);
  const scores = scoreRepository(db);
  const risk = riskModelRepository(db);
  const featureStates = featureStateRepository(db);
  const deliveries = deliveryRepository(db);
  return {
    measures: { read: measures.measuresForStudent, erase: measures.eraseStudent },
    scores: { read: scores.scoresOfStudent, erase: scores.eraseStudent },
    riskPredictions: { read: risk.predictionsOfStudent, erase: risk.erasePredictionsOf },
    featureStates: {
      // The predict step's working copy of the student's features: which weeks hold one.
      read: async (studentId) => (await featureStates.weeksHolding(studentId)).map((week) => ({ week })),
      erase: featureStates.dropStatesHolding,
    },
    heldCounts: { read: deliveries.heldCountsOf, erase: deliveries.eraseFromHeld },
  };
}

/** Whether a raw record's text carries the student's id or name. */
function mentions(document: Document, marks: StudentMarks): boolean {
  const text = JSON.stringify(document);
  return text.includes(marks.id) || (marks.name !== null && marks.name !== '' && text.includes(marks.name));
}

export interface StudentHolding {
  collection: string;
  studentData: StudentData;
}

export function studentRecordRepository(db: DocumentDb, extra: readonly ExtraHolding[] = []) {
  const packed = packedHandlers(db);
  const declared = (Object.entries(COLLECTIONS) as [CollectionName, (typeof COLLECTIONS)[CollectionName]][])
    .filter(([, spec]) => spec.studentData.kind !== 'none')
    .map(([key, spec]) => ({ key, name: spec.name, studentData: spec.studentData as StudentData }));

  async function mentioning(name: string, key: string, marks: StudentMarks): Promise<Document[]> {
    const found: Document[] = [];
    for await (const document of db.collection(name).find({}, { projection: WITHOUT_ID })) {
      if (mentions(document, marks) && document[key] !== undefined) found.push(document);
    }
    return found;
  }

  return {
    /** Every collection that can hold data about a student, with how it does. */
    holdings(): StudentHolding[] {
      return [
        ...declared.map(({ name, studentData }) => ({ collection: name, studentData })),
        ...extra.map(({ collection, field }) => ({
          collection,
          studentData: { kind: 'field', field } as StudentData,
        })),
      ];
    },

    /** What each collection holds about the student, keyed by collection name (empty lists included). */
    async recordsOf(marks: StudentMarks): Promise<Record<string, unknown[]>> {
      const records: Record<string, unknown[]> = {};
      for (const { key, name, studentData } of declared) {
        if (studentData.kind === 'field') {
          records[name] = await db
            .collection(name)
            .find({ [studentData.field]: marks.id }, { projection: WITHOUT_ID })
            .toArray();
        } else if (studentData.kind === 'packed') {
          records[name] = await packed[key as PackedName].read(marks.id);
        } else if (studentData.kind === 'mentions') {
          // By id only: a namesake's raw record must not reach this student's export.
          records[name] = await mentioning(name, studentData.key, { id: marks.id, name: null });
        }
      }
      for (const { collection, field } of extra) {
        records[collection] = await db
          .collection(collection)
          .find({ [field]: marks.id }, { projection: WITHOUT_ID })
          .toArray();
      }
      return records;
    },

    /** Deletes (or cuts out) everything held about the student; the count per collection. */
    async erase(marks: StudentMarks): Promise<Record<string, number>> {
      const counts: Record<string, number> = {};
      for (const { key, name, studentData } of declared) {
        if (studentData.kind === 'field') {
          counts[name] = (
            await db.collection(name).deleteMany({ [studentData.field]: marks.id })
          ).deletedCount;
        } else if (studentData.kind === 'packed') {
          counts[name] = await packed[key as PackedName].erase(marks.id);
        } else if (studentData.kind === 'mentions') {
          const keys = (await mentioning(name, studentData.key, marks)).map(
            (document) => document[studentData.key],
          );
          counts[name] =
            keys.length === 0
              ? 0
              : (await db.collection(name).deleteMany({ [studentData.key]: { $in: keys } })).deletedCount;
        }
      }
      for (const { collection, field } of extra) {
        counts[collection] = (await db.collection(collection).deleteMany({ [field]: marks.id })).deletedCount;
      }
      return counts;
    },
  };
}

export type StudentRecordRepository = ReturnType<typeof studentRecordRepository>;
