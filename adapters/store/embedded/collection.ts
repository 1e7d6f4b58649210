/**
 * One collection of the embedded store: documents in insertion order keyed by `_id`, its secondary
 * indexes (consulted through the planner), and every `StoreCollection` method. Each write mutates memory
 * synchronously — so concurrent calls are atomic with respect to each other, and unique indexes are
 * checked before anything changes — and resolves once its journal record is durable.
 */
import { BSON, ObjectId } from './bson.ts';
import type {
  BulkWriteOperation,
  BulkWriteResult,
  DeleteResult,
  Document,
  Filter,
  FindOneAndUpdateOptions,
  FindOptions,
  IndexOptions,
  InsertManyResult,
  InsertOneResult,
  StoreCollection,
  Update,
  UpdateOptions,
  UpdateResult,
} from '../../../src/store/types.ts';
import { decodeOps, type EncodedOp, type Op } from './codec.ts';
import { EmbeddedAggregationCursor, EmbeddedFindCursor } from './cursor.ts';
import { EncodedDocument, readFields } from './encodedDocuments.ts';
import {
  aggregateDocuments,
  applyUpdate,
  compileFilter,
  findDocuments,
  normalizeSort,
  topLevelExclusions,
  type FindSpec,
} from './engine.ts';
import { EmbeddedBulkWriteError, EmbeddedServerError, duplicateKeyError, toWriteError } from './errors.ts';
import {
  SecondaryIndex,
  indexSpecFrom,
  sameKeys,
  sameSpec,
  type IndexKeys,
  type IndexSpec,
} from './indexes.ts';
import { indexValues, keyOf } from './keys.ts';
import { planQuery, type Plan } from './planner.ts';
import { DocumentTable, NO_ROW } from './table.ts';
import {
  applyFieldUpdate,
  assertReplacement,
  assertUpdate,
  immutableIdError,
  isFieldUpdate,
  updateForInsert,
  updateForMatch,
  updatedCopy,
  upsertId,
  upsertSeed,
} from './updates.ts';
import { cloneDocument, cloneValue, isPlainObject, sameValue } from './values.ts';

/** What a collection needs from its database. */
export interface CollectionHost {
  readonly databaseName: string;
  assertWritable(): void;
  commit(ops: Op[]): Promise<void>;
  /** Copies of another collection's documents, for `$lookup` and friends. */
  resolveCollection(name: string): Document[];
}

/** Operations read from disk for a collection not used yet, in order, still encoded. */
interface DeferredOps {
  ops: EncodedOp[];
  /** The index definitions among them (decoded: start-up re-creates indexes, and TTL sweeps ask). */
  indexes: IndexSpec[];
}

type Change = { update: Update } | { replacement: Document };

interface ModifyRequest {
  filter: Filter;
  change: Change;
  multi: boolean;
  upsert: boolean;
  sort?: Record<string, unknown>;
}

interface ModifyOutcome {
  matched: number;
  modified: number;
  upsertedId?: unknown;
  before: Document | null;
  after: Document | null;
}

export class EmbeddedCollection implements StoreCollection<Document> {
  private readonly storedDocs = new DocumentTable();
  private readonly storedIndexes = new Map<string, SecondaryIndex>();
  /** The same indexes as a list, for the planner. */
  private storedIndexList: SecondaryIndex[] = [];
  /** Persisted operations not applied yet: a collection is decoded on its first use after open. */
  private deferred: DeferredOps | null = null;

  constructor(
    readonly collectionName: string,
    private readonly host: CollectionHost,
  ) {}

  private get docs(): DocumentTable {
    if (this.deferred !== null) this.applyDeferred();
    return this.storedDocs;
  }

  private get indexes(): Map<string, SecondaryIndex> {
    if (this.deferred !== null) this.applyDeferred();
    return this.storedIndexes;
  }

  private get indexList(): SecondaryIndex[] {
    if (this.deferred !== null) this.applyDeferred();
    return this.storedIndexList;
  }

