/**
 * The persisted form of changes: a journal record or snapshot chunk is a run of BSON documents, one per
 * operation — a full document put, a delete by `_id`, or an index definition. Puts carry post-images, so
 * replaying needs no query or update semantics.
 */
import { BSON } from 'mongodb';
import type { Document } from '../../../src/store/types.ts';
import { BsonWriter } from './bsonWriter.ts';
import type { IndexSpec } from './indexes.ts';

export type Op =
  | { kind: 'put'; collection: string; doc: Document }
  | { kind: 'delete'; collection: string; id: unknown }
  | { kind: 'index'; collection: string; spec: IndexSpec };

const SERIALIZE = { ignoreUndefined: false } as const;

/** Reused across calls so that encoding a batch allocates one buffer, not one per document. */
const writer = new BsonWriter(1 << 20);

export function encodeOps(ops: readonly Op[]): Buffer {
  for (const op of ops) writer.append(toBson(op));
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

export function decodeOps(payload: Buffer): Op[] {
  const ops: Op[] = [];
  for (const entry of decodeDocuments(payload)) {
    const collection = entry.c as string;
    if ('p' in entry) ops.push({ kind: 'put', collection, doc: entry.p as Document });
    else if ('d' in entry) ops.push({ kind: 'delete', collection, id: entry.d });
    else if ('x' in entry) ops.push({ kind: 'index', collection, spec: entry.x as IndexSpec });
    else throw new Error(`unknown operation in store record: ${Object.keys(entry).join(',')}`);
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
