/**
 * The MongoDB semantics of the embedded store, delegated to mingo: filters, projection, sort/skip/limit,
 * aggregation pipelines and update operators. Operator contexts are built once; filters get the small
 * query-only context unless they use `$expr`, which keeps compiling a filter cheap.
 */
import { Aggregator } from 'mingo/aggregator';
import { Context, ProcessingMode } from 'mingo/core';
import * as accumulator from 'mingo/operators/accumulator';
import * as expression from 'mingo/operators/expression';
import * as pipeline from 'mingo/operators/pipeline';
import * as projection from 'mingo/operators/projection';
import * as query from 'mingo/operators/query';
import * as window from 'mingo/operators/window';
import { Query } from 'mingo/query';
import { updateOne, type Modifier, type PipelineStage } from 'mingo/updater';
import type { Document, Filter, Projection, Sort } from '../../../src/store/types.ts';

const QUERY_CONTEXT = Context.init({ query });
const FULL_CONTEXT = Context.init({ accumulator, expression, pipeline, projection, query, window });

function contextFor(filter: Filter): Context {
  return mentions(filter, '$expr') ? FULL_CONTEXT : QUERY_CONTEXT;
}

/** Whether any object key inside `value` equals `key`. */
function mentions(value: unknown, key: string): boolean {
  if (Array.isArray(value)) return value.some((item) => mentions(item, key));
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) {
    return false;
  }
  return Object.entries(value).some(([field, item]) => field === key || mentions(item, key));
}

export function compileFilter(filter: Filter): (doc: Document) => boolean {
  const compiled = new Query(filter, { context: contextFor(filter) });
  return (doc) => compiled.test(doc);
}

export interface FindSpec {
  sort?: Sort;
  skip?: number;
  limit?: number;
  projection?: Projection;
}

/**
 * Filters (unless `filter` is null: the candidates are already exact), sorts, skips, limits and projects.
 * Returned documents may be the stored objects themselves: callers copy before handing them out.
 */
export function findDocuments(docs: Iterable<Document>, filter: Filter | null, spec: FindSpec): Document[] {
  const excluded = spec.projection ? topLevelExclusions(spec.projection) : null;
  if (excluded)
    return findDocuments(docs, filter, { ...spec, projection: undefined }).map((doc) => omit(doc, excluded));
  const hasProjection = spec.projection !== undefined && Object.keys(spec.projection).length > 0;
  const hasSort = spec.sort !== undefined && Object.keys(spec.sort).length > 0;
  if (filter === null && !hasSort && !spec.skip && !hasProjection) {
    const limit = spec.limit ? Math.abs(spec.limit) : Infinity;
    if (Array.isArray(docs)) return docs.length > limit ? docs.slice(0, limit) : docs;
    const taken: Document[] = [];
    for (const doc of docs) {
      if (taken.length === limit) break;
      taken.push(doc);
    }
    return taken;
  }
  if (hasSort && isOneFieldSort(spec.sort as Sort)) {
    const all = Array.isArray(docs) ? docs : Array.from(docs);
    const sorted = sortedByOneField(
      filter === null ? all : all.filter(compileFilter(filter)),
      spec.sort as Sort,
    );
    if (sorted) return findDocuments(sorted, null, { ...spec, sort: undefined });
    docs = all;
  }
  const condition = filter ?? {};
  const context = hasProjection ? FULL_CONTEXT : contextFor(condition);
  const cursor = new Query(condition, { context }).find<Document>(docs, hasProjection ? spec.projection : {});
  if (hasSort) cursor.sort(spec.sort as Sort);
  if (spec.skip) cursor.skip(spec.skip);
  if (spec.limit) cursor.limit(Math.abs(spec.limit));
  return cursor.all();
}

function isOneFieldSort(sort: Sort): boolean {
  const fields = Object.keys(sort);
  return fields.length === 1 && !(fields[0] as string).includes('.');
}

/**
 * `docs` sorted (stably) on one top-level field whose values are all strings, all numbers or all dates —
 * the commonest sorts, done natively rather than through mingo (as is any sort of fewer than two
 * documents) — or null for any other sort. Strings compare by UTF-16 code units, numbers by value and
 * dates by their time, as mingo compares them.
 */