  private get namespace(): string {
    return `${this.host.databaseName}.${this.collectionName}`;
  }

  // ---- reads ----

  find(filter: Filter = {}, options: FindOptions = {}): EmbeddedFindCursor<Document> {
    const spec: FindSpec = { ...options, sort: normalizeSort(options.sort) };
    return new EmbeddedFindCursor((current) => this.query(filter, current), spec);
  }

  async findOne(filter: Filter = {}, options: FindOptions = {}): Promise<Document | null> {
    return this.query(filter, { ...options, sort: normalizeSort(options.sort), limit: 1 })[0] ?? null;
  }

  async countDocuments(filter: Filter = {}): Promise<number> {
    if (Object.keys(filter).length === 0) return this.docs.size;
    const { docs, exact } = this.plan(filter);
    if (exact) return Array.from(docs).length;
    const matches = compileFilter(filter);
    let count = 0;
    for (const doc of docs) if (matches(doc)) count++;
    return count;
  }

  async estimatedDocumentCount(): Promise<number> {
    return this.docs.size;
  }

  aggregate<R extends Document = Document>(pipeline: Document[]): EmbeddedAggregationCursor<R> {
    return new EmbeddedAggregationCursor<R>(() => this.runAggregate(pipeline));
  }

  // ---- writes ----

  async insertOne(document: Document): Promise<InsertOneResult> {
    return this.write((ops) => {
      const stored = this.prepareInsert(document);
      this.insertStored(stored, ops);
      return { acknowledged: true, insertedId: stored._id };
    });
  }

  async insertMany(documents: Document[], options: { ordered?: boolean } = {}): Promise<InsertManyResult> {
    if (documents.length === 0) throw new TypeError('Invalid BulkOperation, Batch cannot be empty');
    const ordered = options.ordered ?? true;
    return this.write((ops) => {
      for (const document of documents) assignId(document);
      const insertedIds: Record<number, unknown> = {};
      const errors = [];
      for (const [index, document] of documents.entries()) {
        try {
          const stored = this.prepareInsert(document);
          this.insertStored(stored, ops);
          insertedIds[index] = stored._id;
        } catch (error) {
          errors.push(toWriteError(error, index));
          if (ordered) break;
        }
      }
      const insertedCount = Object.keys(insertedIds).length;
      if (errors.length > 0) throw new EmbeddedBulkWriteError(errors, { insertedCount, insertedIds });
      return { acknowledged: true, insertedCount, insertedIds };
    });
  }

  async updateOne(filter: Filter, update: Update, options: UpdateOptions = {}): Promise<UpdateResult> {
    assertUpdate(update);
    return this.write((ops) =>
      updateResult(this.modify({ filter, change: { update }, multi: false, upsert: !!options.upsert }, ops)),
    );
  }

  async updateMany(filter: Filter, update: Update, options: UpdateOptions = {}): Promise<UpdateResult> {
    assertUpdate(update);
    return this.write((ops) =>
      updateResult(this.modify({ filter, change: { update }, multi: true, upsert: !!options.upsert }, ops)),
    );
  }

  async findOneAndUpdate(
    filter: Filter,
    update: Update,
    options: FindOneAndUpdateOptions = {},
  ): Promise<Document | null> {
    assertUpdate(update);
    return this.write((ops) => {
      const outcome = this.modify(
        { filter, change: { update }, multi: false, upsert: !!options.upsert, sort: options.sort },
        ops,
      );
      const doc = options.returnDocument === 'after' ? outcome.after : outcome.before;
      if (doc === null) return null;
      if (!options.projection) return cloneDocument(doc);
      return cloneDocument(findDocuments([doc], null, { projection: options.projection })[0] as Document);
    });
  }

