/**
 * What the network connectors remember between runs: the xAPI statement ids already taken (with a hash
 * of each statement, never its content, and the delivery that counts it; an id is claimed by inserting it
 * under a unique key, so a statement arriving twice at once is counted once) and each pull connector's cursors (a watermark time, the last
 * cumulative totals it saw), so that a poll adds only what is new.
 */
import { COLLECTIONS } from '../store/collections.ts';
import { isDuplicateKeyError, type DocumentDb } from '../store/types.ts';
import { upsertAll, WITHOUT_ID } from './documents.ts';

export interface SeenStatement {
  sourceId: string;
  id: string;
  /** SHA-256 of the statement's canonical JSON. */
  hash: string;
  /** The delivery that counts it (absent on statements stored before deliveries were recorded). */
  deliveryId?: string;
}

/** Ids per look-up: few enough for the store to look each up by the full (sourceId, id) index key. */
const LOOKUP_CHUNK = 200;

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
    /** Those of `ids` already taken for the source, by id (looked up by index, a chunk at a time). */
    async seenStatements(sourceId: string, ids: readonly string[]): Promise<Map<string, SeenStatement>> {
      const seen = new Map<string, SeenStatement>();
      for (let from = 0; from < ids.length; from += LOOKUP_CHUNK) {
        const chunk = ids.slice(from, from + LOOKUP_CHUNK);
        const rows = await statements
          .find({ sourceId, id: { $in: chunk } }, { projection: WITHOUT_ID })
          .toArray();
        for (const row of rows) seen.set(row.id, row);
      }
      return seen;
    },
    /**
     * Claims the statements (each under its unique (sourceId, id) key); those another request claimed
     * first are left as they are. Returns nothing: read the claims back to see which are whose.
     */
    async claimStatements(rows: readonly SeenStatement[]): Promise<void> {
      if (rows.length === 0) return;
      try {
        await statements.insertMany(
          rows.map((row) => ({ ...row })),
          { ordered: false },
        );
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    },
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
