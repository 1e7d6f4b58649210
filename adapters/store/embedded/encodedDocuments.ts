/**
 * Documents kept as their BSON bytes until something reads them. A store opened for one command decodes
 * only the documents the command touches: building a collection's indexes reads just the indexed
 * top-level fields of each document (`readFields`, which decodes common scalar types itself), and a
 * snapshot copies undecoded documents across as they are (`encodedPut`).
 */
import type { Document } from '../../../src/store/types.ts';
import { BSON, ObjectId } from './bson.ts';

/** A stored document not decoded yet: a view of the bytes read from disk. */
export class EncodedDocument {
  constructor(readonly bytes: Buffer) {}

  decode(): Document {
    return BSON.deserialize(this.bytes);
  }
}

/** Fixed value sizes of the BSON element types that have one (undefined, null, min and max key: 0). */
const FIXED_SIZES = new Map<number, number>([
  [0x01, 8], // double
  [0x06, 0], // undefined
  [0x07, 12], // ObjectId
  [0x08, 1], // boolean
  [0x09, 8], // date
  [0x0a, 0], // null
  [0x10, 4], // int32
  [0x11, 8], // timestamp
  [0x12, 8], // int64
  [0x13, 16], // decimal128
  [0xff, 0], // min key
  [0x7f, 0], // max key
]);
/** Types whose value starts with its int32 length (strings, code, symbol: + the length; documents,
 * arrays, code with scope: the length is the whole; binary: + subtype byte + the length). */
const STRING_TYPES = new Set([0x02, 0x0d, 0x0e]);
const SIZED_TYPES = new Set([0x03, 0x04, 0x0f]);
const TYPE_BINARY = 0x05;

/** Where the value at `at` (of element type `type`) ends, or -1 for a type not walked here. */
function valueEnd(bytes: Buffer, type: number, at: number): number {
  const fixed = FIXED_SIZES.get(type);
  if (fixed !== undefined) return at + fixed;
  if (STRING_TYPES.has(type)) return at + 4 + bytes.readInt32LE(at);
  if (SIZED_TYPES.has(type)) return at + bytes.readInt32LE(at);
  if (type === TYPE_BINARY) return at + 5 + bytes.readInt32LE(at);
  return -1;
}

/**
 * The named top-level fields of an encoded document, decoded (those it lacks are absent), or null when
 * the document holds an element type this walk does not know (then decode it whole).
 */
export function readFields(bytes: Buffer, fields: ReadonlySet<string>): Document | null {
  const doc: Document = {};
  let others: Buffer[] | null = null;
  let at = 4;
  const end = bytes.readInt32LE(0) - 1;
  while (at < end) {
    const type = bytes[at] as number;
    const nameEnd = bytes.indexOf(0, at + 1);
    if (nameEnd < 0) return null;
    const next = valueEnd(bytes, type, nameEnd + 1);
    if (next < 0 || next > end) return null;
    const name = bytes.toString('utf8', at + 1, nameEnd);
    if (fields.has(name)) {
      const value = scalarAt(bytes, type, nameEnd + 1);
      if (value !== NOT_SCALAR) doc[name] = value;
      else (others ??= []).push(bytes.subarray(at, next));
    }
    at = next;
  }
  return others === null ? doc : Object.assign(doc, decodeElements(others));
}

const NOT_SCALAR = Symbol('not a scalar');

/** The value at `at` for the scalar types indexes mostly hold, as js-bson decodes them; NOT_SCALAR else. */
function scalarAt(bytes: Buffer, type: number, at: number): unknown {
  switch (type) {
    case 0x01:
      return bytes.readDoubleLE(at);
    case 0x02:
      return bytes.toString('utf8', at + 4, at + 3 + bytes.readInt32LE(at));
    case 0x07:
      return new ObjectId(bytes.subarray(at, at + 12));
    case 0x08:
      return bytes[at] === 1;
    case 0x09:
      return new Date(Number(bytes.readBigInt64LE(at)));
    case 0x0a:
      return null;
    case 0x10:
      return bytes.readInt32LE(at);
    default:
      return NOT_SCALAR;
  }
}

/** Elements (each as its bytes) decoded as one document. */
function decodeElements(elements: Buffer[]): Document {
  const size = 5 + elements.reduce((sum, element) => sum + element.length, 0);
  const header = Buffer.allocUnsafe(4);
  header.writeInt32LE(size);
  return BSON.deserialize(Buffer.concat([header, ...elements, Buffer.alloc(1)], size));
}

/** The store operation "put this document in `collection`" for an already encoded document. */
export function encodedPut(collection: string, doc: Buffer): Buffer {
  const name = Buffer.from(collection, 'utf8');
  // { c: <string>, p: <document> }: header, 'c' element, 'p' element, terminator.
  const size = 4 + (3 + 4 + name.length + 1) + (3 + doc.length) + 1;
  const op = Buffer.allocUnsafe(size);
  let at = op.writeInt32LE(size, 0);
  at = op.writeUInt8(0x02, at);
  at += op.write('c\0', at, 'latin1');
  at = op.writeInt32LE(name.length + 1, at);
  at += name.copy(op, at);
  at = op.writeUInt8(0, at);
  at = op.writeUInt8(0x03, at);
  at += op.write('p\0', at, 'latin1');
  at += doc.copy(op, at);
  op.writeUInt8(0, at);
  return op;
}