  async bulkWrite(
    operations: BulkWriteOperation<Document>[],
    options: { ordered?: boolean } = {},
  ): Promise<BulkWriteResult> {
    const ordered = options.ordered ?? true;
    return this.write((ops) => {
      const result = {
        insertedCount: 0,
        matchedCount: 0,
        modifiedCount: 0,
        deletedCount: 0,
        upsertedCount: 0,
      };
      const errors = [];
      for (const [index, operation] of operations.entries()) {
        try {
          this.applyBulkOperation(operation, result, ops);
        } catch (error) {
          errors.push(toWriteError(error, index));
          if (ordered) break;
        }
      }
      if (errors.length > 0) throw new EmbeddedBulkWriteError(errors, result);
      return result;
    });
  }

  async deleteOne(filter: Filter): Promise<DeleteResult> {
    return this.write((ops) => ({ acknowledged: true, deletedCount: this.deleteWhere(filter, 1, ops) }));
  }

  async deleteMany(filter: Filter = {}): Promise<DeleteResult> {
    return this.write((ops) => ({ acknowledged: true, deletedCount: this.deleteWhere(filter, 0, ops) }));
  }

  async createIndex(keys: Record<string, 1 | -1>, options: IndexOptions = {}): Promise<string> {
    const spec = indexSpecFrom(keys, options);
    if (spec.name === '_id_') return spec.name;
    // Creating an index the persisted operations already define needs no decoding (start-up does this).
    const persisted = this.deferred?.indexes.find((index) => index.name === spec.name);
    if (persisted && sameSpec(persisted, spec)) return spec.name;
    const existing = this.indexes.get(spec.name) ?? this.indexWithKey(spec.key);
    if (existing) {
      if (sameSpec(existing.spec, spec)) return spec.name;
      throw new EmbeddedServerError(
        `An equivalent index already exists with a different name or options: ${existing.spec.name}`,
        existing.spec.name === spec.name ? 86 : 85,
        existing.spec.name === spec.name ? 'IndexKeySpecsConflict' : 'IndexOptionsConflict',
      );
    }
    return this.write((ops) => {
      const index = new SecondaryIndex(spec);
      for (const [row, doc] of this.docs.entries()) {
        const keys = index.keysOf(doc);
        index.assertUnique(keys, row, doc, this.namespace);
        index.add(keys, row);
      }
      this.addIndex(index);
      ops.push({ kind: 'index', collection: this.collectionName, spec });
      return spec.name;
    });
  }

  // ---- used by the database: TTL, snapshots, replay ----

  /** Removes documents whose TTL-indexed date is `expireAfterSeconds` or more in the past. */
  expire(now: Date, ops: Op[]): number {
    if (this.deferred?.indexes.every((index) => index.expireAfterSeconds === undefined)) return 0;
    let removed = 0;
    for (const index of this.indexes.values()) {
      const seconds = index.spec.expireAfterSeconds;
      if (seconds === undefined) continue;
      const cutoff = now.getTime() - seconds * 1000;
      for (const doc of Array.from(this.docs.values())) {
        if (this.docs.byId(keyOf(doc._id)) !== doc) continue; // already removed through another TTL index
        const dates = indexValues(doc, index.firstField).filter(
          (value): value is Date => value instanceof Date,
        );
        if (dates.length > 0 && Math.min(...dates.map((date) => date.getTime())) <= cutoff) {
          this.deleteStored(doc, ops);
          removed++;
        }
      }
    }
    return removed;
  }

  /**
   * The collection now: the operations that define its indexes, and its documents (the stored objects,
   * never changed in place, so the capture stays as it is; those never read since open still encoded) to
   * be put after them.
   */
  capture(): { indexes: Op[]; docs: (Document | EncodedDocument)[] } {
    const indexes: Op[] = [];
    for (const index of this.indexes.values()) {
      indexes.push({ kind: 'index', collection: this.collectionName, spec: index.spec });
    }
    return { indexes, docs: Array.from(this.docs.stored(), ([, doc]) => doc) };
  }

  snapshotDocuments(): Document[] {
    return Array.from(this.docs.values(), (doc) => cloneValue(doc) as Document);
  }

