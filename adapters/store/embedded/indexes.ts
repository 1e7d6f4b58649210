/**
 * Secondary indexes of one collection, kept as in-memory hash maps: the first key's values map to the
 * documents holding them (used by the planner for equality and `$in`), and for unique indexes the full
 * compound key maps to its one holder (used to reject duplicates before a write touches anything).
 */
import type { Document, Filter, IndexOptions } from '../../../src/store/types.ts';
import { EmbeddedServerError, duplicateKeyError } from './errors.ts';
import { compileFilter } from './engine.ts';
import { EMPTY_ARRAY, MISSING, hasPath, indexKeyOf, indexValues, keyOf } from './values.ts';

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

type Holders = string | Set<string>;

export class SecondaryIndex {
  readonly fields: string[];
  readonly firstField: string;
  private readonly byFirst = new Map<string, Holders>();
  private readonly byKey: Map<string, string> | undefined;
  private readonly partial: ((doc: Document) => boolean) | undefined;

  constructor(readonly spec: IndexSpec) {
    this.fields = Object.keys(spec.key);
    this.firstField = this.fields[0] as string;
    this.byKey = spec.unique ? new Map() : undefined;
    this.partial = spec.partialFilterExpression ? compileFilter(spec.partialFilterExpression) : undefined;
  }

  /** Usable to answer queries: a partial index lacks documents the query might still match. */
  get queryable(): boolean {
    return this.partial === undefined;
  }

  /** Ids of documents whose first indexed field holds a value with this hash key. */
  lookup(key: string): Iterable<string> {
    const holders = this.byFirst.get(key);
    if (holders === undefined) return [];
    return typeof holders === 'string' ? [holders] : holders;
  }

  /** The keys `doc` has in this index, or null when the index leaves it out (sparse or partial). Computed
   * once per write and passed to `assertUnique`/`add`/`remove`. */
  keysOf(doc: Document): IndexKeys | null {
    if (this.spec.sparse && !this.fields.some((field) => hasPath(doc, field))) return null;
    if (this.partial !== undefined && !this.partial(doc)) return null;
    const firstValues = indexValues(doc, this.firstField);
    const first = new Set(firstValues.map(indexKeyOf));
    if (!this.byKey) return { first, unique: [] };
    if (this.fields.length === 1)
      return { first, unique: firstValues.map((value) => ({ key: indexKeyOf(value), values: [value] })) };
    return { first, unique: compoundKeys(doc, this.fields) };
  }

  /** Throws E11000 if these keys (of the document stored under `id`) belong to another document. */
  assertUnique(keys: IndexKeys | null, id: string, namespace: string): void {
    if (!this.byKey || keys === null) return;
    for (const { key, values } of keys.unique) {
      const holder = this.byKey.get(key);
      if (holder !== undefined && holder !== id) {
        const keyValue: Document = {};
        this.fields.forEach((field, i) => (keyValue[field] = plain(values[i])));
        throw duplicateKeyError(namespace, this.spec.name, this.spec.key, keyValue);
      }
    }
  }

  add(keys: IndexKeys | null, id: string): void {
    if (keys === null) return;
    for (const key of keys.first) {
      const holders = this.byFirst.get(key);
      if (holders === undefined) this.byFirst.set(key, id);
      else if (typeof holders === 'string') this.byFirst.set(key, new Set([holders, id]));
      else holders.add(id);
    }
    for (const { key } of keys.unique) this.byKey?.set(key, id);
  }

  remove(keys: IndexKeys | null, id: string): void {
    if (keys === null) return;
    for (const key of keys.first) {
      const holders = this.byFirst.get(key);
      if (holders === id) this.byFirst.delete(key);
      else if (typeof holders === 'object') {
        holders.delete(id);
        if (holders.size === 1) this.byFirst.set(key, holders.values().next().value as string);
      }
    }
    for (const { key } of keys.unique) if (this.byKey?.get(key) === id) this.byKey.delete(key);
  }
}

export interface IndexKeys {
  /** Hash keys of the first field's values (multikey: one per array element). */
  first: Set<string>;
  /** For unique indexes: every full key (the cross product of multikey values), with its values. */
  unique: { key: string; values: unknown[] }[];
}

function compoundKeys(doc: Document, fields: string[]): { key: string; values: unknown[] }[] {
  let combos: { key: string; values: unknown[] }[] = [{ key: '', values: [] }];
  for (const field of fields) {
    const values = indexValues(doc, field);
    combos = combos.flatMap((combo) =>
      values.map((value) => ({
        key: `${combo.key}${indexKeyOf(value)}\u0000`,
        values: [...combo.values, value],
      })),
    );
  }
  return combos;
}

function plain(value: unknown): unknown {
  if (value === MISSING) return null;
  return value === EMPTY_ARRAY ? undefined : value;
}
