// The embedded store reopened — decoded at open, or for a short command (`decodeOnFirstRead`: collections
// applied and documents decoded only when read, indexes built from the indexed fields alone) — answers,
// checks unique keys, sweeps and snapshots as the store that wrote the data did.
import { Binary, ObjectId } from 'mongodb';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEmbeddedStore, type EmbeddedStore } from '../../adapters/store/embedded/index.ts';
import type { Document, Filter } from '../../src/store/types.ts';

const quiet = { warn: () => undefined };
let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'engage-store-lazy-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const ids = Array.from({ length: 4 }, () => new ObjectId());
const day = (n: number) => new Date(Date.UTC(2026, 0, n));

/** Documents whose indexed fields take every kind of value: scalars of each type, missing, null, arrays,
 * nested paths, binaries. */
function people(): Document[] {
  return Array.from({ length: 60 }, (_, i) => ({
    _id: i % 3 === 0 ? (ids[i % 4] as ObjectId).toHexString() + i : i,
    name: `person ${i % 7}`,
    age: i % 5 === 0 ? 20.5 : i % 9,
    joined: day(1 + (i % 20)),
    ref: ids[i % 4],
    ...(i % 4 === 0 ? {} : { team: i % 8 === 1 ? null : `team-${i % 3}` }),
    tags: i % 6 === 0 ? ['a', `t${i % 4}`] : `t${i % 4}`,
    address: { city: `city ${i % 4}`, zip: i },
    active: i % 2 === 0,
    column: new Binary(Uint8Array.from({ length: 64 }, (_, j) => (i * j) % 256)),
  }));
}

async function fill(store: EmbeddedStore): Promise<void> {
  const coll = store.db.collection('people');
  await coll.createIndex({ name: 1, age: -1 });
  await coll.createIndex({ joined: 1 });
  await coll.createIndex({ age: 1 });
  await coll.createIndex({ active: 1 });
  await coll.createIndex({ ref: 1 });
  await coll.createIndex({ team: 1 }, { sparse: true });
  await coll.createIndex({ tags: 1 });
  await coll.createIndex({ 'address.city': 1 });
  await coll.createIndex({ 'address.zip': 1 }, { unique: true });
  await coll.createIndex({ name: 1 }, { name: 'one_active', partialFilterExpression: { active: true } });
  await coll.insertMany(people().slice(0, 40));
  await store.compact();
  // After the snapshot, the journal: inserts, updates, replacements and deletes.
  await coll.insertMany(people().slice(40));
  await coll.updateMany({ age: 3 }, { $set: { team: 'moved', joined: day(28) } });
  await coll.bulkWrite([
    {
      replaceOne: {
        filter: { _id: 7 },
        replacement: { name: 'replaced', age: 99, address: { city: 'x', zip: 1007 } },
      },
    },
  ]);
  await coll.deleteMany({ name: 'person 2' });
  await store.db.collection('other').insertOne({ _id: 'o', n: 1 });
}

const QUERIES: Filter[] = [
  {},
  { name: 'person 3' },
  { name: 'person 1', age: { $gte: 2 } },
  { joined: { $gt: day(10), $lte: day(28) } },
  { ref: ids[1] },
  { team: null },
  { team: { $exists: false } },
  { team: 'moved' },
  { tags: 'a' },
  { tags: { $in: ['t1', 't3'] } },
  { 'address.city': 'city 2' },
  { 'address.zip': { $lt: 30 } },
  { age: 20.5 },
  { active: false },
  { name: { $in: ['replaced', 'person 0'] } },
];

async function answers(store: EmbeddedStore): Promise<unknown[]> {
  const coll = store.db.collection('people');
  const out: unknown[] = [];
  for (const filter of QUERIES) {
    // Without a sort the order is unspecified (an index range scan's differs from a table scan's).
    const found = await coll.find(filter).toArray();
    out.push(found.sort((a, b) => String(a._id).localeCompare(String(b._id))));
    out.push(await coll.find(filter, { sort: { joined: -1, _id: 1 }, limit: 5 }).toArray());
    out.push(await coll.countDocuments(filter));
  }
  return out;
}

describe('a reopened store, decoded at open or on first read', () => {
  it('answers every query, by index or by scan, as the store that wrote the data', async () => {
    const writer = await openEmbeddedStore({ dataDir, logger: quiet });
    await fill(writer);
    const expected = await answers(writer);
    await writer.close();

    const eager = await openEmbeddedStore({ dataDir, logger: quiet });
    expect(await answers(eager)).toEqual(expected);
    await eager.close();
    const lazy = await openEmbeddedStore({ dataDir, logger: quiet, decodeOnFirstRead: true });
    expect(await answers(lazy)).toEqual(expected);
    // The answers are real: every query form above matched something or nothing as it should.
    expect((expected[0] as Document[]).length).toBe(60 - 9);
    expect(expected[3 * 7 + 2]).toBeGreaterThan(0);
    await lazy.close();
  });

  it('enforces unique indexes on documents it has not decoded', async () => {
    const writer = await openEmbeddedStore({ dataDir, logger: quiet });
    await fill(writer);
    await writer.close();
    const lazy = await openEmbeddedStore({ dataDir, logger: quiet, decodeOnFirstRead: true });
    const coll = lazy.db.collection('people');
    const duplicate = await coll
      .insertOne({ name: 'new', address: { city: 'y', zip: 12 } })
      .catch((error: unknown) => error);
    expect((duplicate as Error).message).toContain('E11000');
    expect((duplicate as Error).message).toContain('address.zip_1');
    // Re-declaring an index it has (as start-up does) is accepted; a conflicting one is refused.
    await expect(coll.createIndex({ joined: 1 })).resolves.toBe('joined_1');
    await expect(coll.createIndex({ joined: 1 }, { unique: true })).rejects.toThrow(/already exists/);
    await lazy.close();
  });

  it('writes a snapshot that keeps the documents it never read, byte for byte', async () => {
    const writer = await openEmbeddedStore({ dataDir, logger: quiet });
    await fill(writer);
    await writer.close();
    const eager = await openEmbeddedStore({ dataDir, logger: quiet });
    const before = await answers(eager);
    await eager.close();

    const lazy = await openEmbeddedStore({ dataDir, logger: quiet, decodeOnFirstRead: true });
    await lazy.db.collection('other').insertOne({ _id: 'p', n: 2 });
    await lazy.compact();
    await lazy.close();

    const after = await openEmbeddedStore({ dataDir, logger: quiet });
    expect(await answers(after)).toEqual(before);
    expect(await after.db.collection('other').find({}).toArray()).toEqual([
      { _id: 'o', n: 1 },
      { _id: 'p', n: 2 },
    ]);
    await after.close();
  });

  it('sweeps expired documents of a collection it has not read', async () => {
    const writer = await openEmbeddedStore({ dataDir, logger: quiet });
    const sessions = writer.db.collection('sessions');
    await sessions.createIndex({ lastSeen: 1 }, { expireAfterSeconds: 60 });
    await sessions.insertMany([
      { _id: 'stale', lastSeen: new Date('2026-05-01T11:58:00Z') },
      { _id: 'fresh', lastSeen: new Date('2026-05-01T11:59:30Z') },
    ]);
    await writer.close();
    const lazy = await openEmbeddedStore({ dataDir, logger: quiet, decodeOnFirstRead: true });
    expect(await lazy.sweepExpired(new Date('2026-05-01T12:00:00Z'))).toBe(1);
    expect((await lazy.db.collection('sessions').find({}).toArray()).map((doc) => doc._id)).toEqual([
      'fresh',
    ]);
    await lazy.close();
  });
});
