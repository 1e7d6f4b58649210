/**
 * Single-writer lock on a data directory: a `LOCK` file holding the owner's pid. The file is written
 * complete under a temporary name (opened with O_EXCL) and then hard-linked into place, which fails
 * atomically if a lock already exists, so nobody ever reads a half-written pid. A lock whose pid is
 * dead — or is this process's own pid without this process holding it (a restarted container reuses
 * pids) — is stale and taken over. Within one process a set of held directories catches a second open.
 */
import {
  closeSync,
  fsyncSync,
  linkSync,
  openSync,
  readFileSync,
  realpathSync,
  rmSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { StoreLogger } from './logger.ts';

const heldHere = new Set<string>();

export interface DirectoryLock {
  release(): void;
}

export function lockDirectory(dir: string, logger: StoreLogger): DirectoryLock {
  const real = realpathSync(dir);
  if (heldHere.has(real)) {
    throw new Error(`Data directory ${real} is already open in this process (pid ${process.pid})`);
  }
  const lockPath = join(real, 'LOCK');
  if (!tryLink(lockPath)) {
    const holder = readHolder(lockPath);
    if (holder !== null && holder !== process.pid && isAlive(holder)) {
      throw new Error(
        `Data directory ${real} is locked by another process (pid ${holder}); ` +
          'only one process may open it — stop that process or point DATA_DIR elsewhere',
      );
    }
    logger.warn(
      { dir: real, stalePid: holder },
      'taking over a stale store lock left by a process that is gone',
    );
    unlinkSync(lockPath);
    if (!tryLink(lockPath)) {
      throw new Error(
        `Data directory ${real} was locked by another process (pid ${readHolder(lockPath)}) just now`,
      );
    }
  }
  heldHere.add(real);
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      heldHere.delete(real);
      if (readHolder(lockPath) === process.pid) unlinkSync(lockPath);
    },
  };
}

/** Creates the lock file atomically with our pid; false if one exists. */
function tryLink(lockPath: string): boolean {
  const temp = `${lockPath}.${process.pid}.tmp`;
  rmSync(temp, { force: true }); // left by an earlier process with our pid that died mid-open
  const fd = openSync(temp, 'wx');
  try {
    writeSync(fd, `${process.pid}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temp, lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temp);
  }
}

function readHolder(lockPath: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(lockPath, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
