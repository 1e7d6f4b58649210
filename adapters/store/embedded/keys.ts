/**
 * Canonical hash keys for index lookups: one string per value such that equal keys mean values MongoDB
 * treats as equal (for scalars, exactly), compound keys built from them without ambiguity, the inverse
 * decoding used to range-scan an index's distinct values, and multikey reads of indexed paths.
 */
import { BSON } from './bson.ts';
import type { Document } from '../../../src/store/types.ts';

interface ObjectIdLike {
  _bsontype: 'ObjectId';
  toHexString(): string;
}

export function isObjectId(value: unknown): value is ObjectIdLike {
  return (
    typeof value === 'object' && value !== null && (value as { _bsontype?: unknown })._bsontype === 'ObjectId'
  );
}

/** True for values whose hash key decides equality exactly (so an index lookup needs no re-check). */
export function isKeyableScalar(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return !Number.isNaN(value);
    default:
      return value instanceof Date || isObjectId(value);
  }
}

/** Canonical hash key: equal keys for values MongoDB treats as equal (for scalars, exactly). */
export function keyOf(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return `s${value}`;
    case 'number':
    case 'bigint':
      return `n${value}`;
    case 'boolean':
      return value ? 'T' : 'F';
  }
  if (value instanceof Date) return `d${value.getTime()}`;
  if (isObjectId(value)) return objectIdKey(value);
  return `j${BSON.EJSON.stringify(value, { relaxed: false })}`;
}

/**
 * An ObjectId's key: its 96 bits as eight 12-bit characters — several times cheaper to make than its hex
 * form. Read from js-bson 7's four 24-bit fields when present, else from its bytes.
 */
function objectIdKey(value: ObjectIdLike): string {
  const { i0, i1, i2, i3 } = value as unknown as Record<string, unknown>;
  if (typeof i0 === 'number' && typeof i1 === 'number' && typeof i2 === 'number' && typeof i3 === 'number') {
    return fromParts(i0, i1, i2, i3);
  }
  const b = Buffer.from(value.toHexString(), 'hex');
  const part = (at: number) =>
    ((b[at] as number) << 16) | ((b[at + 1] as number) << 8) | (b[at + 2] as number);
  return fromParts(part(0), part(3), part(6), part(9));
}

function fromParts(i0: number, i1: number, i2: number, i3: number): string {
  const c = String.fromCharCode;
  return `o${c(i0 >>> 12, i0 & 0xfff, i1 >>> 12, i1 & 0xfff, i2 >>> 12, i2 & 0xfff, i3 >>> 12, i3 & 0xfff)}`;
}

/** The ObjectId an `objectIdKey` was made from. */
function objectIdOfKey(body: string): unknown {
  const bytes = Buffer.allocUnsafe(12);
  for (let i = 0; i < 4; i++) {
    const part = (body.charCodeAt(2 * i) << 12) | body.charCodeAt(2 * i + 1);
    bytes.writeUIntBE(part, 3 * i, 3);
  }
  return new BSON.ObjectId(bytes);
}

/**
 * The scalar a key was made from (an equal one: ObjectIds come back as new instances), or undefined for
 * keys of null, arrays, documents and other BSON values.
 */
export function scalarOfKey(key: string): unknown {
  const body = key.slice(1);
  switch (key[0]) {
    case 's':
      return body;
    case 'n': {
      const number = Number(body);
      return String(number) === body ? number : undefined;
    }
    case 'T':
      return key === 'T' ? true : undefined;
    case 'F':
      return key === 'F' ? false : undefined;
    case 'd':
      return new Date(Number(body));
    case 'o':
      return objectIdOfKey(body);
  }
  return undefined;
}

/**
 * One key for a combination of field keys: each part is length-prefixed, so no two combinations collide.
 * Built by `join`, which makes one flat string: cheaper to hash and keep than a chain of concatenations.
 */
export function joinKeys(parts: readonly string[]): string {
  const prefixed: string[] = [];
  for (const part of parts) prefixed.push(String(part.length), ':', part);
  return prefixed.join('');
}

/** Every combination of one key per field (the cross product, first field outermost), joined. */
export function crossKeys(perField: readonly (readonly string[])[]): string[] {
  if (perField.every((keys) => keys.length === 1))
    return [joinKeys(perField.map((keys) => keys[0] as string))];
  let combos: string[][] = [[]];
  for (const keys of perField) combos = combos.flatMap((combo) => keys.map((key) => [...combo, key]));
  return combos.map(joinKeys);
}

/** Markers in `indexValues` output: a missing field (indexed like null) and an empty array (like undefined). */
export const MISSING: unique symbol = Symbol('missing');
export const EMPTY_ARRAY: unique symbol = Symbol('empty array');

/**
 * The values an index on `path` sees in `doc`, MongoDB-style: arrays along the path fan out and an array at
 * the end contributes its elements (multikey).
 */
export function indexValues(doc: Document, path: string): unknown[] {
  if (!path.includes('.')) {
    const value = doc[path];
    if (!Array.isArray(value)) return [value === undefined ? MISSING : value];
  }
  const out: unknown[] = [];
  collect(doc, path.split('.'), 0, out);
  return out;
}

function collect(value: unknown, parts: string[], depth: number, out: unknown[]): void {
  if (depth === parts.length) {
    if (value === undefined) out.push(MISSING);
    else if (!Array.isArray(value)) out.push(value);
    else if (value.length === 0) out.push(EMPTY_ARRAY);
    else out.push(...value);
    return;
  }
  const part = parts[depth] as string;
  if (Array.isArray(value)) {
    if (/^\d+$/.test(part)) return collect(value[Number(part)], parts, depth + 1, out);
    if (value.length === 0) return collect(undefined, parts, depth + 1, out);
    for (const element of value) collect(element, parts, depth, out);
    return;
  }
  const next = typeof value === 'object' && value !== null ? (value as Document)[part] : undefined;
  collect(next, parts, depth + 1, out);
}

/** Whether reading `path` in `doc` meets an array anywhere along the way or at the end. */
export function touchesArray(doc: Document, path: string): boolean {
  if (!path.includes('.')) return Array.isArray(doc[path]);
  let value: unknown = doc;
  for (const part of path.split('.')) {
    if (Array.isArray(value)) return true;
    if (typeof value !== 'object' || value === null) return false;
    value = (value as Document)[part];
  }
  return Array.isArray(value);
}

export function indexKeyOf(value: unknown): string {
  if (value === EMPTY_ARRAY) return 'u';
  return keyOf(value === MISSING ? null : value);
}

/** Whether the document has the field at all, even as null (sparse indexes skip documents without it). */
export function hasPath(doc: Document, path: string): boolean {
  return indexValues(doc, path).some((value) => value !== MISSING);
}
