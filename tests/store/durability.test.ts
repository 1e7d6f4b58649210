// Durability of the embedded store: kill -9 mid-write, torn and corrupt journal tails, compaction, and
// the single-writer lock (across processes, within a process, and stale locks).
import { execFile, spawn } from 'node:child_process';
import { appendFile, cp, mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openEmbeddedStore, type StoreLogger } from '../../adapters/store/embedded/index.ts';
import { countMissing, writeThenKill } from './kill9.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OPEN_CHILD = fileURLToPath(new URL('./open-store-child.ts', import.meta.url));

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'engage-store-durability-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
  await rm(`${dataDir}-image`, { recursive: true, force: true });
});

interface Warning {
  details: Record<string, unknown>;
  message: string;
}

/** Records warnings; `journalWarnings` are those about a damaged journal (a killed writer also leaves a stale lock). */
function recordingLogger(): StoreLogger & { warnings: Warning[]; journalWarnings(): Warning[] } {
  const warnings: Warning[] = [];
  return {
    warnings,
    warn: (details, message) => warnings.push({ details, message }),
    journalWarnings: () => warnings.filter((warning) => 'journal' in warning.details),
  };
}

/** What a crash right now would leave: a copy of the data directory's files, without the lock. */
async function crashImage(): Promise<string> {
  const image = `${dataDir}-image`;
  await cp(dataDir, image, { recursive: true, filter: (source) => !source.endsWith('LOCK') });
  return image;
}

async function journalPath(): Promise<string> {
  const name = (await readdir(dataDir)).find((file) => /^journal-\d+\.log$/.test(file));
  if (!name) throw new Error('no journal file');
  return join(dataDir, name);
}

