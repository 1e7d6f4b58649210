/**
 * MongoDB's rules around update documents that mingo leaves to the caller: which update forms are
 * accepted, `$setOnInsert` (applied only when an upsert inserts), the document an upsert starts from
 * (the filter's equality fields), `_id` immutability, and plain `$set`/`$unset` applied without mingo.
 */
import type { Document, Filter, Update } from '../../../src/store/types.ts';
import { applyUpdate } from './engine.ts';
import { EmbeddedServerError } from './errors.ts';
import { keyOf } from './keys.ts';
import { cloneValue, isPlainObject, sameValue, setPath } from './values.ts';

/** Rejects what the driver rejects before sending: empty updates and replacement documents. */
export function assertUpdate(update: Update): void {
  if (Array.isArray(update)) {
    if (update.length === 0) throw new TypeError('Update pipeline must not be empty');
    return;
  }
  const keys = Object.keys(update);
  if (keys.length === 0) throw new TypeError('Update document must not be empty');
  if (!keys.every((key) => key.startsWith('$')))
    throw new TypeError('Update document requires atomic operators');
}

export function assertReplacement(replacement: Document): void {
  if (Object.keys(replacement).some((key) => key.startsWith('$'))) {
    throw new TypeError('Replacement document must not contain atomic operators');
  }
}

/** The update applied to an existing document: `$setOnInsert` dropped (null when nothing is left). */
export function updateForMatch(update: Update): Update | null {
  if (Array.isArray(update) || !('$setOnInsert' in update)) return update;
  const { $setOnInsert: _ignored, ...rest } = update;
  return Object.keys(rest).length > 0 ? rest : null;
}

/** The update applied to a freshly upserted document: `$setOnInsert` fields become `$set` fields. */
export function updateForInsert(update: Update): Update {
  if (Array.isArray(update) || !('$setOnInsert' in update)) return update;
  const { $setOnInsert, ...rest } = update;
  return { ...rest, $set: { ...(rest.$set as Document | undefined), ...($setOnInsert as Document) } };
}

/** The document an upsert starts from: the filter's equality conditions (including inside `$and`). */
export function upsertSeed(filter: Filter): Document {
  const seed: Document = {};
  addEqualities(filter, seed);
  return seed;
}

/** The `_id` an upsert takes from the filter's equality conditions, if any. */
export function upsertId(filter: Filter): unknown {
  return '_id' in filter || '$and' in filter ? upsertSeed(filter)._id : undefined;
}

function addEqualities(filter: Filter, seed: Document): void {
  for (const [field, condition] of Object.entries(filter)) {
    if (field === '$and' && Array.isArray(condition)) {
      for (const clause of condition) if (isPlainObject(clause)) addEqualities(clause, seed);
    } else if (!field.startsWith('$') && !(condition instanceof RegExp)) {
      if (!isOperatorObject(condition)) setPath(seed, field, cloneValue(condition));
      else if ('$eq' in condition) setPath(seed, field, cloneValue(condition.$eq));
    }
  }
}

export function isOperatorObject(value: unknown): value is Document {
  if (!isPlainObject(value)) return false;
  const first = Object.keys(value)[0];
  return first !== undefined && first.startsWith('$');
}

/**
 * Whether `update` is only `$set`/`$unset` of top-level fields other than `_id` — the common case, which
 * `applyFieldUpdate` applies without mingo. Dotted or positional paths, other operators, pipelines and a
 * field both set and unset (an error) are left to mingo.
 */
export function isFieldUpdate(update: Update): update is Document {
  if (Array.isArray(update)) return false;
  const operators = Object.keys(update);
  if (operators.length === 0) return false;
  const seen = new Set<string>();
  for (const operator of operators) {
    const fields = update[operator];
    if ((operator !== '$set' && operator !== '$unset') || !isPlainObject(fields)) return false;
    const names = Object.keys(fields);
    if (names.length === 0) return false;
    for (const name of names) {
      if (name === '' || name === '_id' || name === '__proto__' || name.startsWith('$') || name.includes('.'))
        return false;
      if (seen.has(name)) return false;
      seen.add(name);
    }
  }
  return true;
}

/** Applies an update `isFieldUpdate` accepted to `doc` in place (set values are copied); returns whether
 * anything changed. */
export function applyFieldUpdate(doc: Document, update: Document): boolean {
  let modified = false;
  for (const [field, value] of Object.entries((update.$set ?? {}) as Document)) {
    const next = cloneValue(value);
    if (Object.hasOwn(doc, field) && sameValue(doc[field], next)) continue;
    doc[field] = next;
    modified = true;
  }
  for (const field of Object.keys((update.$unset ?? {}) as Document)) {
    if (!Object.hasOwn(doc, field)) continue;
    delete doc[field];
    modified = true;
  }
  return modified;
}

/** Applies `update` to a private copy and checks that `_id` did not change. */
export function updatedCopy(
  copy: Document,
  update: Update,
  condition: Filter,
): { doc: Document; modified: boolean } {
  const originalId = keyOf(copy._id);
  const outcome = applyUpdate(copy, update, condition);
  if (outcome.modified && keyOf(outcome.doc._id) !== originalId) throw immutableIdError();
  return outcome;
}

export function immutableIdError(): EmbeddedServerError {
  return new EmbeddedServerError(
    "Performing an update on the path '_id' would modify the immutable field '_id'",
    66,
    'ImmutableField',
  );
}
