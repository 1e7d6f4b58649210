/**
 * What the network connectors remember between runs: the xAPI statement ids already counted (with a hash
 * of each statement, never its content) and each pull connector's cursors (a watermark time, the last
 * cumulative totals it saw), so that a poll adds only what is new.
 */
import { COLLECTIONS } from '../store/collections.ts';
import type { DocumentDb } from '../store/types.ts';
import { upsertAll, WITHOUT_ID } from './documents.ts';

export interface SeenStatement {
  sourceId: string;
  id: string;
  /** SHA-256 of the statement's canonical JSON. */
  hash: string;
}

export interface ConnectorCursor {
  sourceId: string;
  key: string;
  value: number;
}

export function connectorStateRepository(db: DocumentDb) {
  const statements = db.collection<SeenStatement>(COLLECTIONS.xapiStatements.name);
  const cursors = db.collection<ConnectorCursor>(COLLECTIONS.connectorCursors.name);
  const students = db.collection<{ id: string; email: string }>(COLLECTIONS.students.name);
  return {
    /** The hashes of those of `ids` already counted for the source. */
    async seenStatements(sourceId: string, ids: readonly string[]): Promise<Map<string, string>> {
      const rows = await statements
        .find({ sourceId, id: { $in: [...ids] } }, { projection: WITHOUT_ID })
        .toArray();
      return new Map(rows.map((row) => [row.id, row.hash]));
    },
    saveStatements: (rows: readonly SeenStatement[]) => upsertAll(statements, rows, ['sourceId', 'id']),
    async cursors(sourceId: string): Promise<Map<string, number>> {
      const rows = await cursors.find({ sourceId }, { projection: WITHOUT_ID }).toArray();
      return new Map(rows.map((row) => [row.key, row.value]));
    },
    saveCursors: (sourceId: string, values: ReadonlyMap<string, number>) =>
      upsertAll(
        cursors,
        [...values].map(([key, value]) => ({ sourceId, key, value })),
        ['sourceId', 'key'],
      ),
    /** The id of the student with this email (as stored, or lower-cased), or null. */
    async studentIdByEmail(email: string): Promise<string | null> {
      for (const candidate of new Set([email, email.toLowerCase()])) {
        const row = await students.findOne({ email: candidate }, { projection: { id: 1, _id: 0 } });
        if (row) return row.id;
      }
      return null;
    },
  };
}

export type ConnectorStateRepository = ReturnType<typeof connectorStateRepository>;