function sortedByOneField(docs: Document[], sort: Sort): Document[] | null {
  if (docs.length < 2) return docs;
  const field = Object.keys(sort)[0] as string;
  const keys = docs.map((doc) => doc[field]);
  if (keys[0] instanceof Date) {
    for (let i = 0; i < keys.length; i += 1) {
      const key = keys[i];
      if (!(key instanceof Date) || Number.isNaN(key.getTime())) return null;
      keys[i] = key.getTime();
    }
  }
  const kind = typeof keys[0];
  if (kind !== 'string' && kind !== 'number') return null;
  for (const key of keys) if (typeof key !== kind || Number.isNaN(key)) return null;
  const direction = sort[field] === -1 ? -1 : 1;
  const order = docs.map((_, i) => i);
  order.sort((a, b) => {
    const x = keys[a] as string | number;
    const y = keys[b] as string | number;
    return x < y ? -direction : x > y ? direction : a - b;
  });
  return order.map((i) => docs[i] as Document);
}

/**
 * The fields of a projection that only leaves out top-level fields (`{ _id: 0 }`, the commonest), or null
 * for any other projection, which mingo applies. Leaving fields out needs no expression evaluation.
 */
export function topLevelExclusions(projection: Projection): Set<string> | null {
  const fields = Object.keys(projection);
  if (fields.length === 0) return null;
  for (const field of fields) {
    const value = projection[field];
    if ((value !== 0 && value !== false) || field.includes('.') || field.startsWith('$')) return null;
  }
  return new Set(fields);
}

function omit(doc: Document, fields: Set<string>): Document {
  const kept: Document = {};
  for (const key in doc) if (!fields.has(key)) kept[key] = doc[key];
  return kept;
}

/** Stages known not to mutate their input documents; any other stage makes mingo work on copies. */
const NON_MUTATING_STAGES = new Set([
  '$match',
  '$group',
  '$sort',
  '$skip',
  '$limit',
  '$count',
  '$sortByCount',
  '$bucket',
  '$bucketAuto',
]);
const UNSUPPORTED_STAGES = new Set(['$out', '$merge']);

export function aggregateDocuments(
  docs: Iterable<Document>,
  stages: Document[],
  resolveCollection: (name: string) => Document[],
): Document[] {
  const names = stages.map((stage) => Object.keys(stage)[0] ?? '');
  const unsupported = names.find((name) => UNSUPPORTED_STAGES.has(name));
  if (unsupported) throw new Error(`${unsupported} is not supported by the embedded store`);
  const processingMode = names.every((name) => NON_MUTATING_STAGES.has(name))
    ? ProcessingMode.CLONE_OFF
    : ProcessingMode.CLONE_INPUT;
  return new Aggregator(stages, {
    context: FULL_CONTEXT,
    processingMode,
    collectionResolver: resolveCollection,
  }).run<Document>(docs);
}

/**
 * Applies an operator update (`{ $set: ... }`) or an update pipeline to `doc` in place (pipelines may
 * replace it: use the returned document). `condition` is needed only for the positional `$` operator.
 */
export function applyUpdate(
  doc: Document,
  update: Document | Document[],
  condition: Filter,
): { doc: Document; modified: boolean } {
  const docs = [doc];
  const isPipeline = Array.isArray(update);
  const positional = !isPipeline && Object.values(update).some((fields) => hasPositionalPath(fields));
  const result = updateOne(
    docs,
    positional ? condition : {},
    update as Modifier<Document> | PipelineStage[],
    {},
    isPipeline || positional ? { context: FULL_CONTEXT } : undefined,
  );
  return { doc: docs[0] as Document, modified: result.modifiedCount > 0 };
}

function hasPositionalPath(fields: unknown): boolean {
  if (typeof fields !== 'object' || fields === null) return false;
  return Object.keys(fields).some((path) => path.split('.').includes('$'));
}

/** Accepts the driver's sort spellings (1, -1, 'asc', 'desc', 'ascending', 'descending'). */
export function normalizeSort(sort: Record<string, unknown> | undefined): Sort | undefined {
  if (sort === undefined) return undefined;
  const out: Sort = {};
  for (const [field, direction] of Object.entries(sort)) {
    if (direction === 1 || direction === 'asc' || direction === 'ascending') out[field] = 1;
    else if (direction === -1 || direction === 'desc' || direction === 'descending') out[field] = -1;
    else throw new Error(`Invalid sort direction for '${field}': ${JSON.stringify(direction)}`);
  }
  return out;
}