  /** Keeps a persisted operation (one encoded op of `codec.ts`) to apply on first use. */
  defer(op: EncodedOp): void {
    this.deferred ??= { ops: [], indexes: [] };
    this.deferred.ops.push(op);
    if (op.index) this.deferred.indexes.push(op.index);
  }

  /** Applies the persisted operations now, if not yet, and decodes every document (opening a store for a
   * long-running process: the bytes read from disk can then be freed). */
  decodeAll(): void {
    for (const doc of this.docs.values()) void doc;
  }

  /** Applies the deferred operations without checks, keeping documents encoded, then fills the indexes
   * from each document's indexed fields alone. */
  private applyDeferred(): void {
    const { ops } = this.deferred as DeferredOps;
    this.deferred = null;
    const idOnly = new Set(['_id']);
    for (const op of ops) {
      if (op.put) {
        const id = (readFields(op.put, idOnly) ?? BSON.deserialize(op.put))._id;
        this.storedDocs.putEncoded(keyOf(id), new EncodedDocument(op.put));
        continue;
      }
      if (op.index) {
        this.addIndex(new SecondaryIndex(op.index));
        continue;
      }
      const [deleted] = decodeOps([op.bytes]);
      if (deleted?.kind === 'delete') this.storedDocs.delete(keyOf(deleted.id));
    }
    const indexes = this.storedIndexList;
    if (indexes.length === 0) return;
    const fields = indexedFields(indexes);
    for (const [row, stored] of this.storedDocs.stored()) {
      const doc =
        stored instanceof EncodedDocument
          ? ((fields && readFields(stored.bytes, fields)) ?? (this.storedDocs.at(row) as Document))
          : stored;
      for (const index of indexes) index.add(index.keysOf(doc), row);
    }
  }

  // ---- internals ----

  private async write<R>(mutate: (ops: Op[]) => R): Promise<R> {
    this.host.assertWritable();
    const ops: Op[] = [];
    let outcome: R;
    try {
      outcome = mutate(ops);
    } catch (error) {
      if (ops.length > 0) await this.host.commit(ops);
      throw error;
    }
    if (ops.length > 0) await this.host.commit(ops);
    return outcome;
  }

  /** Matching documents as copies, shaped by the find options. */
  private query(filter: Filter, spec: FindSpec): Document[] {
    // Leaving out top-level fields is done while copying, rather than by copying twice.
    const excluded = spec.projection ? topLevelExclusions(spec.projection) : null;
    if (excluded === null) return this.select(filter, spec).map((doc) => cloneDocument(doc));
    return this.select(filter, { ...spec, projection: undefined }).map((doc) =>
      cloneDocument(doc, doc._id, excluded),
    );
  }

  /** Matching stored documents (not copies: never hand these out or mutate them). */
  private select(filter: Filter, spec: FindSpec): Document[] {
    const { docs, exact } = this.plan(filter);
    // A positional projection (`field.$`) needs the filter even when the index decided the match.
    return findDocuments(docs, exact && !spec.projection ? null : filter, spec);
  }

  private plan(filter: Filter): Plan {
    return planQuery(filter, this.docs, this.indexList);
  }

  private addIndex(index: SecondaryIndex): void {
    this.storedIndexes.set(index.spec.name, index);
    this.storedIndexList = Array.from(this.storedIndexes.values());
  }

  private indexWithKey(key: Record<string, 1 | -1>): SecondaryIndex | undefined {
    const wanted = JSON.stringify(key);
    for (const index of this.indexes.values()) if (JSON.stringify(index.spec.key) === wanted) return index;
    return undefined;
  }

  private runAggregate(pipeline: Document[]): Document[] {
    let source: Iterable<Document> = this.docs.values();
    let stages = pipeline;
    const first = pipeline[0];
    if (first && Object.keys(first).length === 1 && isPlainObject(first.$match)) {
      source = this.select(first.$match, {});
      stages = pipeline.slice(1);
    }
    const output =
      stages.length > 0
        ? aggregateDocuments(source, stages, (name) => this.host.resolveCollection(name))
        : Array.from(source);
    return output.map((doc) => cloneValue(doc) as Document);
  }

