// Plain `$set`/`$unset` updates, which the embedded store applies without mingo: the result and the
// modified flag agree with mingo's for random documents and updates; anything else is left to mingo.
import fc from 'fast-check';
import { BSON, ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { applyUpdate } from '../../adapters/store/embedded/engine.ts';
import { applyFieldUpdate, isFieldUpdate } from '../../adapters/store/embedded/updates.ts';
import { cloneDocument } from '../../adapters/store/embedded/values.ts';
import type { Document } from '../../src/store/types.ts';

const field = fc.constantFrom('a', 'b', 'c', 'n');
const value = fc.oneof(
  fc.constantFrom<unknown>(
    'x',
    'y',
    1,
    2,
    0,
    true,
    null,
    new Date(1_000),
    new ObjectId('aaaaaaaaaaaaaaaaaaaaaaaa'),
  ),
  fc.array(fc.constantFrom('x', 1), { maxLength: 2 }),
  fc.record({ k: fc.constantFrom('x', 1) }),
);
const docArb = fc.dictionary(field, value).map((fields) => ({ _id: 1, ...fields }));
const updateArb = fc
  .tuple(fc.dictionary(field, value, { minKeys: 1 }), fc.dictionary(field, fc.constant(''), { minKeys: 1 }))
  .chain(([set, unset]) =>
    fc.constantFrom<Document>(
      { $set: set },
      { $unset: unset },
      {
        $set: set,
        $unset: Object.fromEntries(
          Object.keys(unset)
            .filter((name) => !(name in set))
            .map((n) => [n, '']),
        ),
      },
    ),
  )
  .filter((update) => Object.values(update).every((fields) => Object.keys(fields as Document).length > 0));

const shown = (doc: Document) => BSON.EJSON.stringify(doc, { relaxed: false });

describe('field updates', () => {
  it('change documents exactly as mingo does, and report a change exactly when there is one', () => {
    fc.assert(
      fc.property(docArb, updateArb, (doc, update) => {
        expect(isFieldUpdate(update)).toBe(true);
        const ours = cloneDocument(doc);
        const modified = applyFieldUpdate(ours, update);
        const theirs = cloneDocument(applyUpdate(cloneDocument(doc), update, {}).doc);
        expect(shown(ours)).toBe(shown(theirs));
        expect(modified).toBe(shown(ours) !== shown(cloneDocument(doc)));
      }),
      { numRuns: 500 },
    );
  });

  it('leave to mingo other operators, dotted or positional paths, _id, pipelines and conflicts', () => {
    for (const update of [
      { $inc: { n: 1 } },
      { $set: { 'a.b': 1 } },
      { $set: { 'a.$': 1 } },
      { $set: { _id: 2 } },
      { $set: {} },
      { $set: { a: 1 }, $unset: { a: '' } },
      [{ $set: { a: 1 } }],
    ]) {
      expect(isFieldUpdate(update)).toBe(false);
    }
  });
});
