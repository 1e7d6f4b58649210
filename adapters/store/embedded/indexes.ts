/**
 * Secondary indexes of one collection, kept as in-memory hash maps: the full compound key maps to the
 * documents holding it (equality on every field is one lookup; for unique indexes it also rejects
 * duplicates before a write touches anything), and the first field's values map to their holders (for
 * filters on a prefix, and range scans over the distinct values).
 */
import type { Document, Filter, IndexOptions } from '../../../src/store/types.ts';
import { IdBuckets } from './buckets.ts';
import { EmbeddedServerError, duplicateKeyError } from './errors.ts';
import { compileFilter } from './engine.ts';
import {
  EMPTY_ARRAY,
  MISSING,
  crossKeys,
  hasPath,
  indexKeyOf,
  indexValues,
  joinKeys,
  keyOf,
  touchesArray,
} from './keys.ts';

export interface IndexSpec {
  name: string;
  key: Record<string, 1 | -1>;
  unique?: boolean;
  sparse?: boolean;
  expireAfterSeconds?: number;
  partialFilterExpression?: Filter;
}

/** The definition `createIndex(keys, options)` asks for; named like MongoDB (`field_1_other_-1`). */
export function indexSpecFrom(keys: Record<string, unknown>, options: IndexOptions): IndexSpec {
  const key: Record<string, 1 | -1> = {};
  for (const [field, direction] of Object.entries(keys)) {
    if (direction !== 1 && direction !== -1) {
      throw cannotCreate(
        `Index type ${JSON.stringify(direction)} on '${field}' is not supported by the embedded store`,
      );
    }
    key[field] = direction;
  }
  const fields = Object.keys(key);
  if (fields.length === 0) throw cannotCreate('Index keys cannot be empty');
  const defaultName =
    fields.length === 1 && fields[0] === '_id' ? '_id_' : fields.map((f) => `${f}_${key[f]}`).join('_');
  const spec: IndexSpec = { name: options.name ?? defaultName, key };
  if (options.unique) spec.unique = true;
  if (options.sparse) spec.sparse = true;
  if (options.partialFilterExpression) spec.partialFilterExpression = options.partialFilterExpression;
  if (options.expireAfterSeconds !== undefined) {
    if (fields.length !== 1) throw cannotCreate('TTL indexes are single-field indexes');
    spec.expireAfterSeconds = options.expireAfterSeconds;
  }
  return spec;
}

function cannotCreate(message: string): EmbeddedServerError {
  return new EmbeddedServerError(message, 67, 'CannotCreateIndex');
}

export function sameSpec(a: IndexSpec, b: IndexSpec): boolean {
  return keyOf(a) === keyOf(b);
}

export class SecondaryIndex {
  readonly fields: string[];
  readonly firstField: string;
  /** The first field's value keys (multikey: one per array element) → holders: for filters that fix
   * only the first field, and for range scans over its distinct values. */
  readonly byFirst = new IdBuckets();
  /** Full compound keys → holders (the same buckets as `byFirst` for a single-field index). */
  readonly byFull: IdBuckets;
  private arrays = false;
  private readonly partial: ((doc: Document) => boolean) | undefined;
  /** No indexed path is dotted, so `plainKeys` applies to documents without arrays there. */
  private readonly topLevel: boolean;

  constructor(readonly spec: IndexSpec) {
    this.fields = Object.keys(spec.key);
    this.firstField = this.fields[0] as string;
    this.byFull = this.fields.length === 1 ? this.byFirst : new IdBuckets();
    this.topLevel = this.fields.every((field) => !field.includes('.'));
    this.partial = spec.partialFilterExpression ? compileFilter(spec.partialFilterExpression) : undefined;
  }

  /** Usable to answer queries: a partial index lacks documents the query might still match. */
  get queryable(): boolean {
    return this.partial === undefined;
  }

  /** Whether an indexed path of some document ever held an array: a document may then be filed under
   * several keys, and an index entry's value is not the whole field value. */
  get multikey(): boolean {
    return this.arrays;
  }

  /** The keys `doc` has in this index, or null when the index leaves it out (sparse or partial). Computed
   * once per write and passed to `assertUnique`/`add`/`remove`. */
  keysOf(doc: Document): IndexKeys | null {
    if (this.spec.sparse && !this.fields.some((field) => hasPath(doc, field))) return null;
    if (this.partial !== undefined && !this.partial(doc)) return null;
    const plain = this.topLevel ? this.plainKeys(doc) : null;
    if (plain !== null) return plain;
    const perField = this.fields.map((field) => indexValues(doc, field).map(indexKeyOf));
    const first = perField[0] as string[];
    return {
      first,
      full: this.fields.length === 1 ? first : crossKeys(perField),
      multikey: this.fields.some((field) => touchesArray(doc, field)),
    };
  }

  /** `keysOf` for top-level fields none of which holds an array: one key each (null if one does). */
  private plainKeys(doc: Document): IndexKeys | null {
    const parts: string[] = [];
    for (const field of this.fields) {
      const value = doc[field];
      if (Array.isArray(value)) return null;
      parts.push(keyOf(value));
    }
    const first = [parts[0] as string];
    return { first, full: parts.length === 1 ? first : [joinKeys(parts)], multikey: false };
  }

  /** Throws E11000 if these keys (of `doc`, stored at `row`) belong to another document. */
  assertUnique(keys: IndexKeys | null, row: number, doc: Document, namespace: string): void {
    if (!this.spec.unique || keys === null) return;
    const taken = keys.full.findIndex((key) => this.byFull.holdsOther(key, row));
    if (taken >= 0)
      throw duplicateKeyError(namespace, this.spec.name, this.spec.key, this.keyValue(doc, taken));
  }

  add(keys: IndexKeys | null, row: number): void {
    if (keys === null) return;
    this.arrays ||= keys.multikey;
    for (const key of keys.first) this.byFirst.add(key, row);
    if (this.byFull !== this.byFirst) for (const key of keys.full) this.byFull.add(key, row);
  }

  remove(keys: IndexKeys | null, row: number): void {
    if (keys === null) return;
    for (const key of keys.first) this.byFirst.remove(key, row);
    if (this.byFull !== this.byFirst) for (const key of keys.full) this.byFull.remove(key, row);
  }

  /** The field values of `doc`'s full key at `position` (in `crossKeys` order), as the server shows them. */
  private keyValue(doc: Document, position: number): Document {
    const perField = this.fields.map((field) => indexValues(doc, field));
    const chosen: unknown[] = [];
    let rest = position;
    for (let i = perField.length - 1; i >= 0; i--) {
      const values = perField[i] as unknown[];
      chosen[i] = plain(values[rest % values.length]);
      rest = Math.floor(rest / values.length);
    }
    return Object.fromEntries(this.fields.map((field, i) => [field, chosen[i]]));
  }
}

export interface IndexKeys {
  /** Hash keys of the first field's values (multikey: one per array element). */
  first: string[];
  /** Every full key: the cross product of each field's keys, joined. */
  full: string[];
  /** Whether an indexed path of the document holds an array. */
  multikey: boolean;
}

/** Whether a write leaves a document's entries in an index as they were (so the index needs no change). */
export function sameKeys(a: IndexKeys | null, b: IndexKeys | null): boolean {
  if (a === null || b === null) return a === b;
  return sameList(a.first, b.first) && (a.full === a.first || sameList(a.full, b.full));
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((key, i) => key === b[i]);
}

function plain(value: unknown): unknown {
  if (value === MISSING) return null;
  return value === EMPTY_ARRAY ? undefined : value;
}
