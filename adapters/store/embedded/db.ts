/**
 * The embedded database handle (`DocumentDb`): a registry of live collections, the single place where
 * operations become journal records, the TTL sweep, and the snapshot/replay hooks used by storage.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Document, DocumentDb, StoreCollection } from '../../../src/store/types.ts';
import { encodeOps, splitOps, type Op } from './codec.ts';
import { EncodedDocument, encodedPut } from './encodedDocuments.ts';
import { EmbeddedCollection } from './collection.ts';

/** Operations per snapshot chunk, and its rough size in bytes: bound the size of one record (and so the
 * memory encoding it takes), whether documents are small or carry large binaries. */
const SNAPSHOT_CHUNK_OPS = 1000;
const SNAPSHOT_CHUNK_BYTES = 4 * 1024 * 1024;
/** Documents sized into chunks between yields to the event loop while a snapshot is prepared. */
const CHUNKING_SLICE = 20_000;

export class EmbeddedDb implements DocumentDb {
  /** Agenda's MongoBackend logs `db.options`; this stands in for the driver's property. */
  readonly options: Document = {};
  private readonly collections = new Map<string, EmbeddedCollection>();
  private failure: Error | null = null;

  constructor(
    readonly databaseName: string,
    private readonly persist: (payload: Buffer) => Promise<void>,
  ) {}

  /** The same live collection object on every call (created on first use, persisted on first write). */
  collection<T extends object = Document>(name: string): StoreCollection<T> {
    // Documents are untyped at run time: the type parameter only narrows what callers see.
    return this.liveCollection(name) as unknown as StoreCollection<T>;
  }

  /** Removes every document past its TTL index's expiry as of `now`; resolves with how many. */
  async sweepExpired(now: Date = new Date()): Promise<number> {
    const ops: Op[] = [];
    let removed = 0;
    for (const collection of this.collections.values()) removed += collection.expire(now, ops);
    if (ops.length > 0) await this.commit(ops);
    return removed;
  }

  assertWritable(): void {
    if (this.failure) throw this.failure;
  }

  /** From now on every write is refused with `reason` (the store is closing, or a write failed). */
  refuseWrites(reason: Error): void {
    this.failure ??= reason;
  }

  /** Persists operations already applied in memory. Once a journal write has failed, memory may hold
   * writes the disk lacks, so every later write is refused. */
  async commit(ops: Op[]): Promise<void> {
    try {
      await this.persist(encodeOps(ops));
    } catch (error) {
      this.refuseWrites(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
  }

  resolveCollection(name: string): Document[] {
    return this.collections.get(name)?.snapshotDocuments() ?? [];
  }

  /**
   * The whole database as snapshot payloads (each a run of operations). The documents are captured now —
   * stored documents are never changed in place, so the capture stays as it is — and the function returned
   * groups them into chunks a slice at a time, yielding to the event loop between slices, so a large
   * database never holds the loop long; each chunk is encoded as the payloads are read, so a snapshot
   * never holds the whole database encoded in memory.
   */
  snapshotPayloads(): () => Promise<{ chunks: number; payloads: Iterable<Buffer> }> {
    const captured = Array.from(this.collections.values(), (collection) => ({
      name: collection.collectionName,
      ...collection.capture(),
    }));
    return async () => {
      const chunks: (Op | Buffer)[][] = [];
      let chunk: (Op | Buffer)[] = [];
      let bytes = 0;
      const add = (op: Op | Buffer, size: number): void => {
        chunk.push(op);
        bytes += size;
        if (chunk.length === SNAPSHOT_CHUNK_OPS || bytes >= SNAPSHOT_CHUNK_BYTES) {
          chunks.push(chunk);
          chunk = [];
          bytes = 0;
        }
      };
      let sinceYield = 0;
      for (const { name, indexes, docs } of captured) {
        for (const op of indexes) add(op, 64);
        for (const doc of docs) {
          if (doc instanceof EncodedDocument) add(encodedPut(name, doc.bytes), doc.bytes.length);
          else add({ kind: 'put', collection: name, doc }, roughSize(doc));
          if (++sinceYield === CHUNKING_SLICE) {
            sinceYield = 0;
            await yieldToLoop();
          }
        }
      }
      if (chunk.length > 0) chunks.push(chunk);
      return { chunks: chunks.length, payloads: encodeEach(chunks) };
    };
  }

  /** Applies every collection's persisted operations and decodes every document. */
  decodeAll(): void {
    for (const collection of this.collections.values()) collection.decodeAll();
  }

  /** Files a persisted record's operations under their collections, to be applied on first use. */
  replay(payload: Buffer): void {
    for (const op of splitOps(payload)) this.liveCollection(op.collection).defer(op);
  }

  private liveCollection(name: string): EmbeddedCollection {
    let collection = this.collections.get(name);
    if (collection === undefined) {
      if (!name || name.includes('$') || name.includes('\0'))
        throw new TypeError(`Invalid collection name: '${name}'`);
      collection = new EmbeddedCollection(name, this);
      this.collections.set(name, collection);
    }
    return collection;
  }
}

function* encodeEach(chunks: (Op | Buffer)[][]): Generator<Buffer> {
  for (let i = 0; i < chunks.length; i++) {
    yield encodeOps(chunks[i] as (Op | Buffer)[]);
    chunks[i] = []; // encoded: its documents may go once replaced
  }
}

/** A document's encoded size, roughly: binaries by their length, anything else at a flat rate. */
function roughSize(doc: Document): number {
  let bytes = 16;
  for (const key in doc) {
    const value = doc[key] as { _bsontype?: unknown; position?: unknown } | null;
    if (value instanceof Uint8Array) bytes += value.byteLength;
    else if (Array.isArray(value)) bytes += 16 * value.length;
    else if (value?._bsontype === 'Binary' && typeof value.position === 'number') bytes += value.position;
    else bytes += 32;
  }
  return bytes;
}