  private prepareInsert(document: Document): Document {
    assignId(document);
    if (Array.isArray(document._id)) {
      throw new EmbeddedServerError("The '_id' value cannot be of type array", 53, 'InvalidIdField');
    }
    return cloneDocument(document);
  }

  private insertStored(doc: Document, ops: Op[]): void {
    const id = keyOf(doc._id);
    if (this.docs.rowOf(id) !== undefined) {
      throw duplicateKeyError(this.namespace, '_id_', { _id: 1 }, { _id: doc._id });
    }
    const keys = this.indexKeys(doc);
    keys.forEach(([index, entry]) => index.assertUnique(entry, NO_ROW, doc, this.namespace));
    const row = this.docs.insert(id, doc);
    keys.forEach(([index, entry]) => index.add(entry, row));
    ops.push({ kind: 'put', collection: this.collectionName, doc });
  }

  /** Stores `next` in place of `previous`, touching only the index entries that change. */
  private replaceStored(previous: Document, next: Document, ops: Op[]): void {
    const row = this.docs.rowOf(keyOf(previous._id)) as number;
    const changes = this.indexList
      .map((index) => ({ index, before: index.keysOf(previous), after: index.keysOf(next) }))
      .filter(({ before, after }) => !sameKeys(before, after));
    for (const { index, after } of changes) index.assertUnique(after, row, next, this.namespace);
    for (const { index, before } of changes) index.remove(before, row);
    this.docs.replace(row, next);
    for (const { index, after } of changes) index.add(after, row);
    ops.push({ kind: 'put', collection: this.collectionName, doc: next });
  }

  private deleteStored(doc: Document, ops: Op[]): void {
    const row = this.docs.delete(keyOf(doc._id)) as number;
    this.indexKeys(doc).forEach(([index, entry]) => index.remove(entry, row));
    ops.push({ kind: 'delete', collection: this.collectionName, id: doc._id });
  }

  private indexKeys(doc: Document): [SecondaryIndex, IndexKeys | null][] {
    return this.indexList.map((index) => [index, index.keysOf(doc)]);
  }

  private deleteWhere(filter: Filter, limit: number, ops: Op[]): number {
    const targets = this.select(filter, limit > 0 ? { limit } : {});
    for (const doc of targets) this.deleteStored(doc, ops);
    return targets.length;
  }

  /** The shared core of updateOne/updateMany/findOneAndUpdate/replaceOne, upserts included. */
  private modify(request: ModifyRequest, ops: Op[]): ModifyOutcome {
    const targets = this.select(request.filter, {
      sort: normalizeSort(request.sort),
      limit: request.multi ? undefined : 1,
    });
    let modified = 0;
    let before: Document | null = null;
    let after: Document | null = null;
    for (const target of targets) {
      const next = this.nextVersion(target, request);
      before = target;
      after = next ?? target;
      if (next === null) continue;
      this.replaceStored(target, next, ops);
      modified++;
    }
    if (targets.length > 0 || !request.upsert) return { matched: targets.length, modified, before, after };
    const inserted = this.upsertDocument(request);
    this.insertStored(inserted, ops);
    return { matched: 0, modified: 0, upsertedId: inserted._id, before: null, after: inserted };
  }

  /** The new version of a matched document, or null when the change leaves it as it is. */
  private nextVersion(target: Document, request: ModifyRequest): Document | null {
    if ('replacement' in request.change) {
      const { replacement } = request.change;
      if ('_id' in replacement && keyOf(replacement._id) !== keyOf(target._id)) throw immutableIdError();
      const next = cloneDocument(replacement, target._id);
      return sameValue(next, target) ? null : next;
    }
    const update = updateForMatch(request.change.update);
    if (update === null) return null;
    if (isFieldUpdate(update)) {
      // Stored documents are never changed in place, so the new version may share untouched values.
      const next = { ...target };
      return applyFieldUpdate(next, update) ? next : null;
    }
    // Other operator updates get a private copy of their values, so the result shares nothing with the
    // caller; a pipeline's result is copied instead.
    const pipeline = Array.isArray(update);
    const change = pipeline ? update : (cloneValue(update) as Document);
    const outcome = updatedCopy(cloneValue(target) as Document, change, request.filter);
    if (!outcome.modified) return null;
    return pipeline ? cloneDocument(outcome.doc) : outcome.doc;
  }

