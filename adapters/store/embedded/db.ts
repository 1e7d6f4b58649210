/**
 * The embedded database handle (`DocumentDb`): a registry of live collections, the single place where
 * operations become journal records, the TTL sweep, and the snapshot/replay hooks used by storage.
 */
import type { Document, DocumentDb, StoreCollection } from '../../../src/store/types.ts';
import { decodeOps, encodeOps, type Op } from './codec.ts';
import { EmbeddedCollection } from './collection.ts';

/** Operations per snapshot chunk: bounds the size of one record. */
const SNAPSHOT_CHUNK_OPS = 1000;

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
   * The whole database as snapshot payloads (each a run of operations): the documents are captured now —
   * stored documents are never changed in place, so the capture stays as it is — and encoded one chunk at
   * a time as the payloads are read, so a snapshot never holds the whole database encoded in memory.
   */
  snapshotPayloads(): { chunks: number; payloads: Iterable<Buffer> } {
    const captured = Array.from(this.collections.values(), (collection) => collection.capture());
    const total = captured.reduce((sum, ops) => sum + ops.length, 0);
    return { chunks: Math.ceil(total / SNAPSHOT_CHUNK_OPS), payloads: encodeChunks(captured) };
  }

  replay(payload: Buffer): void {
    for (const op of decodeOps(payload)) this.liveCollection(op.collection).replay(op);
  }

  finishReplay(): void {
    for (const [name, collection] of this.collections) {
      if (collection.isEmpty) this.collections.delete(name);
      else collection.finishReplay();
    }
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

function* encodeChunks(captured: readonly Op[][]): Generator<Buffer> {
  let chunk: Op[] = [];
  for (const ops of captured) {
    for (const op of ops) {
      chunk.push(op);
      if (chunk.length === SNAPSHOT_CHUNK_OPS) {
        yield encodeOps(chunk);
        chunk = [];
      }
    }
  }
  if (chunk.length > 0) yield encodeOps(chunk);
}
