// The embedded store sorts on one field of strings, numbers or dates natively: the order must be exactly mingo's
// (stable, ties in natural order, either direction), and any other sort still goes through mingo.
import fc from 'fast-check';
import { Context } from 'mingo/core';
import * as query from 'mingo/operators/query';
import { Query } from 'mingo/query';
import { describe, expect, it } from 'vitest';
import { findDocuments } from '../../adapters/store/embedded/engine.ts';
import type { Document, Sort } from '../../src/store/types.ts';

const key = fc.oneof(
  fc.string({ maxLength: 3 }),
  fc.integer({ min: -3, max: 3 }),
  fc.double({ noNaN: true }),
  fc.constantFrom(-0, 0, 'a', 'B', '\u00e9', '\ud83d\ude00', null, undefined, new Date(0)),
);
const docs = fc
  .array(fc.record({ k: key, other: fc.integer({ min: 0, max: 2 }) }, { requiredKeys: ['other'] }), {
    maxLength: 40,
  })
  .map((rows) => rows.map((row, i): Document => ({ _id: i, ...row })));
const homogeneous = fc
  .oneof(
    fc.array(fc.string({ maxLength: 3 }), { maxLength: 40 }),
    fc.array(fc.oneof(fc.integer({ min: -3, max: 3 }), fc.double({ noNaN: true })), { maxLength: 40 }),
    fc.array(
      fc.integer({ min: 0, max: 5 }).map((day) => new Date(Date.UTC(2026, 0, 1 + day))),
      { maxLength: 40 },
    ),
  )
  .map((keys) => keys.map((k, i): Document => ({ _id: i, k, other: i % 3 })));

function viaMingo(rows: Document[], filter: Document, sort: Sort): unknown[] {
  return new Query(filter, { context: Context.init({ query }) })
    .find<Document>(rows)
    .sort(sort)
    .all()
    .map((doc) => doc._id);
}

describe('sorting in the embedded store', () => {
  it('orders exactly as mingo does, for homogeneous and mixed values, filtered or not', () => {
    fc.assert(
      fc.property(
        fc.oneof(homogeneous, docs),
        fc.constantFrom<1 | -1>(1, -1),
        fc.constantFrom<Document | null>(null, { other: { $gte: 1 } }),
        (rows, direction, filter) => {
          const ours = findDocuments(rows, filter, { sort: { k: direction } }).map((doc) => doc._id);
          expect(ours).toEqual(viaMingo(rows, filter ?? {}, { k: direction }));
        },
      ),
      { numRuns: 400 },
    );
  });
});
