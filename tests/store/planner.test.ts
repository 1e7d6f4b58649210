// The embedded store's query planner: which access path it takes (full compound-key lookups, first-field
// lookups, range scans over distinct values, full scans) and, property-based, that indexed answers equal a
// full scan's for random documents, filters and writes.
import fc from 'fast-check';
import { BSON, ObjectId } from 'mongodb';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IdBuckets } from '../../adapters/store/embedded/buckets.ts';
import { openEmbeddedStore } from '../../adapters/store/embedded/index.ts';
import { SecondaryIndex, type IndexSpec } from '../../adapters/store/embedded/indexes.ts';
import { keyOf } from '../../adapters/store/embedded/keys.ts';
import { planQuery } from '../../adapters/store/embedded/planner.ts';
import { DocumentTable } from '../../adapters/store/embedded/table.ts';
import type { BulkWriteOperation, Document, Filter } from '../../src/store/types.ts';

const quiet = { warn: () => undefined };
let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'engage-store-planner-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dataDir, { recursive: true, force: true });
});

/** A planner over `docs` with indexes built from `specs`, as a collection holds them. */
function plannerOver(docs: Document[], specs: IndexSpec[]) {
  const table = new DocumentTable();
  const indexes = specs.map((spec) => new SecondaryIndex(spec));
  for (const doc of docs) {
    const row = table.insert(keyOf(doc._id), doc);
    for (const index of indexes) index.add(index.keysOf(doc), row);
  }
  return (filter: Filter) => {
    const plan = planQuery(filter, table, indexes);
    return { exact: plan.exact, ids: Array.from(plan.docs, (doc) => doc._id) };
  };
}

const measures = Array.from({ length: 12 * 3 * 2 }, (_, i) => ({
  _id: i,
  studentId: `s${i % 3}`,
  sourceId: `src${Math.floor(i / 3) % 2}`,
  week: `2026-W${String(Math.floor(i / 6) + 1).padStart(2, '0')}`,
  runId: i % 4 === 0 ? 'old' : 'new',
}));
const measureIndexes: IndexSpec[] = [
  { name: 'key', key: { studentId: 1, sourceId: 1, week: 1 }, unique: true },
  { name: 'week_source', key: { week: 1, sourceId: 1 } },
];

describe('access paths', () => {
  const plan = plannerOver(measures, measureIndexes);
  const idsWhere = (test: (doc: (typeof measures)[number]) => boolean) =>
    measures.filter(test).map((doc) => doc._id);

  it('answers equality on every field of a compound index with one exact lookup', () => {
    expect(plan({ studentId: 's1', sourceId: 'src0', week: '2026-W03' })).toEqual({
      exact: true,
      ids: idsWhere((d) => d.studentId === 's1' && d.sourceId === 'src0' && d.week === '2026-W03'),
    });
    expect(plan({ week: '2026-W03', sourceId: { $eq: 'src1' }, studentId: { $in: ['s0', 's2'] } })).toEqual({
      exact: true,
      ids: idsWhere((d) => d.week === '2026-W03' && d.sourceId === 'src1' && d.studentId !== 's1'),
    });
    expect(plan({ studentId: 's1', sourceId: 'src0', week: '2026-W99' })).toEqual({ exact: true, ids: [] });
  });

  it('narrows by the most selective index when other conditions remain to be checked', () => {
    const filter = { week: '2026-W02', sourceId: 'src0', runId: { $ne: 'old' } };
    expect(plan(filter)).toEqual({
      exact: false,
      ids: idsWhere((d) => d.week === '2026-W02' && d.sourceId === 'src0'),
    });
  });

  it('uses the first field alone for a prefix, exactly when the filter is that one equality', () => {
    expect(plan({ week: '2026-W05' })).toEqual({ exact: true, ids: idsWhere((d) => d.week === '2026-W05') });
    expect(plan({ week: '2026-W05', runId: { $ne: 'new' } })).toEqual({
      exact: false,
      ids: idsWhere((d) => d.week === '2026-W05'),
    });
  });

  it('scans the distinct values of an indexed first field for a range', () => {
    const inRange = idsWhere((d) => d.week >= '2026-W03' && d.week <= '2026-W04');
    expect(plan({ week: { $gte: '2026-W03', $lte: '2026-W04' } })).toEqual({ exact: false, ids: inRange });
    expect(plan({ week: { $gt: '2026-W02', $lt: '2026-W05', $ne: '2026-W04' } }).ids).toEqual(inRange);
    expect(plan({ week: { $gt: 5 } }).ids).toEqual([]);
  });

  it('scans every document when no index applies, or a range meets a multikey index', () => {
    expect(plan({ runId: 'old' }).ids).toHaveLength(measures.length);
    expect(plan({ sourceId: 'src0' }).ids).toHaveLength(measures.length);
    const tagged = plannerOver(
      [
        { _id: 1, tag: ['a', 'c'] },
        { _id: 2, tag: 'b' },
      ],
      [{ name: 'tag', key: { tag: 1 } }],
    );
    expect(tagged({ tag: { $gte: 'b', $lte: 'b' } })).toEqual({ exact: false, ids: [1, 2] });
    expect(tagged({ tag: { $in: ['a', 'c'] } })).toEqual({ exact: true, ids: [1] });
  });

  it('keeps compound keys apart whatever characters the values hold', () => {
    const plan = plannerOver(
      [
        { _id: 1, a: 'x\u0000sy', b: 'z' },
        { _id: 2, a: 'x', b: 'y\u0000sz' },
        { _id: 3, a: 1, b: '1' },
        { _id: 4, a: '1', b: 1 },
      ],
      [{ name: 'ab', key: { a: 1, b: 1 }, unique: true }],
    );
    expect(plan({ a: 'x', b: 'y\u0000sz' }).ids).toEqual([2]);
    expect(plan({ a: 1, b: '1' }).ids).toEqual([3]);
  });
});

