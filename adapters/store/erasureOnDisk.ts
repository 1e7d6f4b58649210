/**
 * After an erasure, makes it reach the disk. The embedded store keeps deleted documents in its journal and
 * last snapshot until it compacts, so it is compacted now (a fresh snapshot, older journal generations
 * deleted); a journal tail discarded as torn after a crash (`journal-<n>.log.discarded-<time>`, never
 * replayed) that holds the student's id or name is deleted too. MongoDB's deleteMany is what the platform
 * offers: the documents are gone from the database at once, and from its data files, oplog and backups as
 * those are reused or rotate out (docs/governance.md).
 */
import { readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { StudentMarks } from '../../src/repositories/studentRecords.ts';
import type { Store } from '../../src/store/types.ts';
import type { EmbeddedStore } from './embedded/index.ts';

const DISCARDED_TAIL = /^journal-\d+\.log\.discarded-\d+$/;

export interface DiskSettlement {
  /** The embedded store was compacted. */
  compacted: boolean;
  /** Discarded journal tails deleted because they held the student. */
  discardedTailsRemoved: number;
}

/** Whether the file's bytes contain any of the marks (strings are stored as UTF-8). */
function holdsAny(bytes: Buffer, marks: StudentMarks): boolean {
  return [marks.id, marks.name].some(
    (mark) => mark !== null && mark !== '' && bytes.includes(mark, 0, 'utf8'),
  );
}

/** Compacts the embedded store, so deleted documents leave its files; false on MongoDB (nothing to do). */
export async function compactEmbedded(store: Store): Promise<boolean> {
  if (store.kind !== 'embedded') return false;
  await (store as EmbeddedStore).compact();
  return true;
}

export async function settleErasureOnDisk(store: Store, marks: StudentMarks): Promise<DiskSettlement> {
  if (!(await compactEmbedded(store))) return { compacted: false, discardedTailsRemoved: 0 };
  const embedded = store as EmbeddedStore;
  let removed = 0;
  for (const name of await readdir(embedded.dataDir)) {
    if (!DISCARDED_TAIL.test(name)) continue;
    const path = join(embedded.dataDir, name);
    if (holdsAny(await readFile(path), marks)) {
      await unlink(path);
      removed += 1;
    }
  }
  return { compacted: true, discardedTailsRemoved: removed };
}
