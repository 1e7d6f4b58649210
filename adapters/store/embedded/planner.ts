/**
 * The query planner: an equality or `$in` of scalars on `_id` or on the first field of a (non-partial)
 * index turns into hash lookups; otherwise every document is a candidate. `exact` says the lookup alone
 * decides the match (the filter is that one top-level condition), so mingo need not re-check.
 */
import type { Document, Filter } from '../../../src/store/types.ts';
import type { SecondaryIndex } from './indexes.ts';
import { isKeyableScalar, isPlainObject, keyOf } from './values.ts';

export interface Plan {
  docs: Iterable<Document>;
  exact: boolean;
}

export function planQuery(
  filter: Filter,
  docs: Map<string, Document>,
  indexOn: (field: string) => SecondaryIndex | undefined,
): Plan {
  const fields = Object.keys(filter);
  let best: { field: string; ids: Set<string> } | undefined;
  for (const field of fields) {
    if (field.startsWith('$')) continue;
    const keys = equalityKeys(filter[field]);
    if (keys === null) continue;
    const index = field === '_id' ? undefined : indexOn(field);
    if (field !== '_id' && index === undefined) continue;
    const ids = new Set<string>();
    for (const key of keys) {
      if (index === undefined) ids.add(key);
      else for (const id of index.lookup(key)) ids.add(id);
    }
    if (best === undefined || ids.size < best.ids.size) best = { field, ids };
  }
  if (best === undefined) return { docs: docs.values(), exact: fields.length === 0 };
  const candidates: Document[] = [];
  for (const id of best.ids) {
    const doc = docs.get(id);
    if (doc !== undefined) candidates.push(doc);
  }
  return { docs: candidates, exact: fields.length === 1 && !best.field.includes('.') };
}

/** Hash keys for `value`, `{ $eq: value }` or `{ $in: [values] }` of scalars; null for anything else. */
function equalityKeys(condition: unknown): string[] | null {
  if (isKeyableScalar(condition)) return [keyOf(condition)];
  if (!isPlainObject(condition) || Object.keys(condition).length !== 1) return null;
  if ('$eq' in condition) return isKeyableScalar(condition.$eq) ? [keyOf(condition.$eq)] : null;
  const values = condition.$in;
  if (Array.isArray(values) && values.every(isKeyableScalar)) return values.map(keyOf);
  return null;
}
