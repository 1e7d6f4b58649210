/**
 * The store contract, written once and run against each store: every `StoreCollection` method with
 * MongoDB semantics (operators, projection, sort/skip/limit, upserts, aggregation, unique and TTL
 * indexes) plus the call pattern of Agenda's MongoJobRepository.
 */
import { MongoJobRepository } from '@agendajs/mongo-backend';
import { ObjectId, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realMongoOnly } from '../helpers/realMongo.ts';
import {
  isDuplicateKeyError,
  type Document,
  type Store,
  type StoreCollection,
} from '../../src/store/types.ts';

export interface StoreUnderTest {
  store: Store;
  /** Runs a TTL sweep as of `now`; absent where expiry cannot be triggered deterministically (MongoDB). */
  sweepExpired?: (now: Date) => Promise<number>;
  /** Removes whatever the suite left behind. */
  dispose(): Promise<void>;
}

const ONE_MINUTE = 60_000;

export function defineStoreContract(
  name: 'embedded' | 'mongodb',
  openFreshStore: () => Promise<StoreUnderTest>,
): void {
  /** A test needing a feature FerretDB v1 lacks: skipped when this contract runs over FerretDB. */
  const onWireOnlyRealMongo = (reason: string) => realMongoOnly(reason, name === 'mongodb');
  describe(`store contract: ${name}`, () => {
    let subject: StoreUnderTest;
    let counter = 0;
    /** A collection of its own for each test. */
    const fresh = <T extends object = Document>(): StoreCollection<T> =>
      subject.store.db.collection<T>(`contract_${Date.now().toString(36)}_${counter++}`);

    beforeAll(async () => {
      subject = await openFreshStore();
    });
    afterAll(async () => {
      await subject.store.close();
      await subject.dispose();
    });

    describe('lifecycle', () => {
      it('answers ping', async () => {
        await expect(subject.store.ping()).resolves.toBeUndefined();
      });

      it('returns a live collection: writes through one handle are seen through another', async () => {
        const name = `contract_live_${counter++}`;
        await subject.store.db.collection(name).insertOne({ n: 1 });
        expect(await subject.store.db.collection(name).countDocuments()).toBe(1);
        expect(subject.store.db.collection(name).collectionName).toBe(name);
      });
    });

    describe('inserts and ids', () => {
      it('assigns an ObjectId _id, reports it, and finds the document by a new ObjectId of the same hex', async () => {
        const coll = fresh();
        const doc: Document = { name: 'Ada' };
        const result = await coll.insertOne(doc);
        expect(result.acknowledged).toBe(true);
        expect(result.insertedId).toBeInstanceOf(ObjectId);
        expect(doc._id).toEqual(result.insertedId);
        const hex = (result.insertedId as ObjectId).toHexString();
        const found = await coll.findOne({ _id: new ObjectId(hex) });
        expect(found).toEqual({ _id: new ObjectId(hex), name: 'Ada' });
        expect(found?._id).toBeInstanceOf(ObjectId);
      });

      it('keeps a caller-supplied _id of any scalar type', async () => {
        const coll = fresh();
        await coll.insertOne({ _id: 'k1', v: 1 });
        await coll.insertOne({ _id: 7, v: 2 });
        expect(await coll.findOne({ _id: 'k1' })).toEqual({ _id: 'k1', v: 1 });
        expect(await coll.findOne({ _id: 7 })).toEqual({ _id: 7, v: 2 });
      });

      it('insertMany reports every inserted id by position', async () => {
        const coll = fresh();
        const result = await coll.insertMany([{ n: 1 }, { _id: 'two', n: 2 }, { n: 3 }]);
        expect(result.insertedCount).toBe(3);
        expect(result.insertedIds[1]).toBe('two');
        expect(result.insertedIds[0]).toBeInstanceOf(ObjectId);
        expect(await coll.countDocuments()).toBe(3);
      });

      it('round-trips Dates, nested documents and arrays', async () => {
        const coll = fresh();
        const at = new Date('2026-03-01T10:00:00.000Z');
        const ref = new ObjectId();
        await coll.insertOne({ _id: 1, at, nested: { list: [1, 'two', { three: 3 }], ref } });
        const found = await coll.findOne({ _id: 1 });
        expect(found?.at).toBeInstanceOf(Date);
        expect((found?.at as Date).getTime()).toBe(at.getTime());
        expect(found?.nested).toEqual({ list: [1, 'two', { three: 3 }], ref });
      });

      it('hands out copies: mutating inputs or results never changes the store', async () => {
        const coll = fresh();
        const input = { _id: 1, tags: ['a'], inner: { n: 1 } };
        await coll.insertOne(input);
        input.tags.push('mutated');
        input.inner.n = 99;
        const first = await coll.findOne({ _id: 1 });
        (first?.tags as string[]).push('mutated');
        (first?.inner as { n: number }).n = 42;
        const [listed] = await coll.find({ _id: 1 }).toArray();
        (listed?.inner as { n: number }).n = 43;
        expect(await coll.findOne({ _id: 1 })).toEqual({ _id: 1, tags: ['a'], inner: { n: 1 } });
      });
    });

    describe('queries', () => {
      const seed = async (): Promise<StoreCollection> => {
        const coll = fresh();
        await coll.insertMany([
          {
            _id: 1,
            name: 'ada',
            age: 36,
            tags: ['math', 'code'],
            address: { city: 'London' },
            lockedAt: null,
          },
          { _id: 2, name: 'bob', age: 25, tags: ['art'], address: { city: 'Paris' } },
          { _id: 3, name: 'cy', age: 41, tags: [], address: { city: 'London' }, lockedAt: new Date(5_000) },
          {
            _id: 4,
            name: 'dee',
            age: 25,
            scores: [
              { k: 'a', v: 3 },
              { k: 'b', v: 9 },
            ],
          },
        ]);
        return coll;
      };
      const ids = (docs: Document[]) => docs.map((doc) => doc._id);

      it('supports comparison, set, logical, element, array and regex operators', async () => {
        const coll = await seed();
        expect(ids(await coll.find({ age: { $gt: 30 } }).toArray())).toEqual([1, 3]);
        expect(ids(await coll.find({ age: { $gte: 25, $lt: 37 } }).toArray())).toEqual([1, 2, 4]);
        expect(ids(await coll.find({ name: { $in: ['bob', 'cy'] } }).toArray())).toEqual([2, 3]);
        expect(ids(await coll.find({ name: { $nin: ['bob', 'cy'] } }).toArray())).toEqual([1, 4]);
        expect(ids(await coll.find({ $or: [{ age: 41 }, { name: 'bob' }] }).toArray())).toEqual([2, 3]);
        expect(ids(await coll.find({ $and: [{ age: 25 }, { name: { $ne: 'bob' } }] }).toArray())).toEqual([
          4,
        ]);
        expect(ids(await coll.find({ scores: { $exists: true } }).toArray())).toEqual([4]);
        expect(ids(await coll.find({ tags: 'code' }).toArray())).toEqual([1]);
        expect(ids(await coll.find({ tags: { $size: 0 } }).toArray())).toEqual([3]);
        expect(ids(await coll.find({ 'address.city': 'London' }).toArray())).toEqual([1, 3]);
        expect(ids(await coll.find({ name: { $regex: '^B', $options: 'i' } }).toArray())).toEqual([2]);
      });

      onWireOnlyRealMongo('FerretDB v1 has no $elemMatch on fields of array documents, nor $expr')(
        'supports $elemMatch on array documents and $expr',
        async () => {
          const coll = await seed();
          expect(
            ids(await coll.find({ scores: { $elemMatch: { k: 'b', v: { $gt: 5 } } } }).toArray()),
          ).toEqual([4]);
          expect(ids(await coll.find({ $expr: { $gt: ['$age', 40] } }).toArray())).toEqual([3]);
        },
      );

      it('matches null against missing and null fields alike', async () => {
        const coll = await seed();
        expect(ids(await coll.find({ lockedAt: null }).toArray())).toEqual([1, 2, 4]);
        expect(ids(await coll.find({ lockedAt: { $eq: null } }).toArray())).toEqual([1, 2, 4]);
        expect(ids(await coll.find({ lockedAt: { $ne: null } }).toArray())).toEqual([3]);
      });

      it('compares Dates', async () => {
        const coll = await seed();
        expect(ids(await coll.find({ lockedAt: { $lte: new Date(5_000) } }).toArray())).toEqual([3]);
        expect(ids(await coll.find({ lockedAt: { $lt: new Date(5_000) } }).toArray())).toEqual([]);
      });

      it('sorts, skips and limits through options and through the cursor', async () => {
        const coll = await seed();
        expect(ids(await coll.find({}, { sort: { age: -1, _id: 1 } }).toArray())).toEqual([3, 1, 2, 4]);
        expect(ids(await coll.find({}, { sort: { age: 1, _id: -1 }, skip: 1, limit: 2 }).toArray())).toEqual([
          2, 1,
        ]);
        expect(ids(await coll.find({}).sort({ name: -1 }).skip(1).limit(2).toArray())).toEqual([3, 2]);
        expect(ids(await coll.find({}).limit(2).sort({ _id: -1 }).toArray())).toEqual([4, 3]);
        expect((await coll.findOne({}, { sort: { age: -1 } }))?._id).toBe(3);
      });

      it('projects by inclusion and exclusion, through options and cursor.project', async () => {
        const coll = await seed();
        expect(await coll.findOne({ _id: 2 }, { projection: { name: 1 } })).toEqual({ _id: 2, name: 'bob' });
        expect(await coll.findOne({ _id: 2 }, { projection: { name: 1, _id: 0 } })).toEqual({ name: 'bob' });
        expect(await coll.findOne({ _id: 2 }, { projection: { tags: 0, address: 0, age: 0 } })).toEqual({
          _id: 2,
          name: 'bob',
        });
        const byAgeWithoutAge = await coll.find({}, { sort: { age: -1 }, projection: { age: 0 } }).toArray();
        expect(byAgeWithoutAge[0]).toMatchObject({ _id: 3 });
        expect(byAgeWithoutAge.every((doc) => !('age' in doc))).toBe(true);
        expect(await coll.find({ _id: 1 }).project({ 'address.city': 1 }).toArray()).toEqual([
          { _id: 1, address: { city: 'London' } },
        ]);
      });

      it('iterates cursors asynchronously', async () => {
        const coll = await seed();
        const seen: unknown[] = [];
        for await (const doc of coll.find({ age: 25 }).sort({ _id: 1 })) seen.push(doc._id);
        expect(seen).toEqual([2, 4]);
      });

      it('counts', async () => {
        const coll = await seed();
        expect(await coll.countDocuments()).toBe(4);
        expect(await coll.countDocuments({ age: 25 })).toBe(2);
        expect(await coll.estimatedDocumentCount()).toBe(4);
        expect(await coll.findOne({ name: 'nobody' })).toBeNull();
      });
    });

    describe('updates', () => {
      it('updateOne applies operators and reports matched and modified counts', async () => {
        const coll = fresh();
        await coll.insertMany([
          { _id: 1, n: 1, tags: ['a'], gone: true },
          { _id: 2, n: 1 },
        ]);
        const result = await coll.updateOne(
          { n: 1 },
          { $inc: { n: 2 }, $push: { tags: 'b' }, $unset: { gone: '' }, $set: { 'deep.x': 1 } },
        );
        expect(result).toMatchObject({
          acknowledged: true,
          matchedCount: 1,
          modifiedCount: 1,
          upsertedCount: 0,
        });
        expect(await coll.findOne({ _id: 1 })).toEqual({ _id: 1, n: 3, tags: ['a', 'b'], deep: { x: 1 } });
        expect(await coll.findOne({ _id: 2 })).toEqual({ _id: 2, n: 1 });
      });

      it('reports no modification when the update changes nothing', async () => {
        const coll = fresh();
        await coll.insertOne({ _id: 1, n: 1 });
        const result = await coll.updateOne({ _id: 1 }, { $set: { n: 1 } });
        expect(result).toMatchObject({ matchedCount: 1, modifiedCount: 0 });
        expect(await coll.updateOne({ _id: 9 }, { $set: { n: 1 } })).toMatchObject({
          matchedCount: 0,
          modifiedCount: 0,
          upsertedId: null,
        });
      });

      it('accepts $addToSet, $pull, $min, $max, $mul, $rename and $currentDate', async () => {
        const coll = fresh();
        await coll.insertOne({ _id: 1, set: ['a'], low: 5, high: 5, m: 3, old: 'x' });
        await coll.updateOne(
          { _id: 1 },
          {
            $addToSet: { set: { $each: ['a', 'b'] } },
            $min: { low: 2 },
            $max: { high: 9 },
            $mul: { m: 2 },
            $rename: { old: 'renamed' },
            $currentDate: { touched: true },
          },
        );
        await coll.updateOne({ _id: 1 }, { $pull: { set: 'a' } });
        const doc = await coll.findOne({ _id: 1 });
        expect(doc).toMatchObject({ set: ['b'], low: 2, high: 9, m: 6, renamed: 'x' });
        expect(doc?.touched).toBeInstanceOf(Date);
        expect(doc).not.toHaveProperty('old');
      });

      onWireOnlyRealMongo('FerretDB v1 ignores the positional $ operator')(
        'updates array elements through the positional operator',
        async () => {
          const coll = fresh();
          await coll.insertOne({
            _id: 1,
            items: [
              { k: 'a', n: 1 },
              { k: 'b', n: 1 },
            ],
          });
          await coll.updateOne({ _id: 1, 'items.k': 'b' }, { $inc: { 'items.$.n': 5 } });
          expect((await coll.findOne({ _id: 1 }))?.items).toEqual([
            { k: 'a', n: 1 },
            { k: 'b', n: 6 },
          ]);
        },
      );

      onWireOnlyRealMongo('FerretDB v1 refuses update pipelines')('applies update pipelines', async () => {
        const coll = fresh();
        await coll.insertOne({ _id: 1, a: 2, b: 3 });
        await coll.updateOne({ _id: 1 }, [{ $set: { sum: { $add: ['$a', '$b'] } } }]);
        expect(await coll.findOne({ _id: 1 })).toEqual({ _id: 1, a: 2, b: 3, sum: 5 });
      });

      it('updateMany updates every match, including by $in of ObjectIds', async () => {
        const coll = fresh();
        const a = new ObjectId();
        const b = new ObjectId();
        await coll.insertMany([
          { _id: a, lockedAt: new Date() },
          { _id: b, lockedAt: new Date() },
          { _id: new ObjectId(), lockedAt: new Date() },
        ]);
        const result = await coll.updateMany(
          { _id: { $in: [new ObjectId(a.toHexString()), new ObjectId(b.toHexString())] } },
          { $unset: { lockedAt: true } },
        );
        expect(result).toMatchObject({ matchedCount: 2, modifiedCount: 2 });
        expect(await coll.countDocuments({ lockedAt: { $exists: false } })).toBe(2);
      });

      it('upserts from the equality fields of the filter, honouring $setOnInsert only on insert', async () => {
        const coll = fresh();
        const first = await coll.updateOne(
          { name: 'digest', type: 'single', priority: { $gt: 0 }, 'data.week': 12 },
          { $set: { runs: 1 }, $setOnInsert: { createdAt: new Date(1_000) } },
          { upsert: true },
        );
        expect(first.upsertedCount).toBe(1);
        expect(first.upsertedId).toBeInstanceOf(ObjectId);
        const inserted = await coll.findOne({ _id: first.upsertedId });
        expect(inserted).toEqual({
          _id: first.upsertedId,
          name: 'digest',
          type: 'single',
          data: { week: 12 },
          runs: 1,
          createdAt: new Date(1_000),
        });
        await coll.updateOne({ name: 'digest' }, { $set: { priority: 5 } });
        const second = await coll.updateOne(
          { name: 'digest', type: 'single' },
          { $set: { runs: 2 }, $setOnInsert: { createdAt: new Date(2_000) } },
          { upsert: true },
        );
        expect(second).toMatchObject({
          matchedCount: 1,
          modifiedCount: 1,
          upsertedCount: 0,
          upsertedId: null,
        });
        expect(await coll.findOne({ name: 'digest' })).toMatchObject({ runs: 2, createdAt: new Date(1_000) });
        expect(await coll.countDocuments()).toBe(1);
      });

      it('upserts with the filter _id', async () => {
        const coll = fresh();
        const result = await coll.updateOne({ _id: 'week-12' }, { $inc: { n: 1 } }, { upsert: true });
        expect(result.upsertedId).toBe('week-12');
        await coll.updateOne({ _id: 'week-12' }, { $inc: { n: 1 } }, { upsert: true });
        expect(await coll.findOne({ _id: 'week-12' })).toEqual({ _id: 'week-12', n: 2 });
      });

      it('refuses replacement documents and changing _id', async () => {
        const coll = fresh();
        await coll.insertOne({ _id: 1, n: 1 });
        await expect(coll.updateOne({ _id: 1 }, { n: 2 })).rejects.toThrow();
        await expect(coll.updateOne({ _id: 1 }, { $set: { _id: 2 } })).rejects.toThrow();
        expect(await coll.findOne({ _id: 1 })).toEqual({ _id: 1, n: 1 });
      });
    });

    describe('findOneAndUpdate', () => {
      it('returns the document before (the default) or after the update', async () => {
        const coll = fresh();
        await coll.insertOne({ _id: 1, n: 1 });
        expect(await coll.findOneAndUpdate({ _id: 1 }, { $inc: { n: 1 } })).toEqual({ _id: 1, n: 1 });
        expect(
          await coll.findOneAndUpdate({ _id: 1 }, { $inc: { n: 1 } }, { returnDocument: 'after' }),
        ).toEqual({
          _id: 1,
          n: 3,
        });
      });

      it('returns null when nothing matches and no upsert is asked', async () => {
        const coll = fresh();
        expect(
          await coll.findOneAndUpdate({ _id: 1 }, { $set: { n: 1 } }, { returnDocument: 'after' }),
        ).toBeNull();
        expect(await coll.countDocuments()).toBe(0);
      });

      it('picks the first document in sort order', async () => {
        const coll = fresh();
        await coll.insertMany([
          { _id: 1, at: new Date(3_000), priority: 0 },
          { _id: 2, at: new Date(1_000), priority: 0 },
          { _id: 3, at: new Date(1_000), priority: 10 },
        ]);
        const locked = await coll.findOneAndUpdate(
          { lockedAt: null },
          { $set: { lockedAt: new Date() } },
          { sort: { at: 1, priority: -1 }, returnDocument: 'after' },
        );
        expect(locked?._id).toBe(3);
        expect(locked?.lockedAt).toBeInstanceOf(Date);
      });

      it('upserts, returning the new document after or null before', async () => {
        const coll = fresh();
        const after = await coll.findOneAndUpdate(
          { key: 'a' },
          { $set: { n: 1 } },
          { upsert: true, returnDocument: 'after' },
        );
        expect(after).toMatchObject({ key: 'a', n: 1 });
        expect(after?._id).toBeInstanceOf(ObjectId);
        expect(await coll.findOneAndUpdate({ key: 'b' }, { $set: { n: 1 } }, { upsert: true })).toBeNull();
        expect(await coll.countDocuments()).toBe(2);
      });

      onWireOnlyRealMongo('FerretDB v1 refuses a projection in findAndModify')(
        'projects the returned document',
        async () => {
          const coll = fresh();
          await coll.insertOne({ _id: 1, n: 1, secret: 's' });
          expect(
            await coll.findOneAndUpdate(
              { _id: 1 },
              { $inc: { n: 1 } },
              { projection: { n: 1 }, returnDocument: 'after' },
            ),
          ).toEqual({ _id: 1, n: 2 });
        },
      );
    });

    describe('bulkWrite and deletes', () => {
      it('runs every kind of bulk operation and totals the counts', async () => {
        const coll = fresh();
        await coll.insertMany([
          { _id: 1, n: 1 },
          { _id: 2, n: 2 },
          { _id: 3, n: 3 },
          { _id: 4, n: 4 },
        ]);
        const result = await coll.bulkWrite([
          { insertOne: { document: { _id: 5, n: 5 } } },
          { updateOne: { filter: { _id: 1 }, update: { $set: { n: 10 } } } },
          { updateMany: { filter: { n: { $gte: 3, $lt: 10 } }, update: { $inc: { n: 100 } } } },
          { updateOne: { filter: { _id: 9 }, update: { $set: { n: 9 } }, upsert: true } },
          { replaceOne: { filter: { _id: 2 }, replacement: { replaced: true } } },
          { deleteOne: { filter: { _id: 3 } } },
          { deleteMany: { filter: { n: { $gt: 100 } } } },
        ]);
        expect(result).toMatchObject({
          insertedCount: 1,
          matchedCount: 5,
          modifiedCount: 5,
          deletedCount: 3,
          upsertedCount: 1,
        });
        expect(await coll.find({}, { sort: { _id: 1 } }).toArray()).toEqual([
          { _id: 1, n: 10 },
          { _id: 2, replaced: true },
          { _id: 9, n: 9 },
        ]);
      });

      it('deleteOne removes one match, deleteMany all matches or everything', async () => {
        const coll = fresh();
        await coll.insertMany([{ k: 'a' }, { k: 'a' }, { k: 'b' }, { k: 'c' }]);
        expect(await coll.deleteOne({ k: 'a' })).toEqual({ acknowledged: true, deletedCount: 1 });
        expect(await coll.deleteMany({ k: { $in: ['a', 'b'] } })).toMatchObject({ deletedCount: 2 });
        expect(await coll.deleteOne({ k: 'zzz' })).toMatchObject({ deletedCount: 0 });
        expect(await coll.deleteMany({})).toMatchObject({ deletedCount: 1 });
        expect(await coll.countDocuments()).toBe(0);
      });
    });

    describe('aggregate', () => {
      onWireOnlyRealMongo('FerretDB v1 $project does not evaluate field paths such as "$_id"')(
        'matches, groups, sorts and projects',
        async () => {
          const coll = fresh();
          await coll.insertMany([
            { course: 'a', score: 10, week: 1 },
            { course: 'a', score: 20, week: 1 },
            { course: 'b', score: 5, week: 1 },
            { course: 'b', score: 7, week: 2 },
          ]);
          const result = await coll
            .aggregate([
              { $match: { week: 1 } },
              { $group: { _id: '$course', total: { $sum: '$score' }, n: { $sum: 1 } } },
              { $sort: { total: -1 } },
              { $project: { _id: 0, course: '$_id', total: 1, n: 1 } },
            ])
            .toArray();
          expect(result).toEqual([
            { course: 'a', total: 30, n: 2 },
            { course: 'b', total: 5, n: 1 },
          ]);
        },
      );

      onWireOnlyRealMongo('FerretDB v1 has no $lookup')(
        'unwinds, adds fields and looks up other collections without touching stored data',
        async () => {
          const courses = fresh();
          const people = fresh();
          await courses.insertMany([
            { _id: 'c1', title: 'Maths' },
            { _id: 'c2', title: 'Art' },
          ]);
          await people.insertOne({ _id: 1, name: 'ada', enrolled: ['c1', 'c2'], meta: { n: 1 } });
          const rows = await people
            .aggregate([
              { $unwind: '$enrolled' },
              { $addFields: { 'meta.seen': true } },
              {
                $lookup: {
                  from: courses.collectionName,
                  localField: 'enrolled',
                  foreignField: '_id',
                  as: 'course',
                },
              },
              { $project: { _id: 0, title: { $arrayElemAt: ['$course.title', 0] }, meta: 1 } },
            ])
            .toArray();
          expect(rows).toEqual([
            { meta: { n: 1, seen: true }, title: 'Maths' },
            { meta: { n: 1, seen: true }, title: 'Art' },
          ]);
          expect(await people.findOne({ _id: 1 })).toEqual({
            _id: 1,
            name: 'ada',
            enrolled: ['c1', 'c2'],
            meta: { n: 1 },
          });
        },
      );

      it('iterates aggregation cursors asynchronously', async () => {
        const coll = fresh();
        await coll.insertMany([{ k: 'x' }, { k: 'y' }, { k: 'x' }]);
        const groups: unknown[] = [];
        for await (const row of coll.aggregate([{ $group: { _id: '$k' } }, { $sort: { _id: 1 } }]))
          groups.push(row._id);
        expect(groups).toEqual(['x', 'y']);
      });
    });

    describe('indexes', () => {
      it('names indexes like MongoDB, honours a given name and is idempotent', async () => {
        const coll = fresh();
        expect(await coll.createIndex({ field: 1, other: -1 })).toBe('field_1_other_-1');
        expect(await coll.createIndex({ field: 1, other: -1 })).toBe('field_1_other_-1');
        expect(await coll.createIndex({ a: 1 }, { name: 'by_a' })).toBe('by_a');
        expect(await coll.createIndex({ a: 1 }, { name: 'by_a' })).toBe('by_a');
      });

      it('enforces unique indexes with error code 11000 and leaves the store unchanged', async () => {
        const coll = fresh();
        await coll.createIndex({ email: 1 }, { unique: true });
        await coll.insertOne({ _id: 1, email: 'a@x.org' });
        await coll.insertOne({ _id: 2, email: 'b@x.org' });
        const error = await coll.insertOne({ _id: 3, email: 'a@x.org' }).catch((e: unknown) => e);
        expect(isDuplicateKeyError(error)).toBe(true);
        expect(await coll.countDocuments()).toBe(2);
      });

      onWireOnlyRealMongo('FerretDB v1 reports a unique violation by an update as error 1, not 11000')(
        'refuses updates and upserts that would break a unique index, with error code 11000',
        async () => {
          const coll = fresh();
          await coll.createIndex({ email: 1 }, { unique: true });
          await coll.insertOne({ _id: 1, email: 'a@x.org' });
          await coll.insertOne({ _id: 2, email: 'b@x.org' });

          const update = await coll
            .updateOne({ _id: 2 }, { $set: { email: 'a@x.org' } })
            .catch((e: unknown) => e);
          expect(isDuplicateKeyError(update)).toBe(true);
          expect(await coll.findOne({ _id: 2 })).toEqual({ _id: 2, email: 'b@x.org' });

          const upsert = await coll
            .updateOne({ email: 'a@x.org', other: 1 }, { $set: { n: 1 } }, { upsert: true })
            .catch((e: unknown) => e);
          expect(isDuplicateKeyError(upsert)).toBe(true);
          expect(await coll.countDocuments()).toBe(2);
        },
      );

      it('always keeps _id unique', async () => {
        const coll = fresh();
        await coll.insertOne({ _id: 'x' });
        const error = await coll.insertOne({ _id: 'x' }).catch((e: unknown) => e);
        expect(isDuplicateKeyError(error)).toBe(true);
      });

      onWireOnlyRealMongo('FerretDB v1 names neither the index nor the key in the message')(
        'names the index and the key in duplicate-key messages, _id_ included',
        async () => {
          const coll = fresh();
          await coll.createIndex({ email: 1 }, { unique: true });
          await coll.insertOne({ _id: 'x', email: 'a@x.org' });
          const byEmail = await coll.insertOne({ _id: 1, email: 'a@x.org' }).catch((e: unknown) => e);
          expect((byEmail as Error).message).toMatch(
            /^E11000 duplicate key error collection: \S+ index: email_1 dup key: \{ email: "a@x\.org" \}/,
          );
          const byId = await coll.insertOne({ _id: 'x', email: 'b@x.org' }).catch((e: unknown) => e);
          expect((byId as Error).message).toContain('index: _id_');
        },
      );

      it('enforces compound unique keys on the combination only', async () => {
        const coll = fresh();
        await coll.createIndex({ course: 1, week: 1 }, { unique: true });
        await coll.insertMany([
          { course: 'a', week: 1 },
          { course: 'a', week: 2 },
          { course: 'b', week: 1 },
        ]);
        const error = await coll.insertOne({ course: 'a', week: 2 }).catch((e: unknown) => e);
        expect(isDuplicateKeyError(error)).toBe(true);
      });

      onWireOnlyRealMongo('FerretDB v1 refuses it with another error than 11000')(
        'refuses to build a unique index over existing duplicates',
        async () => {
          const coll = fresh();
          await coll.insertMany([{ k: 1 }, { k: 1 }]);
          const error = await coll.createIndex({ k: 1 }, { unique: true }).catch((e: unknown) => e);
          expect(isDuplicateKeyError(error)).toBe(true);
          await coll.insertOne({ k: 1 });
          expect(await coll.countDocuments({ k: 1 })).toBe(3);
        },
      );

      it('ordered insertMany stops at the first duplicate, keeping the earlier documents', async () => {
        const coll = fresh();
        await coll.createIndex({ k: 1 }, { unique: true });
        const error = await coll
          .insertMany([
            { _id: 1, k: 'a' },
            { _id: 2, k: 'b' },
            { _id: 3, k: 'a' },
            { _id: 4, k: 'c' },
          ])
          .catch((e: unknown) => e);
        expect(isDuplicateKeyError(error)).toBe(true);
        expect((await coll.find({}, { sort: { _id: 1 } }).toArray()).map((doc) => doc._id)).toEqual([1, 2]);
      });

      it('unordered insertMany writes everything that does not collide', async () => {
        const coll = fresh();
        await coll.createIndex({ k: 1 }, { unique: true });
        const error = await coll
          .insertMany(
            [
              { _id: 1, k: 'a' },
              { _id: 2, k: 'a' },
              { _id: 3, k: 'c' },
            ],
            { ordered: false },
          )
          .catch((e: unknown) => e);
        expect(isDuplicateKeyError(error)).toBe(true);
        expect((await coll.find({}, { sort: { _id: 1 } }).toArray()).map((doc) => doc._id)).toEqual([1, 3]);
      });

      it('answers queries on indexed fields the same as without an index', async () => {
        const coll = fresh();
        await coll.createIndex({ tag: 1, n: 1 });
        await coll.insertMany([
          { _id: 1, tag: 'a', n: 1 },
          { _id: 2, tag: ['a', 'b'], n: 2 },
          { _id: 3, tag: 'b', n: 3 },
          { _id: 4, n: 4 },
        ]);
        const ids = async (filter: Document) =>
          (await coll.find(filter, { sort: { _id: 1 } }).toArray()).map((doc) => doc._id);
        expect(await ids({ tag: 'a' })).toEqual([1, 2]);
        expect(await ids({ tag: { $in: ['b'] } })).toEqual([2, 3]);
        expect(await ids({ tag: 'a', n: { $gt: 1 } })).toEqual([2]);
        expect(await ids({ tag: null })).toEqual([4]);
        await coll.updateOne({ _id: 1 }, { $set: { tag: 'c' } });
        expect(await ids({ tag: 'a' })).toEqual([2]);
        expect(await ids({ tag: 'c' })).toEqual([1]);
        await coll.deleteOne({ _id: 2 });
        expect(await ids({ tag: 'b' })).toEqual([3]);
      });

      onWireOnlyRealMongo('FerretDB v1 refuses expireAfterSeconds')(
        'accepts TTL indexes and, where a sweep can be triggered, removes expired documents',
        async (context) => {
          const coll = fresh();
          expect(await coll.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 60 })).toBe('expiresAt_1');
          if (!subject.sweepExpired) context.skip();
          const now = new Date('2026-05-01T12:00:00.000Z');
          await coll.insertMany([
            { _id: 'old', expiresAt: new Date(now.getTime() - 2 * ONE_MINUTE) },
            { _id: 'edge', expiresAt: new Date(now.getTime() - ONE_MINUTE) },
            { _id: 'new', expiresAt: new Date(now.getTime() - ONE_MINUTE + 1) },
            { _id: 'no-date', expiresAt: 'soon' },
          ]);
          expect(await subject.sweepExpired?.(now)).toBe(2);
          expect((await coll.find({}, { sort: { _id: 1 } }).toArray()).map((doc) => doc._id)).toEqual([
            'new',
            'no-date',
          ]);
        },
      );
    });

    describe("Agenda's MongoJobRepository", () => {
      it('runs its calls pattern: save, upsert singles, lock, unlock, query, disable, remove', async () => {
        const collection = `contract_agenda_${counter++}`;
        // MongoBackend is typed for the driver's Db; both stores provide the subset it calls.
        const repository = new MongoJobRepository({
          mongo: subject.store.db as unknown as Db,
          db: { collection },
        });
        await repository.connect();
        const past = new Date(Date.now() - ONE_MINUTE);
        const job = (name: string, extra: Partial<Document> = {}) =>
          ({
            name,
            priority: 0,
            nextRunAt: past,
            type: 'normal',
            data: { week: 12 },
            ...extra,
          }) as Parameters<typeof repository.saveJob>[0];

        const saved = await repository.saveJob(job('digest'), undefined);
        expect(saved._id).toBeDefined();
        const single = await repository.saveJob(job('sweep', { type: 'single' }), undefined);
        const singleAgain = await repository.saveJob(
          job('sweep', { type: 'single', priority: 5 }),
          undefined,
        );
        expect(String(singleAgain._id)).toBe(String(single._id));
        const unique = await repository.saveJob(job('notify', { unique: { 'data.week': 12 } }), undefined);
        const uniqueAgain = await repository.saveJob(
          job('notify', { unique: { 'data.week': 12 } }),
          undefined,
        );
        expect(String(uniqueAgain._id)).toBe(String(unique._id));

        expect((await repository.getJobById(String(saved._id)))?.name).toBe('digest');
        const updated = await repository.saveJob({ ...saved, priority: 3 }, undefined);
        expect(updated.priority).toBe(3);

        const now = new Date();
        const next = await repository.getNextJobToRun(
          'digest',
          now,
          new Date(now.getTime() - 10 * ONE_MINUTE),
          now,
          undefined,
        );
        expect(String(next?._id)).toBe(String(saved._id));
        expect(next?.lockedAt).toBeInstanceOf(Date);
        expect(
          await repository.getNextJobToRun(
            'digest',
            now,
            new Date(now.getTime() - 10 * ONE_MINUTE),
            now,
            undefined,
          ),
        ).toBeUndefined();

        const unlockedSingle = await repository.getJobById(String(single._id));
        const locked = await repository.lockJob(unlockedSingle!, undefined);
        expect(locked?.lockedAt).toBeInstanceOf(Date);
        await repository.saveJobState({ ...locked!, lastRunAt: new Date(), progress: 50 }, undefined);

        await repository.unlockJobs([String(saved._id), String(single._id)]);
        expect((await repository.getJobById(String(saved._id)))?.lockedAt).toBeUndefined();

        const all = await repository.queryJobs({ sort: { nextRunAt: 'asc' } });
        expect(all.total).toBe(3);
        expect((await repository.queryJobs({ ids: [String(saved._id)] })).jobs.map((j) => j.name)).toEqual([
          'digest',
        ]);
        expect((await repository.queryJobs({ name: 'sweep', limit: 1 })).jobs).toHaveLength(1);
        expect((await repository.getJobsOverview()).map((o) => o.name).sort()).toEqual([
          'digest',
          'notify',
          'sweep',
        ]);
        expect(await repository.getQueueSize()).toBe(3);

        expect(await repository.disableJobs({ name: 'notify' })).toBe(1);
        expect(await repository.getNextJobToRun('notify', now, past, now, undefined)).toBeUndefined();
        expect(await repository.enableJobs({ name: 'notify' })).toBe(1);

        expect(await repository.removeJobs({ ids: [String(saved._id)] })).toBe(1);
        expect(await repository.removeJobs({ name: 'sweep' })).toBe(1);
        expect(await repository.purgeAllJobs()).toBe(1);
      });
    });
  });
}
