/**
 * A BSON encoder for what stored documents are made of — plain objects, arrays, strings, numbers,
 * booleans, null/undefined, Dates, ObjectIds and generic binaries (Uint8Arrays) — several times faster than js-bson's general serializer
 * and byte-for-byte identical to it (with `ignoreUndefined: false`). A document holding anything else
 * (other BSON types, other binary subtypes, regexps, bigints, `toBSON` methods, keys with NUL, deep nesting) is handed
 * to js-bson whole, so every output is exactly what `BSON.serialize` would give.
 */
import { BSON } from './bson.ts';
import type { Document } from '../../../src/store/types.ts';

const TYPE_DOUBLE = 0x01;
const TYPE_STRING = 0x02;
const TYPE_DOCUMENT = 0x03;
const TYPE_ARRAY = 0x04;
const TYPE_BINARY = 0x05;
const SUBTYPE_GENERIC = 0x00;
const TYPE_OBJECT_ID = 0x07;
const TYPE_BOOLEAN = 0x08;
const TYPE_DATE = 0x09;
const TYPE_NULL = 0x0a;
const TYPE_INT32 = 0x10;

const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;
const TWO_TO_32 = 0x100000000;
/** Past this depth a document goes to js-bson (which also detects cycles). */
const MAX_DEPTH = 64;
const BSON_VERSION = Symbol.for('@@mdb.bson.version');
const BSON_MAJOR = (new BSON.ObjectId() as unknown as Record<symbol, unknown>)[BSON_VERSION];
const SERIALIZE = { ignoreUndefined: false } as const;
/** Array element keys ('0', '1', ...), made once. */
const INDEX_KEYS = Array.from({ length: 256 }, (_, i) => String(i));

/** js-bson 7's ObjectId writes its own 12 bytes (the method its serializer calls). */
interface SerializableObjectId {
  serializeInto(buffer: Uint8Array, index: number): number;
}

/** Thrown inside the writer when a value needs js-bson. */
const UNSUPPORTED = new Error('value needs js-bson');

export class BsonWriter {
  private buffer: Buffer;
  private offset = 0;

  constructor(initialBytes: number) {
    this.buffer = Buffer.allocUnsafe(initialBytes);
  }

  /** Appends `doc` as one BSON document. */
  append(doc: Document): void {
    const start = this.offset;
    try {
      this.document(doc, 0);
    } catch (error) {
      if (error !== UNSUPPORTED) throw error;
      this.offset = start;
      this.appendEncoded(BSON.serialize(doc, SERIALIZE));
    }
  }

