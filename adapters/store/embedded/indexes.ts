/**
 * Secondary indexes of one collection, kept as in-memory hash maps: the first key's values map to the
 * documents holding them (used by the planner for equality and `$in`), and for unique indexes the full
 * compound key maps to its one holder (used to reject duplicates before a write touches anything).
 */
import type { Document, Filter } from '../../../src/store/types.ts';
import { duplicateKeyError } from './errors.ts';
import { compileFilter } from './engine.ts';
import { EMPTY_ARRAY, MISSING, hasPath, indexKeyOf, indexValues } from './values.ts';

export interface IndexSpec {
  name: string;
  key: Record<string, 1 | -1>;
  unique?: boolean;
  sparse?: boolean;
  expireAfterSeconds?: number;
  partialFilterExpression?: Filter;
}

/** MongoDB's default index name: `field_1_other_-1`. */
export function defaultIndexName(key: Record<string, 1 | -1>): string {
  return Object.entries(key)
    .map(([field, direction]) => `${field}_${direction}`)
    .join('_');
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

  /** Throws E11000 if `doc` (stored under `id`) would collide with another document. */
  assertUnique(doc: Document, id: string, namespace: string): void {
    if (!this.byKey || !this.covers(doc)) return;
    for (const { key, values } of this.compoundKeys(doc)) {
      const holder = this.byKey.get(key);
      if (holder !== undefined && holder !== id) {
        const keyValue: Document = {};
        this.fields.forEach((field, i) => (keyValue[field] = plain(values[i])));
        throw duplicateKeyError(namespace, this.spec.name, this.spec.key, keyValue);
      }
    }
  }

  add(doc: Document, id: string): void {
    if (!this.covers(doc)) return;
    for (const key of this.firstKeys(doc)) {
      const holders = this.byFirst.get(key);
      if (holders === undefined) this.byFirst.set(key, id);
      else if (typeof holders === 'string') this.byFirst.set(key, new Set([holders, id]));
      else holders.add(id);
    }
    if (this.byKey) for (const { key } of this.compoundKeys(doc)) this.byKey.set(key, id);
  }

  remove(doc: Document, id: string): void {
    if (!this.covers(doc)) return;
    for (const key of this.firstKeys(doc)) {
      const holders = this.byFirst.get(key);
      if (holders === id) this.byFirst.delete(key);
      else if (typeof holders === 'object') {
        holders.delete(id);
        if (holders.size === 1) this.byFirst.set(key, holders.values().next().value as string);
      }
    }
    if (this.byKey) {
      for (const { key } of this.compoundKeys(doc)) if (this.byKey.get(key) === id) this.byKey.delete(key);
    }
  }

  private covers(doc: Document): boolean {
    if (this.spec.sparse && !this.fields.some((field) => hasPath(doc, field))) return false;
    return this.partial === undefined || this.partial(doc);
  }

  private firstKeys(doc: Document): Set<string> {
    return new Set(indexValues(doc, this.firstField).map(indexKeyOf));
  }

  /** Every compound key of the document (the cross product of multikey values), with its values. */
  private compoundKeys(doc: Document): { key: string; values: unknown[] }[] {
    let combos: { key: string; values: unknown[] }[] = [{ key: '', values: [] }];
    for (const field of this.fields) {
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
}

function plain(value: unknown): unknown {
  if (value === MISSING) return null;
  return value === EMPTY_ARRAY ? undefined : value;
}