  /** The document an upsert inserts, with its `_id`: the replacement's or the update's, else the filter's
   * equality on `_id`, else a new ObjectId. */
  private upsertDocument(request: ModifyRequest): Document {
    if ('replacement' in request.change) {
      const { replacement } = request.change;
      const id = '_id' in replacement ? replacement._id : upsertId(request.filter);
      return cloneDocument(replacement, id ?? new ObjectId());
    }
    const seed = upsertSeed(request.filter);
    const update = updateForInsert(request.change.update);
    if (isFieldUpdate(update)) {
      applyFieldUpdate(seed, update);
      const { _id, ...fields } = seed;
      return { _id: _id ?? new ObjectId(), ...fields };
    }
    const doc = applyUpdate(seed, update, {}).doc;
    return cloneDocument(doc, doc._id ?? new ObjectId());
  }

  private applyBulkOperation(
    operation: BulkWriteOperation<Document>,
    result: BulkWriteResult,
    ops: Op[],
  ): void {
    if ('insertOne' in operation) {
      this.insertStored(this.prepareInsert(operation.insertOne.document), ops);
      result.insertedCount++;
      return;
    }
    if ('deleteOne' in operation || 'deleteMany' in operation) {
      const [filter, limit] =
        'deleteOne' in operation ? [operation.deleteOne.filter, 1] : [operation.deleteMany.filter, 0];
      result.deletedCount += this.deleteWhere(filter, limit, ops);
      return;
    }
    let request: ModifyRequest;
    if ('replaceOne' in operation) {
      const { filter, replacement, upsert } = operation.replaceOne;
      assertReplacement(replacement);
      request = { filter, change: { replacement }, multi: false, upsert: !!upsert };
    } else {
      const multi = 'updateMany' in operation;
      const { filter, update, upsert } = multi ? operation.updateMany : operation.updateOne;
      assertUpdate(update);
      request = { filter, change: { update }, multi, upsert: !!upsert };
    }
    const outcome = this.modify(request, ops);
    result.matchedCount += outcome.matched;
    result.modifiedCount += outcome.modified;
    if (outcome.upsertedId !== undefined) result.upsertedCount++;
  }
}

/** Like the driver: a document without `_id` gets a fresh ObjectId, written onto the caller's object. */
function assignId(document: Document): void {
  if (document._id === undefined || document._id === null) document._id = new ObjectId();
}

function updateResult(outcome: ModifyOutcome): UpdateResult {
  return {
    acknowledged: true,
    matchedCount: outcome.matched,
    modifiedCount: outcome.modified,
    upsertedCount: outcome.upsertedId === undefined ? 0 : 1,
    upsertedId: outcome.upsertedId ?? null,
  };
}

/**
 * The top-level fields the indexes read — their keys' and partial filters' — or null when a partial filter
 * uses an operator that may read any field (`$expr`, `$where`).
 */
function indexedFields(indexes: readonly SecondaryIndex[]): Set<string> | null {
  const fields = new Set<string>();
  const addFilter = (filter: Filter): boolean =>
    Object.entries(filter).every(([key, value]) => {
      if (key === '$and' || key === '$or' || key === '$nor')
        return (value as Filter[]).every((part) => addFilter(part));
      if (key.startsWith('$')) return false;
      fields.add(key.split('.')[0] as string);
      return true;
    });
  for (const index of indexes) {
    for (const field of index.fields) fields.add(field.split('.')[0] as string);
    const partial = index.spec.partialFilterExpression;
    if (partial && !addFilter(partial)) return null;
  }
  return fields;
}
