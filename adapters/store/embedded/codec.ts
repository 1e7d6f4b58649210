/**
 * The persisted form of changes: a journal record or snapshot chunk is a run of BSON documents, one per
 * operation — a full document put, a delete by `_id`, or an index definition. Puts carry post-images, so
 * replaying needs no query or update semantics. Opening a store only splits records into their operations
 * by collection (`splitOps`, which reads the collection name without decoding the document); a collection's
 * operations are applied when it is first used, and its documents decoded when first read
 * (`encodedDocuments.ts`).
 */
import { BSON } from './bson.ts';
import type { Document } from '../../../src/store/types.ts';
import { BsonWriter } from './bsonWriter.ts';
import type { IndexSpec } from './indexes.ts';

/** One operation as stored, with its collection and, for an index definition, the definition; for a
 * put, the document's own bytes (within the operation's). */
export interface EncodedOp {
  collection: string;
  bytes: Buffer;
  index?: IndexSpec;
  put?: Buffer;
}

export type Op =
  | { kind: 'put'; collection: string; doc: Document }
  | { kind: 'delete'; collection: string; id: unknown }
  | { kind: 'index'; collection: string; spec: IndexSpec };

const SERIALIZE = { ignoreUndefined: false } as const;

/** Reused across calls so that encoding a batch allocates one buffer, not one per document. */
const writer = new BsonWriter(1 << 20);

/** One record of operations; an already encoded operation (a Buffer) is copied in as it is. */
export function encodeOps(ops: readonly (Op | Buffer)[]): Buffer {
  for (const op of ops) {
    if (Buffer.isBuffer(op)) writer.appendEncoded(op);
    else writer.append(toBson(op));
  }
  return writer.take();
}

function toBson(op: Op): Document {
  switch (op.kind) {
    case 'put':
      return { c: op.collection, p: op.doc };
    case 'delete':
      return { c: op.collection, d: op.id };
    case 'index':
      return { c: op.collection, x: op.spec };
  }
}

/** Decodes operations: a whole record, or encoded operations one by one. */
export function decodeOps(payload: Buffer | readonly Buffer[]): Op[] {
  const ops: Op[] = [];
  const entries = Buffer.isBuffer(payload)
    ? decodeDocuments(payload)
    : payload.map((bytes) => BSON.deserialize(bytes));
  for (const entry of entries) {
    const collection = entry.c as string;
    if ('p' in entry) ops.push({ kind: 'put', collection, doc: entry.p as Document });
    else if ('d' in entry) ops.push({ kind: 'delete', collection, id: entry.d });
    else if ('x' in entry) ops.push({ kind: 'index', collection, spec: entry.x as IndexSpec });
    else throw new Error(`unknown operation in store record: ${Object.keys(entry).join(',')}`);
  }
  return ops;
}

const TYPE_STRING = 0x02;
const KEY_COLLECTION = 0x63; // 'c'
const OP_KEYS = new Set([0x70, 0x64, 0x78]); // 'p', 'd', 'x'
const KEY_INDEX = 0x78;
const KEY_PUT = 0x70;
const TYPE_DOCUMENT = 0x03;

/**
 * The operations of a record, each with its collection, without decoding documents: an operation is
 * `{ c: <collection>, p|d|x: ... }` with `c` first, as `toBson` writes it. Index definitions are decoded.
 */
export function splitOps(payload: Buffer): EncodedOp[] {
  const ops: EncodedOp[] = [];
  let offset = 0;
  while (offset < payload.length) {
    const size = payload.length - offset >= 4 ? payload.readInt32LE(offset) : 0;
    if (size < 5 || offset + size > payload.length) throw new Error(`malformed BSON at offset ${offset}`);
    const bytes = payload.subarray(offset, offset + size);
    const nameLength = size >= 12 ? bytes.readInt32LE(7) : 0;
    const next = 11 + nameLength;
    if (
      bytes[4] !== TYPE_STRING ||
      bytes[5] !== KEY_COLLECTION ||
      bytes[6] !== 0 ||
      nameLength < 1 ||
      next + 3 > size ||
      bytes[next - 1] !== 0 ||
      !OP_KEYS.has(bytes[next + 1] as number) ||
      bytes[next + 2] !== 0
    ) {
      throw new Error(`unknown operation in store record at offset ${offset}`);
    }
    const collection = bytes.toString('utf8', 11, next - 1);
    const key = bytes[next + 1];
    if (key === KEY_INDEX) {
      const [op] = decodeOps([bytes]);
      ops.push({ collection, bytes, index: (op as { spec: IndexSpec }).spec });
    } else if (key === KEY_PUT) {
      if (bytes[next] !== TYPE_DOCUMENT) throw new Error(`a put without a document at offset ${offset}`);
      const start = next + 3;
      ops.push({ collection, bytes, put: bytes.subarray(start, start + bytes.readInt32LE(start)) });
    } else ops.push({ collection, bytes });
    offset += size;
  }
  return ops;
}

/** Splits a run of concatenated BSON documents. */
export function decodeDocuments(payload: Buffer): Document[] {
  const docs: Document[] = [];
  let offset = 0;
  while (offset < payload.length) {
    const size = payload.readInt32LE(offset);
    if (size < 5 || offset + size > payload.length) throw new Error(`malformed BSON at offset ${offset}`);
    docs.push(BSON.deserialize(payload.subarray(offset, offset + size)));
    offset += size;
  }
  return docs;
}

export function encodeDocument(doc: Document): Buffer {
  return Buffer.from(BSON.serialize(doc, SERIALIZE));
}
