/**
 * The audit trail of every look at a named student: who, which student, when, and where (CLI, a Teams
 * conversation, a Slack channel). Subject-access exports read it back.
 */
import { COLLECTIONS } from '../store/collections.ts';
import type { DocumentDb } from '../store/types.ts';
import { WITHOUT_ID } from './documents.ts';

export interface AuditEntry {
  at: Date;
  /** Who looked: a staff id, or "cli:<os user>" for the command line. */
  actor: string;
  studentId: string;
  action: string;
  /** Where the look happened: "cli", "teams:<conversation>", "slack:<channel>". */
  where: string;
}

export function auditRepository(db: DocumentDb) {
  const audit = db.collection<AuditEntry>(COLLECTIONS.auditLog.name);
  return {
    record: async (entry: AuditEntry) => void (await audit.insertOne({ ...entry })),
    forStudent: (studentId: string) =>
      audit.find({ studentId }, { projection: WITHOUT_ID, sort: { at: -1 } }).toArray(),
    /** Who looked at whom: by student or by actor, since a date, newest first. */
    search: (filter: { studentId?: string; actor?: string; since?: Date }, limit = 1000) =>
      audit
        .find(
          {
            ...(filter.studentId === undefined ? {} : { studentId: filter.studentId }),
            ...(filter.actor === undefined ? {} : { actor: filter.actor }),
            ...(filter.since === undefined ? {} : { at: { $gte: filter.since } }),
          },
          { projection: WITHOUT_ID, sort: { at: -1 }, limit },
        )
        .toArray(),
  };
}
