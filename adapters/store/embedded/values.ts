/**
 * Value helpers for stored documents: deep copies normalised the way the driver serialises (undefined
 * becomes null) with `_id` first, exact sameness (did a write change anything?) and dotted-path
 * writes.
 */
import type { Document } from '../../../src/store/types.ts';
import { keyOf } from './keys.ts';

function isBsonValue(value: object): boolean {
  return typeof (value as { _bsontype?: unknown })._bsontype === 'string';
}

export function isPlainObject(value: unknown): value is Document {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A deep copy; BSON values (ObjectId, Binary, ...) are immutable and shared, functions are dropped. */
export function cloneValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(cloneValue);
  if (value instanceof Date) return new Date(value.getTime());
  if (isBsonValue(value)) return value;
  if (value instanceof RegExp) return new RegExp(value.source, value.flags);
  if (value instanceof Uint8Array) return Buffer.from(value);
  const copy: Document = {};
  for (const key of Object.keys(value)) {
    const field = (value as Document)[key];
    if (typeof field !== 'function' && typeof field !== 'symbol') copy[key] = cloneValue(field);
  }
  return copy;
}

/**
 * A deep copy of a document with `_id` first, as the server stores it; `id`, when given, is its `_id`.
 * Top-level fields in `without` are left out.
 */
export function cloneDocument(doc: Document, id: unknown = doc._id, without?: ReadonlySet<string>): Document {
  const copy: Document = {};
  if ((id !== undefined || '_id' in doc) && !without?.has('_id')) copy._id = cloneValue(id);
  for (const key of Object.keys(doc)) {
    const field = doc[key];
    if (key === '_id' || without?.has(key)) continue;
    if (typeof field !== 'function' && typeof field !== 'symbol') copy[key] = cloneValue(field);
  }
  return copy;
}

/**
 * Whether two stored values would be written identically: same types, same field order, numbers by
 * `Object.is` (so -0 differs from 0), Dates by time, generic binaries by their bytes, other BSON values by
 * their hash key.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return Object.is(a, b);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => sameValue(item, b[i]));
  }
  const bytesA = genericBinaryBytes(a);
  const bytesB = genericBinaryBytes(b);
  if (bytesA !== null || bytesB !== null) {
    return bytesA !== null && bytesB !== null && Buffer.compare(bytesA, bytesB) === 0;
  }
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && Object.is(a.getTime(), b.getTime());
  }
  if (isPlainObject(a) || isPlainObject(b)) {
    if (!isPlainObject(a) || !isPlainObject(b)) return false;
    const fields = Object.keys(a);
    const others = Object.keys(b);
    if (fields.length !== others.length) return false;
    return fields.every((field, i) => field === others[i] && sameValue(a[field], b[field]));
  }
  return keyOf(a) === keyOf(b);
}

/** The bytes of a value BSON writes as a generic binary (a Uint8Array, or a Binary of subtype 0). */
function genericBinaryBytes(value: object): Uint8Array | null {
  if (value instanceof Uint8Array) return value;
  const binary = value as { _bsontype?: unknown; sub_type?: unknown; buffer?: unknown; position?: unknown };
  if (binary._bsontype !== 'Binary' || binary.sub_type !== 0) return null;
  if (!(binary.buffer instanceof Uint8Array) || typeof binary.position !== 'number') return null;
  return binary.buffer.subarray(0, binary.position);
}

/** Sets a dotted path, creating intermediate objects (used to seed upserted documents). */
export function setPath(target: Document, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (!isPlainObject(next)) node[part] = {};
    node = node[part] as Document;
  }
  node[parts[parts.length - 1] as string] = value;
}
