/**
 * The query planner: from a filter's top-level conditions it picks the access path with the fewest
 * candidates among
 * - equality or `$in` of scalars on `_id`: direct lookups;
 * - the same on every field of a (non-partial) index: full compound-key lookups;
 * - the same on an index's first field: lookups of that field's values;
 * and, when none applies, a range (`$gt`/`$gte`/`$lt`/`$lte` of scalars) on an index's first field: a scan
 * of that field's distinct values, cheap when they are few. Otherwise every document is a candidate.
 * `exact` says the lookup alone decides the match (the filter is exactly the equalities it used, on plain
 * field names), so the candidates need no re-check: hash keys compare scalars as MongoDB does.
 */
import type { Document, Filter } from '../../../src/store/types.ts';
import type { IdBuckets } from './buckets.ts';
import { compileFilter } from './engine.ts';
import type { SecondaryIndex } from './indexes.ts';
import { crossKeys, isKeyableScalar, keyOf, scalarOfKey } from './keys.ts';
import type { DocumentTable } from './table.ts';
import { isPlainObject } from './values.ts';

export interface Plan {
  docs: Iterable<Document>;
  exact: boolean;
}

/** An access path: the buckets (none for `_id`: its keys are `_id` keys) and the keys it reads. */
interface Access {
  buckets: IdBuckets | null;
  keys: string[];
  /** Candidates it yields, counting a document once per key it is filed under. */
  size: number;
  exact: boolean;
  /** A document may be filed under several of the keys (multikey index). */
  dedupe: boolean;
}

/** `$in` lists multiply out in full-key lookups; past this many combinations the first field is used. */
const MAX_COMBINATIONS = 256;
const RANGE_OPERATORS = new Set(['$gt', '$gte', '$lt', '$lte']);

export function planQuery(filter: Filter, docs: DocumentTable, indexes: readonly SecondaryIndex[]): Plan {
  const fields = Object.keys(filter);
  if (fields.length === 0) return { docs: docs.values(), exact: true };
  const equal = new Map<string, string[]>();
  for (const field of fields) {
    const keys = field.startsWith('$') ? null : equalityKeys(filter[field]);
    if (keys !== null) equal.set(field, keys);
  }
  let best: Access | null = null;
  const idKeys = equal.get('_id');
  if (idKeys !== undefined) {
    best = { buckets: null, keys: idKeys, size: idKeys.length, exact: fields.length === 1, dedupe: false };
  }
  // An exact access yields precisely the matches, which no other access can undercut.
  for (let i = 0; i < indexes.length && !best?.exact; i++) {
    const access = equalityAccess(indexes[i] as SecondaryIndex, equal, fields.length);
    if (access !== null && (best === null || access.exact || access.size < best.size)) best = access;
  }
  best ??= rangeAccess(filter, indexes);
  if (best === null) return { docs: docs.values(), exact: false };
  return { docs: candidates(best, docs), exact: best.exact };
}

/** Hash keys (distinct) for `value`, `{ $eq: value }` or `{ $in: [values] }` of scalars; null otherwise. */
function equalityKeys(condition: unknown): string[] | null {
  if (isKeyableScalar(condition)) return [keyOf(condition)];
  if (!isPlainObject(condition)) return null;
  const operators = Object.keys(condition);
  if (operators.length !== 1) return null;
  if (operators[0] === '$eq') return isKeyableScalar(condition.$eq) ? [keyOf(condition.$eq)] : null;
  const values = condition.$in;
  if (Array.isArray(values) && values.every(isKeyableScalar)) return Array.from(new Set(values.map(keyOf)));
  return null;
}

/** Full-key lookups when every field of `index` has an equality, else first-field lookups, else null. */
function equalityAccess(
  index: SecondaryIndex,
  equal: Map<string, string[]>,
  filterSize: number,
): Access | null {
  if (!index.queryable) return null;
  const perField = index.fields.map((field) => equal.get(field));
  const first = perField[0];
  if (first === undefined) return null;
  const covered = perField.every((keys) => keys !== undefined);
  const combinations = perField.reduce((product, keys) => product * (keys?.length ?? 0), 1);
  if (index.fields.length > 1 && covered && combinations <= MAX_COMBINATIONS) {
    const plain = index.fields.every((field) => !field.includes('.'));
    const keys = crossKeys(perField as string[][]);
    return lookups(index, index.byFull, keys, plain && filterSize === index.fields.length);
  }
  return lookups(index, index.byFirst, first, filterSize === 1 && !index.firstField.includes('.'));
}

function lookups(index: SecondaryIndex, buckets: IdBuckets, keys: string[], exact: boolean): Access {
  let size = 0;
  for (const key of keys) size += buckets.count(key);
  return { buckets, keys, size, exact, dedupe: index.multikey && keys.length > 1 };
}

/**
 * The narrowest scan of an indexed first field's distinct values for a range on it. Only indexes that
 * never held arrays qualify (an entry's value is then the whole field value, so testing the value tests
 * the document), and not sparse ones (documents lacking the field are filed under null, which is always
 * kept, as are non-scalar values: the candidates are re-checked anyway).
 */
function rangeAccess(filter: Filter, indexes: readonly SecondaryIndex[]): Access | null {
  let best: Access | null = null;
  const scanned = new Set<string>();
  for (const index of indexes) {
    const field = index.firstField;
    if (!index.queryable || index.multikey || index.spec.sparse || scanned.has(field)) continue;
    const range = rangeOf(filter[field]);
    if (range === null) continue;
    scanned.add(field);
    const inRange = compileFilter({ value: range });
    const keys: string[] = [];
    let size = 0;
    for (const key of index.byFirst.keys()) {
      const value = scalarOfKey(key);
      if (value !== undefined && !inRange({ value })) continue;
      keys.push(key);
      size += index.byFirst.count(key);
    }
    if (best === null || size < best.size)
      best = { buckets: index.byFirst, keys, size, exact: false, dedupe: false };
  }
  return best;
}

/** The range operators of a condition whose operands are scalars (a superset of its matches), or null. */
function rangeOf(condition: unknown): Document | null {
  if (!isPlainObject(condition)) return null;
  const range = Object.entries(condition).filter(
    ([operator, operand]) => RANGE_OPERATORS.has(operator) && isKeyableScalar(operand),
  );
  return range.length > 0 ? Object.fromEntries(range) : null;
}

function candidates(access: Access, docs: DocumentTable): Document[] {
  const found: Document[] = [];
  if (access.size === 0) return found;
  if (access.buckets === null) {
    for (const key of access.keys) {
      const doc = docs.byId(key);
      if (doc !== undefined) found.push(doc);
    }
    return found;
  }
  const seen = access.dedupe ? new Set<number>() : null;
  for (const key of access.keys) {
    for (const row of access.buckets.rows(key)) {
      if (seen !== null) {
        if (seen.has(row)) continue;
        seen.add(row);
      }
      found.push(docs.at(row) as Document);
    }
  }
  return found;
}
