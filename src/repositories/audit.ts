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
  };
}