async function storedIds(logger: StoreLogger): Promise<number[]> {
  const store = await openEmbeddedStore({ dataDir, logger });
  try {
    const docs = await store.db
      .collection('kill9')
      .find({}, { sort: { _id: 1 } })
      .toArray();
    return docs.map((doc) => doc._id as number);
  } finally {
    await store.close();
  }
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('kill -9', () => {
  it('keeps every acknowledged document when the writer is killed mid-stream', async () => {
    const run = await writeThenKill({ dataDir, total: 10_000, batchSize: 25, killAfter: 2_000 });
    expect(run.acknowledged.length).toBeGreaterThanOrEqual(2_000);
    expect(run.finished).toBe(false);
    const logger = recordingLogger();
    expect(await countMissing(dataDir, run.acknowledged, logger)).toBe(0);
    expect(logger.warnings.some((warning) => 'stalePid' in warning.details)).toBe(true);
  });
});

describe('damaged journal tail', () => {
  const writeAll = () => writeThenKill({ dataDir, total: 500, batchSize: 50, killAfter: null });

  it('drops a torn final record with a warning and keeps every earlier record', async () => {
    await writeAll();
    const journal = await journalPath();
    await truncate(journal, (await stat(journal)).size - 3);
    const logger = recordingLogger();
    expect(await storedIds(logger)).toEqual(range(0, 450));
    expect(logger.journalWarnings()).toHaveLength(1);
    expect(logger.journalWarnings()[0]?.details).toMatchObject({ problem: 'torn record', journal });
  });

  it('ignores garbage appended after the last record', async () => {
    await writeAll();
    await appendFile(await journalPath(), Buffer.from('garbage after the end'));
    const logger = recordingLogger();
    expect(await storedIds(logger)).toEqual(range(0, 500));
    expect(logger.journalWarnings()).toHaveLength(1);
  });

  it('drops a final record whose checksum does not match', async () => {
    await writeAll();
    const journal = await journalPath();
    const data = await readFile(journal);
    data[data.length - 5] = (data[data.length - 5] as number) ^ 0xff;
    await writeFile(journal, data);
    const logger = recordingLogger();
    expect(await storedIds(logger)).toEqual(range(0, 450));
    expect(logger.journalWarnings()[0]?.details).toMatchObject({ problem: 'checksum mismatch' });
  });

  it('keeps working after recovery: new writes land after the good prefix', async () => {
    await writeAll();
    const journal = await journalPath();
    await truncate(journal, (await stat(journal)).size - 3);
    const logger = recordingLogger();
    const store = await openEmbeddedStore({ dataDir, logger });
    await store.db.collection('kill9').insertOne({ _id: 10_000 });
    await store.close();
    expect(await storedIds(logger)).toEqual([...range(0, 450), 10_000]);
    expect(logger.journalWarnings()).toHaveLength(1);
  });
});

describe('compaction', () => {
  it('compacts a journal grown by updates and reopens to the same data', async () => {
    const store = await openEmbeddedStore({ dataDir, compactMinBytes: 32 * 1024 });
    const counters = store.db.collection('counters');
    await counters.createIndex({ name: 1 }, { unique: true });
    await counters.insertMany(range(0, 20).map((i) => ({ _id: i, name: `c${i}`, n: 0, at: new Date(i) })));
    await Promise.all(range(0, 2_000).map((i) => counters.updateOne({ _id: i % 20 }, { $inc: { n: 1 } })));
    const journals = (await readdir(dataDir)).filter((file) => file.startsWith('journal-'));
    expect(journals).toHaveLength(1);
    expect(journals[0]).not.toBe('journal-0.log');
    expect((await stat(await journalPath())).size).toBeLessThan(64 * 1024);
    const before = await counters.find({}, { sort: { _id: 1 } }).toArray();
    const image = await crashImage();
    const crashed = await openEmbeddedStore({ dataDir: image });
    expect(
      await crashed.db
        .collection('counters')
        .find({}, { sort: { _id: 1 } })
        .toArray(),
    ).toEqual(before);
    await crashed.close();
    await store.close();
    expect((await stat(await journalPath())).size).toBe(0);

    const reopened = await openEmbeddedStore({ dataDir });
    const again = reopened.db.collection('counters');
    expect(await again.find({}, { sort: { _id: 1 } }).toArray()).toEqual(before);
    expect(before.every((doc) => doc.n === 100 && doc.at instanceof Date)).toBe(true);
    const duplicate = await again.insertOne({ name: 'c1' }).catch((error: unknown) => error);
    expect((duplicate as { code?: number }).code).toBe(11000);
    await reopened.close();
  });

  it('loses no acknowledged write that races a compaction', async () => {
    const store = await openEmbeddedStore({ dataDir });
    const coll = store.db.collection('race');
    const writes = range(0, 300).map((i) => coll.insertOne({ _id: i }));
    await Promise.all([
      ...writes,
      store.compact(),
      ...range(300, 600).map((i) => coll.insertOne({ _id: i })),
    ]);
    await Promise.all(range(600, 700).map((i) => coll.insertOne({ _id: i })));
    const image = await crashImage();
    await store.close();
    const reopened = await openEmbeddedStore({ dataDir: image });
    expect(await reopened.db.collection('race').countDocuments()).toBe(700);
    await reopened.close();
  });
});

describe('single writer', () => {
  const execFileAsync = promisify(execFile);
  const openInChild = async (): Promise<{ code: number; output: string }> => {
    try {
      const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', OPEN_CHILD, dataDir], {
        cwd: REPO_ROOT,
      });
      return { code: 0, output: stdout };
    } catch (error) {
      const failed = error as { code: number; stdout: string };
      return { code: failed.code, output: failed.stdout };
    }
  };

  it('refuses a second process with a message naming the directory and the holder pid', async () => {
    const store = await openEmbeddedStore({ dataDir });
    const result = await openInChild();
    expect(result.code).toBe(1);
    expect(result.output).toContain(
      `Data directory ${dataDir} is locked by another process (pid ${process.pid})`,
    );
    await store.close();
    expect(await openInChild()).toEqual({ code: 0, output: 'opened\n' });
  });

  it('refuses a second open within the same process', async () => {
    const store = await openEmbeddedStore({ dataDir });
    await expect(openEmbeddedStore({ dataDir })).rejects.toThrow(
      `${dataDir} is already open in this process`,
    );
    await store.close();
    const again = await openEmbeddedStore({ dataDir });
    await again.close();
  });

  it('takes over a stale lock left by a dead process', async () => {
    const dead = spawn(process.execPath, ['-e', '']);
    const deadPid = dead.pid as number;
    await new Promise((resolve) => dead.on('exit', resolve));
    await writeFile(join(dataDir, 'LOCK'), `${deadPid}\n`);
    const logger = recordingLogger();
    const store = await openEmbeddedStore({ dataDir, logger });
    expect(logger.warnings[0]?.details).toMatchObject({ stalePid: deadPid });
    expect((await readFile(join(dataDir, 'LOCK'), 'utf8')).trim()).toBe(String(process.pid));
    await store.close();
  });

  it("takes over a lock carrying this process's own pid that this process does not hold", async () => {
    await writeFile(join(dataDir, 'LOCK'), `${process.pid}\n`);
    const spy = vi.fn();
    const store = await openEmbeddedStore({ dataDir, logger: { warn: spy } });
    expect(spy).toHaveBeenCalledOnce();
    await store.close();
  });
});
