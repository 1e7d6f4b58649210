/**
 * Value helpers for stored documents: deep copies normalised the way the driver serialises (undefined
 * becomes null), canonical hash keys for index lookups, multikey path reads, and the server's rendering
 * of key values in duplicate-key messages.
 */
import { BSON } from 'mongodb';
import type { Document } from '../../../src/store/types.ts';

interface ObjectIdLike {
  _bsontype: 'ObjectId';
  toHexString(): string;
}

function isBsonValue(value: object): boolean {
  return typeof (value as { _bsontype?: unknown })._bsontype === 'string';
}

export function isObjectId(value: unknown): value is ObjectIdLike {
  return (
    typeof value === 'object' && value !== null && (value as { _bsontype?: unknown })._bsontype === 'ObjectId'
  );
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

/** A deep copy of a document with `_id` moved first, as the server stores it. */
export function cloneDocument(doc: Document): Document {
  const copy = cloneValue(doc) as Document;
  if (!('_id' in copy) || Object.keys(copy)[0] === '_id') return copy;
  const { _id, ...rest } = copy;
  return { _id, ...rest };
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
  if (isObjectId(value)) return `o${value.toHexString()}`;
  return `j${BSON.EJSON.stringify(value, { relaxed: false })}`;
}

/** Markers in `indexValues` output: a missing field (indexed like null) and an empty array (like undefined). */
export const MISSING: unique symbol = Symbol('missing');
export const EMPTY_ARRAY: unique symbol = Symbol('empty array');

/**
 * The values an index on `path` sees in `doc`, MongoDB-style: arrays along the path fan out and an array at
 * the end contributes its elements (multikey).
 */
export function indexValues(doc: Document, path: string): unknown[] {
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

export function indexKeyOf(value: unknown): string {
  if (value === EMPTY_ARRAY) return 'u';
  return keyOf(value === MISSING ? null : value);
}

/** Whether the document has the field at all, even as null (sparse indexes skip documents without it). */
export function hasPath(doc: Document, path: string): boolean {
  return indexValues(doc, path).some((value) => value !== MISSING);
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

/** How the server prints a key value inside an E11000 message. */
export function formatKeyValue(value: unknown): string {
  if (value === null || value === undefined || value === MISSING) return 'null';
  if (value === EMPTY_ARRAY) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  if (isObjectId(value)) return `ObjectId('${value.toHexString()}')`;
  return BSON.EJSON.stringify(value, { relaxed: true });
}
