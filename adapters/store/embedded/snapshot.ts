/**
 * Snapshot files: the whole database as framed records, written to a temp file, fsynced, renamed over
 * the previous snapshot and the directory fsynced — so a snapshot is either the old one or the complete
 * new one. Also the shared fsync-a-directory helper.
 */
import { open, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { frameRecord, scanRecords } from './journal.ts';

export const SNAPSHOT_FILE = 'snapshot.db';

/** Writes the snapshot atomically; resolves with its size in bytes. */
export async function writeSnapshot(dir: string, payloads: Buffer[]): Promise<number> {
  const target = join(dir, SNAPSHOT_FILE);
  const temp = `${target}.tmp`;
  const handle = await open(temp, 'w');
  try {
    const buffers = payloads.flatMap(frameRecord);
    const expected = buffers.reduce((sum, buffer) => sum + buffer.length, 0);
    const { bytesWritten } = await handle.writev(buffers);
    if (bytesWritten !== expected)
      throw new Error(`short snapshot write: ${bytesWritten} of ${expected} bytes`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, target);
  await fsyncDirectory(dir);
  return (await stat(target)).size;
}

/** The snapshot's payloads, or null when there is none. A damaged snapshot is fatal: it was renamed
 * into place complete, so damage means the disk lost data and starting empty would hide that. */
export async function readSnapshot(dir: string): Promise<{ payloads: Buffer[]; bytes: number } | null> {
  const path = join(dir, SNAPSHOT_FILE);
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const scan = scanRecords(data);
  if (scan.problem) {
    throw new Error(
      `Snapshot ${path} is damaged (${scan.problem} at byte ${scan.validBytes}); restore it from backup`,
    );
  }
  return { payloads: scan.payloads, bytes: data.length };
}

export async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