  /** Appends a document already encoded as BSON. */
  appendEncoded(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.offset);
    this.offset += bytes.length;
  }

  /** A copy of everything appended since the last `take`; the writer then starts empty again. */
  take(): Buffer {
    const bytes = Buffer.allocUnsafe(this.offset);
    this.buffer.copy(bytes, 0, 0, this.offset);
    this.offset = 0;
    return bytes;
  }

  private reserve(bytes: number): void {
    if (this.offset + bytes <= this.buffer.length) return;
    const larger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.offset + bytes));
    this.buffer.copy(larger, 0, 0, this.offset);
    this.buffer = larger;
  }

  private document(doc: object, depth: number): void {
    if (depth > MAX_DEPTH) throw UNSUPPORTED;
    const start = this.offset;
    this.reserve(4);
    this.offset += 4;
    for (const key of Object.keys(doc)) this.element(key, (doc as Document)[key], depth);
    this.end(start);
  }

  private array(items: readonly unknown[], depth: number): void {
    if (depth > MAX_DEPTH) throw UNSUPPORTED;
    const start = this.offset;
    this.reserve(4);
    this.offset += 4;
    for (let i = 0; i < items.length; i++) this.element(INDEX_KEYS[i] ?? String(i), items[i], depth);
    this.end(start);
  }

  /** Closes the document opened at `start`: terminator, then its size in the slot left for it. */
  private end(start: number): void {
    this.reserve(1);
    this.buffer[this.offset++] = 0;
    this.int32(this.offset - start, start);
  }

  private element(key: string, value: unknown, depth: number): void {
    switch (typeof value) {
      case 'undefined':
        return this.header(TYPE_NULL, key);
      case 'string':
        return this.string(key, value);
      case 'number':
        if (
          Number.isSafeInteger(value) &&
          value >= INT32_MIN &&
          value <= INT32_MAX &&
          !Object.is(value, -0)
        ) {
          this.header(TYPE_INT32, key);
          this.int32(value, this.offset);
          this.offset += 4;
        } else {
          this.header(TYPE_DOUBLE, key);
          this.offset = this.buffer.writeDoubleLE(value, this.offset);
        }
        return;
      case 'boolean':
        this.header(TYPE_BOOLEAN, key);
        this.buffer[this.offset++] = value ? 1 : 0;
        return;
      case 'object':
        return this.object(key, value, depth);
      default:
        throw UNSUPPORTED;
    }
  }

  private object(key: string, value: object | null, depth: number): void {
    if (value === null) return this.header(TYPE_NULL, key);
    if (Array.isArray(value)) {
      this.header(TYPE_ARRAY, key);
      return this.array(value, depth + 1);
    }
    const fields = value as Document;
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto === Object.prototype || proto === null) {
      if (fields._bsontype != null || typeof fields.toBSON === 'function') throw UNSUPPORTED;
      this.header(TYPE_DOCUMENT, key);
      return this.document(value, depth + 1);
    }
    if (value instanceof Date) return this.date(key, value);
    if (value instanceof Uint8Array) return this.binary(key, value);
    if (fields._bsontype === 'Binary' && fields.sub_type === SUBTYPE_GENERIC) {
      const { buffer, position } = fields as { buffer: unknown; position: unknown };
      if (buffer instanceof Uint8Array && typeof position === 'number')
        return this.binary(key, buffer.subarray(0, position));
    }
    if (fields._bsontype === 'ObjectId' && (value as Record<symbol, unknown>)[BSON_VERSION] === BSON_MAJOR) {
      this.header(TYPE_OBJECT_ID, key);
      this.offset += (value as unknown as SerializableObjectId).serializeInto(this.buffer, this.offset);
      return;
    }
    throw UNSUPPORTED;
  }

  /** A generic-subtype binary: what js-bson makes of a Uint8Array (a Node Buffer included). */
  private binary(key: string, bytes: Uint8Array): void {
    this.header(TYPE_BINARY, key);
    this.reserve(5 + bytes.length);
    this.int32(bytes.length, this.offset);
    this.buffer[this.offset + 4] = SUBTYPE_GENERIC;
    this.buffer.set(bytes, this.offset + 5);
    this.offset += 5 + bytes.length;
  }

  private date(key: string, value: Date): void {
    const millis = value.getTime();
    if (!Number.isFinite(millis)) throw UNSUPPORTED;
    const high = Math.floor(millis / TWO_TO_32);
    this.header(TYPE_DATE, key);
    this.int32(millis - high * TWO_TO_32, this.offset);
    this.int32(high, this.offset + 4);
    this.offset += 8;
  }

  private string(key: string, value: string): void {
    this.header(TYPE_STRING, key);
    this.reserve(4 + value.length * 3 + 1);
    const sizeAt = this.offset;
    const bytes = this.text(value, sizeAt + 4);
    this.int32(bytes + 1, sizeAt);
    this.offset = sizeAt + 4 + bytes;
    this.buffer[this.offset++] = 0;
  }

  /** Type byte and key (a C string: one with a NUL inside is left for js-bson to reject), with room
   * reserved for any fixed-size value after it (12 bytes at most). */
  private header(type: number, key: string): void {
    if (key.includes('\u0000')) throw UNSUPPORTED;
    this.reserve(1 + key.length * 3 + 1 + 12);
    this.buffer[this.offset] = type;
    this.offset += 1 + this.text(key, this.offset + 1);
    this.buffer[this.offset++] = 0;
  }

  /** Writes a 32-bit integer (or the low 32 bits of one), little-endian, at `at` (room is reserved). */
  private int32(value: number, at: number): void {
    const buffer = this.buffer;
    buffer[at] = value;
    buffer[at + 1] = value >>> 8;
    buffer[at + 2] = value >>> 16;
    buffer[at + 3] = value >>> 24;
  }

  /** Writes `text` as UTF-8 at `at` (room is already reserved); returns the byte count. */
  private text(text: string, at: number): number {
    const buffer = this.buffer;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 0x80) return buffer.write(text, at, 'utf8');
      buffer[at + i] = code;
    }
    return text.length;
  }
}
