/**
 * The document-store contract the whole project is written against: the subset of the official MongoDB
 * driver's `Db`/`Collection` API that Engage uses. The MongoDB adapter hands over the driver's own objects
 * (they satisfy this structurally); the embedded store implements the same subset with MongoDB semantics.
 * Domain code and repositories import only these types, never a driver.
 */

export type Document = Record<string, unknown>;

/** A MongoDB query filter (`{ field: value }`, `$and`, `$in`, ...). */
export type Filter = Document;
/** An update document (`$set`, `$inc`, ...) or an aggregation-pipeline update. */
export type Update = Document | Document[];
/** `{ field: 1 | -1 }`; key order is significant. */
export type Sort = Record<string, 1 | -1>;
export type Projection = Record<string, 0 | 1 | boolean | Document>;

export interface FindOptions {
  sort?: Sort;
  skip?: number;
  limit?: number;
  projection?: Projection;
}

export interface FindCursor<T> extends AsyncIterable<T> {
  sort(sort: Sort): FindCursor<T>;
  skip(n: number): FindCursor<T>;
  limit(n: number): FindCursor<T>;
  project<P extends Document = Document>(projection: Projection): FindCursor<P>;
  toArray(): Promise<T[]>;
}

export interface AggregationCursor<T> extends AsyncIterable<T> {
  toArray(): Promise<T[]>;
}

export interface InsertOneResult {
  acknowledged: boolean;
  insertedId: unknown;
}

export interface InsertManyResult {
  acknowledged: boolean;
  insertedCount: number;
  insertedIds: Record<number, unknown>;
}

export interface UpdateResult {
  acknowledged: boolean;
  matchedCount: number;
  modifiedCount: number;
  upsertedCount: number;
  upsertedId: unknown;
}

export interface DeleteResult {
  acknowledged: boolean;
  deletedCount: number;
}

export interface BulkWriteResult {
  insertedCount: number;
  matchedCount: number;
  modifiedCount: number;
  deletedCount: number;
  upsertedCount: number;
}

export interface UpdateOptions {
  upsert?: boolean;
}

export interface FindOneAndUpdateOptions {
  returnDocument?: 'before' | 'after';
  upsert?: boolean;
  sort?: Sort;
  projection?: Projection;
}

export type BulkWriteOperation<T extends object> =
  | { insertOne: { document: T } }
  | { updateOne: { filter: Filter; update: Update; upsert?: boolean } }
  | { updateMany: { filter: Filter; update: Update; upsert?: boolean } }
  | { replaceOne: { filter: Filter; replacement: T; upsert?: boolean } }
  | { deleteOne: { filter: Filter } }
  | { deleteMany: { filter: Filter } };

export interface IndexOptions {
  name?: string;
  unique?: boolean;
  /** TTL: documents expire this many seconds after the date in the (single) indexed field. */
  expireAfterSeconds?: number;
  sparse?: boolean;
  partialFilterExpression?: Filter;
}

export interface StoreCollection<T extends object = Document> {
  readonly collectionName: string;
  find(filter?: Filter, options?: FindOptions): FindCursor<T>;
  findOne(filter?: Filter, options?: FindOptions): Promise<T | null>;
  insertOne(document: T): Promise<InsertOneResult>;
  insertMany(documents: T[], options?: { ordered?: boolean }): Promise<InsertManyResult>;
  updateOne(filter: Filter, update: Update, options?: UpdateOptions): Promise<UpdateResult>;
  updateMany(filter: Filter, update: Update, options?: UpdateOptions): Promise<UpdateResult>;
  findOneAndUpdate(filter: Filter, update: Update, options?: FindOneAndUpdateOptions): Promise<T | null>;
  bulkWrite(operations: BulkWriteOperation<T>[], options?: { ordered?: boolean }): Promise<BulkWriteResult>;
  deleteOne(filter: Filter): Promise<DeleteResult>;
  deleteMany(filter?: Filter): Promise<DeleteResult>;
  countDocuments(filter?: Filter): Promise<number>;
  estimatedDocumentCount(): Promise<number>;
  aggregate<R extends Document = Document>(pipeline: Document[]): AggregationCursor<R>;
  createIndex(keys: Record<string, 1 | -1>, options?: IndexOptions): Promise<string>;
}

export interface DocumentDb {
  collection<T extends object = Document>(name: string): StoreCollection<T>;
}

export type StoreKind = 'embedded' | 'mongodb';

/** An open store: the database handle plus its lifecycle. */
export interface Store {
  readonly kind: StoreKind;
  readonly db: DocumentDb;
  /** Resolves when the store answers; rejects with the reason when it does not (used by /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Raised on a unique-index violation; `code` is MongoDB's 11000 on both stores. */
export interface DuplicateKeyError extends Error {
  code: 11000;
}

export function isDuplicateKeyError(error: unknown): error is DuplicateKeyError {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}
