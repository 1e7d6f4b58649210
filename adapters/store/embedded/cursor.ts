/**
 * Cursors over the embedded store, shaped like the driver's: `find` options can be chained before the
 * first read, and nothing runs until `toArray()` or async iteration.
 */
import type { AggregationCursor, Document, FindCursor, Projection, Sort } from '../../../src/store/types.ts';
import { normalizeSort, type FindSpec } from './engine.ts';

export class EmbeddedFindCursor<T extends Document> implements FindCursor<T> {
  constructor(
    private readonly run: (spec: FindSpec) => Document[],
    private readonly spec: FindSpec,
  ) {}

  sort(sort: Sort): FindCursor<T> {
    this.spec.sort = normalizeSort(sort);
    return this;
  }

  skip(n: number): FindCursor<T> {
    this.spec.skip = n;
    return this;
  }

  limit(n: number): FindCursor<T> {
    this.spec.limit = n;
    return this;
  }

  project<P extends Document = Document>(projection: Projection): FindCursor<P> {
    this.spec.projection = projection;
    return this as unknown as FindCursor<P>;
  }

  async toArray(): Promise<T[]> {
    return this.run(this.spec) as T[];
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    yield* await this.toArray();
  }
}

export class EmbeddedAggregationCursor<T extends Document> implements AggregationCursor<T> {
  constructor(private readonly run: () => Document[]) {}

  async toArray(): Promise<T[]> {
    return this.run() as T[];
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    yield* await this.toArray();
  }
}
