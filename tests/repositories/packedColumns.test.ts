// Packed number columns read back bit for bit, alone or one after another, from either store's form
// (a Node Buffer or a BSON Binary), and a column cut mid-value is refused.
import { Binary } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { packColumn, unpackColumn, unpackConcatenated } from '../../src/repositories/packedColumns.ts';

describe('packed number columns', () => {
  it('read back each value bit for bit, nulls as NaN, alone or concatenated', () => {
    const first = [1.5, null, -0, 2 ** 53, Number.MIN_VALUE];
    const second = [undefined, 7, 0.1 + 0.2];
    expect(Array.from(unpackColumn(packColumn(first)))).toEqual([1.5, NaN, -0, 2 ** 53, Number.MIN_VALUE]);
    const joined = unpackConcatenated([packColumn(first), new Binary(packColumn(second))]);
    expect(Array.from(joined)).toEqual([1.5, NaN, -0, 2 ** 53, Number.MIN_VALUE, NaN, 7, 0.1 + 0.2]);
    expect(Object.is(joined[2], -0)).toBe(true);
  });

  it('refuse a column cut in the middle of a value', () => {
    const cut = packColumn([1, 2]).subarray(0, 12);
    expect(() => unpackColumn(cut)).toThrow('partial value');
    expect(() => unpackConcatenated([packColumn([3]), cut])).toThrow('partial value');
  });
});
