/**
 * Snapshot files: the whole database as framed records, written to a temp file as they are produced,
 * fsynced, renamed over the previous snapshot and the directory fsynced — so a snapshot is either the old
 * one or the complete new one. Also the shared fsync-a-directory helper.
 */
import { open, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { frameRecord, scanRecords } from './journal.ts';

export const SNAPSHOT_FILE = 'snapshot.db';

/** Bytes of framed records gathered into one write. */
const WRITE_BYTES = 1024 * 1024;

/** Writes the snapshot atomically — `meta`, then each payload as it is produced, a few MB per write —
 * and resolves with its size in bytes. */
export async function writeSnapshot(dir: string, meta: Buffer, payloads: Iterable<Buffer>): Promise<number> {
  const target = join(dir, SNAPSHOT_FILE);
  const temp = `${target}.tmp`;
  const handle = await open(temp, 'w');
  try {
    let buffers: Buffer[] = [];
    let pending = 0;
    const flush = async (): Promise<void> => {
      const { bytesWritten } = await handle.writev(buffers);
      if (bytesWritten !== pending)
        throw new Error(`short snapshot write: ${bytesWritten} of ${pending} bytes`);
      buffers = [];
      pending = 0;
    };
    const add = (payload: Buffer): void => {
      for (const buffer of frameRecord(payload)) {
        buffers.push(buffer);
        pending += buffer.length;
      }
    };
    add(meta);
    for (const payload of payloads) {
      add(payload);
      if (pending >= WRITE_BYTES) await flush();
    }
    if (pending > 0) await flush();
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
