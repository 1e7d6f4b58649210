// Embedded-store specifics beyond the shared contract: values (binaries too) surviving a reopen, the TTL
// sweep timer, refusing writes once closed, and group commit. (The query planner has its own tests: planner.test.ts.)
import { ObjectId } from 'mongodb';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openEmbeddedStore } from '../../adapters/store/embedded/index.ts';
import { scanRecords } from '../../adapters/store/embedded/journal.ts';

const quiet = { warn: () => undefined };
let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'engage-store-embedded-'));
});
afterEach(async () => {
  vi.useRealTimers();
  await rm(dataDir, { recursive: true, force: true });
});

describe('persistence', () => {
  it('round-trips ObjectIds, Dates, nulls, nested arrays and indexes through a reopen', async () => {
    const id = new ObjectId();
    const doc = {
      _id: id,
      ref: new ObjectId(),
      at: new Date('2026-01-05T08:00:00.000Z'),
      none: null,
      list: [1, 2.5, 'x', [true, false], { when: new Date(0) }],
      nested: { deep: { n: -0.5 } },
    };
    const store = await openEmbeddedStore({ dataDir, logger: quiet });
    await store.db.collection('things').createIndex({ ref: 1 }, { unique: true, name: 'by_ref' });
    await store.db.collection('things').insertOne({ ...doc });
    await store.close();

    const reopened = await openEmbeddedStore({ dataDir, logger: quiet });
    const things = reopened.db.collection('things');
    const found = await things.findOne({ _id: new ObjectId(id.toHexString()) });
    expect(found).toEqual(doc);
    expect(found?._id).toBeInstanceOf(ObjectId);
    expect(found?.at).toBeInstanceOf(Date);
    expect(await things.findOne({ at: { $lte: new Date('2026-02-01') } })).toEqual(doc);
    const duplicate = await things.insertOne({ ref: doc.ref }).catch((error: unknown) => error);
    expect((duplicate as Error).message).toContain('index: by_ref');
    await reopened.close();
  });

  it('keeps binaries byte for byte through a reopen, and a replacement with the same bytes changes nothing', async () => {
    const bytes = Uint8Array.from({ length: 5000 }, (_, i) => (i * 31) % 256);
    let store = await openEmbeddedStore({ dataDir, logger: quiet });
    await store.db.collection('packed').insertOne({ _id: 'a', column: bytes, small: Buffer.from([1, 2]) });
    await store.close();

    store = await openEmbeddedStore({ dataDir, logger: quiet });
    const packed = store.db.collection('packed');
    const found = (await packed.findOne({ _id: 'a' })) as {
      column: { buffer: Uint8Array; position: number };
    };
    expect(Buffer.from(found.column.buffer.subarray(0, found.column.position))).toEqual(Buffer.from(bytes));
    const same = await packed.bulkWrite([
      { replaceOne: { filter: { _id: 'a' }, replacement: { column: bytes, small: Buffer.from([1, 2]) } } },
    ]);
    expect(same).toMatchObject({ matchedCount: 1, modifiedCount: 0 });
    const changed = Uint8Array.from(bytes);
    changed[4999] = 7;
    const other = await packed.bulkWrite([
      { replaceOne: { filter: { _id: 'a' }, replacement: { column: changed, small: Buffer.from([1, 2]) } } },
    ]);
    expect(other).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
    await store.close();
  });

  it('refuses writes and pings once closed, and hands out the same live collection', async () => {
    const store = await openEmbeddedStore({ dataDir, logger: quiet });
    expect(store.db.collection('a')).toBe(store.db.collection('a'));
    await store.close();
    await expect(store.ping()).rejects.toThrow('closed');
    await expect(store.db.collection('a').insertOne({ n: 1 })).rejects.toThrow('closed');
    await store.close();
  });
});

describe('group commit', () => {
  it('writes a 1,000-document insertMany as one record with one fsync, and shares fsyncs between concurrent writes', async () => {
    const probe = await open(join(dataDir, 'probe'), 'w');
    const fileHandle = Object.getPrototypeOf(probe) as { datasync(): Promise<void> };
    await probe.close();
    const store = await openEmbeddedStore({ dataDir, logger: quiet });
    const coll = store.db.collection('batch');
    const datasync = vi.spyOn(fileHandle, 'datasync');
    try {
      await coll.insertMany(Array.from({ length: 1_000 }, (_, i) => ({ _id: i })));
      expect(datasync).toHaveBeenCalledTimes(1);
      const journal = await readFile(join(dataDir, 'journal-0.log'));
      expect(scanRecords(journal).payloads).toHaveLength(1);

      datasync.mockClear();
      await Promise.all(Array.from({ length: 200 }, (_, i) => coll.insertOne({ _id: 1_000 + i })));
      expect(datasync.mock.calls.length).toBeLessThanOrEqual(2);
      expect(scanRecords(await readFile(join(dataDir, 'journal-0.log'))).payloads).toHaveLength(201);
    } finally {
      datasync.mockRestore();
      await store.close();
    }
  });
});

describe('TTL sweep timer', () => {
  it('sweeps on its interval (default 60 s) without being asked', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(new Date('2026-05-01T12:00:00.000Z'));
    const store = await openEmbeddedStore({ dataDir, logger: quiet });
    const sessions = store.db.collection('sessions');
    await sessions.createIndex({ lastSeen: 1 }, { expireAfterSeconds: 90 });
    await sessions.insertMany([
      { _id: 'stale', lastSeen: new Date(Date.now() - 40_000) },
      { _id: 'fresh', lastSeen: new Date(Date.now()) },
    ]);
    vi.advanceTimersByTime(59_999);
    expect(await sessions.countDocuments()).toBe(2);
    vi.advanceTimersByTime(1);
    expect((await sessions.find().toArray()).map((doc) => doc._id)).toEqual(['fresh']);
    await store.close();
  });
});
