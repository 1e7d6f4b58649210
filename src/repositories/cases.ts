/** Support cases: a student, an owner, a status (open, monitoring, closed) and why it was opened. */
import { randomUUID } from 'node:crypto';
import { COLLECTIONS } from '../store/collections.ts';
import type { DocumentDb } from '../store/types.ts';
import { WITHOUT_ID } from './documents.ts';

export type CaseStatus = 'open' | 'monitoring' | 'closed';

export interface SupportCase {
  id: string;
  studentId: string;
  ownerId: string;
  status: CaseStatus;
  reason: string;
  openedAt: Date;
}

/** A case still being worked: open or monitoring. */
const ACTIVE = { status: { $in: ['open', 'monitoring'] } };

export function caseRepository(db: DocumentDb) {
  const cases = db.collection<SupportCase>(COLLECTIONS.cases.name);
  return {
    async openCase(entry: Omit<SupportCase, 'id' | 'status'> & { id?: string }): Promise<SupportCase> {
      const record: SupportCase = { ...entry, id: entry.id ?? randomUUID(), status: 'open' };
      await cases.insertOne({ ...record });
      return record;
    },
    activeCaseFor: (studentId: string) => cases.findOne({ studentId, ...ACTIVE }, { projection: WITHOUT_ID }),
    async studentsWithActiveCase(): Promise<Set<string>> {
      const rows = await cases.find(ACTIVE, { projection: { _id: 0, studentId: 1 } }).toArray();
      return new Set(rows.map((row) => row.studentId));
    },
  };
}

export type CaseRepository = ReturnType<typeof caseRepository>;