describe('collections use the index', () => {
  it('for a leading $match of an aggregation, deleteMany, and keyed upserts', async () => {
    const store = await openEmbeddedStore({ dataDir, logger: quiet });
    const scores = store.db.collection('scores');
    await scores.createIndex({ studentId: 1, week: 1 }, { unique: true });
    await scores.createIndex({ week: 1, score: 1 });
    const upserts = (week: string, runId: string): BulkWriteOperation<Document>[] =>
      ['a', 'b', 'c'].map((studentId, i) => ({
        replaceOne: {
          filter: { studentId, week },
          replacement: { studentId, week, score: i * 10, runId },
          upsert: true,
        },
      }));
    await scores.bulkWrite([...upserts('W1', 'r1'), ...upserts('W2', 'r1')], { ordered: false });
    const result = await scores.bulkWrite(upserts('W2', 'r2').slice(1), { ordered: false });
    expect(result).toMatchObject({ matchedCount: 2, modifiedCount: 2, upsertedCount: 0 });

    const rows = vi.spyOn(IdBuckets.prototype, 'rows');
    const groups = await scores
      .aggregate([
        { $match: { week: 'W2' } },
        { $group: { _id: '$runId', n: { $sum: 1 } } },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    expect(groups).toEqual([
      { _id: 'r1', n: 1 },
      { _id: 'r2', n: 2 },
    ]);
    expect(rows).toHaveBeenCalledWith(keyOf('W2'));
    rows.mockClear();

    expect(await scores.deleteMany({ week: 'W2', runId: { $ne: 'r2' } })).toMatchObject({ deletedCount: 1 });
    expect(rows).toHaveBeenCalledWith(keyOf('W2'));
    expect(
      (
        await scores.find({ week: { $gte: 'W1', $lte: 'W2' } }, { sort: { week: 1, studentId: 1 } }).toArray()
      ).map((doc) => `${doc.week}/${doc.studentId}/${doc.runId}`),
    ).toEqual(['W1/a/r1', 'W1/b/r1', 'W1/c/r1', 'W2/b/r2', 'W2/c/r2']);
    await store.close();
  });
});

describe('indexed answers equal a full scan', () => {
  const scalar = fc.oneof(
    fc.constantFrom<unknown>('a', 'b', 'c', '1', 'x\u0000', 1, 2, 0, -0, 1.5, true, false),
    fc.constantFrom(1_000, 2_000).map((ms) => new Date(ms)),
    fc.constantFrom('aaaaaaaaaaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbbbbbbbbbb').map((hex) => new ObjectId(hex)),
  );
  const value = fc.oneof(
    { weight: 4, arbitrary: scalar },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
  );
  const docArb = (values: fc.Arbitrary<unknown>) =>
    fc.record({ tag: values, other: values, extra: values }, { requiredKeys: [] });
  const rangeArb = fc
    .tuple(fc.constantFrom('$gt', '$gte'), scalar, fc.constantFrom('$lt', '$lte'), scalar)
    .chain(([low, from, high, to]) =>
      fc.constantFrom<Document>(
        { [low]: from },
        { [high]: to },
        { [low]: from, [high]: to },
        { [low]: from, $ne: to },
      ),
    );
  const filterArb: fc.Arbitrary<Filter> = fc.oneof(
    scalar.map((v) => ({ tag: v })),
    scalar.map((v) => ({ tag: { $eq: v } })),
    fc.array(scalar, { maxLength: 3 }).map((vs) => ({ tag: { $in: vs } })),
    fc.tuple(scalar, scalar).map(([v, w]) => ({ tag: v, other: w })),
    fc.tuple(fc.array(scalar, { maxLength: 3 }), scalar).map(([vs, w]) => ({ other: w, tag: { $in: vs } })),
    fc.tuple(scalar, scalar, scalar).map(([v, w, x]) => ({ tag: v, other: w, extra: x })),
    fc.tuple(scalar, scalar).map(([v, w]) => ({ tag: v, other: { $ne: w } })),
    scalar.map((v) => ({ other: v })),
    rangeArb.map((range) => ({ tag: range })),
    fc.tuple(rangeArb, scalar).map(([range, w]) => ({ tag: range, other: w })),
  );
  /** Writes applied to both collections before comparing: upserts keyed by the index, updates, deletes. */
  const writeArb = (values: fc.Arbitrary<unknown>) =>
    fc.oneof(
      fc.tuple(scalar, scalar, docArb(values)).map(([tag, other, rest]): BulkWriteOperation<Document> => ({
        replaceOne: { filter: { tag, other }, replacement: { ...rest, tag, other }, upsert: true },
      })),
      fc.tuple(fc.nat(12), values).map(([id, tag]): BulkWriteOperation<Document> => ({
        updateOne: { filter: { _id: id }, update: { $set: { tag } } },
      })),
      filterArb.map((filter): BulkWriteOperation<Document> => ({ deleteMany: { filter } })),
    );
  /** A document as compared: upserted ones have ObjectId `_id`s that differ between the collections. */
  const shown = (doc: Document) => {
    const { _id, ...rest } = doc;
    return BSON.EJSON.stringify(_id instanceof ObjectId ? rest : doc, { relaxed: false });
  };

  it.each([
    { name: 'scalar fields (range scans apply)', values: fc.oneof(scalar, fc.constant(null)) },
    { name: 'fields that may hold arrays', values: value },
  ])(
    'for equality, in-list and range filters on a compound index, after random writes: $name',
    async ({ values }) => {
      const store = await openEmbeddedStore({ dataDir, logger: quiet });
      let round = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(docArb(values), { maxLength: 12 }),
          fc.array(writeArb(values), { maxLength: 4 }),
          filterArb,
          async (docs, writes, filter) => {
            const indexed = store.db.collection(`indexed_${round}`);
            const scanned = store.db.collection(`scanned_${round++}`);
            await indexed.createIndex({ tag: 1, other: 1 });
            await indexed.createIndex({ other: 1 });
            for (const collection of [indexed, scanned]) {
              if (docs.length > 0) await collection.insertMany(docs.map((doc, i) => ({ _id: i, ...doc })));
              // The store copies what it is given, so both collections can share the write objects.
              if (writes.length > 0) await collection.bulkWrite(writes, { ordered: false });
            }
            const found = async (collection: typeof indexed) =>
              (await collection.find(filter, { sort: { _id: 1 } }).toArray()).map(shown);
            expect(await found(indexed)).toEqual(await found(scanned));
            expect(await indexed.countDocuments(filter)).toBe(await scanned.countDocuments(filter));
          },
        ),
        { numRuns: 200 },
      );
      await store.close();
    },
  );

  const nestedDocArb = fc.record(
    {
      tag: fc.oneof(value, fc.record({ b: value }), fc.array(fc.record({ b: value }, { requiredKeys: [] }))),
    },
    { requiredKeys: [] },
  );
  const nestedFilterArb = fc.oneof(
    scalar.map((v) => ({ 'tag.b': v })),
    fc.array(scalar, { maxLength: 3 }).map((vs) => ({ 'tag.b': { $in: vs } })),
    rangeArb.map((range) => ({ 'tag.b': range })),
  );

  it('for lookups and ranges on a dotted path', async () => {
    const store = await openEmbeddedStore({ dataDir, logger: quiet });
    let round = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(nestedDocArb, { maxLength: 12 }), nestedFilterArb, async (docs, filter) => {
        const indexed = store.db.collection(`indexed_${round}`);
        const scanned = store.db.collection(`scanned_${round++}`);
        await indexed.createIndex({ 'tag.b': 1 });
        if (docs.length > 0) {
          const numbered = docs.map((doc, i) => ({ _id: i, ...doc }) as Document);
          await indexed.insertMany(numbered.map((doc) => ({ ...doc })));
          await scanned.insertMany(numbered.map((doc) => ({ ...doc })));
        }
        const ids = async (collection: typeof indexed) =>
          (await collection.find(filter, { sort: { _id: 1 } }).toArray()).map((doc) => doc._id);
        expect(await ids(indexed)).toEqual(await ids(scanned));
        expect(await indexed.countDocuments(filter)).toBe(await scanned.countDocuments(filter));
      }),
      { numRuns: 150 },
    );
    await store.close();
  });
});
